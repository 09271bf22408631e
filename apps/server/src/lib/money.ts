/** Building a NumberFormat costs far more than using one, and purchases format money several times each. */
const formatters = new Map<string, Intl.NumberFormat>();

/** "€12.50" from 1250 minor units of EUR; for explanations, never for arithmetic. */
export function formatMoney(minor: number, currency: string): string {
  let format = formatters.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format.format(minor / 100);
}
