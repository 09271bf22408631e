import type { Db } from '../../db/database.js';
import { findMember } from '../members/members.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import { changeTier, lockMemberWallet } from './change-tier.js';
import {
  type Definitions,
  rankOf,
  supportedTier,
  tierDefinitions,
  upgradesNextPeriod,
} from './definitions.js';
import {
  findMemberTier,
  insertActivity,
  lockMemberTier,
  type MemberTierRow,
  type Metrics,
  metricsIn,
  updateMemberTier,
} from './tiers.repository.js';
import type { Tier } from './tiers.schemas.js';
import { currentWindow, previousWindow, reviewAfterUpgrade, type Window } from './windows.js';

/** The enrolment time anchors membership years; only that window needs the member row. */
export async function anchorOf(db: Db, defs: Definitions, program: Program, memberId: string): Promise<Date> {
  if (defs.set.window !== 'membership_year') return new Date(0);
  const m = await findMember(db, program.tenantId, memberId);
  return m?.created_at ? new Date(m.created_at) : new Date(0);
}

export function figures(db: Db, program: Program, memberId: string, w: Window): Promise<Metrics> {
  return metricsIn(db, program.id, memberId, w);
}

/**
 * After a purchase (or a claimed receipt) is credited, in its transaction: records what it counts for tiers and
 * upgrades the member at once if the purchase's window now qualifies for a higher tier (with `upgradeAt:
 * next_period`, when that window ends). The purchase itself earned at the old tier's rate. Costs one insert and one
 * sum; the tier row is locked only when something changes.
 */
export async function tiersAfterPurchase(
  db: Db,
  program: Program,
  p: { memberId: string; transactionId: string; occurredAt: Date; spend: number; points: number },
): Promise<void> {
  await tiersAfterActivity(db, program, {
    memberId: p.memberId,
    reference: `purchase:${p.transactionId}`,
    occurredAt: p.occurredAt,
    spend: p.spend,
    points: p.points,
    purchases: 1,
  });
}

/**
 * After a custom event credited points (a review, a survey …), in its transaction: those points qualify for tiers
 * like purchase points do, and may upgrade the member at once.
 */
export async function tiersAfterEvent(
  db: Db,
  program: Program,
  e: { memberId: string; eventId: string; occurredAt: Date; points: number },
): Promise<void> {
  if (e.points <= 0) return;
  await tiersAfterActivity(db, program, {
    memberId: e.memberId,
    reference: `event:${e.eventId}`,
    occurredAt: e.occurredAt,
    spend: 0,
    points: e.points,
    purchases: 0,
  });
}

async function tiersAfterActivity(
  db: Db,
  program: Program,
  p: {
    memberId: string;
    reference: string;
    occurredAt: Date;
    spend: number;
    points: number;
    purchases: number;
  },
): Promise<void> {
  await insertActivity(db, {
    programId: program.id,
    memberId: p.memberId,
    reference: p.reference,
    occurredAt: p.occurredAt,
    spend: p.spend,
    points: p.points,
    purchases: p.purchases,
  });
  const defs = await tierDefinitions(db, program.id);
  if (defs === null) return;
  const current = await findMemberTier(db, p.memberId);
  if (current?.manual) return;
  const anchor = await anchorOf(db, defs, program, p.memberId);
  const window = currentWindow(defs.set.window, p.occurredAt, program.timezone, anchor);
  const qualified = supportedTier(defs, await figures(db, program, p.memberId, window));
  const rank = current ? rankOf(defs, current.tier_code) : defs.entry.rank;
  const inGrace = Boolean(current?.grace_until);
  if (qualified.rank < rank || (qualified.rank === rank && !inGrace)) return;
  const nextPeriod = upgradesNextPeriod(defs);
  if (nextPeriod && reviewedBy(current, window.to)) return;
  await lockMemberWallet(db, program, p.memberId);
  const row = await lockMemberTier(
    db,
    { memberId: p.memberId, tenantId: program.tenantId, programId: program.id },
    defs.entry.code,
  );
  if (row.manual) return;
  const lockedRank = rankOf(defs, row.tier_code);
  if (nextPeriod) {
    if (qualified.rank > lockedRank || (qualified.rank === lockedRank && row.grace_until))
      await scheduleReview(db, row, window.to);
    return;
  }
  const reviewAt =
    qualified === defs.entry
      ? null
      : reviewAfterUpgrade(defs.set.window, p.occurredAt, program.timezone, anchor);
  if (qualified.rank > lockedRank) {
    await changeTier(db, program, row, {
      to: qualified.code,
      reason: lockedRank < 0 ? 'definition_changed' : 'upgrade',
      at: p.occurredAt,
      reviewAt,
    });
  } else if (qualified.rank === lockedRank && row.grace_until) {
    // Requalifying during grace: the tier is earned again, as if reached now.
    await updateMemberTier(db, row.member_id, { review_at: reviewAt, grace_until: null });
  }
}

