import { compareIds } from './ranking.js';
import type {
  ItemStatistics,
  MemberProfile,
  Neighbour,
  Segment,
  SegmentStatistics,
} from './ranking.types.js';

/** One purchased line, reduced to what the ranking needs. Days are `YYYY-MM-DD`. */
export interface PurchaseLine {
  memberId: string;
  item: string;
  day: string;
  /** Bought at a discount (promotion, loyalty price, coupon). */
  discounted: boolean;
}

export interface MemberAttributes {
  tier?: string;
  segments?: readonly Segment[];
}

export interface ModelOptions {
  /** Ranking moment: only lines strictly before this day are used, and recency is counted up to it. */
  asOf: string;
  /** First day used (inclusive); default all earlier lines. */
  from?: string;
  attributesOf?: (memberId: string) => MemberAttributes | undefined;
  /** Neighbours kept per item; default 30. */
  neighbours?: number;
  labels?: ReadonlyMap<string, string>;
}

export interface OfferModel {
  stats: ItemStatistics;
  profiles: Map<string, MemberProfile>;
}

/**
 * Shrinkage of item–item similarity: co-buyers / (√(buyers(i)·buyers(j)) + SIMILARITY_SHRINK). Without it two
 * categories bought once each by the same member would be "perfectly similar".
 */
export const SIMILARITY_SHRINK = 10;
/** Pseudo-purchases at the population discount rate added to each member's and item's own, for few lines. */
const DEAL_PRIOR = 5;
/** Pseudo-buyers at the population repeat rate added to each item's, so a category bought by two is not 0 or 1. */
const REPEAT_PRIOR = 10;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.floor(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS);

interface MemberTally {
  items: Map<string, { count: number; last: string }>;
  lines: number;
  deals: number;
}

function tally(lines: Iterable<PurchaseLine>, options: ModelOptions) {
  const members = new Map<string, MemberTally>();
  const itemLines = new Map<string, { lines: number; deals: number }>();
  let total = 0;
  let deals = 0;
  for (const line of lines) {
    if (line.day >= options.asOf || (options.from !== undefined && line.day < options.from)) continue;
    const m = entry(members, line.memberId, (): MemberTally => ({ items: new Map(), lines: 0, deals: 0 }));
    const h = m.items.get(line.item);
    if (!h) m.items.set(line.item, { count: 1, last: line.day });
    else {
      h.count++;
      if (line.day > h.last) h.last = line.day;
    }
    const it = itemLines.get(line.item) ?? { lines: 0, deals: 0 };
    itemLines.set(line.item, it);
    it.lines++;
    m.lines++;
    total++;
    if (line.discounted) {
      it.deals++;
      m.deals++;
      deals++;
    }
  }
  return { members, itemLines, meanDealShare: total > 0 ? deals / total : 0 };
}

/** The map's value for the key, created first if absent. */
export function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Cosine similarity of buyer sets, shrunk; keeps the `keep` nearest neighbours of each item. */
function neighboursOf(
  baskets: readonly string[][],
  buyers: ReadonlyMap<string, number>,
  keep: number,
): Map<string, Neighbour[]> {
  const co = new Map<string, Map<string, number>>();
  for (const items of baskets) {
    for (const a of items) {
      const row = entry(co, a, () => new Map<string, number>());
      for (const b of items) if (a !== b) increment(row, b);
    }
  }
  const result = new Map<string, Neighbour[]>();
  for (const [a, row] of co) {
    const na = buyers.get(a) ?? 0;
    const list = [...row].map(([b, both]) => ({
      item: b,
      similarity: both / (Math.sqrt(na * (buyers.get(b) ?? 0)) + SIMILARITY_SHRINK),
    }));
    list.sort((x, y) => y.similarity - x.similarity || compareIds(x.item, y.item));
    result.set(a, list.slice(0, keep));
  }
  return result;
}

/** Population statistics and member profiles as of `options.asOf`, from purchase lines in any order. */
export function buildOfferModel(lines: Iterable<PurchaseLine>, options: ModelOptions): OfferModel {
  const { members, itemLines, meanDealShare } = tally(lines, options);
  const asOf = dayNumber(options.asOf);
  const buyers = new Map<string, number>();
  const repeaters = new Map<string, number>();
  const segments = new Map<string, SegmentStatistics & { buyers: Map<string, number> }>();
  let pairs = 0;
  const profiles = new Map<string, MemberProfile>();
  const baskets: string[][] = [];
  // Sorted ids: the statistics, hence every ranking, do not depend on the order of the lines.
  for (const memberId of [...members.keys()].sort(compareIds)) {
    const m = members.get(memberId) as MemberTally;
    const items = [...m.items.keys()].sort(compareIds);
    baskets.push(items);
    pairs += items.length;
    for (const item of items) {
      increment(buyers, item);
      if ((m.items.get(item)?.count ?? 0) > 1) increment(repeaters, item);
    }
    const attributes = options.attributesOf?.(memberId);
    for (const segment of attributes?.segments ?? []) {
      const seg = entry(segments, segment.key, () => ({
        members: 0,
        buyers: new Map<string, number>(),
        breadth: 0,
      }));
      seg.members++;
      seg.breadth += items.length; // a sum until divided below
      for (const item of items) increment(seg.buyers, item);
    }
    profiles.set(memberId, {
      memberId,
      history: items.map((item) => {
        const h = m.items.get(item) as { count: number; last: string };
        return { item, count: h.count, daysSinceLast: asOf - dayNumber(h.last) };
      }),
      ...(attributes?.segments ? { segments: attributes.segments } : {}),
      ...(attributes?.tier === undefined ? {} : { tier: attributes.tier }),
      dealShare: (m.deals + DEAL_PRIOR * meanDealShare) / (m.lines + DEAL_PRIOR),
    });
  }
  const dealShare = new Map(
    [...itemLines].map(
      ([item, t]) => [item, (t.deals + DEAL_PRIOR * meanDealShare) / (t.lines + DEAL_PRIOR)] as const,
    ),
  );
  for (const seg of segments.values()) seg.breadth /= seg.members;
  let allRepeaters = 0;
  let allBuyers = 0;
  for (const [item, n] of buyers) {
    allBuyers += n;
    allRepeaters += repeaters.get(item) ?? 0;
  }
  const meanRepeat = allBuyers > 0 ? allRepeaters / allBuyers : 0.5;
  const repeatRate = new Map(
    [...buyers].map(
      ([item, n]) =>
        [item, ((repeaters.get(item) ?? 0) + REPEAT_PRIOR * meanRepeat) / (n + REPEAT_PRIOR)] as const,
    ),
  );
  const stats: ItemStatistics = {
    members: members.size,
    buyers,
    breadth: members.size > 0 ? pairs / members.size : 0,
    neighbours: neighboursOf(baskets, buyers, options.neighbours ?? 30),
    segments,
    repeatRate,
    dealShare,
    meanDealShare,
    ...(options.labels ? { labels: options.labels } : {}),
  };
  return { stats, profiles };
}
