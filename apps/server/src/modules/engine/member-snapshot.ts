import type { Db } from '../../db/database.js';
import { countEvents } from '../events/events.repository.js';
import { walletFigures } from '../ledger/accounts.repository.js';
import { requireLiveMember } from '../members/identities.service.js';
import type { MemberRow } from '../members/members.repository.js';
import { activatedOfferIds } from '../offers/offer-activations.repository.js';
import type { LiveRule, MemberSnapshot } from '../rules/evaluation.types.js';
import type { Condition } from '../rules/rule.schemas.js';
import { memberSegmentCodes } from '../segments/member-segments.js';
import { tierCodeOf } from '../tiers/definitions.js';
import { countPurchases } from '../transactions/transactions.repository.js';

function uses(c: Condition | undefined, kind: Condition['kind']): boolean {
  if (c === undefined) return false;
  if (c.kind === 'all' || c.kind === 'any') return c.conditions.some((x) => uses(x, kind));
  if (c.kind === 'not') return uses(c.condition, kind);
  return c.kind === kind;
}
const usesCounters = (c: Condition | undefined) => uses(c, 'member_counter');

/** The member's tier costs a query: read only when some rule looks at tiers. */
const needsTier = new WeakMap<LiveRule[], boolean>();
function rulesNeedTier(rules: LiveRule[]): boolean {
  let needed = needsTier.get(rules);
  if (needed === undefined) {
    needed = rules.some(
      (r) =>
        r.campaign.audience.type === 'tiers' ||
        r.rule.trigger.type === 'tier_changed' ||
        uses(r.rule.when, 'member_tier'),
    );
    needsTier.set(rules, needed);
  }
  return needed;
}

/** Segment membership costs a query: read only when some rule looks at segments. */
const needsSegments = new WeakMap<LiveRule[], boolean>();
function rulesNeedSegments(rules: LiveRule[]): boolean {
  let needed = needsSegments.get(rules);
  if (needed === undefined) {
    needed = rules.some(
      (r) => r.campaign.audience.type === 'segments' || uses(r.rule.when, 'member_segment'),
    );
    needsSegments.set(rules, needed);
  }
  return needed;
}

/** Offer activations cost a query: read only when some live offer requires activation. */
const needsActivations = new WeakMap<LiveRule[], boolean>();
function rulesNeedActivations(rules: LiveRule[]): boolean {
  let needed = needsActivations.get(rules);
  if (needed === undefined) {
    needed = rules.some((r) => r.campaign.offer?.requiresActivation === true);
    needsActivations.set(rules, needed);
  }
  return needed;
}

/** Counting purchases and summing entries costs queries: done only when some live rule reads a counter. */
const needsCounters = new WeakMap<LiveRule[], boolean>();
export function rulesNeedCounters(rules: LiveRule[]): boolean {
  let needed = needsCounters.get(rules);
  if (needed === undefined) {
    needed = rules.some((r) => usesCounters(r.rule.when));
    needsCounters.set(rules, needed);
  }
  return needed;
}

/** What the evaluator knows about a member: profile, tags, consents and (when rules need them) counters. */
export async function memberSnapshot(
  db: Db,
  tenantId: string,
  programId: string,
  member: string | MemberRow,
  rules: LiveRule[],
): Promise<MemberSnapshot> {
  const m = typeof member === 'string' ? await requireLiveMember(db, tenantId, member) : member;
  const memberId = m.id;
  const counters = { purchases: 0, events: 0, lifetimePoints: 0, balance: 0 };
  if (rulesNeedCounters(rules)) {
    const [purchases, events, wallet] = await Promise.all([
      countPurchases(db, memberId),
      countEvents(db, memberId),
      walletFigures(db, programId, memberId),
    ]);
    Object.assign(counters, { purchases, events, ...wallet });
  }
  const tier = rulesNeedTier(rules) ? await tierCodeOf(db, programId, memberId) : null;
  const segments = rulesNeedSegments(rules) ? await memberSegmentCodes(db, memberId) : [];
  const snapshot = toSnapshot(m, counters, tier, segments);
  if (rulesNeedActivations(rules)) snapshot.activatedOffers = await activatedOfferIds(db, memberId);
  return snapshot;
}

/** The snapshot of a member row with the given counters. */
export function toSnapshot(
  m: MemberRow,
  counters: MemberSnapshot['counters'],
  tier: string | null = null,
  segments: string[] = [],
): MemberSnapshot {
  return {
    id: m.id,
    enrolledAt: m.created_at,
    birthDate: m.birth_date,
    attributes: m.attributes,
    tier,
    segments,
    tags: m.tags,
    consents: Object.fromEntries(Object.entries(m.consents).map(([k, v]) => [k, v.granted])),
    counters,
  };
}
