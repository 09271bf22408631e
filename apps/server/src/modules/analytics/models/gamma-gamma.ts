import type { CustomerSummary } from './customer-summary.js';
import { negativeLogLikelihood } from './history-fit.js';
import { minimizeLarge } from './nelder-mead.js';
import { gammaln } from './special.js';
import { indexer } from './weighted-rows.js';

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

/**
 * The total log-likelihood over a set of repeat buyers, prepared once: ln(mean) and x·mean per buyer, and the terms
 * that depend on x alone computed once per distinct x, not per customer.
 */
function compileGammaGamma(terms: readonly Row[]): (params: GammaGammaParams) => number {
  const n = terms.length;
  const x = new Float64Array(n);
  const logMean = new Float64Array(n);
  const xMean = new Float64Array(n);
  const xIndex = new Int32Array(n);
  const xs: number[] = [];
  const xAt = indexer(xs);
  terms.forEach((row, i) => {
    x[i] = row.x;
    logMean[i] = Math.log(row.mean);
    xMean[i] = row.x * row.mean;
    xIndex[i] = xAt(row.x);
  });
  const byX = new Float64Array(xs.length);
  return ({ p, q, gamma }) => {
    const qLogGamma = q * Math.log(gamma) - gammaln(q);
    xs.forEach((v, i) => {
      byX[i] = gammaln(p * v + q) - gammaln(p * v) + qLogGamma + p * v * Math.log(v);
    });
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const px = p * (x[i] as number);
      ll +=
        (byX[xIndex[i] as number] as number) +
        (px - 1) * (logMean[i] as number) -
        (px + q) * Math.log(gamma + (xMean[i] as number));
    }
    return ll;
  };
}

export function fitGammaGamma(rows: readonly Row[]): { params: GammaGammaParams; logLikelihood: number } {
  const repeat = rows.filter((row) => row.x > 0 && row.mean > 0);
  const result = minimizeLarge(
    repeat,
    (terms) => negativeLogLikelihood(compileGammaGamma(terms), fromLog),
    [0, 0, 0],
  );
  return { params: fromLog(result.x), logLikelihood: -result.value };
}

/** E[M | x, mean]: a weighted average of the population mean pγ/(q−1) and the customer's own mean. */
export function gammaGammaExpectedSpend({ p, q, gamma }: GammaGammaParams, { x, mean }: Row): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * gamma + p * x * mean) / (p * x + q - 1);
}
