import type { CustomerSummary } from './customer-summary.js';
import { minimizeLarge } from './nelder-mead.js';
import { groupRows, historyKey, type Weighted } from './weighted-rows.js';

type Row = Pick<CustomerSummary, 'x' | 'tX' | 'T'>;

/** A count model's total log-likelihood over one set of weighted histories, prepared once: parameters in, ln L out. */
export type CompileLikelihood<P> = (groups: readonly Weighted<Row>[]) => (p: P) => number;

export const LOG_BOUND = 12;

/**
 * The minimiser's objective on log parameters: −ln L, and infinitely bad where ln L is not finite (so the search steps
 * away from it) or a parameter leaves e^-12…e^12. Data without heterogeneity (every customer alike) puts the optimum
 * at a limit (r, α → ∞ together, a → 0); the bound stops the search there instead of letting it wander.
 */
export function negativeLogLikelihood<P>(
  logLikelihood: (p: P) => number,
  fromLog: (v: number[]) => P,
): (v: number[]) => number {
  return (v) => {
    if (v.some((x) => Math.abs(x) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
    const ll = logLikelihood(fromLog(v));
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };
}

/** Each distinct (x, tX, T) once, times its count. */
export function totalLogLikelihood<P>(compile: CompileLikelihood<P>, p: P, rows: readonly Row[]): number {
  return compile(groupRows(rows, historyKey))(p);
}

/** The compiled form of a per-history log-likelihood, for models without a faster one of their own. */
export function perHistory<P>(logLikelihood: (p: P, row: Row) => number): CompileLikelihood<P> {
  return (groups) => (p) => {
    let sum = 0;
    for (const g of groups) sum += g.count * logLikelihood(p, g.row);
    return sum;
  };
}

/**
 * Maximum likelihood on the logarithms of the parameters (so they stay positive), from all ones; parameter names in
 * `names` order.
 */
export function fitHistories<P extends { [K in keyof P]: number }>(
  rows: readonly Row[],
  names: readonly (keyof P & string)[],
  compile: CompileLikelihood<P>,
): { params: P; logLikelihood: number } {
  const fromLog = (v: number[]) =>
    Object.fromEntries(names.map((n, i) => [n, Math.exp(v[i] as number)])) as P;
  const result = minimizeLarge(
    groupRows(rows, historyKey),
    (groups) => negativeLogLikelihood(compile(groups), fromLog),
    names.map(() => 0),
  );
  return { params: fromLog(result.x), logLikelihood: -result.value };
}
