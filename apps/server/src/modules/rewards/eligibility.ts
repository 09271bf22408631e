import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { memberSnapshot } from '../engine/member-snapshot.js';
import { countEvents } from '../events/events.repository.js';
import { findAccount, walletFigures } from '../ledger/accounts.repository.js';
import { walletBalance } from '../ledger/balance.js';
import type { LedgerScope } from '../ledger/scope.js';
import type { MemberRow } from '../members/members.repository.js';
import { evaluateCondition } from '../rules/conditions.js';
import type { MemberSnapshot } from '../rules/evaluation.types.js';
import type { Condition } from '../rules/rule.schemas.js';
import { tierCodeOf } from '../tiers/definitions.js';
import { countPurchases } from '../transactions/transactions.repository.js';
import { issuedSince, memberRedemptionTimes } from './rewards.repository.js';
import type { Reason, Reward } from './rewards.schemas.js';

const DAY = 86_400_000;

/** What every eligibility check of one member needs, loaded once for a whole catalog. */
export interface MemberContext {
  member: MemberSnapshot;
  scope: LedgerScope;
  now: Date;
  /** Spendable points per paying wallet code. */
  balances: Map<string, number>;
  redemptions: { rewardId: string; createdAt: Date }[];
}

function usesCounters(c: Condition | undefined): boolean {
  if (c === undefined) return false;
  if (c.kind === 'all' || c.kind === 'any') return c.conditions.some(usesCounters);
  if (c.kind === 'not') return usesCounters(c.condition);
  return c.kind === 'member_counter';
}

export async function loadMemberContext(
  db: Db,
  scope: LedgerScope,
  member: MemberRow,
  rewards: Reward[],
  now: Date,
): Promise<MemberContext> {
  let snapshot = await memberSnapshot(db, scope.tenantId, scope.programId, member, []);
  // The snapshot reads the tier only when live rules need it; a reward's price and eligibility always do.
  if (snapshot.tier === null)
    snapshot = { ...snapshot, tier: await tierCodeOf(db, scope.programId, member.id) };
  if (rewards.some((r) => usesCounters(r.eligibility.condition))) {
    const [purchases, events, wallet] = await Promise.all([
      countPurchases(db, member.id),
      countEvents(db, member.id),
      walletFigures(db, scope.programId, member.id),
    ]);
    snapshot = { ...snapshot, counters: { purchases, events, ...wallet } };
  }
  const balances = new Map<string, number>();
  for (const code of new Set(rewards.map((r) => r.wallet))) {
    balances.set(code, await spendable(db, scope, member.id, code, now));
  }
  const redemptions = await memberRedemptionTimes(
    db,
    member.id,
    rewards.map((r) => r.id),
  );
  return { member: snapshot, scope, now, balances, redemptions };
}

async function spendable(
  db: Db,
  scope: LedgerScope,
  memberId: string,
  code: string,
  now: Date,
): Promise<number> {
  const account = await findAccount(db, {
    tenantId: scope.tenantId,
    programId: scope.programId,
    memberId,
    code,
    unit: 'points',
  });
  return account === undefined ? 0 : (await walletBalance(db, account, scope.timezone, now)).available;
}

/** The member's price: the lowest price whose tier and segment (where given) both match, else the list price. */
export function priceFor(reward: Reward, member: MemberSnapshot): number {
  let price = reward.cost;
  for (const p of reward.prices) {
    const tierOk = p.tier === undefined || p.tier === member.tier;
    const segmentOk = p.segment === undefined || member.segments.includes(p.segment);
    if (tierOk && segmentOk && (price === reward.cost || p.cost < price)) price = p.cost;
  }
  return price;
}

/** Start of the current day/week/month/year in the program time zone (weeks start on Monday). */
export function periodStart(period: 'day' | 'week' | 'month' | 'year', now: Date, timezone: string): Date {
  return DateTime.fromJSDate(now, { zone: timezone }).startOf(period).toJSDate();
}

const PERIOD_WORDS = {
  day: 'per day',
  week: 'per week',
  month: 'per month',
  year: 'per year',
  lifetime: 'in total',
};

export interface Assessment {
  available: boolean;
  price: number;
  balance: number;
  reasons: Reason[];
}

/**
 * Every reason this member cannot redeem this reward now, in the order a member would want to hear them. Read
 * under the reward's row lock during a redemption, so stock and limits cannot change between check and use.
 */
export async function assessReward(db: Db, reward: Reward, ctx: MemberContext): Promise<Assessment> {
  const { member, now } = ctx;
  const reasons: Reason[] = [];
  const add = (code: string, message: string) => reasons.push({ code, message });
  if (reward.status !== 'active') add('inactive', 'The reward is not offered at the moment');
  if (reward.validFrom !== null && now < reward.validFrom) {
    add('not_yet_valid', `Available from ${reward.validFrom.toISOString()}`);
  }
  if (reward.validUntil !== null && now >= reward.validUntil) {
    add('expired', `Was available until ${reward.validUntil.toISOString()}`);
  }
  const { tiers, minTenureDays, condition } = reward.eligibility;
  if (tiers !== undefined && tiers.length > 0 && (member.tier === null || !tiers.includes(member.tier))) {
    add('tier_required', `Requires tier ${tiers.join(' or ')}; member is ${member.tier ?? 'without a tier'}`);
  }
  if (minTenureDays !== undefined) {
    const days = Math.floor((now.getTime() - member.enrolledAt.getTime()) / DAY);
    if (days < minTenureDays)
      add('min_tenure', `Requires ${minTenureDays} days of membership; member has ${days}`);
  }
  if (condition !== undefined) {
    const local = DateTime.fromJSDate(now, { zone: ctx.scope.timezone });
    const verdict = evaluateCondition(condition, {
      activity: { trigger: 'event', eventType: 'reward_redemption', occurredAt: now },
      member,
      local,
    });
    if (!verdict.ok) add('condition_not_met', verdict.reason);
  }
  if (reward.stockTotal !== null && reward.stockUsed >= reward.stockTotal)
    add('out_of_stock', 'Out of stock');
  if (reward.periodLimit !== null) {
    const { count, period } = reward.periodLimit;
    const used = await issuedSince(db, reward.id, periodStart(period, now, ctx.scope.timezone));
    if (used >= count)
      add('period_stock_exhausted', `All ${count} released ${PERIOD_WORDS[period]} are taken`);
  }
  if (reward.memberLimit !== null) {
    const { count, period } = reward.memberLimit;
    const since = period === 'lifetime' ? null : periodStart(period, now, ctx.scope.timezone);
    const used = ctx.redemptions.filter(
      (r) => r.rewardId === reward.id && (since === null || r.createdAt >= since),
    ).length;
    if (used >= count) add('member_limit_reached', `Limit ${count} ${PERIOD_WORDS[period]} reached`);
  }
  const price = priceFor(reward, member);
  const balance = ctx.balances.get(reward.wallet) ?? 0;
  if (balance < price) add('insufficient_points', `Not enough points: needs ${price}, has ${balance}`);
  return { available: reasons.length === 0, price, balance, reasons };
}
