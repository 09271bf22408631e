import type { Db } from '../../db/database.js';
import { conflict, notFound, unprocessable } from '../../http/problem.js';
import { isLive, recordChange, revokeBenefits } from './lifecycle.js';
import {
  findMembership,
  findPlanById,
  type MembershipRow,
  updateMembership,
} from './memberships.repository.js';
import type { CancelBody } from './memberships.schemas.js';

/**
 * Cancels a membership. At period end (the default) it stays live with its benefits until the paid period (or
 * trial) ends, when the expiry job ends it; a payment before then withdraws the cancellation. Immediately: it ends
 * now and the benefits go with it.
 */
export async function cancelMembership(
  db: Db,
  tenantId: string,
  membershipId: string,
  body: CancelBody,
  actor: string,
  now = new Date(),
): Promise<MembershipRow> {
  const m = await findMembership(db, tenantId, membershipId, true);
  if (m === undefined) throw notFound('membership', membershipId);
  if (!isLive(m)) throw conflict('membership_ended', `Membership ${m.id} is already ${m.status}`);
  const plan = await findPlanById(db, m.plan_id);
  const atPeriodEnd = body.atPeriodEnd ?? true;
  const details = body.reason ? { reason: body.reason, atPeriodEnd } : { atPeriodEnd };
  if (atPeriodEnd) {
    if (m.current_period_end === null)
      throw unprocessable(
        'lifetime_membership',
        'A lifetime membership has no period end: cancel it with atPeriodEnd false',
      );
    if (m.cancel_at_period_end)
      throw conflict('cancel_scheduled', `Membership ${m.id} already ends at its period end`);
    const scheduled = await updateMembership(db, m.id, { cancel_at_period_end: true, cancelled_at: now });
    await recordChange(db, scheduled, plan, {
      event: 'cancel_scheduled',
      from: m.status,
      actor,
      at: now,
      type: 'membership.cancelled',
      details: { ...details, endsAt: new Date(m.current_period_end).toISOString() },
    });
    return scheduled;
  }
  const ended = await updateMembership(db, m.id, { status: 'cancelled', cancelled_at: now, ended_at: now });
  await revokeBenefits(db, ended, plan, actor, now);
  await recordChange(db, ended, plan, {
    event: 'cancelled',
    from: m.status,
    actor,
    at: now,
    type: 'membership.cancelled',
    details,
  });
  return ended;
}
