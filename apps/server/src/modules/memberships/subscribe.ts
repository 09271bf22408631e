import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, notFound } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { grantBenefits, periodEnd, recordChange } from './lifecycle.js';
import {
  findPlan,
  insertMembership,
  liveMembershipOf,
  type MembershipRow,
} from './memberships.repository.js';
import type { SubscribeBody } from './memberships.schemas.js';
import { savePayment } from './record-payment.js';

const DAY_MS = 86_400_000;

/**
 * Starts a membership: with a trial (the plan's trial days; paid later) or paid from the start (the payment, made
 * outside Tessera, may be recorded with it). Benefits apply at once. One live membership per member.
 */
export async function subscribe(
  db: Db,
  tenantId: string,
  memberId: string,
  body: SubscribeBody,
  actor: string,
  now = new Date(),
): Promise<MembershipRow> {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const plan = await findPlan(db, program.id, body.plan);
  if (plan === undefined) throw notFound('membership_plan', body.plan);
  if (!plan.active) throw conflict('plan_inactive', `Plan ${plan.code} takes no new subscriptions`);
  const trial = body.trial ?? plan.trial_days > 0;
  if (trial && plan.trial_days === 0)
    throw fieldInvalid('/trial', 'no_trial', `plan ${plan.code} has no trial`);
  if (trial && body.payment)
    throw fieldInvalid(
      '/payment',
      'trial_unpaid',
      'a trial is not paid: record the first payment when it ends',
    );
  const start = body.startedAt ? new Date(body.startedAt) : now;
  const end = trial
    ? new Date(start.getTime() + plan.trial_days * DAY_MS)
    : periodEnd(start, plan.period, program.timezone);
  const row = await insertMembership(db, {
    id: uuidv7(),
    tenant_id: program.tenantId,
    program_id: program.id,
    member_id: member.id,
    plan_id: plan.id,
    status: trial ? 'trialing' : 'active',
    started_at: start,
    trial_ends_at: trial ? end : null,
    current_period_start: start,
    current_period_end: end,
    cancelled_at: null,
    ended_at: null,
    granted_tier: null,
  });
  if (row === undefined) {
    const live = await liveMembershipOf(db, member.id);
    throw conflict('membership_exists', `Member ${member.id} already has a live membership`, {
      membershipId: live?.id ?? null,
    });
  }
  if (body.payment) await savePayment(db, row, plan, body.payment, { start, end }, now);
  const granted = await grantBenefits(db, row, plan, actor, now);
  await recordChange(db, granted, plan, {
    event: trial ? 'trial_started' : 'started',
    from: null,
    actor,
    at: now,
    type: 'membership.started',
    details: { trial, ...(body.payment ? { paymentId: body.payment.externalId } : {}) },
  });
  return granted;
}
