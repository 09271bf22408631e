import type { Db } from '../../db/database.js';
import { isLive, recordChange, revokeBenefits } from './lifecycle.js';
import { dueMemberships, findMembership, findPlanById, updateMembership } from './memberships.repository.js';

const ACTOR = 'system:membership-expiry';

/** Ends one membership whose period ran out unpaid (or was cancelled at period end). False if nothing was due. */
export async function expireMembership(db: Db, tenantId: string, id: string, now: Date): Promise<boolean> {
  const m = await findMembership(db, tenantId, id, true);
  if (m === undefined || !isLive(m) || m.current_period_end === null) return false;
  const end = new Date(m.current_period_end);
  if (end > now) return false;
  const plan = await findPlanById(db, m.plan_id);
  const expired = await updateMembership(db, m.id, { status: 'expired', ended_at: end });
  await revokeBenefits(db, expired, plan, ACTOR, now);
  const reason = m.cancel_at_period_end
    ? 'cancelled'
    : m.status === 'trialing'
      ? 'trial_ended'
      : 'not_renewed';
  await recordChange(db, expired, plan, {
    event: 'expired',
    from: m.status,
    actor: ACTOR,
    at: now,
    type: 'membership.expired',
    details: { reason },
  });
  return true;
}

/**
 * Expires every lapsed membership of a program, each in its own short transaction (a failure leaves the others
 * done and is retried by the job). Idempotent: a second run finds nothing due.
 */
export async function expireMemberships(
  db: Db,
  tenantId: string,
  programId: string,
  now: Date,
): Promise<number> {
  let expired = 0;
  for (const id of await dueMemberships(db, programId, now)) {
    if (await db.transaction().execute((trx) => expireMembership(trx, tenantId, id, now))) expired++;
  }
  return expired;
}
