/** Building a NumberFormat costs far more than using one, and purchases format money several times each. */
const formatters = new Map<string, { format: Intl.NumberFormat; divisor: number }>();

/**
 * "€12.50" from 1250 minor units of EUR, "¥1,250" from 1250 of JPY: the minor unit is the currency's own (ISO 4217
 * digits as Intl knows them). For explanations, never for arithmetic.
 */
export function formatMoney(minor: number, currency: string): string {
  let f = formatters.get(currency);
  if (f === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    f = { format, divisor: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
    formatters.set(currency, f);
  }
  return f.format.format(minor / f.divisor);
}
