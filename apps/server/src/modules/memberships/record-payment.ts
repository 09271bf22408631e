import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, notFound } from '../../http/problem.js';
import { getProgram } from '../tenants/programs.service.js';
import { isLive, periodEnd, recordChange } from './lifecycle.js';
import {
  findMembership,
  findPayment,
  findPlanById,
  insertPayment,
  type MembershipRow,
  type PlanRow,
  updateMembership,
} from './memberships.repository.js';
import type { PaymentInput } from './memberships.schemas.js';

/** Stores a payment once per external id; the same id again is refused (the Idempotency-Key header replays). */
export async function savePayment(
  db: Db,
  m: MembershipRow,
  plan: PlanRow,
  payment: PaymentInput,
  period: { start: Date | null; end: Date | null },
  now: Date,
): Promise<void> {
  if (payment.currency !== plan.currency)
    throw fieldInvalid('/currency', 'currency_mismatch', `plan ${plan.code} is priced in ${plan.currency}`);
  const saved = await insertPayment(db, {
    id: uuidv7(),
    tenant_id: m.tenant_id,
    program_id: m.program_id,
    membership_id: m.id,
    external_id: payment.externalId,
    amount_minor: payment.amount,
    currency: payment.currency,
    paid_at: payment.paidAt ? new Date(payment.paidAt) : now,
    period_start: period.start,
    period_end: period.end,
  });
  if (saved === undefined) {
    const other = await findPayment(db, m.program_id, payment.externalId);
    throw conflict('payment_exists', `Payment ${payment.externalId} is already recorded`, {
      membershipId: other?.membership_id ?? null,
    });
  }
}

/**
 * Records a payment made outside Tessera. For a periodic plan it renews: a trial becomes active from the trial's
 * end, an active membership is extended by one period from its current end (from the payment if that end has
 * passed), and a scheduled cancellation is withdrawn. For a lifetime plan it is only recorded.
 */
export async function recordPayment(
  db: Db,
  tenantId: string,
  membershipId: string,
  payment: PaymentInput,
  actor: string,
  now = new Date(),
): Promise<MembershipRow> {
  const m = await findMembership(db, tenantId, membershipId, true);
  if (m === undefined) throw notFound('membership', membershipId);
  if (!isLive(m))
    throw conflict(
      'membership_ended',
      `Membership ${m.id} is ${m.status}; subscribe again to start a new one`,
    );
  const plan = await findPlanById(db, m.plan_id);
  const paidAt = payment.paidAt ? new Date(payment.paidAt) : now;
  if (m.current_period_end === null) {
    await savePayment(db, m, plan, payment, { start: null, end: null }, now);
    await recordChange(db, m, plan, {
      event: 'payment',
      from: m.status,
      actor,
      at: now,
      type: 'membership.payment_recorded',
      details: { paymentId: payment.externalId, amount: payment.amount, currency: payment.currency },
    });
    return m;
  }
  const program = await getProgram(db, tenantId, m.program_id);
  const currentEnd = new Date(m.current_period_end);
  const start = currentEnd > paidAt ? currentEnd : paidAt;
  const end = periodEnd(start, plan.period, program.timezone);
  await savePayment(db, m, plan, payment, { start, end }, now);
  const renewed = await updateMembership(db, m.id, {
    status: 'active',
    current_period_start: start,
    current_period_end: end,
    cancel_at_period_end: false,
    cancelled_at: null,
  });
  await recordChange(db, renewed, plan, {
    event: m.status === 'trialing' ? 'trial_converted' : 'renewed',
    from: m.status,
    actor,
    at: now,
    type: 'membership.renewed',
    details: { paymentId: payment.externalId, amount: payment.amount, currency: payment.currency },
  });
  return renewed;
}
