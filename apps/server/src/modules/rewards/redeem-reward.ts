import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound, type ProblemError } from '../../http/problem.js';
import { type CouponIssue, issueCoupon } from '../coupons/coupons.repository.js';
import { credit } from '../ledger/credit.js';
import { debit } from '../ledger/debit.js';
import { memberLedger } from '../ledger/ledger.http.js';
import type { LedgerScope } from '../ledger/scope.js';
import { requireLiveMember } from '../members/identities.service.js';
import { assessReward, loadMemberContext } from './eligibility.js';
import {
  addStockUsed,
  findRedemptionByReference,
  findReward,
  insertFulfilment,
  insertRedemption,
  type RedemptionRow,
} from './rewards.repository.js';
import type { Reward } from './rewards.schemas.js';

const DAY = 86_400_000;

export interface RedeemInput {
  tenantId: string;
  memberId: string;
  rewardId: string;
  reference?: string | undefined;
  shippingAddress?: Record<string, string> | undefined;
  actor: string;
  /** The instant that decides availability, stock periods and coupon validity; default now (jobs pass theirs). */
  now?: Date | undefined;
}

/** The coupon a discount-type reward issues. Free shipping discounts the shipping line, by its category. */
function couponFor(reward: Reward, scope: LedgerScope, memberId: string, now: Date): CouponIssue | null {
  const v = reward.value;
  const base = {
    tenantId: scope.tenantId,
    programId: scope.programId,
    memberId,
    name: reward.name,
    minSpend: v.minSpend ?? 0,
    validFrom: now,
    validUntil: new Date(now.getTime() + (v.couponValidDays ?? 30) * DAY),
    source: `reward:${reward.id}`,
    maxRedemptions: 1,
  };
  switch (reward.type) {
    case 'amount_discount':
      return { ...base, discountType: 'amount', discountValue: v.amount ?? 0 };
    case 'percent_discount':
      return { ...base, discountType: 'percent', discountValue: v.percent ?? 0 };
    case 'free_product':
      return { ...base, discountType: 'percent', discountValue: 100, skus: v.sku ? [v.sku] : [] };
    case 'free_shipping':
      return {
        ...base,
        discountType: 'percent',
        discountValue: 100,
        categories: [v.shippingCategory ?? 'shipping'],
      };
    default:
      return null;
  }
}

/**
 * Redeems a reward for points in the caller's transaction: reward row lock (stock and limits), eligibility, the
 * ledger debit (soonest-expiring lots first), then exactly one artefact — a coupon, a money-wallet credit or a
 * fulfilment record. Any refusal throws before anything is committed, so a refused redemption writes nothing.
 * A reference already used returns that redemption (`replayed`), which makes retries without Idempotency-Key safe.
 */
