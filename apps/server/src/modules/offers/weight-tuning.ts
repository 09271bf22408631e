import type { CompleteJourney } from './complete-journey.js';
import { type Fitted, fitWindow } from './offer-evaluation.js';
import { DEFAULT_WEIGHTS, historySignals, memberContext, signalsFor } from './ranking.js';
import type { SignalName, Weights } from './ranking.types.js';

/**
 * Honest weight tuning: the weights are chosen on the train period alone. The last `weeks` weeks before the split
 * play the part of the test period (model fitted on what precedes them, households judged on them), and the
 * weights with the best precision@k there are kept. The caller then refits on the whole train period and applies
 * them to the test period, which no choice ever looked at.
 */

/**
 * Affinity is the anchor (weight 1): a score is only defined up to scale, so one weight is fixed. The three main
 * weights are searched on a full grid (a coordinate search stalls: popularity and the segment share move together),
 * then the price-fit weight on its own, as it is the weakest signal.
 */
const GRID = [0, 0.5, 1, 2] as const;
const PRICE_GRID = [0, 0.05, 0.1, 0.25, 0.5] as const;
const HALF_LIVES = [60, 120, 240] as const;
/** Column order of the signal matrix; `withHalfLife` and `precisionOf` rely on it. */
const SIGNALS: readonly SignalName[] = ['affinity', 'coPurchase', 'segment', 'popularity', 'priceFit'];

export interface TuningResult {
  weights: Weights;
  /** precision@k of the chosen weights on the tuning window. */
  precision: number;
  /** Fitted before `asOf`, judged on [asOf, until). */
  asOf: string;
  until: string;
  households: number;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Signals of every (household, candidate) pair, flattened: [household][candidate][signal in SIGNALS order]. */
function signalMatrix(fitted: Fitted, halfLifeDays: number): Float64Array {
  const { judged, candidates, model } = fitted;
  const weights = { ...DEFAULT_WEIGHTS, halfLifeDays };
  const out = new Float64Array(judged.length * candidates.length * SIGNALS.length);
  let at = 0;
  for (const { profile } of judged) {
    const context = memberContext(profile, model.stats, weights);
    for (const c of candidates) {
      const s = signalsFor(profile, model.stats, context, c.item);
      for (const name of SIGNALS) out[at++] = s[name];
    }
  }
  return out;
}

/** Rewrites in place the two columns that depend on the half-life; the others do not change with it. */
function withHalfLife(fitted: Fitted, matrix: Float64Array, halfLifeDays: number): void {
  const { judged, candidates, model } = fitted;
  const weights = { ...DEFAULT_WEIGHTS, halfLifeDays };
  let at = 0;
  for (const { profile } of judged) {
    const context = memberContext(profile, model.stats, weights);
    for (const c of candidates) {
      const s = historySignals(context, c.item);
      matrix[at] = s.affinity;
      matrix[at + 1] = s.coPurchase;
      at += SIGNALS.length;
    }
  }
}

/**
 * Mean precision@k of a weight vector from the precomputed signals. Same order as `rankOffers`: score, then item
 * id (the candidates are in id order and an equal score never displaces an earlier one).
 */
function precisionOf(fitted: Fitted, matrix: Float64Array, w: readonly number[], k: number): number {
  const n = fitted.candidates.length;
  const [w0, w1, w2, w3, w4] = w as [number, number, number, number, number];
  const topScore = new Float64Array(k);
  const topIndex = new Int32Array(k);
  let total = 0;
  for (let h = 0; h < fitted.judged.length; h++) {
    let size = 0;
    let base = h * n * 5;
    for (let c = 0; c < n; c++, base += 5) {
      const s =
        w0 * (matrix[base] as number) +
        w1 * (matrix[base + 1] as number) +
        w2 * (matrix[base + 2] as number) +
        w3 * (matrix[base + 3] as number) +
        w4 * (matrix[base + 4] as number);
      if (size === k && s <= (topScore[k - 1] as number)) continue;
      let i = size < k ? size++ : k - 1;
      while (i > 0 && (topScore[i - 1] as number) < s) {
        topScore[i] = topScore[i - 1] as number;
        topIndex[i] = topIndex[i - 1] as number;
        i--;
      }
      topScore[i] = s;
      topIndex[i] = c;
    }
    const relevant = fitted.judged[h]?.relevant;
    let hits = 0;
    for (let i = 0; i < size; i++)
      if (relevant?.has(fitted.candidates[topIndex[i] as number]?.item ?? '')) hits++;
    total += hits / k;
  }
  return fitted.judged.length ? total / fitted.judged.length : 0;
}

/**
 * The best weights on the tuning window: for each half-life, the full grid of (coPurchase, segment, popularity)
 * with no price fit, then the price-fit grid. A candidate replaces the best only if strictly better, and grids run
 * in a fixed order, so the result is deterministic.
 */
export function tuneWeights(data: CompleteJourney, splitDate: string, k: number, weeks = 13): TuningResult {
  const asOf = addDays(splitDate, -7 * weeks);
  const fitted = fitWindow(data, { asOf, until: splitDate, k });
  let best = { weights: { ...DEFAULT_WEIGHTS }, precision: -1 };
  let matrix: Float64Array | undefined;
  const consider = (m: Float64Array, w: Weights) => {
    const precision = precisionOf(
      fitted,
      m,
      SIGNALS.map((name) => w[name]),
      k,
    );
    if (precision > best.precision) best = { weights: w, precision };
  };
  for (const halfLifeDays of HALF_LIVES) {
    if (matrix) withHalfLife(fitted, matrix, halfLifeDays);
    else matrix = signalMatrix(fitted, halfLifeDays);
    const before = best.precision;
    for (const coPurchase of GRID)
      for (const segment of GRID)
        for (const popularity of GRID) {
          consider(matrix, { affinity: 1, coPurchase, segment, popularity, priceFit: 0, halfLifeDays });
        }
    // Price fit refines the best of this half-life only; the matrix is overwritten at the next one.
    if (best.precision > before) {
      const main = best.weights;
      for (const priceFit of PRICE_GRID.slice(1)) consider(matrix, { ...main, priceFit });
    }
  }
  return { ...best, asOf, until: splitDate, households: fitted.judged.length };
}
