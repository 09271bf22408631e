import i18next from 'i18next';
import { ApiError } from '../api/client.js';
import type { paths } from '../api/schema.js';

/** The JSON body of a route's success answer (200 or 201), taken from the generated OpenAPI types. */
type OkBody<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } }
  ? B
  : Op extends { responses: { 201: { content: { 'application/json': infer B } } } }
    ? B
    : never;

export type Member = OkBody<paths['/v1/members/{id}']['get']>;
/** The JSON body a route accepts. */
type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type MemberPatch = BodyOf<paths['/v1/members/{id}']['patch']>;
export type TierSetInput = BodyOf<paths['/v1/programs/{id}/tiers']['put']>;
export type ProgramPatch = BodyOf<paths['/v1/programs/{id}']['patch']>;
export type MemberPage = OkBody<paths['/v1/members']['get']>;
export type Balance = OkBody<paths['/v1/members/{id}/balance']['get']>;
export type Journal = OkBody<paths['/v1/members/{id}/activity']['get']>['data'][number];
export type MemberTier = OkBody<paths['/v1/members/{id}/tier']['get']>;
export type MemberMetrics = OkBody<paths['/v1/members/{id}/metrics']['get']>;
export type TierSet = OkBody<paths['/v1/programs/{id}/tiers']['get']>;
export type TierDefinition = TierSet['tiers'][number];
export type LedgerPolicy = OkBody<paths['/v1/programs/{id}/ledger-policy']['get']>;
export type KpiReport = OkBody<paths['/v1/programs/{id}/reports/kpis']['get']>;
export type LiabilityReport = OkBody<paths['/v1/programs/{id}/reports/liability']['get']>;
export type ConsoleUser = OkBody<paths['/v1/console/me']['get']>;
export type ConsoleSession = OkBody<paths['/v1/console/sessions']['post']>;

/**
 * One key per intended write, sent as Idempotency-Key: a double click or a retry after a dropped connection replays
 * the first answer instead of adjusting the points twice.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The server names each invalid field with a JSON pointer (`/pointValue/minor`); forms key their fields by the same
 * path without the leading slash (`pointValue/minor`), so a field can show its own message.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const errors = (error.problem.errors ?? []) as { field?: string; message?: string }[];
  for (const e of errors) {
    if (e.field === undefined || e.message === undefined) continue;
    const key = e.field.replace(/^\//, '');
    out[key] ??= e.message;
  }
  if (Object.keys(out).length === 0 && error.field !== undefined)
    out[error.field.replace(/^\//, '')] = error.detail;
  return out;
}

/** True when the API answered that a resource is simply absent (tiers not configured, metrics not computed yet). */
export function isNotFound(error: unknown, code?: string): boolean {
  return error instanceof ApiError && error.status === 404 && (code === undefined || error.code === code);
}

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY), as Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Marketers type amounts in the currency's major unit ("500" euros); the API wants integer minor units. */
export function toMinor(major: string, currency: string): number | undefined {
  const trimmed = major.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return Number.NaN;
  return Math.round(value * 10 ** currencyDigits(currency));
}

export function fromMinor(minor: number | undefined, currency: string): string {
  if (minor === undefined) return '';
  return String(minor / 10 ** currencyDigits(currency));
}

/** Today's date (YYYY-MM-DD) in the program's time zone: KPI ranges are days of the program, not of the browser. */
export function todayIn(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .slice(0, 10);
}

/** Shifts a YYYY-MM-DD date by whole days or months (calendar arithmetic in UTC, so no DST surprises). */
export function shiftDate(date: string, by: { days?: number; months?: number }): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1 + (by.months ?? 0), d + (by.days ?? 0)));
  return at.toISOString().slice(0, 10);
}

/** A calendar day (YYYY-MM-DD) as a date in the interface language, without shifting it into the browser's zone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Short figures for chart axes and tooltips ("€824K", "1.2M"), where full precision does not fit. */
export function compactNumber(value: number): string {
  if (Math.abs(value) < 100_000)
    return new Intl.NumberFormat(i18next.language, { maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat(i18next.language, { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
}

export function compactMoney(minor: number, currency: string): string {
  const major = minor / 10 ** currencyDigits(currency);
  return new Intl.NumberFormat(i18next.language, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: Math.abs(major) < 100 ? 2 : 1,
  }).format(major);
}

export function memberName(m: {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}): string {
  const name = [m.firstName, m.lastName].filter((part) => part !== null && part !== '').join(' ');
  return name !== '' ? name : (m.email ?? '');
}
