import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { lockCoupon } from '../coupons/coupons.repository.js';
import { debit } from '../ledger/debit.js';
import { memberLedger } from '../ledger/ledger.http.js';
import { findJournal } from '../ledger/ledger.service.js';
import { restoreConsumption } from '../ledger/restore.js';
import {
  addStockUsed,
  findFulfilment,
  findRedemption,
  findReward,
  markCancelled,
  type RedemptionRow,
  saveFulfilment,
  voidUnusedCoupon,
} from './rewards.repository.js';

/**
 * Cancels a redemption: the artefact is withdrawn first (a used coupon, spent store credit or delivered item
 * refuses the cancellation, and nothing changes), then the points go back to exactly the lots that paid, with
 * their original expiry, and the unit returns to stock. Cancelling a cancelled redemption answers as it is.
 */
export async function cancelRedemption(
  db: Db,
  tenantId: string,
  id: string,
  actor: string,
  note: string | null = null,
): Promise<RedemptionRow> {
  const redemption = await findRedemption(db, tenantId, id, true);
  if (redemption === undefined) throw notFound('redemption', id);
  if (redemption.status === 'cancelled') return redemption;
  // Same lock order as a redemption: the reward row, then the wallet.
  const reward = await findReward(db, tenantId, redemption.reward_id, true);
  const now = new Date();

  if (redemption.coupon_id !== null) {
    await lockCoupon(db, redemption.coupon_id);
    if (!(await voidUnusedCoupon(db, redemption.coupon_id))) {
      throw conflict('reward_already_used', 'The coupon this redemption issued has been used or voided');
    }
  }
  const fulfilment = await findFulfilment(db, redemption.id);
  if (fulfilment !== undefined) {
    if (fulfilment.status === 'delivered') {
      throw conflict('reward_already_delivered', 'The reward has been delivered and cannot be cancelled');
    }
    const history = [...fulfilment.history, { status: 'cancelled', at: now.toISOString(), actor, note }];
    await saveFulfilment(
      db,
      fulfilment.id,
      { status: 'cancelled', details: JSON.stringify(fulfilment.details), history: JSON.stringify(history) },
      now,
    );
  }
  const { scope, wallet } = await memberLedger(db, tenantId, redemption.member_id, redemption.wallet);
  // Points wallet before the money wallet, as in a redemption: two operations of one member never wait on each other crosswise.
  const consumed = await findJournal(db, redemption.debit_journal_id);
  if (consumed === undefined) throw new Error(`journal ${redemption.debit_journal_id} vanished`);
  const restored = await restoreConsumption(db, scope, {
    wallet,
    consumed,
    kind: 'release',
    counter: 'redeemed',
    occurredAt: now,
    reference: redemption.reference,
    actor,
    explanation: `${redemption.cost} points returned: reward redemption cancelled`,
  });
  if (redemption.credit_journal_id !== null && redemption.credit_wallet !== null) {
    const money = await memberLedger(db, tenantId, redemption.member_id, redemption.credit_wallet);
    const amount = Number(redemption.credit_amount);
    try {
      await debit(db, scope, {
        wallet: money.wallet,
        amount,
        kind: 'adjust_debit',
        counter: 'adjustments',
        now,
        occurredAt: now,
        reference: redemption.reference,
        actor,
        explanation: `Credit of a cancelled reward redemption taken back`,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'insufficient_points') {
        throw conflict('reward_already_used', 'The credit this redemption gave has been spent');
      }
      throw e;
    }
  }
  if (reward !== undefined && reward.stockTotal !== null) await addStockUsed(db, reward.id, -1);
  await markCancelled(db, redemption.id, restored.id, now);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'reward_redemption.cancelled',
    subjectType: 'reward_redemption',
    subjectId: redemption.id,
    details: { reference: redemption.reference, cost: redemption.cost, note },
  });
  const after = await findRedemption(db, tenantId, id);
  if (after === undefined) throw notFound('redemption', id);
  return after;
}
