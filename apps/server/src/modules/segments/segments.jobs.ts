import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { recomputeProgramSegments, sweepChangedMembers } from './recompute.js';
import { fireSegmentTriggers } from './segment-triggers.js';

export const RECOMPUTE_JOB = 'segments.recompute';
export const SWEEP_JOB = 'segments.sweep';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

type Payload = { tenantId: string; programId: string };

/** Every segment of the program, recomputed in full (dynamic: the condition; static: deleted members dropped). */
const recomputeJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as Payload;
  await recomputeProgramSegments(db, await getProgram(db, tenantId, programId), new Date());
};

/**
 * The changed members' segments, then the queued segment triggers. Failed firings fail the job, so it is retried
 * with backoff; the rows that fired are gone from the queue and are not fired again.
 */
const sweepJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as Payload;
  const program = await getProgram(db, tenantId, programId);
  await sweepChangedMembers(db, program, new Date());
  const run = await fireSegmentTriggers(db, program);
  if (run.failed > 0)
    throw new Error(`${run.failed} segment trigger firings failed: ${run.errors.join('; ')}`);
};

export const segmentJobHandlers: Record<string, JobHandler> = {
  [RECOMPUTE_JOB]: recomputeJob,
  [SWEEP_JOB]: sweepJob,
};

async function programsWithSegments(db: Db, kind?: 'dynamic') {
  const rows = await sql<{ program_id: string; tenant_id: string }>`
    SELECT DISTINCT program_id, tenant_id FROM segments
    WHERE ${kind === undefined ? sql`true` : sql`kind = ${kind}`}`.execute(db);
  return rows.rows;
}

const scheduledHour = new WeakMap<Db, number>();

/**
 * Per program with segments: a sweep of changed members and queued triggers every minute, and a full recompute of
 * the programs with dynamic segments every hour. Dedupe keys are the minute and the hour, so any number of
 * schedulers enqueue each once.
 */
export async function scheduleSegmentJobs(db: Db, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  for (const p of await programsWithSegments(db)) {
    await enqueue(db, {
      kind: SWEEP_JOB,
      dedupeKey: `${p.program_id}:${minute}`,
      payload: { tenantId: p.tenant_id, programId: p.program_id },
    });
  }
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (scheduledHour.get(db) === hour) return;
  for (const p of await programsWithSegments(db, 'dynamic')) {
    await enqueue(db, {
      kind: RECOMPUTE_JOB,
      dedupeKey: `${p.program_id}:${hour}`,
      payload: { tenantId: p.tenant_id, programId: p.program_id },
    });
  }
  scheduledHour.set(db, hour);
}
