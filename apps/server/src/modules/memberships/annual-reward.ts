import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { formatMoney } from '../../lib/money.js';
import { credit } from '../ledger/credit.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import { lineMatches } from '../rules/conditions.js';
import { basisPoints } from '../rules/effects.js';
import type { Program } from '../tenants/programs.repository.js';
import {
  type LineRow,
  linesOfMany,
  purchasesBetween,
  type TransactionRow,
} from '../transactions/transactions.repository.js';
import { annualRewardOf } from './memberships.mapper.js';
import { insertReward, listPlans, rewardCandidates, setRewardJournal } from './memberships.repository.js';
import type { AnnualReward } from './memberships.schemas.js';

const DAY_MS = 86_400_000;
const PAGE = 500;

/**
 * A purchase's eligible spend for the member reward: the net of its eligible lines (matching, and undiscounted if
 * the reward is for full-price items only) minus what was returned of them. Item returns are exact per line; a
 * return by amount (not tied to lines) reduces the eligible part in proportion to what it took of the purchase.
 */
export function eligibleOf(
  tx: Pick<TransactionRow, 'returned_amount'>,
  lines: Pick<
    LineRow,
    'sku' | 'category' | 'brand' | 'quantity' | 'unit_price' | 'discount' | 'net' | 'returned_quantity'
  >[],
  reward: Pick<AnnualReward, 'match' | 'fullPriceOnly'>,
): number {
  let linesNet = 0;
  let lineReturned = 0;
  let eligible = 0;
  for (const l of lines) {
    const returned = Math.floor((l.net * l.returned_quantity) / l.quantity);
    linesNet += l.net;
    lineReturned += returned;
    const line = { ...l, unitPrice: l.unit_price };
    if (lineMatches(line, reward.match) && !(reward.fullPriceOnly && l.discount > 0))
      eligible += l.net - returned;
  }
  const byAmount = Math.max(0, tx.returned_amount - lineReturned);
  const left = linesNet - lineReturned;
  if (byAmount > 0 && left > 0) eligible = Math.floor((eligible * Math.max(0, left - byAmount)) / left);
  return Math.max(0, eligible);
}

/** The reward on an eligible amount: whole basis points, floored to a minor unit. */
export const rewardAmount = (eligible: number, percent: number): number =>
  Math.floor((eligible * basisPoints(percent)) / 10_000);

/** [start, end) of a calendar year in the program's time zone. */
export function yearBounds(year: number, timezone: string): { from: Date; to: Date } {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: timezone });
  return { from: start.toJSDate(), to: start.plus({ years: 1 }).toJSDate() };
}

export interface RewardRun {
  year: number;
  credited: number;
  skipped: number;
  total: number;
}

/** Eligible spend per member over the year, paging through the program's purchases once. */
async function eligibleByMember(
  db: Db,
  program: Program,
  rewards: Map<string, AnnualReward>,
  from: Date,
  to: Date,
): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const page = await purchasesBetween(db, program.id, from, to, after, PAGE);
    const mine = page.filter((t) => t.member_id !== null && rewards.has(t.member_id));
    const lines = await linesOfMany(
      db,
      mine.map((t) => t.id),
    );
    for (const tx of mine) {
      const memberId = tx.member_id as string;
      const reward = rewards.get(memberId) as AnnualReward;
      const own = lines.filter((l) => l.transaction_id === tx.id);
      sums.set(memberId, (sums.get(memberId) ?? 0) + eligibleOf(tx, own, reward));
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return sums;
    after = { at: last.occurred_at, id: last.id };
  }
}

/**
 * Credits the annual member reward for `year` (REI Co-op style): a share of each member's eligible purchases in that
 * calendar year, into the plan's money wallet, for every membership of a plan with a reward that was live at the
 * year's end and still is. One transaction per member; idempotent per member and year (a second run credits
 * nothing), so the job can run daily through the issue month to pick up late corrections safely.
 */
export async function runAnnualRewards(
  db: Db,
  program: Program,
  year: number,
  now = new Date(),
  issueMonth?: number,
  /** True when `db` is already a transaction (the API run): everything commits together. */
  inTransaction = false,
): Promise<RewardRun> {
  const unit = <T>(work: (trx: Db) => Promise<T>) =>
    inTransaction ? work(db) : db.transaction().execute(work);
  const run: RewardRun = { year, credited: 0, skipped: 0, total: 0 };
  // The scheduled run of a month covers the plans issued in that month; a manual run (no month) covers all.
  const plans = (await listPlans(db, program.id)).filter(
    (p) =>
      p.annual_reward !== null &&
      (issueMonth === undefined || (annualRewardOf(p)?.issueMonth ?? 3) === issueMonth),
  );
  if (plans.length === 0) return run;
  const { from, to } = yearBounds(year, program.timezone);
  const candidates = await rewardCandidates(
    db,
    plans.map((p) => p.id),
    to,
  );
  const rewardOfPlan = new Map(plans.map((p) => [p.id, annualRewardOf(p) as AnnualReward]));
  const rewards = new Map(candidates.map((c) => [c.member_id, rewardOfPlan.get(c.plan_id) as AnnualReward]));
  const eligible = await eligibleByMember(db, program, rewards, from, to);
  const scope = await ledgerScope(db, program);
  for (const c of candidates) {
    const reward = rewards.get(c.member_id) as AnnualReward;
    const spend = eligible.get(c.member_id) ?? 0;
    const amount = rewardAmount(spend, reward.percent);
    if (amount === 0 || spend < (reward.minEligible ?? 0)) {
      run.skipped++;
      continue;
    }
    const done = await unit(async (trx) => {
      const claimed = await insertReward(trx, {
        id: uuidv7(),
        tenant_id: program.tenantId,
        program_id: program.id,
        membership_id: c.id,
        member_id: c.member_id,
        year,
        eligible_minor: spend,
        percent: reward.percent,
        amount_minor: amount,
        wallet: reward.wallet,
        journal_id: null,
      });
      if (claimed === undefined) return false;
      const what = `${reward.percent}% of ${formatMoney(spend, program.currency)} eligible purchases in ${year}`;
      const journal = await credit(trx, scope, {
        wallet: { memberId: c.member_id, code: reward.wallet, unit: program.currency },
        amount,
        kind: 'member_reward',
        counter: 'issued',
        occurredAt: now,
        availableAt: now,
        expiresAt: reward.expiresInDays ? new Date(now.getTime() + reward.expiresInDays * DAY_MS) : null,
        idempotencyKey: `membership-reward:${c.member_id}:${year}`,
        reference: `membership-reward:${year}`,
        explanation: `+${formatMoney(amount, program.currency)} member reward: ${what}`,
      });
      await setRewardJournal(trx, claimed.id, journal.id);
      await enqueueOutbox(trx, [
        {
          tenantId: program.tenantId,
          programId: program.id,
          type: 'membership.reward_credited',
          payload: {
            membershipId: c.id,
            memberId: c.member_id,
            year,
            eligible: spend,
            amount,
            wallet: reward.wallet,
          },
        },
      ]);
      return true;
    });
    if (done) {
      run.credited++;
      run.total += amount;
    } else run.skipped++;
  }
  return run;
}
