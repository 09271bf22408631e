import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/database.js';
import { analyticsJobHandlers, scheduleAnalyticsJobs } from './modules/analytics/analytics.jobs.js';
import { couponJobHandlers, scheduleCouponJobs } from './modules/coupons/coupons.jobs.js';
import { scheduleTriggerJobs, triggerJobHandlers } from './modules/engine/triggers.jobs.js';
import { purgePastUsage } from './modules/engine/usage.repository.js';
import { purgeExpiredKeys } from './modules/idempotency/idempotency.service.js';
import { runDueJobs } from './modules/jobs/job-runner.js';
import { purgeFinished } from './modules/jobs/jobs.repository.js';
import { ledgerJobHandlers, scheduleLedgerJobs } from './modules/ledger/ledger.jobs.js';
import { membershipJobHandlers, scheduleMembershipJobs } from './modules/memberships/memberships.jobs.js';
import { rewardJobHandlers, scheduleRewardJobs } from './modules/rewards/rewards.jobs.js';
import { scheduleSegmentJobs, segmentJobHandlers } from './modules/segments/segments.jobs.js';
import { scheduleTierJobs, tierJobHandlers } from './modules/tiers/tiers.jobs.js';
import { scheduleWebhookJobs, webhookJobHandlers } from './modules/webhooks/webhooks.jobs.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const handlers = {
  ...ledgerJobHandlers,
  ...triggerJobHandlers,
  ...webhookJobHandlers,
  ...couponJobHandlers,
  ...tierJobHandlers,
  ...membershipJobHandlers,
  ...rewardJobHandlers,
  ...analyticsJobHandlers,
  ...segmentJobHandlers,
};

type Log = Pick<FastifyBaseLogger, 'info' | 'error'>;

/** One tick of background work: schedule the periodic sweeps, then run whatever is due. */
export async function runJobsTick(db: Db, log: Log, workerId: string, now = new Date()): Promise<number> {
  await scheduleLedgerJobs(db, now);
  await scheduleTriggerJobs(db, now);
  await scheduleWebhookJobs(db, now);
  await scheduleTierJobs(db, now);
  await scheduleCouponJobs(db, now);
  await scheduleMembershipJobs(db, now);
  await scheduleRewardJobs(db, now);
  await scheduleAnalyticsJobs(db, now);
  await scheduleSegmentJobs(db, now);
  return runDueJobs(db, handlers, workerId, log);
}

async function housekeeping(db: Db, log: Log): Promise<void> {
  const keys = await purgeExpiredKeys(db);
  const jobs = await purgeFinished(db, 7);
  const usage = await purgePastUsage(db, new Date());
  if (keys + jobs + usage > 0) {
    log.info({ keys, jobs, usage }, 'purged expired idempotency keys, finished jobs and past rule usage');
  }
}

/**
 * Background work: expiry of points and holds every minute through the job queue, housekeeping every hour. Every
 * task is idempotent and the queue hands each job to one worker, so running this in several processes at once
 * (server replicas and workers) is safe. Returns a function that stops it once in-flight work has finished.
 */
export function startMaintenance(db: Db, log: Log): () => Promise<void> {
  const workerId = `${hostname()}:${process.pid}`;
  let running = false;
  const guard = (task: () => Promise<unknown>, what: string) => async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (error) {
      log.error({ err: error }, `${what} failed; will retry`);
    } finally {
      running = false;
    }
  };
  const tick = guard(() => runJobsTick(db, log, workerId), 'job tick');
  const hourly = guard(() => housekeeping(db, log), 'housekeeping');
  void hourly().then(tick);
  const timers = [setInterval(tick, MINUTE_MS), setInterval(hourly, HOUR_MS)];
  for (const t of timers) t.unref();
  return async () => {
    for (const t of timers) clearInterval(t);
    while (running) await sleep(20);
  };
}
