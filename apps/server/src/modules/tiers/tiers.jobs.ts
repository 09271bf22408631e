import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { RECOMPUTE_JOB, runRecompute } from './recompute.js';
import { reevaluateProgram } from './reevaluate.js';
import { programsWithTiers } from './tiers.repository.js';

export const REEVALUATE_JOB = 'tiers.reevaluate';
const HOUR_MS = 3_600_000;

/** Re-evaluates the members of a program whose status or grace ran out; failures fail the job, so it is retried. */
const reevaluateJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  const sweep = await reevaluateProgram(db, await getProgram(db, tenantId, programId), new Date());
  if (sweep.failed > 0)
    throw new Error(`${sweep.failed} tier re-evaluations failed: ${sweep.errors.join('; ')}`);
};

const recomputeJob: JobHandler = async (db, job) => {
  await runRecompute(db, (job.payload as { recomputeId: string }).recomputeId);
};

export const tierJobHandlers: Record<string, JobHandler> = {
  [REEVALUATE_JOB]: reevaluateJob,
  [RECOMPUTE_JOB]: recomputeJob,
};

const scheduledHour = new WeakMap<Db, number>();

/**
 * Enqueues one re-evaluation per program with tiers per hour (deduplicated by the hour across processes). Periods
 * end at local midnight in each program's zone, so an hourly sweep picks every period end up within the hour.
 */
export async function scheduleTierJobs(db: Db, now: Date): Promise<void> {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (scheduledHour.get(db) === hour) return;
  for (const p of await programsWithTiers(db)) {
    await enqueue(db, {
      kind: REEVALUATE_JOB,
      dedupeKey: `${p.programId}:${hour}`,
      payload: { tenantId: p.tenantId, programId: p.programId },
    });
  }
  scheduledHour.set(db, hour);
}
