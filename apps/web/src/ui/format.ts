import i18next from 'i18next';

/** Money arrives as integer minor units plus an ISO currency; this is the only place that turns it into text. */
export function formatMoney(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(i18next.language, { style: 'currency', currency }).format(
    minor / 10 ** digits,
  );
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(i18next.language, {
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: 0,
  }).format(value);
}

export function formatPercent(ratio: number, fractionDigits = 1): string {
  return new Intl.NumberFormat(i18next.language, {
    style: 'percent',
    maximumFractionDigits: fractionDigits,
  }).format(ratio);
}

export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
