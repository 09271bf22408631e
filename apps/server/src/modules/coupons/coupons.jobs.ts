import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { expireReservations } from './coupon-checkout.repository.js';
import { GENERATE_JOB, generateSeriesCodes } from './generate-codes.js';

export const EXPIRE_RESERVATIONS_JOB = 'coupons.expire-reservations';

export const couponJobHandlers: Record<string, JobHandler> = {
  [GENERATE_JOB]: async (db, job) => {
    const seriesId = job.payload.seriesId;
    if (typeof seriesId !== 'string') throw new Error('coupons.generate needs a seriesId');
    await generateSeriesCodes(db, seriesId);
  },
  // Checks already ignore lapsed reservations; this makes their status say so, for reports and the API.
  [EXPIRE_RESERVATIONS_JOB]: async (db) => {
    await expireReservations(db, new Date());
  },
};

/** One expiry pass per minute; the dedupe key is the minute, so replicas enqueue it once. */
export async function scheduleCouponJobs(db: Db, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / 60_000);
  await enqueue(db, { kind: EXPIRE_RESERVATIONS_JOB, dedupeKey: String(minute), payload: {} });
}
