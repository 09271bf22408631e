import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RewardFulfilmentsTable, RewardRedemptionsTable, RewardsTable } from '../../db/schema.js';
import type { Reward, RewardType } from './rewards.schemas.js';

export type RewardRow = Selectable<RewardsTable>;
export type RedemptionRow = Selectable<RewardRedemptionsTable>;
export type FulfilmentRow = Selectable<RewardFulfilmentsTable>;

// jsonb comes back parsed from node-postgres and PGlite alike; text would only appear from a hand-written cast.
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function toReward(r: RewardRow): Reward {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    programId: r.program_id,
    code: r.code,
    name: r.name,
    description: r.description,
    type: r.type as RewardType,
    status: r.status,
    cost: r.cost,
    wallet: r.wallet,
    prices: json(r.prices),
    value: json(r.value),
    stockTotal: r.stock_total,
    stockUsed: r.stock_used,
    memberLimit: json(r.member_limit),
    periodLimit: json(r.period_limit),
    validFrom: r.valid_from === null ? null : new Date(r.valid_from),
    validUntil: r.valid_until === null ? null : new Date(r.valid_until),
    eligibility: json(r.eligibility),
    autoRedeem: json(r.auto_redeem),
    version: r.version,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export async function insertReward(db: Db, row: Insertable<RewardsTable>): Promise<Reward> {
  return toReward(await db.insertInto('rewards').values(row).returningAll().executeTakeFirstOrThrow());
}

export async function updateReward(db: Db, id: string, set: Updateable<RewardsTable>): Promise<Reward> {
  return toReward(
    await db.updateTable('rewards').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
  );
}

export async function codeTaken(
  db: Db,
  programId: string,
  code: string,
  exceptId?: string,
): Promise<boolean> {
  let q = db.selectFrom('rewards').select('id').where('program_id', '=', programId).where('code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * The reward of a tenant. `lock` takes the row lock that serializes every redemption of this reward: stock and
 * limits are read and consumed under it, so parallel redemptions cannot oversell.
 */
export async function findReward(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<Reward | undefined> {
  let q = db.selectFrom('rewards').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toReward(row) : undefined;
}

export async function listRewards(
  db: Db,
  programId: string,
  status?: 'active' | 'inactive',
): Promise<Reward[]> {
  let q = db.selectFrom('rewards').selectAll().where('program_id', '=', programId);
  if (status !== undefined) q = q.where('status', '=', status);
  return (await q.orderBy('cost').orderBy('code').execute()).map(toReward);
}

export async function addStockUsed(db: Db, rewardId: string, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('rewards')
    .set((eb) => ({ stock_used: eb('stock_used', '+', delta) }))
    .where('id', '=', rewardId)
    // A unit is only given back if one is counted (the total may have been set after that redemption).
    .$if(delta < 0, (q) => q.where('stock_used', '>', 0))
    .execute();
}

/** When a member's live (not cancelled) redemptions of each reward happened, for per-member limits. */
export async function memberRedemptionTimes(
  db: Db,
  memberId: string,
  rewardIds: string[],
): Promise<{ rewardId: string; createdAt: Date }[]> {
  if (rewardIds.length === 0) return [];
  const rows = await db
    .selectFrom('reward_redemptions')
    .select(['reward_id', 'created_at'])
    .where('member_id', '=', memberId)
    .where('reward_id', 'in', rewardIds)
    .where('status', '=', 'issued')
    .execute();
  return rows.map((r) => ({ rewardId: r.reward_id, createdAt: new Date(r.created_at) }));
}

/** Live redemptions of a reward by all members since an instant, for per-period releases of stock. */
export async function issuedSince(db: Db, rewardId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('reward_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reward_id', '=', rewardId)
    .where('status', '=', 'issued')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findRedemptionByReference(
  db: Db,
  programId: string,
  reference: string,
): Promise<RedemptionRow | undefined> {
  return db
    .selectFrom('reward_redemptions')
    .selectAll()
    .where('program_id', '=', programId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** Inserts a redemption unless its reference is taken (then undefined: a parallel retry won). */
export async function insertRedemption(
  db: Db,
  row: Insertable<RewardRedemptionsTable>,
): Promise<RedemptionRow | undefined> {
  return db
    .insertInto('reward_redemptions')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'reference']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findRedemption(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<RedemptionRow | undefined> {
  let q = db
    .selectFrom('reward_redemptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function memberRedemptions(
  db: Db,
  tenantId: string,
  memberId: string,
): Promise<RedemptionRow[]> {
  return db
    .selectFrom('reward_redemptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

export async function markCancelled(db: Db, id: string, restoreJournalId: string, now: Date): Promise<void> {
  await db
    .updateTable('reward_redemptions')
    .set({ status: 'cancelled', restore_journal_id: restoreJournalId, cancelled_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertFulfilment(db: Db, row: Insertable<RewardFulfilmentsTable>): Promise<void> {
  await db.insertInto('reward_fulfilments').values(row).execute();
}

export async function findFulfilment(db: Db, redemptionId: string): Promise<FulfilmentRow | undefined> {
  return db
    .selectFrom('reward_fulfilments')
    .selectAll()
    .where('redemption_id', '=', redemptionId)
    .executeTakeFirst();
}

export async function saveFulfilment(
  db: Db,
  id: string,
  set: Pick<Updateable<RewardFulfilmentsTable>, 'status' | 'details' | 'history'>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('reward_fulfilments')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * Voids a coupon a redemption issued, only while nobody has used it. The coupons module exports issuing and
 * locking but no voiding; this guarded update is the one write rewards makes to a coupon it issued itself, taken
 * after `lockCoupon` so it follows the coupons module's lock order. Returns false when the coupon was used.
 */
export async function voidUnusedCoupon(db: Db, couponId: string): Promise<boolean> {
  const row = await db
    .updateTable('coupons')
    .set({ status: 'void' })
    .where('id', '=', couponId)
    .where('status', '=', 'issued')
    .where('redemptions', '=', 0)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
