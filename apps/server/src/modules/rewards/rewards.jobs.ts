import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { runAutoRedeem } from './auto-redeem.js';
import { programsWithAutoRewards } from './auto-redeem.repository.js';

export const AUTO_REDEEM_JOB = 'rewards.auto-redeem';
const HOUR_MS = 3_600_000;

/** Converts what is due; failed members fail the job so that it is retried (the run resumes, converted members skip). */
const autoRedeemJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  const run = await runAutoRedeem(db, await getProgram(db, tenantId, programId), new Date());
  if (run.failed > 0) throw new Error(`${run.failed} automatic redemptions failed: ${run.errors.join('; ')}`);
};

export const rewardJobHandlers: Record<string, JobHandler> = { [AUTO_REDEEM_JOB]: autoRedeemJob };

const scheduledHour = new WeakMap<Db, number>();

/**
 * Enqueues one conversion run per program with automatic rewards per hour (deduplicated by the hour across
 * processes). Continuous rewards therefore convert within the hour; month runs start within the month's first hour.
 */
export async function scheduleRewardJobs(db: Db, now: Date): Promise<void> {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (scheduledHour.get(db) === hour) return;
  for (const p of await programsWithAutoRewards(db)) {
    await enqueue(db, {
      kind: AUTO_REDEEM_JOB,
      dedupeKey: `${p.programId}:${hour}`,
      payload: { tenantId: p.tenantId, programId: p.programId },
    });
  }
  scheduledHour.set(db, hour);
}
