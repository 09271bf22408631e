import type { Db } from '../../db/database.js';
import { toReward } from './rewards.repository.js';
import type { Reward } from './rewards.schemas.js';

/** Programs with at least one active automatic reward: the scheduler enqueues a run for each. */
export async function programsWithAutoRewards(db: Db): Promise<{ tenantId: string; programId: string }[]> {
  const rows = await db
    .selectFrom('rewards')
    .select(['tenant_id', 'program_id'])
    .distinct()
    .where('auto_redeem', 'is not', null)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, programId: r.program_id }));
}

/** The program's active automatic rewards, cheapest first (the order members see the catalog in). */
export async function autoRewards(db: Db, programId: string): Promise<Reward[]> {
  const rows = await db
    .selectFrom('rewards')
    .selectAll()
    .where('program_id', '=', programId)
    .where('auto_redeem', 'is not', null)
    .where('status', '=', 'active')
    .orderBy('cost')
    .orderBy('code')
    .execute();
  return rows.map(toReward);
}

/**
 * Active members whose posted balance in the paying wallet reaches `minPrice`, in member id order after `after`.
 * The posted balance is an upper bound of what a member can spend (it still counts pending points and lots the
 * expiry job has not reached yet), so this only narrows the search; the redemption's own check decides.
 */
export async function autoCandidates(
  db: Db,
  programId: string,
  wallet: string,
  minPrice: number,
  after: string | null,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('ledger_accounts as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select('a.member_id')
    .where('a.program_id', '=', programId)
    .where('a.code', '=', wallet)
    .where('a.balance', '>=', minPrice)
    .where('a.debt', '=', 0)
    .where('m.status', '=', 'active');
  if (after !== null) q = q.where('a.member_id', '>', after);
  const rows = await q.orderBy('a.member_id').limit(limit).execute();
  return rows.flatMap((r) => (r.member_id === null ? [] : [r.member_id]));
}

export async function runFinished(db: Db, rewardId: string, runKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('reward_auto_runs')
    .select('run_key')
    .where('reward_id', '=', rewardId)
    .where('run_key', '=', runKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a scheduled run done; a second marker for the same run (two workers) is ignored. */
export async function finishRun(
  db: Db,
  reward: Reward,
  runKey: string,
  stats: { members: number; redeemed: number },
  now: Date,
): Promise<void> {
  await db
    .insertInto('reward_auto_runs')
    .values({
      reward_id: reward.id,
      run_key: runKey,
      tenant_id: reward.tenantId,
      program_id: reward.programId,
      members: stats.members,
      redeemed: stats.redeemed,
      finished_at: now,
    })
    .onConflict((oc) => oc.columns(['reward_id', 'run_key']).doNothing())
    .execute();
}
