import { type CompleteJourney, journeyAttributes } from './complete-journey.js';
import { buildOfferModel, entry, type OfferModel } from './offer-model.js';
import { compareIds, DEFAULT_WEIGHTS, rankOffers } from './ranking.js';
import type { Candidate, MemberProfile, Weights } from './ranking.types.js';

/**
 * Offline evaluation of next-best-offer rankings with a time split: everything is learnt from the lines before
 * `asOf`; a household is judged on the distinct categories it bought from `asOf` on (until `until`, if given).
 * precision@k = hits / k (a list shorter than k is not excused), recall@k = hits / relevant, both averaged over
 * the households with at least one line on each side of the split.
 */

export const METHODS = ['popularity', 'own-most-bought', 'tessera'] as const;
export type Method = (typeof METHODS)[number];

export interface Comparison {
  baseline: Method;
  /** Mean over households of (ours − baseline) precision@k. */
  difference: number;
  standardError: number;
}

export interface MethodResult {
  method: Method;
  precision: number;
  recall: number;
  households: number;
  versus?: Comparison[];
}

export interface Window {
  asOf: string;
  until?: string;
  k: number;
}

/** A household to judge: its profile as of the split and what it bought after. */
export interface Judged {
  profile: MemberProfile;
  relevant: ReadonlySet<string>;
}

export interface Fitted {
  model: OfferModel;
  judged: Judged[];
  /** Every item seen before the split, in id order: the candidates of every household. */
  candidates: Candidate[];
}

/** Fits the model on the lines before `window.asOf` and collects the households to judge after it. */
export function fitWindow(data: CompleteJourney, window: Window): Fitted {
  const attributes = journeyAttributes(data.lines, data.demographics, window.asOf);
  const model = buildOfferModel(data.lines, { asOf: window.asOf, attributesOf: (id) => attributes.get(id) });
  const after = new Map<string, Set<string>>();
  for (const l of data.lines) {
    if (l.day < window.asOf || (window.until !== undefined && l.day >= window.until)) continue;
    entry(after, l.memberId, () => new Set<string>()).add(l.item);
  }
  const judged: Judged[] = [];
  for (const memberId of [...after.keys()].sort(compareIds)) {
    const profile = model.profiles.get(memberId);
    const relevant = after.get(memberId);
    if (profile && relevant) judged.push({ profile, relevant });
  }
  const candidates = [...model.stats.buyers.keys()].sort(compareIds).map((item) => ({ item }));
  return { model, judged, candidates };
}

export function hitsAt(list: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  for (const item of list.slice(0, k)) if (relevant.has(item)) hits++;
  return hits;
}

/** Mean precision@k and recall@k of a ranker over the judged households, and each household's precision. */
export function score(
  method: Method,
  judged: readonly Judged[],
  k: number,
  rank: (profile: MemberProfile) => readonly string[],
): MethodResult & { perHousehold: Float64Array } {
  const perHousehold = new Float64Array(judged.length);
  let precision = 0;
  let recall = 0;
  judged.forEach(({ profile, relevant }, i) => {
    const hits = hitsAt(rank(profile), relevant, k);
    perHousehold[i] = hits / k;
    precision += hits / k;
    recall += hits / relevant.size;
  });
  const n = judged.length;
  return {
    method,
    precision: n ? precision / n : 0,
    recall: n ? recall / n : 0,
    households: n,
    perHousehold,
  };
}

/**
 * Mean and standard error of the per-household difference in precision: paired, since every method ranks for
 * the same households, which removes the household-to-household variance from the comparison.
 */
export function pairedDifference(
  ours: Float64Array,
  theirs: Float64Array,
): { difference: number; standardError: number } {
  const n = ours.length;
  if (n < 2) return { difference: n ? (ours[0] ?? 0) - (theirs[0] ?? 0) : 0, standardError: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (ours[i] ?? 0) - (theirs[i] ?? 0);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((ours[i] ?? 0) - (theirs[i] ?? 0) - mean) ** 2;
  return { difference: mean, standardError: Math.sqrt(squares / (n - 1) / n) };
}

/** Baseline 1: the same list for everyone, the categories bought by the most households before the split. */
export function popularityList(model: OfferModel, k: number): string[] {
  return [...model.stats.buyers]
    .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
    .slice(0, k)
    .map(([item]) => item);
}

/**
 * Baseline 2: the household's own most-bought categories by line count; ties go to the more recent purchase, then
 * to the category id. A household with fewer than k categories gets a shorter list: gaps are filled by nothing
 * (filling them with popular categories would make it a blend, which is what `tessera` is).
 */
export function ownMostBought(profile: MemberProfile, k: number): string[] {
  return [...profile.history]
    .sort((a, b) => b.count - a.count || a.daysSinceLast - b.daysSinceLast || compareIds(a.item, b.item))
    .slice(0, k)
    .map((h) => h.item);
}

/** The three methods on one fitted window; `tessera` carries its paired comparison with each baseline. */
export function evaluateFitted(
  fitted: Fitted,
  k: number,
  weights: Weights = DEFAULT_WEIGHTS,
): MethodResult[] {
  const popular = popularityList(fitted.model, k);
  const { stats } = fitted.model;
  const baselines = [
    score('popularity', fitted.judged, k, () => popular),
    score('own-most-bought', fitted.judged, k, (p) => ownMostBought(p, k)),
  ];
  const ours = score('tessera', fitted.judged, k, (p) =>
    rankOffers(p, stats, fitted.candidates, weights, { limit: k }).map((o) => o.item),
  );
  const versus = baselines.map((b) => ({
    baseline: b.method,
    ...pairedDifference(ours.perHousehold, b.perHousehold),
  }));
  return [...baselines, { ...ours, versus }].map(({ perHousehold: _, ...result }) => result);
}
