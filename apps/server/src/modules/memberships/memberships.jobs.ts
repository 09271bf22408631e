import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { runAnnualRewards } from './annual-reward.js';
import { expireMemberships } from './expire-memberships.js';
import { programsWithPlans } from './memberships.repository.js';

export const EXPIRE_JOB = 'memberships.expire';
export const REWARD_JOB = 'memberships.annual-reward';
const MINUTE_MS = 60_000;

const expireJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await expireMemberships(db, tenantId, programId, new Date());
};

/** Credits last year's member rewards of the plans issued this month; idempotent per member and year. */
const rewardJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  const program = await getProgram(db, tenantId, programId);
  const local = DateTime.now().setZone(program.timezone);
  await runAnnualRewards(db, program, local.year - 1, new Date(), local.month);
};

export const membershipJobHandlers: Record<string, JobHandler> = {
  [EXPIRE_JOB]: expireJob,
  [REWARD_JOB]: rewardJob,
};

/**
 * Enqueues the expiry sweep of every program with plans each minute and the member-reward run once a day
 * (deduplicated across processes by minute and by UTC day). The reward run itself checks the issue month.
 */
export async function scheduleMembershipJobs(db: Db, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  const day = now.toISOString().slice(0, 10);
  for (const p of await programsWithPlans(db)) {
    const payload = { tenantId: p.tenantId, programId: p.programId };
    await enqueue(db, { kind: EXPIRE_JOB, dedupeKey: `${p.programId}:${minute}`, payload });
    await enqueue(db, { kind: REWARD_JOB, dedupeKey: `${p.programId}:${day}`, payload });
  }
}
