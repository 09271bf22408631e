import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { memberCoupons } from '../coupons/coupons.repository.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { assessReward, loadMemberContext } from './eligibility.js';
import { toRewardDto } from './manage-reward.js';
import { findFulfilment, findReward, listRewards, type RedemptionRow } from './rewards.repository.js';
import type { RedemptionDto } from './rewards.schemas.js';

/** A redemption with its artefact: the coupon (code to show the member), the credit or the fulfilment record. */
export async function toRedemptionDto(db: Db, tenantId: string, r: RedemptionRow): Promise<RedemptionDto> {
  const reward = await findReward(db, tenantId, r.reward_id);
  if (reward === undefined) throw notFound('reward', r.reward_id);
  const coupon =
    r.coupon_id === null
      ? undefined
      : (await memberCoupons(db, tenantId, r.member_id)).find((c) => c.id === r.coupon_id);
  const fulfilment = await findFulfilment(db, r.id);
  return {
    id: r.id,
    reference: r.reference,
    rewardId: r.reward_id,
    rewardCode: reward.code,
    type: reward.type,
    memberId: r.member_id,
    status: r.status,
    cost: r.cost,
    wallet: r.wallet,
    actor: r.actor,
    debitJournalId: r.debit_journal_id,
    restoreJournalId: r.restore_journal_id,
    coupon: coupon
      ? {
          id: coupon.id,
          code: coupon.code,
          status: coupon.status,
          validUntil: new Date(coupon.valid_until).toISOString(),
        }
      : null,
    credit:
      r.credit_journal_id !== null && r.credit_wallet !== null
        ? { journalId: r.credit_journal_id, wallet: r.credit_wallet, amount: Number(r.credit_amount) }
        : null,
    fulfilment: fulfilment
      ? {
          id: fulfilment.id,
          kind: fulfilment.kind,
          status: fulfilment.status,
          details: fulfilment.details,
          history: fulfilment.history,
        }
      : null,
    createdAt: new Date(r.created_at).toISOString(),
    cancelledAt: r.cancelled_at === null ? null : new Date(r.cancelled_at).toISOString(),
  };
}

/** Every active reward of the member's program, with whether this member can redeem it now, at what price, and why not. */
export async function memberRewards(db: Db, tenantId: string, memberId: string) {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const scope = await ledgerScope(db, program);
  const rewards = await listRewards(db, program.id, 'active');
  const ctx = await loadMemberContext(db, scope, member, rewards, new Date());
  const items = [];
  for (const reward of rewards) {
    const a = await assessReward(db, reward, ctx);
    items.push({ reward: toRewardDto(reward), ...a });
  }
  return items;
}
