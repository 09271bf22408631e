import type { Db } from '../../db/database.js';
import { findMember } from '../members/members.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import { changeTier, lockMemberWallet } from './change-tier.js';
import {
  type Definitions,
  oneBelow,
  rankOf,
  supportedTier,
  tierDefinitions,
  upgradesNextPeriod,
} from './definitions.js';
import { anchorOf, figures, qualifyFromScratch, reviewedBy, scheduleReview } from './qualify.js';
import { dueMembers, findMemberTier, lockMemberTier, updateMemberTier } from './tiers.repository.js';
import { addMonths, currentWindow, reviewAfterRenewal, statusWindow } from './windows.js';

export type Outcome = 'unchanged' | 'renewed' | 'grace' | 'changed';

const better = <T extends { rank: number }>(a: T, b: T) => (a.rank >= b.rank ? a : b);

/**
 * Re-evaluates one member whose status (or grace) ran out by `now`, as of the day it ran out. The figures of the
 * period the status was held for (and of the period running since) keep the tier, or move the member per the
 * downgrade policy: one level down, or to what the figures support. With grace months, the first miss only starts
 * the grace period; a member who requalifies during it (a purchase) keeps the tier.
 */
export async function reevaluateMember(
  db: Db,
  program: Program,
  defs: Definitions,
  memberId: string,
  now: Date,
): Promise<Outcome> {
  const member = await findMember(db, program.tenantId, memberId);
  if (member === undefined || member.status === 'deleted') return 'unchanged';
  await lockMemberWallet(db, program, memberId);
  const row = await findMemberTier(db, memberId, true);
  if (row === undefined || row.manual || row.review_at === null) return 'unchanged';
  const reviewAt = new Date(row.review_at);
  const due = new Date(row.grace_until ?? reviewAt);
  if (due > now) return 'unchanged';
  const kind = defs.set.window;
  const tz = program.timezone;
  const anchor = await anchorOf(db, defs, program, memberId);
  const held = supportedTier(
    defs,
    await figures(db, program, memberId, statusWindow(kind, reviewAt, tz, anchor)),
  );
  const since = supportedTier(
    defs,
    await figures(db, program, memberId, currentWindow(kind, due, tz, anchor)),
  );
  // next_period: the running period's figures only count for the period after it, so they cannot keep or raise the
  // tier now; when they already qualify, the review at the running period's end is kept even for the entry tier.
  const nextPeriod = upgradesNextPeriod(defs);
  const supported = nextPeriod ? held : better(held, since);
  const rank = rankOf(defs, row.tier_code);
  const current = defs.byCode.get(row.tier_code);
  const until = (t: { code: string; rank: number }) =>
    t.code === defs.entry.code && !(nextPeriod && since.rank > t.rank)
      ? null
      : reviewAfterRenewal(kind, due, tz, anchor);
  if (supported.rank === rank) {
    await updateMemberTier(db, memberId, { review_at: until(supported), grace_until: null });
    return 'renewed';
  }
  if (supported.rank > rank) {
    await changeTier(db, program, row, {
      to: supported.code,
      reason: current ? 'upgrade' : 'definition_changed',
      at: due,
      reviewAt: until(supported),
    });
    return 'changed';
  }
  const graceMonths = defs.set.downgrade.graceMonths ?? 0;
  if (current && graceMonths > 0 && row.grace_until === null) {
    await updateMemberTier(db, memberId, { grace_until: addMonths(reviewAt, graceMonths, tz) });
    return 'grace';
  }
  const target =
    defs.set.downgrade.policy === 'one_level' && current
      ? better(oneBelow(defs, current), supported)
      : supported;
  await changeTier(db, program, row, {
    to: target.code,
    reason: 'downgrade',
    at: due,
    reviewAt: until(target),
  });
  return 'changed';
}

/**
 * Applies changed tier definitions to one member. A member who now qualifies higher moves up; a member whose tier no
 * longer exists (or whose invite-only tier was removed) is placed by their activity. A member who would qualify
 * lower keeps the tier until their next re-evaluation, which applies the new thresholds: no one loses status
 * mid-period because the brand changed the rules.
 */
export async function recomputeMember(
  db: Db,
  program: Program,
  defs: Definitions,
  memberId: string,
  now: Date,
): Promise<boolean> {
  const member = await findMember(db, program.tenantId, memberId);
  if (member === undefined || member.status === 'deleted' || member.merged_into) return false;
  const row = await findMemberTier(db, memberId);
  const known = row === undefined || defs.byCode.has(row.tier_code);
  if (row?.manual && known) return false;
  const placed = await qualifyFromScratch(db, program, defs, memberId, now);
  const rank = row ? rankOf(defs, row.tier_code) : defs.entry.rank;
  const stays = known && placed.tier.rank <= rank;
  // next_period: a current window that now qualifies higher is applied by a review at its end. A member in grace is
  // left to the grace-end review (or to a requalifying purchase), as the new thresholds apply there too.
  const review =
    upgradesNextPeriod(defs) &&
    placed.reviewAt !== null &&
    !row?.grace_until &&
    !reviewedBy(row, placed.reviewAt);
  if (stays && !review) return false;
  await lockMemberWallet(db, program, memberId);
  const locked = await lockMemberTier(
    db,
    { memberId, tenantId: program.tenantId, programId: program.id },
    defs.entry.code,
  );
  if (stays) {
    if (placed.reviewAt !== null) await scheduleReview(db, locked, placed.reviewAt);
    return false;
  }
  await changeTier(db, program, locked, {
    to: placed.tier.code,
    reason: 'definition_changed',
    at: now,
    reviewAt: placed.reviewAt,
  });
  return true;
}

/** The period-end sweep of one program: every member due by `now`, each in its own transaction. */
export async function reevaluateProgram(
  db: Db,
  program: Program,
  now: Date,
): Promise<{ evaluated: number; changed: number; failed: number; errors: string[] }> {
  const out = { evaluated: 0, changed: 0, failed: 0, errors: [] as string[] };
  const defs = await tierDefinitions(db, program.id);
  if (defs === null) return out;
  let afterId: string | null = null;
  for (;;) {
    const page = await dueMembers(db, program.id, now, afterId, 200);
    for (const memberId of page) {
      try {
        const outcome = await db
          .transaction()
          .execute((trx) => reevaluateMember(trx, program, defs, memberId, now));
        out.evaluated++;
        if (outcome === 'changed') out.changed++;
      } catch (error) {
        out.failed++;
        if (out.errors.length < 10)
          out.errors.push(`${memberId}: ${error instanceof Error ? error.message : error}`);
      }
    }
    const last = page[page.length - 1];
    if (page.length < 200 || last === undefined) break;
    afterId = last;
  }
  return out;
}
