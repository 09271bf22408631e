import type { CustomerSummary } from './customer-summary.js';
import { type CompileLikelihood, fitHistories, totalLogLikelihood } from './history-fit.js';
import { betaln, gammaln, log2F1, logAddExp } from './special.js';
import { historyColumns } from './weighted-rows.js';

/** BG/NBD (Fader, Hardie & Lee 2005): purchases at rate λ ~ Gamma(r, α); after each, drop out with p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

type Row = Pick<CustomerSummary, 'x' | 'tX' | 'T'>;

/**
 * ln L per customer for fixed parameters, in log space throughout (stable for heavy buyers: nothing is exponentiated
 * until the end).
 */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tX, T }: Row): number {
  const c = gammaln(r + x) + betaln(a, b + x) - gammaln(r) + r * Math.log(alpha) - betaln(a, b);
  const stay = -(r + x) * Math.log(alpha + T);
  if (x === 0) return c + stay;
  return c + logAddExp(stay, Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tX));
}

/**
 * The same likelihood summed over weighted histories, equal term by term to `bgNbdLogLikelihood`: the terms that
 * depend only on x (log-gamma, log-beta, ln(b + x − 1)) are computed once per distinct x, and ln(α + t) once per
 * distinct time, so the loop over histories only looks them up.
 */
const compileBgNbd: CompileLikelihood<BgNbdParams> = (groups) => {
  const h = historyColumns(groups);
  const byX = new Float64Array(h.xs.length);
  const logBx = new Float64Array(h.xs.length);
  const logAt = new Float64Array(h.times.length);
  return ({ r, alpha, a, b }) => {
    const base = -gammaln(r) + r * Math.log(alpha) - betaln(a, b);
    h.xs.forEach((x, i) => {
      byX[i] = gammaln(r + x) + betaln(a, b + x) + base;
      logBx[i] = Math.log(b + x - 1);
    });
    h.times.forEach((t, i) => {
      logAt[i] = Math.log(alpha + t);
    });
    const logA = Math.log(a);
    let sum = 0;
    for (let i = 0; i < h.size; i++) {
      const x = h.x[i] as number;
      const xi = h.xIndex[i] as number;
      const stay = -(r + x) * (logAt[h.tIndex[i] as number] as number);
      const term =
        x === 0
          ? stay
          : logAddExp(
              stay,
              logA - (logBx[xi] as number) - (r + x) * (logAt[h.tXIndex[i] as number] as number),
            );
      sum += (h.count[i] as number) * ((byX[xi] as number) + term);
    }
    return sum;
  };
};

export function bgNbdTotalLogLikelihood(p: BgNbdParams, rows: readonly Row[]): number {
  return totalLogLikelihood(compileBgNbd, p, rows);
}

export function fitBgNbd(rows: readonly Row[]): { params: BgNbdParams; logLikelihood: number } {
  return fitHistories<BgNbdParams>(rows, ['r', 'alpha', 'a', 'b'], compileBgNbd);
}

/** P(alive | x, tX, T). */
export function bgNbdPAlive({ r, alpha, a, b }: BgNbdParams, { x, tX, T }: Row): number {
  if (x === 0) return 1;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tX));
  return 1 / (1 + Math.exp(logRatio));
}

/** E[X(t)]: expected purchases in (0, t] for a new customer. */
export function bgNbdExpected({ r, alpha, a, b }: BgNbdParams, t: number): number {
  const h = Math.exp(r * Math.log(alpha / (alpha + t)) + log2F1(r, b, a + b - 1, t / (alpha + t)));
  return ((a + b - 1) / (a - 1)) * (1 - h);
}

/** E[Y(t) | x, tX, T]: expected purchases in the next t weeks for a customer with this history. */
export function bgNbdConditionalExpected(p: BgNbdParams, row: Row, t: number): number {
  const { r, alpha, a, b } = p;
  const { x, T } = row;
  const h = Math.exp(
    (r + x) * Math.log((alpha + T) / (alpha + T + t)) +
      log2F1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)),
  );
  return ((a + b + x - 1) / (a - 1)) * (1 - h) * bgNbdPAlive(p, row);
}
