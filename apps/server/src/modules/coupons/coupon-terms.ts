import { formatMoney } from '../../lib/money.js';

/** A basket line as the checkout sends it; amounts in integer minor units. */
export interface BasketLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  unitPrice: number;
  discount?: number | undefined;
}

export interface LineDiscount {
  index: number;
  sku: string;
  eligibleAmount: number;
  discount: number;
}

/** The terms every check needs, whichever table they came from (a coupon copies its series' terms when issued). */
export interface CouponTerms {
  discountType: 'percent' | 'amount';
  discountValue: number;
  minSpend: number;
  validFrom: Date;
  validUntil: Date;
  skus: readonly string[];
  categories: readonly string[];
}

export type ReasonCode =
  | 'not_found'
  | 'void'
  | 'expired'
  | 'not_yet_valid'
  | 'min_spend_not_reached'
  | 'not_applicable'
  | 'already_used'
  | 'member_limit_reached'
  | 'reserved'
  | 'other_member'
  | 'member_required';

export interface Reason {
  code: ReasonCode;
  message: string;
}

/** What a line is worth after its own discounts: never negative. */
export function lineAmount(line: BasketLine): number {
  return Math.max(0, line.quantity * line.unitPrice - (line.discount ?? 0));
}

export const basketTotal = (lines: readonly BasketLine[]): number =>
  lines.reduce((sum, line) => sum + lineAmount(line), 0);

/** A coupon with no SKUs and no categories applies to every line; otherwise to lines matching either list. */
export function lineMatches(terms: Pick<CouponTerms, 'skus' | 'categories'>, line: BasketLine): boolean {
  if (terms.skus.length === 0 && terms.categories.length === 0) return true;
  return (
    terms.skus.includes(line.sku) || (line.category !== undefined && terms.categories.includes(line.category))
  );
}

/**
 * The discount on each line: computed on the matching lines only, never more than they are worth. A percent is taken
 * of each line; a fixed amount is spread in proportion to the lines' worth. The total is rounded down once and the
 * cents left by rounding each line down go to the lines with the largest remainders, so the lines add up to it.
 */
export function computeDiscount(terms: CouponTerms, lines: readonly BasketLine[]): LineDiscount[] {
  const eligible = lines.map((line, index) => ({
    index,
    sku: line.sku,
    eligibleAmount: lineMatches(terms, line) ? lineAmount(line) : 0,
  }));
  const base = eligible.reduce((sum, l) => sum + l.eligibleAmount, 0);
  if (base === 0) return eligible.map((l) => ({ ...l, discount: 0 }));
  const percent = terms.discountType === 'percent';
  const fixed = Math.min(terms.discountValue, base);
  const shares = eligible.map((l) => {
    const exact = percent
      ? (l.eligibleAmount * Math.min(terms.discountValue, 100)) / 100
      : (fixed * l.eligibleAmount) / base;
    return { ...l, discount: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  const total = percent ? Math.floor((base * Math.min(terms.discountValue, 100)) / 100) : fixed;
  let left = total - shares.reduce((sum, s) => sum + s.discount, 0);
  for (const s of [...shares].sort((x, y) => y.rest - x.rest || x.index - y.index)) {
    if (left <= 0) break;
    if (s.discount < s.eligibleAmount) {
      s.discount++;
      left--;
    }
  }
  return shares.map(({ rest: _rest, ...l }) => l);
}

/** The reasons that come from the coupon's own terms and the basket (time, spend, scope). */
export function termReasons(
  terms: CouponTerms,
  lines: readonly BasketLine[],
  now: Date,
  currency: string,
): Reason[] {
  const reasons: Reason[] = [];
  if (now.getTime() >= terms.validUntil.getTime()) {
    reasons.push({ code: 'expired', message: `The coupon expired on ${terms.validUntil.toISOString()}` });
  }
  if (now.getTime() < terms.validFrom.getTime()) {
    reasons.push({
      code: 'not_yet_valid',
      message: `The coupon is valid from ${terms.validFrom.toISOString()}`,
    });
  }
  const basket = basketTotal(lines);
  if (basket < terms.minSpend) {
    reasons.push({
      code: 'min_spend_not_reached',
      message: `Minimum spend ${formatMoney(terms.minSpend, currency)} not reached (basket ${formatMoney(basket, currency)})`,
    });
  }
  if (!lines.some((line) => lineMatches(terms, line) && lineAmount(line) > 0)) {
    reasons.push({ code: 'not_applicable', message: 'The coupon does not apply to these items' });
  }
  return reasons;
}
