import type {
  Candidate,
  ItemStatistics,
  MemberProfile,
  RankedOffer,
  RankOptions,
  Signals,
  Weights,
} from './ranking.types.js';
import { explain } from './ranking-explain.js';

/**
 * Next-best-offer scorer: pure and deterministic (same inputs, same ranking, same words). The score is a weighted
 * sum of five signals, each on a comparable scale (see `Signals`), so a weight says how much a signal matters and
 * the explanation can name the signals that contributed most.
 */

/**
 * What `tuneWeights` chose on Complete Journey for the default split (2017-10-01, k = 10), from the train period
 * only: fitted before 2017-07-02, judged on the 13 weeks up to the split; the test period took no part. Own history
 * and the segment share carry the ranking. Co-purchase, raw popularity and price fit came out at 0 there: popularity
 * already enters through the segment share (shrunk towards it), the line sample fragments baskets so co-purchase
 * adds little once history and segment are in, and discount shares did not predict the categories bought. The
 * signals stay so that a program with richer data can weigh them; `tuneWeights` shows how to choose.
 */
export const DEFAULT_WEIGHTS: Readonly<Weights> = {
  affinity: 1,
  coPurchase: 0,
  segment: 1,
  popularity: 0,
  priceFit: 0,
  halfLifeDays: 120,
};

/** Pseudo-members of population behaviour added to each segment, so a small segment cannot swing the signal. */
export const SEGMENT_PRIOR = 20;

/** Per-member data computed once per ranking, not per candidate. */
export interface MemberContext {
  history: ReadonlyMap<string, { count: number; daysSinceLast: number; affinity: number }>;
  /** Sum over the member's items j of affinity(j) × similarity(j, item), and the j contributing most. */
  coPurchase: ReadonlyMap<string, { sum: number; via: string; viaShare: number }>;
  affinityTotal: number;
}

export function affinityOf(
  count: number,
  daysSinceLast: number,
  halfLifeDays: number,
  repeatRate = 0.5,
): number {
  // Saturating in count: the chance that one of `count` past purchases is repeated, if each is with the item's
  // repeat rate (rate 0.5: 1 → 0.5, 2 → 0.75, …). A habitual category (milk) needs fewer purchases than a rare one.
  return (1 - (1 - repeatRate) ** count) * 2 ** (-Math.max(0, daysSinceLast) / halfLifeDays);
}

export function memberContext(member: MemberProfile, stats: ItemStatistics, weights: Weights): MemberContext {
  // Entries of the same item are merged and items visited in id order, so floating-point sums (hence ties and
  // rankings) do not depend on how the caller ordered the history.
  const merged = new Map<string, { count: number; daysSinceLast: number }>();
  for (const h of member.history) {
    if (!(h.count > 0)) continue;
    const seen = merged.get(h.item);
    merged.set(h.item, {
      count: (seen?.count ?? 0) + h.count,
      daysSinceLast: Math.min(seen?.daysSinceLast ?? Number.POSITIVE_INFINITY, h.daysSinceLast),
    });
  }
  const history = new Map<string, { count: number; daysSinceLast: number; affinity: number }>();
  for (const item of [...merged.keys()].sort(compareIds)) {
    const h = merged.get(item) as { count: number; daysSinceLast: number };
    const affinity = affinityOf(h.count, h.daysSinceLast, weights.halfLifeDays, stats.repeatRate?.get(item));
    history.set(item, { ...h, affinity });
  }
  const coPurchase = new Map<string, { sum: number; via: string; viaShare: number }>();
  let affinityTotal = 0;
  for (const [item, h] of history) {
    affinityTotal += h.affinity;
    for (const n of stats.neighbours.get(item) ?? []) {
      const share = h.affinity * n.similarity;
      const entry = coPurchase.get(n.item);
      if (!entry) coPurchase.set(n.item, { sum: share, via: item, viaShare: share });
      else {
        entry.sum += share;
        // Ties go to the smaller id so the explanation does not depend on the order of the history.
        if (share > entry.viaShare || (share === entry.viaShare && item < entry.via)) {
          entry.via = item;
          entry.viaShare = share;
        }
      }
    }
  }
  return { history, coPurchase, affinityTotal };
}