/** Whether the member's status is reviewed by `at` at the latest (a status in grace is not: grace postpones it). */
export function reviewedBy(row: MemberTierRow | undefined, at: Date): boolean {
  return row?.review_at != null && row.grace_until === null && new Date(row.review_at) <= at;
}

/**
 * With `upgradeAt: next_period`, a window that reaches a higher tier (or the held tier again, during grace) is
 * applied by the review when the window ends: bring the review forward to then, and end grace, which the member
 * has requalified out of. The caller holds the tier row's lock.
 */
export async function scheduleReview(db: Db, row: MemberTierRow, at: Date): Promise<void> {
  if (reviewedBy(row, at)) return;
  await updateMemberTier(db, row.member_id, { review_at: at, grace_until: null });
}

/**
 * After a return, in its transaction: records the returned spend and points (and the purchase, once it is fully
 * returned) against the purchase's own date. No tier changes now: a return that drops the figures below a threshold
 * counts at the next re-evaluation (the end of the status period), as most programs do.
 */
export async function tiersAfterReturn(
  db: Db,
  r: {
    programId: string;
    memberId: string;
    returnId: string;
    purchasedAt: Date;
    amount: number;
    points: number;
    fullyReturned: boolean;
  },
): Promise<void> {
  await insertActivity(db, {
    programId: r.programId,
    memberId: r.memberId,
    reference: `return:${r.returnId}`,
    occurredAt: r.purchasedAt,
    spend: -r.amount,
    points: -r.points,
    purchases: r.fullyReturned ? -1 : 0,
  });
}

/**
 * The tier a member would hold at `at` from their activity alone: the better of what the current window and the
 * previous period support, reviewed at the end of the current period (12 months on for rolling windows). With
 * `upgradeAt: next_period`, what the previous period supports.
 */
export async function qualifyFromScratch(
  db: Db,
  program: Program,
  defs: Definitions,
  memberId: string,
  at: Date,
): Promise<{ tier: Tier; reviewAt: Date | null }> {
  const kind = defs.set.window;
  const tz = program.timezone;
  const anchor = await anchorOf(db, defs, program, memberId);
  const cur = currentWindow(kind, at, tz, anchor);
  const now = supportedTier(defs, await figures(db, program, memberId, cur));
  const prevWindow = previousWindow(kind, at, tz, anchor);
  const before = prevWindow
    ? supportedTier(defs, await figures(db, program, memberId, prevWindow))
    : defs.entry;
  if (upgradesNextPeriod(defs)) {
    // The previous period sets the tier held now; the current one is applied by the review at its end.
    const reviewed = before !== defs.entry || now.rank > before.rank;
    return { tier: before, reviewAt: reviewed ? cur.to : null };
  }
  if (now.rank >= before.rank) {
    return { tier: now, reviewAt: now === defs.entry ? null : reviewAfterUpgrade(kind, at, tz, anchor) };
  }
  return { tier: before, reviewAt: cur.to };
}
