import type { CustomerSummary } from './customer-summary.js';
import { fitHistories, perHistory, totalLogLikelihood } from './history-fit.js';
import { gammaln, log2F1, logAddExp, logSubExp } from './special.js';

/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader & Hardie's 2005 note): purchases at rate
 * λ ~ Gamma(r, α) while alive, lifetime exponential with rate μ ~ Gamma(s, β).
 */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

type Row = Pick<CustomerSummary, 'x' | 'tX' | 'T'>;

/**
 * ln of the two parts of the likelihood: `alive` (still alive at T) and `died` (died between tX and T, through the
 * A0 term with its Gauss hypergeometric functions). Both stay in log space; the 2F1 arguments are chosen by whether
 * α ≥ β so that z ∈ [0, 1).
 */
function logParts({ r, alpha, s, beta }: ParetoNbdParams, { x, tX, T }: Row) {
  const rsx = r + s + x;
  const front = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  const alive = front - (r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const [m, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const diff = Math.abs(alpha - beta);
  const term = (t: number) => log2F1(rsx, b2, rsx + 1, diff / (m + t)) - rsx * Math.log(m + t);
  const logA0 = logSubExp(term(tX), term(T));
  const died = front + Math.log(s) - Math.log(rsx) + logA0;
  return { alive, died };
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, row: Row): number {
  const { alive, died } = logParts(p, row);
  return logAddExp(alive, died);
}

export function paretoNbdTotalLogLikelihood(p: ParetoNbdParams, rows: readonly Row[]): number {
  return totalLogLikelihood(perHistory(paretoNbdLogLikelihood), p, rows);
}

export function fitParetoNbd(rows: readonly Row[]): { params: ParetoNbdParams; logLikelihood: number } {
  return fitHistories<ParetoNbdParams>(rows, ['r', 'alpha', 's', 'beta'], perHistory(paretoNbdLogLikelihood));
}

/** P(alive | x, tX, T): the share of the likelihood that comes from still being alive at T. */
export function paretoNbdPAlive(p: ParetoNbdParams, row: Row): number {
  const { alive, died } = logParts(p, row);
  return Math.exp(alive - logAddExp(alive, died));
}

/** E[X(t)] for a new customer. */
export function paretoNbdExpected({ r, alpha, s, beta }: ParetoNbdParams, t: number): number {
  return ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + t)) ** (s - 1));
}

/** E[Y(t) | x, tX, T]. */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, row: Row, t: number): number {
  const { r, alpha, s, beta } = p;
  const { x, T } = row;
  const rate = ((r + x) * (beta + T)) / ((alpha + T) * (s - 1));
  return paretoNbdPAlive(p, row) * rate * (1 - ((beta + T) / (beta + T + t)) ** (s - 1));
}
