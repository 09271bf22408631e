import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { listAllPrograms } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { fireScheduledTriggers } from './scheduled-triggers.js';

export const SCHEDULED_TRIGGERS_JOB = 'rules.scheduled-triggers';
const HOUR_MS = 3_600_000;

/**
 * Sweeps a program's birthday, anniversary, inactivity and schedule rules as of when it runs. Members that failed
 * fail the job, so it is retried with backoff; the members already rewarded are skipped by the retry.
 */
const scheduledTriggersJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  const sweep = await fireScheduledTriggers(db, await getProgram(db, tenantId, programId), new Date());
  if (sweep.failed > 0) {
    throw new Error(`${sweep.failed} scheduled trigger firings failed: ${sweep.errors.join('; ')}`);
  }
};

export const triggerJobHandlers: Record<string, JobHandler> = {
  [SCHEDULED_TRIGGERS_JOB]: scheduledTriggersJob,
};

/** The last hour each database was scheduled for by this process: the scheduler runs every minute. */
const scheduledHour = new WeakMap<Db, number>();

/**
 * Enqueues one trigger sweep per program per hour. The dedupe key is the hour, so any number of schedulers
 * (server replicas, workers) enqueue each sweep once; each local day is swept 24 times, and a rule fires once per
 * member and period whichever sweep gets there first.
 */
export async function scheduleTriggerJobs(db: Db, now: Date): Promise<void> {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (scheduledHour.get(db) === hour) return;
  for (const program of await listAllPrograms(db)) {
    await enqueue(db, {
      kind: SCHEDULED_TRIGGERS_JOB,
      dedupeKey: `${program.id}:${hour}`,
      payload: { tenantId: program.tenantId, programId: program.id },
    });
  }
  scheduledHour.set(db, hour);
}