export async function redeemReward(
  db: Db,
  input: RedeemInput,
): Promise<{ redemption: RedemptionRow; replayed: boolean }> {
  const { scope } = await memberLedger(db, input.tenantId, input.memberId);
  const member = await requireLiveMember(db, input.tenantId, input.memberId);
  if (input.reference !== undefined) {
    const existing = await findRedemptionByReference(db, scope.programId, input.reference);
    if (existing !== undefined) return { redemption: sameRedemption(existing, input), replayed: true };
  }
  // Lock order everywhere: reward row, then the member's wallet (inside debit/credit).
  const reward = await findReward(db, input.tenantId, input.rewardId, true);
  if (reward === undefined || reward.programId !== scope.programId) throw notFound('reward', input.rewardId);
  const now = input.now ?? new Date();
  const ctx = await loadMemberContext(db, scope, member, [reward], now);
  const verdict = await assessReward(db, reward, ctx);
  if (!verdict.available) throw refusal(reward, verdict.price, verdict.balance, verdict.reasons);

  const reference = input.reference ?? `rdm_${uuidv7()}`;
  const { wallet } = await memberLedger(db, input.tenantId, input.memberId, reward.wallet);
  const journal = await debit(db, scope, {
    wallet,
    amount: verdict.price,
    kind: 'spend',
    counter: 'redeemed',
    now,
    occurredAt: now,
    reference,
    actor: input.actor,
    explanation: `${verdict.price} points redeemed for reward '${reward.name}'`,
  });
  if (reward.stockTotal !== null) await addStockUsed(db, reward.id, 1);

  const coupon = couponFor(reward, scope, member.id, now);
  const couponRow = coupon ? await issueCoupon(db, coupon) : null;
  let creditJournalId: string | null = null;
  let creditWallet: string | null = null;
  if (reward.type === 'store_credit' || reward.type === 'cashback') {
    const money = await memberLedger(db, input.tenantId, input.memberId, reward.value.wallet);
    const credited = await credit(db, scope, {
      wallet: money.wallet,
      amount: reward.value.amount ?? 0,
      kind: 'bonus',
      counter: 'issued',
      occurredAt: now,
      availableAt: now,
      // Store credit and cashback keep their value until spent: the program's point expiry is not theirs.
      expiresAt: null,
      reference,
      actor: input.actor,
      explanation: `${reward.type === 'cashback' ? 'Cashback' : 'Store credit'} from reward '${reward.name}'`,
    });
    creditJournalId = credited.id;
    creditWallet = money.wallet.code;
  }
  const redemption = await insertRedemption(db, {
    id: uuidv7(),
    tenant_id: input.tenantId,
    program_id: scope.programId,
    reward_id: reward.id,
    member_id: member.id,
    reference,
    status: 'issued',
    actor: input.actor,
    cost: verdict.price,
    wallet: reward.wallet,
    debit_journal_id: journal.id,
    coupon_id: couponRow?.id ?? null,
    credit_journal_id: creditJournalId,
    credit_wallet: creditWallet,
    credit_amount: creditJournalId ? (reward.value.amount ?? 0) : null,
    created_at: now,
  });
  // A parallel request with the same reference committed first: roll all of this back and let the retry replay it.
  if (redemption === undefined) {
    throw conflict(
      'redemption_in_progress',
      `Redemption ${reference} was made concurrently; retry to read it`,
    );
  }
  if (reward.type === 'physical' || reward.type === 'experience' || reward.type === 'charity') {
    await insertFulfilment(db, {
      id: uuidv7(),
      tenant_id: input.tenantId,
      redemption_id: redemption.id,
      kind: reward.type,
      status: 'ordered',
      details: JSON.stringify(fulfilmentDetails(reward, input)),
      history: JSON.stringify([{ status: 'ordered', at: now.toISOString(), actor: input.actor, note: null }]),
      updated_at: now,
    });
  }
  return { redemption, replayed: false };
}

function fulfilmentDetails(reward: Reward, input: RedeemInput): Record<string, unknown> {
  const v = reward.value;
  if (reward.type === 'charity') return { charity: v.charity, amount: v.amount, onBehalfOf: input.memberId };
  if (reward.type === 'experience') return { event: v.event ?? reward.name, eventAt: v.eventAt ?? null };
  return { sku: v.sku ?? null, shippingAddress: input.shippingAddress ?? null };
}

/** A retried reference must name the same member and reward; otherwise it is someone else's redemption. */
function sameRedemption(existing: RedemptionRow, input: RedeemInput): RedemptionRow {
  if (existing.member_id !== input.memberId || existing.reward_id !== input.rewardId) {
    throw conflict('redemption_reference_in_use', `Reference is already used by another redemption`, {}, [
      { field: '/reference', in: 'body', code: 'in_use', message: 'Used by a different member or reward' },
    ]);
  }
  return existing;
}

/** Not enough points is its own problem code (as for spending); every other reason is reward_unavailable. */
function refusal(
  reward: Reward,
  price: number,
  balance: number,
  reasons: { code: string; message: string }[],
): ProblemError {
  const only = reasons.length === 1 && reasons[0]?.code === 'insufficient_points';
  const detail = only
    ? `Reward '${reward.name}' costs ${price} points; the member has ${balance} available`
    : `Reward '${reward.name}' cannot be redeemed: ${reasons.map((r) => r.message).join('; ')}`;
  return conflict(only ? 'insufficient_points' : 'reward_unavailable', detail, {
    requested: price,
    available: balance,
    reasons,
  });
}
