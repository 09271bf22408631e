import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { addMemberTag, removeMemberTag } from '../members/members.repository.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import { tierCodeOf } from '../tiers/definitions.js';
import { assignTier, removeManualTier } from '../tiers/manual-tier.js';
import { planTag } from './benefits-campaign.js';
import { benefitsOf } from './memberships.mapper.js';
import {
  insertHistory,
  type MembershipRow,
  type PlanRow,
  updateMembership,
} from './memberships.repository.js';

/** The end of a paid period that starts at `start`, in the program's time zone (Jan 31 + 1 month = Feb 28/29). */
export function periodEnd(start: Date, period: PlanRow['period'], timezone: string): Date | null {
  if (period === 'lifetime') return null;
  const local = DateTime.fromJSDate(start, { zone: timezone });
  return local.plus(period === 'month' ? { months: 1 } : { years: 1 }).toJSDate();
}

export const isLive = (m: MembershipRow): boolean => m.status === 'trialing' || m.status === 'active';

/** While a membership lives its member carries the plan tag (earn multiplier rules) and, if the plan grants one, the tier. */
export async function grantBenefits(
  db: Db,
  m: MembershipRow,
  plan: PlanRow,
  actor: string,
  now: Date,
): Promise<MembershipRow> {
  await addMemberTag(db, m.member_id, planTag(plan.code));
  const tier = benefitsOf(plan).tier;
  if (tier === undefined) return m;
  await assignTier(db, m.tenant_id, m.member_id, { tier, reason: `membership ${plan.code}` }, actor, now);
  return updateMembership(db, m.id, { granted_tier: tier });
}

/**
 * Takes the benefits back when a membership ends. A granted tier is removed only while it is still the manual tier
 * the membership set: if an operator has assigned another one since, or removed it, that decision stands.
 */
export async function revokeBenefits(
  db: Db,
  m: MembershipRow,
  plan: PlanRow,
  actor: string,
  now: Date,
): Promise<void> {
  await removeMemberTag(db, m.member_id, planTag(plan.code));
  if (m.granted_tier === null || (await tierCodeOf(db, m.program_id, m.member_id)) !== m.granted_tier) return;
  try {
    await removeManualTier(db, m.tenant_id, m.member_id, actor, now);
  } catch (error) {
    // Not manual any more (or tiers removed from the program): nothing of the membership's is left to take back.
    if (!(error instanceof ProblemError && error.status === 409)) throw error;
  }
}

export interface Change {
  event: string;
  from: MembershipRow['status'] | null;
  actor: string | null;
  at: Date;
  /** Outbox message type, e.g. `membership.renewed`. */
  type: string;
  details?: Record<string, unknown>;
}

/** Records a state change in the history and as an outbox message (delivered by webhooks), in the caller's transaction. */
export async function recordChange(db: Db, m: MembershipRow, plan: PlanRow, c: Change): Promise<void> {
  const details = c.details ?? {};
  await insertHistory(db, {
    id: uuidv7(),
    membership_id: m.id,
    member_id: m.member_id,
    event: c.event,
    from_status: c.from,
    to_status: m.status,
    period_end: m.current_period_end,
    actor: c.actor,
    at: c.at,
    details: JSON.stringify(details),
  });
  await enqueueOutbox(db, [
    {
      tenantId: m.tenant_id,
      programId: m.program_id,
      type: c.type,
      payload: {
        membershipId: m.id,
        memberId: m.member_id,
        plan: plan.code,
        event: c.event,
        status: m.status,
        previousStatus: c.from,
        currentPeriodEnd: m.current_period_end ? new Date(m.current_period_end).toISOString() : null,
        cancelAtPeriodEnd: m.cancel_at_period_end,
        at: c.at.toISOString(),
        ...details,
      },
    },
  ]);
}
