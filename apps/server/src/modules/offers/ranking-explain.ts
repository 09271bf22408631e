import type { MemberContext } from './ranking.js';
import type {
  Candidate,
  ItemStatistics,
  MemberProfile,
  Segment,
  SignalName,
  Signals,
  Weights,
} from './ranking.types.js';

/** Reasons shown per offer: more is noise. */
const MAX_REASONS = 3;
/** A signal is named only if it contributed at least this fraction of the strongest one. */
const MIN_RELATIVE_CONTRIBUTION = 0.2;
/**
 * A segment is named only if the item is this much more present in its purchases than in everyone's. Relative to
 * breadth: a segment of heavy buyers (Gold) buys almost everything more often, which says nothing about the item.
 */
const MIN_SEGMENT_LIFT = 1.2;
/** Purchases from which "you buy X often" is said rather than "you have bought X before". */
const OFTEN = 3;
const RECENT_DAYS = 30;

/** Signal order for equal contributions, so the wording is deterministic. */
const ORDER: readonly SignalName[] = ['affinity', 'coPurchase', 'segment', 'popularity', 'priceFit'];

export interface ExplainInput {
  member: MemberProfile;
  stats: ItemStatistics;
  context: MemberContext;
  candidate: Candidate;
  signals: Signals;
  weights: Weights;
}

function labelOf(stats: ItemStatistics, item: string): string {
  return stats.labels?.get(item) ?? item;
}

/** The member's segment that buys the item most above the population rate, if any does noticeably. */
function bestSegment(input: ExplainInput): Segment | undefined {
  const { member, stats, candidate, signals } = input;
  if (signals.popularity <= 0 || stats.breadth <= 0) return undefined;
  let best: { segment: Segment; lift: number } | undefined;
  for (const segment of member.segments ?? []) {
    const seg = stats.segments.get(segment.key);
    if (!seg || seg.members === 0 || seg.breadth === 0) continue;
    const share = (seg.buyers.get(candidate.item) ?? 0) / seg.members / seg.breadth;
    const lift = share / (signals.popularity / stats.breadth);
    if (lift >= MIN_SEGMENT_LIFT && (!best || lift > best.lift)) best = { segment, lift };
  }
  return best?.segment;
}

function sentence(input: ExplainInput, signal: SignalName, label: string): string | undefined {
  const { stats, context, candidate, signals } = input;
  switch (signal) {
    case 'affinity': {
      const own = context.history.get(candidate.item);
      if (!own) return undefined;
      if (own.count >= OFTEN) return `you buy ${label} often`;
      if (own.daysSinceLast <= RECENT_DAYS) return `you bought ${label} recently`;
      return `you have bought ${label} before`;
    }
    case 'coPurchase': {
      const via = context.coPurchase.get(candidate.item)?.via;
      return via === undefined ? undefined : `people who buy ${labelOf(stats, via)} also buy ${label}`;
    }
    case 'segment': {
      // The segment signal is the population share adjusted by segment; without a segment that stands out,
      // what it measured is plain popularity.
      const segment = bestSegment(input);
      if (!segment) return sentence(input, 'popularity', label);
      const isNew = !context.history.has(candidate.item);
      return `popular with ${segment.label}${isNew ? ', and new for you' : ''}`;
    }
    case 'popularity':
      return `bought by ${Math.round(signals.popularity * 100)}% of members`;
    case 'priceFit':
      // Positive fit is either a deal seeker with a promoted item or a full-price buyer with a full-price one.
      return (stats.dealShare.get(candidate.item) ?? 0) > stats.meanDealShare
        ? 'often on promotion, and you like a deal'
        : 'usually bought at full price, as you do';
  }
}

/** The strongest contributing signals of one ranked offer, in words, strongest first. */
export function explain(input: ExplainInput): string[] {
  const { candidate, stats, signals, weights } = input;
  const label = candidate.label ?? labelOf(stats, candidate.item);
  const contributions = ORDER.map((signal) => ({ signal, value: weights[signal] * signals[signal] }))
    .filter((c) => c.value > 0)
    .sort((a, b) => b.value - a.value || ORDER.indexOf(a.signal) - ORDER.indexOf(b.signal));
  const strongest = contributions[0]?.value ?? 0;
  const reasons: string[] = [];
  for (const { signal, value } of contributions) {
    if (value < MIN_RELATIVE_CONTRIBUTION * strongest || reasons.length === MAX_REASONS) break;
    const text = sentence(input, signal, label);
    if (text !== undefined && !reasons.includes(text)) reasons.push(text);
  }
  return reasons;
}
