import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import type { Program } from '../tenants/programs.repository.js';
import { autoCandidates, autoRewards, finishRun, runFinished } from './auto-redeem.repository.js';
import { redeemReward } from './redeem-reward.js';
import { findRedemptionByReference } from './rewards.repository.js';
import type { AutoRedeem, Reward } from './rewards.schemas.js';

/** The actor recorded on every redemption the conversion job makes. */
export const AUTO_ACTOR = 'auto';
const PAGE = 500;
/** Without maxPerRun, a run still stops a member at this many units; the rest converts in the next run. */
const MAX_UNITS = 1000;

export interface AutoRun {
  /** Rewards whose run was due and has been made. */
  runs: number;
  /** Members who received at least one unit. */
  members: number;
  /** Units redeemed. */
  redeemed: number;
  failed: number;
  errors: string[];
}

/**
 * The run a reward is due for at `now`, in the program's time zone: with `months`, the local month (`2027-06`) if
 * it is one of them and null otherwise, so a run happens once in each listed month, at the job's first pass after
 * the month starts; without, the local hour (`2027-06-01T10`), so conversion is continuous at the job's pace.
 */
export function runKeyOf(auto: AutoRedeem, now: Date, timezone: string): string | null {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (auto.months === undefined) return local.toFormat("yyyy-MM-dd'T'HH");
  return auto.months.includes(local.month) ? local.toFormat('yyyy-MM') : null;
}

/** The reference of a member's n-th unit in a run: unique per program, so a replayed run finds what it did. */
const referenceOf = (reward: Reward, runKey: string, memberId: string, n: number) =>
  `auto:${reward.id}:${runKey}:${memberId}:${n}`;

/** The member cannot have (another) unit: not enough points, out of stock, a limit, eligibility. */
const isRefusal = (error: unknown) =>
  error instanceof ProblemError &&
  (error.code === 'insufficient_points' || error.code === 'reward_unavailable');

/**
 * Converts one member's balance into as many units of the reward as it covers (at most maxPerRun), in the caller's
 * transaction, each through the ordinary redemption (reward lock, eligibility, stock and limits, ledger debit and
 * coupon or credit). A member converted in this run already is skipped: the units of one member commit together, so
 * the first reference existing means the member's part of the run is done. Returns the units redeemed.
 */
export async function convertMember(
  db: Db,
  reward: Reward,
  memberId: string,
  runKey: string,
  now: Date,
): Promise<number> {
  if (await findRedemptionByReference(db, reward.programId, referenceOf(reward, runKey, memberId, 1)))
    return 0;
  const cap = Math.min(reward.autoRedeem?.maxPerRun ?? MAX_UNITS, MAX_UNITS);
  let units = 0;
  while (units < cap) {
    try {
      await redeemReward(db, {
        tenantId: reward.tenantId,
        memberId,
        rewardId: reward.id,
        reference: referenceOf(reward, runKey, memberId, units + 1),
        actor: AUTO_ACTOR,
        now,
      });
    } catch (error) {
      // A refusal is thrown before the redemption writes anything, so the units already made stand.
      if (isRefusal(error)) break;
      throw error;
    }
    units++;
  }
  return units;
}

/** Outside its validity window nobody can have the reward: no run (a month's run happens once it is offered). */
const offeredAt = (reward: Reward, now: Date) =>
  (reward.validFrom === null || reward.validFrom <= now) &&
  (reward.validUntil === null || now < reward.validUntil);

const minPrice = (reward: Reward) => Math.min(reward.cost, ...reward.prices.map((p) => p.cost));

/** One reward's due run over every member who might afford it, each member in a transaction of its own. */
async function runReward(db: Db, reward: Reward, runKey: string, now: Date, run: AutoRun): Promise<void> {
  const stats = { members: 0, redeemed: 0 };
  let failed = 0;
  let after: string | null = null;
  for (;;) {
    const page = await autoCandidates(db, reward.programId, reward.wallet, minPrice(reward), after, PAGE);
    for (const memberId of page) {
      try {
        const units = await db
          .transaction()
          .execute((trx) => convertMember(trx, reward, memberId, runKey, now));
        if (units > 0) stats.members++;
        stats.redeemed += units;
      } catch (error) {
        failed++;
        if (run.errors.length < 20) run.errors.push(`${reward.code} ${memberId}: ${String(error)}`);
      }
    }
    after = page.at(-1) ?? null;
    if (page.length < PAGE) break;
  }
  // A run restricted to months is finished only when every member went through; otherwise the next pass resumes it.
  if (reward.autoRedeem?.months !== undefined && failed === 0)
    await finishRun(db, reward, runKey, stats, now);
  run.runs++;
  run.members += stats.members;
  run.redeemed += stats.redeemed;
  run.failed += failed;
}

/**
 * Runs every automatic reward of a program that is due at `now`. Idempotent: a second pass at the same time
 * converts nothing more (continuous rewards convert only what members have earned since; a month's run is made
 * once). Returns what it did; failures are counted, not thrown, so one member never holds up the others.
 */
export async function runAutoRedeem(
  db: Db,
  program: Pick<Program, 'id' | 'timezone'>,
  now: Date,
): Promise<AutoRun> {
  const run: AutoRun = { runs: 0, members: 0, redeemed: 0, failed: 0, errors: [] };
  for (const reward of await autoRewards(db, program.id)) {
    if (reward.autoRedeem === null || !offeredAt(reward, now)) continue;
    const runKey = runKeyOf(reward.autoRedeem, now, program.timezone);
    if (runKey === null) continue;
    if (reward.autoRedeem.months !== undefined && (await runFinished(db, reward.id, runKey))) continue;
    await runReward(db, reward, runKey, now, run);
  }
  return run;
}
