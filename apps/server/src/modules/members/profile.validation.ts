import { type FieldError, validationFailed } from '../../http/problem.js';
import type { MemberPatch } from './members.schemas.js';

/** Checks format-valid values for sense: a birth date is a real past date, a locale a real BCP 47 tag. */
export function assertSensibleProfile(input: Pick<MemberPatch, 'birthDate' | 'locale'>, today: Date): void {
  const errors: FieldError[] = [];
  if (input.birthDate) {
    const date = new Date(`${input.birthDate}T00:00:00Z`);
    const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
    if (iso !== input.birthDate) {
      errors.push({ field: '/birthDate', in: 'body', code: 'format', message: 'is not a calendar date' });
    } else if (date > today || date.getUTCFullYear() < 1900) {
      errors.push({
        field: '/birthDate',
        in: 'body',
        code: 'range',
        message: 'must be between 1900 and today',
      });
    }
  }
  if (input.locale) {
    try {
      Intl.getCanonicalLocales(input.locale);
    } catch {
      errors.push({ field: '/locale', in: 'body', code: 'locale', message: 'is not a BCP 47 language tag' });
    }
  }
  if (errors.length > 0) {
    const first = errors[0];
    throw validationFailed(first ? `${first.field} ${first.message}` : 'invalid profile', errors);
  }
}

/** A canonical locale tag ("en-gb" → "en-GB") so that filters and templates match reliably. */
export function canonicalLocale(locale: string | null | undefined): string | null {
  if (!locale) return null;
  return Intl.getCanonicalLocales(locale)[0] ?? locale;
}
