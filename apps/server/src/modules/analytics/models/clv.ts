/**
 * Discounted customer lifetime value over a horizon, month by month: the expected purchases in each month (from a
 * conditional expectation curve E[Y(t)]) × the expected value per purchase × margin, discounted to today at a monthly
 * rate equivalent to the annual one. Expected purchases after the horizon are not counted.
 */
export interface ClvOptions {
  /** Months ahead. */
  months: number;
  /** Annual discount rate, e.g. 0.1. */
  annualDiscountRate: number;
  /** Share of revenue that is profit, 0–1. */
  margin: number;
}

export const WEEKS_PER_MONTH = 365.25 / 12 / 7;

export function discountedClv(
  expectedPurchasesUpTo: (weeks: number) => number,
  spendPerPurchase: number,
  options: ClvOptions,
): number {
  const monthly = (1 + options.annualDiscountRate) ** (1 / 12) - 1;
  let value = 0;
  let previous = 0;
  for (let m = 1; m <= options.months; m++) {
    const cumulative = expectedPurchasesUpTo(m * WEEKS_PER_MONTH);
    value += ((cumulative - previous) * spendPerPurchase * options.margin) / (1 + monthly) ** m;
    previous = cumulative;
  }
  return value;
}
