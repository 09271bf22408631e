import type { CustomerSummary } from './customer-summary.js';
import { minimizeLarge } from './nelder-mead.js';
import { groupRows, historyKey } from './weighted-rows.js';

type Row = Pick<CustomerSummary, 'x' | 'tX' | 'T'>;

export const LOG_BOUND = 12;

/**
 * A count model's total log-likelihood over customer histories: each distinct (x, tX, T) once, times its count.
 * Both BG/NBD and Pareto/NBD are fitted through here; `prepare` fixes the parameters (and may cache per-x terms).
 */
export function totalLogLikelihood<P>(
  prepare: (p: P) => (row: Row) => number,
  p: P,
  rows: readonly Row[],
): number {
  const logLikelihood = prepare(p);
  let sum = 0;
  for (const g of groupRows(rows, historyKey)) sum += g.count * logLikelihood(g.row);
  return sum;
}

/**
 * Maximum likelihood on the logarithms of the parameters (so they stay positive), from all ones; parameter names in
 * `names` order. A non-finite likelihood counts as infinitely bad, so the search steps away from it.
 */
export function fitHistories<P extends { [K in keyof P]: number }>(
  rows: readonly Row[],
  names: readonly (keyof P & string)[],
  prepare: (p: P) => (row: Row) => number,
): { params: P; logLikelihood: number } {
  const fromLog = (v: number[]) =>
    Object.fromEntries(names.map((n, i) => [n, Math.exp(v[i] as number)])) as P;
  const groups = groupRows(rows, historyKey);
  const result = minimizeLarge(
    groups,
    (terms, v) => {
      // Parameters between e^-12 and e^12: data without heterogeneity (every customer alike) puts the optimum at a
      // limit (r, α → ∞ together, a → 0); the bound stops the search there instead of letting it wander.
      if (v.some((x) => Math.abs(x) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
      const logLikelihood = prepare(fromLog(v));
      let ll = 0;
      for (const g of terms) ll += g.count * logLikelihood(g.row);
      return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
    },
    names.map(() => 0),
  );
  return { params: fromLog(result.x), logLikelihood: -result.value };
}
