import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../ui/format.js';
import { usePortal } from './context.js';

/** Each page names itself in the tab and in the browser history: "Rewards · Nordlicht Club". */
export function usePageTitle(title: string): void {
  const { program } = usePortal();
  useEffect(() => {
    document.title = `${title} · ${program.name}`;
  }, [title, program.name]);
}

/** "1 250 points" in the member's language with correct plural forms. */
export function usePoints(): (count: number) => string {
  const { t } = useTranslation('portal');
  return (count) => t('units.points', { count, n: formatNumber(count) });
}

/** Money of the program's currency, from minor units. */
export function useMoney(): (minor: number) => string {
  const { program } = usePortal();
  return (minor) => formatMoney(minor, program.currency);
}

/** A signed amount of points for a ledger line: "+120" or "−40" (a real minus sign). */
export function signed(amount: number): string {
  const text = formatNumber(Math.abs(amount));
  return amount > 0 ? `+${text}` : amount < 0 ? `−${text}` : text;
}

/**
 * A calendar day ("31 Dec", with the year when it is not this year). Date-only values from the API are days in the
 * program's time zone, so they are formatted as UTC dates: no time zone may move them to the day before.
 */
export function formatDay(value: string, language: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const thisYear = new Date().getFullYear() === (dateOnly ? date.getUTCFullYear() : date.getFullYear());
  return new Intl.DateTimeFormat(language, {
    day: 'numeric',
    // Russian short months end in a dot ("23 дек."), which reads badly mid-sentence: the genitive month is natural.
    month: language.startsWith('ru') ? 'long' : 'short',
    ...(thisYear ? {} : { year: 'numeric' }),
    ...(dateOnly ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

/** Text the server writes in English only; marked so screen readers pronounce it as English on a Russian page. */
export function serverTextLang(language: string): 'en' | undefined {
  return language.startsWith('en') ? undefined : 'en';
}

export function useDay(): (value: string) => string {
  const { i18n } = useTranslation();
  return (value) => formatDay(value, i18n.language);
}