export function segmentShare(
  member: MemberProfile,
  stats: ItemStatistics,
  item: string,
  popularity: number,
): number {
  const segments = member.segments ?? [];
  if (segments.length === 0) return popularity;
  let total = 0;
  for (const s of segments) {
    const seg = stats.segments.get(s.key);
    const bought = seg?.buyers.get(item) ?? 0;
    total += (bought + SEGMENT_PRIOR * popularity) / ((seg?.members ?? 0) + SEGMENT_PRIOR);
  }
  return total / segments.length;
}

/** The signals that depend on the member's own history, hence on the half-life. */
export function historySignals(
  context: MemberContext,
  item: string,
): Pick<Signals, 'affinity' | 'coPurchase'> {
  const own = context.history.get(item);
  const co = context.coPurchase.get(item);
  // The item's similarity to itself is not evidence of co-purchase; its own share is removed from the mean.
  const coTotal = context.affinityTotal - (own?.affinity ?? 0);
  return {
    affinity: own?.affinity ?? 0,
    coPurchase: co && coTotal > 0 ? Math.min(1, co.sum / coTotal) : 0,
  };
}

function priceFitOf(member: MemberProfile, stats: ItemStatistics, item: string): number {
  const itemDeal = stats.dealShare.get(item);
  if (member.dealShare === undefined || itemDeal === undefined) return 0;
  const fit = 4 * (member.dealShare - stats.meanDealShare) * (itemDeal - stats.meanDealShare);
  return fit > 1 ? 1 : fit < -1 ? -1 : fit;
}

export function signalsFor(
  member: MemberProfile,
  stats: ItemStatistics,
  context: MemberContext,
  item: string,
): Signals {
  const popularity = stats.members > 0 ? (stats.buyers.get(item) ?? 0) / stats.members : 0;
  const own = historySignals(context, item);
  return {
    affinity: own.affinity,
    coPurchase: own.coPurchase,
    segment: segmentShare(member, stats, item, popularity),
    popularity,
    priceFit: priceFitOf(member, stats, item),
  };
}

export function combine(signals: Signals, weights: Weights): number {
  return (
    weights.affinity * signals.affinity +
    weights.coPurchase * signals.coPurchase +
    weights.segment * signals.segment +
    weights.popularity * signals.popularity +
    weights.priceFit * signals.priceFit
  );
}

function eligible(member: MemberProfile, candidate: Candidate): boolean {
  if (!candidate.tiers) return true;
  return member.tier !== undefined && candidate.tiers.includes(member.tier);
}

/**
 * Ranks the candidates for one member, best first. Candidates closed to the member's tier are left out; equal
 * scores are ordered by item id then offer id, so the ranking never depends on the order of the input.
 */
export function rankOffers(
  member: MemberProfile,
  stats: ItemStatistics,
  candidates: readonly Candidate[],
  weights: Weights = DEFAULT_WEIGHTS,
  options: RankOptions = {},
): RankedOffer[] {
  const context = memberContext(member, stats, weights);
  const scored: { candidate: Candidate; signals: Signals; score: number }[] = [];
  for (const candidate of candidates) {
    if (!eligible(member, candidate)) continue;
    if (options.onlyNew && context.history.has(candidate.item)) continue;
    const signals = signalsFor(member, stats, context, candidate.item);
    scored.push({ candidate, signals, score: combine(signals, weights) });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      compareIds(a.candidate.item, b.candidate.item) ||
      compareIds(a.candidate.offerId ?? '', b.candidate.offerId ?? ''),
  );
  const top = options.limit === undefined ? scored : scored.slice(0, options.limit);
  // Explanations only for what is returned: a member may have hundreds of candidates.
  return top.map(({ candidate, signals, score }) => ({
    item: candidate.item,
    ...(candidate.offerId === undefined ? {} : { offerId: candidate.offerId }),
    score,
    signals,
    reasons: explain({ member, stats, context, candidate, signals, weights }),
  }));
}

/** Code-unit order, not locale order: the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
