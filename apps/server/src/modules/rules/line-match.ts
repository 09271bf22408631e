import { formatMoney } from '../../lib/money.js';
import type { ActivityLine } from './evaluation.types.js';
import type { LineMatch } from './rule.schemas.js';

const formatted = new Map<string, string>();
export function moneyText(minor: number, currency: string): string {
  const key = `${currency}:${Object.is(minor, -0) ? '-0' : minor}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= 10_000) formatted.clear();
    text = formatMoney(minor, currency);
    formatted.set(key, text);
  }
  return text;
}

const inList = (list: string[] | undefined, v: string | null) =>
  list === undefined || (v !== null && list.includes(v));
const outOf = (list: string[] | undefined, v: string | null) =>
  list === undefined || v === null || !list.includes(v);

export function lineMatches(line: ActivityLine, m: LineMatch | undefined): boolean {
  if (m === undefined) return true;
  return (
    inList(m.skus, line.sku) &&
    inList(m.categories, line.category) &&
    inList(m.brands, line.brand) &&
    outOf(m.excludeSkus, line.sku) &&
    outOf(m.excludeCategories, line.category) &&
    outOf(m.excludeBrands, line.brand)
  );
}

const part = (label: string, list?: string[]) => (list ? `${label} ${list.join(' or ')}` : null);

/** "category shoes", "SKU A1 or A2 (not brand X)": what a line match selects, for explanations. */
export function describeMatch(m: LineMatch | undefined): string {
  if (m === undefined) return 'any item';
  const include = [part('SKU', m.skus), part('category', m.categories), part('brand', m.brands)].filter(
    Boolean,
  );
  const exclude = [
    part('SKU', m.excludeSkus),
    part('category', m.excludeCategories),
    part('brand', m.excludeBrands),
  ]
    .filter(Boolean)
    .join(', ');
  const base = include.length > 0 ? include.join(' and ') : 'any item';
  return exclude ? `${base} (except ${exclude})` : base;
}
