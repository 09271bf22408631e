import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { refreshProgramMetrics } from './metrics/refresh-metrics.js';

export const REFRESH_JOB = 'analytics.refresh';
const DAY_MS = 86_400_000;

const refreshJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await refreshProgramMetrics(db, await getProgram(db, tenantId, programId), new Date());
};

export const analyticsJobHandlers: Record<string, JobHandler> = { [REFRESH_JOB]: refreshJob };

const scheduledDay = new WeakMap<Db, number>();

/** One metrics refresh per program with members per UTC day, deduplicated across processes by the day. */
export async function scheduleAnalyticsJobs(db: Db, now: Date): Promise<void> {
  const day = Math.floor(now.getTime() / DAY_MS);
  if (scheduledDay.get(db) === day) return;
  const programs = await sql<{ id: string; tenant_id: string }>`
    SELECT p.id, p.tenant_id FROM programs p WHERE EXISTS (SELECT 1 FROM members m WHERE m.program_id = p.id)`.execute(
    db,
  );
  for (const p of programs.rows) {
    await enqueue(db, {
      kind: REFRESH_JOB,
      dedupeKey: `${p.id}:${day}`,
      payload: { tenantId: p.tenant_id, programId: p.id },
    });
  }
  scheduledDay.set(db, day);
}
