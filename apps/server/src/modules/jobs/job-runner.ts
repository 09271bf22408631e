import type { Db } from '../../db/database.js';
import { claimNext, type Job, markDone, markFailed } from './jobs.repository.js';

export type JobHandler = (db: Db, job: Job) => Promise<void>;

export interface RunLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const LEASE_SECONDS = 300;

/**
 * Runs due jobs until none is left. Handlers must be idempotent: a job whose worker died mid-way is run again
 * once its lease expires, and a failed one is retried with backoff.
 */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  workerId: string,
  log: RunLog,
  limit = 1000,
): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const job = await claimNext(db, workerId, LEASE_SECONDS);
    if (job === undefined) break;
    ran++;
    const handler = handlers[job.kind];
    try {
      if (handler === undefined) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(db, job);
      await markDone(db, job.id);
    } catch (error) {
      const outcome = await markFailed(db, job, error instanceof Error ? error.message : String(error));
      log.error({ err: error, job: job.id, kind: job.kind, attempts: job.attempts, outcome }, 'job failed');
    }
  }
  return ran;
}
