import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { dispatchWebhooks } from './dispatch.js';

export const DISPATCH_JOB = 'webhooks.dispatch';

export const webhookJobHandlers: Record<string, JobHandler> = {
  [DISPATCH_JOB]: async (db) => {
    await dispatchWebhooks(db, new Date());
  },
};

/** One dispatch pass per minute; the dedupe key is the minute, so replicas enqueue it once. */
export async function scheduleWebhookJobs(db: Db, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / 60_000);
  await enqueue(db, { kind: DISPATCH_JOB, dedupeKey: String(minute), payload: {} });
}
