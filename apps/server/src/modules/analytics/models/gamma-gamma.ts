import type { CustomerSummary } from './customer-summary.js';
import { LOG_BOUND } from './history-fit.js';
import { minimizeLarge } from './nelder-mead.js';
import { gammaln } from './special.js';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): each transaction's value ~ Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers. Fitted on repeat buyers only (x > 0), on their mean repeat transaction value.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

type Row = Pick<CustomerSummary, 'x' | 'mean'>;

export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, { x, mean }: Row): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(mean) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + x * mean)
  );
}

const fromLog = (v: number[]): GammaGammaParams => ({
  p: Math.exp(v[0] as number),
  q: Math.exp(v[1] as number),
  gamma: Math.exp(v[2] as number),
});

export function fitGammaGamma(rows: readonly Row[]): { params: GammaGammaParams; logLikelihood: number } {
  const repeat = rows.filter((row) => row.x > 0 && row.mean > 0);
  const result = minimizeLarge(
    repeat,
    (terms, v) => {
      if (v.some((x) => Math.abs(x) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
      const { p, q, gamma } = fromLog(v);
      // The log-gamma terms depend on x alone: once per distinct x, not per customer.
      const byX = new Map<number, number>();
      const qLogGamma = q * Math.log(gamma) - gammaln(q);
      let ll = 0;
      for (const { x, mean } of terms) {
        let c = byX.get(x);
        if (c === undefined) {
          c = gammaln(p * x + q) - gammaln(p * x) + qLogGamma + p * x * Math.log(x);
          byX.set(x, c);
        }
        ll += c + (p * x - 1) * Math.log(mean) - (p * x + q) * Math.log(gamma + x * mean);
      }
      return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
    },
    [0, 0, 0],
  );
  return { params: fromLog(result.x), logLikelihood: -result.value };
}

/** E[M | x, mean]: a weighted average of the population mean pγ/(q−1) and the customer's own mean. */
export function gammaGammaExpectedSpend({ p, q, gamma }: GammaGammaParams, { x, mean }: Row): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * gamma + p * x * mean) / (p * x + q - 1);
}
