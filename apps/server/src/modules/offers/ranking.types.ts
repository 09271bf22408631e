/**
 * Types of the next-best-offer ranking. Items are opaque strings (in a loyalty program, the product categories an
 * offer or reward applies to: "3× points on children's clothing" targets the category `children's clothing`), so the
 * same scorer serves the offline evaluation on Complete Journey and, later, a member's live offers.
 */

/** What one member has bought of one item, as of the moment the ranking is made; repeated items are merged. */
export interface ItemHistory {
  item: string;
  /** Purchases (lines) of the item; ≥ 1. */
  count: number;
  /** Whole days from the last purchase to the ranking moment; ≥ 0. */
  daysSinceLast: number;
}

/** A group of similar members: a tier ("Gold members") or a demographic profile ("2 Adults Kids"). */
export interface Segment {
  /** Key into `ItemStatistics.segments`. */
  key: string;
  /** Finishes the sentence "popular with …". */
  label: string;
}

export interface MemberProfile {
  memberId: string;
  history: readonly ItemHistory[];
  segments?: readonly Segment[];
  /** Tier name, checked against `Candidate.tiers`. */
  tier?: string;
  /** Price sensitivity: share (0–1) of the member's purchases made at a discount. */
  dealShare?: number;
}

export interface Neighbour {
  item: string;
  /** Cosine similarity (0–1] of the two items' buyer sets. */
  similarity: number;
}

export interface SegmentStatistics {
  /** Members in the segment. */
  members: number;
  /** Members of the segment who bought each item. */
  buyers: ReadonlyMap<string, number>;
  /** Mean number of distinct items a member of the segment bought: how broadly the segment buys. */
  breadth: number;
}

/** Population statistics the scorer reads; built by `buildOfferModel` from purchase lines. */
export interface ItemStatistics {
  /** Members in the reference population. */
  members: number;
  /** Members who bought each item. */
  buyers: ReadonlyMap<string, number>;
  /** Mean number of distinct items a member bought. */
  breadth: number;
  /** The most similar items of each item, most similar first. */
  neighbours: ReadonlyMap<string, readonly Neighbour[]>;
  segments: ReadonlyMap<string, SegmentStatistics>;
  /**
   * Share (0–1) of each item's buyers who bought it more than once: how habitual the item is. Absent items
   * count as 0.5.
   */
  repeatRate?: ReadonlyMap<string, number>;
  /** Share (0–1) of each item's purchases made at a discount. */
  dealShare: ReadonlyMap<string, number>;
  /** Share of all purchases made at a discount: the neutral point of price sensitivity. */
  meanDealShare: number;
  /** Display names; the item id is used when absent. */
  labels?: ReadonlyMap<string, string>;
}

/** An item an offer or reward could target for this member. */
export interface Candidate {
  item: string;
  offerId?: string;
  label?: string;
  /** Tiers the offer is open to; absent = every tier. A member outside them never sees the offer. */
  tiers?: readonly string[];
}

/** Each signal is on a 0–1 scale except priceFit (−1 to 1), so the weights are comparable. */
export interface Signals {
  /** The member's own purchases of the item: saturating in count, decaying with time since the last one. */
  affinity: number;
  /** Affinity-weighted mean similarity of the item to what the member buys ("people who buy X also buy Y"). */
  coPurchase: number;
  /** Share of the member's segments that bought the item, shrunk towards the population share. */
  segment: number;
  /** Share of all members who bought the item. */
  popularity: number;
  /** Agreement between the member's and the item's discount shares. */
  priceFit: number;
}

export type SignalName = keyof Signals;

export interface Weights extends Record<SignalName, number> {
  /** Days after which a past purchase counts half as much in affinity. */
  halfLifeDays: number;
}

export interface RankedOffer {
  item: string;
  offerId?: string;
  score: number;
  signals: Signals;
  /** The top contributing signals in words, strongest first. */
  reasons: string[];
}

export interface RankOptions {
  /** How many offers to return; default all. */
  limit?: number;
  /** Only items the member has never bought (discovery). */
  onlyNew?: boolean;
}
