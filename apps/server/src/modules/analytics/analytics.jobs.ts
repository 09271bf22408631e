import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { buildRollups, ROLLUP_EVERY_MINUTES } from './kpis/kpi-rollups.js';
import { refreshProgramMetrics } from './metrics/refresh-metrics.js';

export const REFRESH_JOB = 'analytics.refresh';
export const ROLLUP_JOB = 'analytics.kpi-rollups';
const DAY_MS = 86_400_000;

const refreshJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await refreshProgramMetrics(db, await getProgram(db, tenantId, programId), new Date());
};

const rollupJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await buildRollups(db, await getProgram(db, tenantId, programId));
};

export const analyticsJobHandlers: Record<string, JobHandler> = {
  [REFRESH_JOB]: refreshJob,
  [ROLLUP_JOB]: rollupJob,
};

const scheduledDay = new WeakMap<Db, number>();
const scheduledSlot = new WeakMap<Db, number>();

/** One metrics refresh per program with members per UTC day (deduplicated across processes), and the KPI rollups. */
export async function scheduleAnalyticsJobs(db: Db, now: Date): Promise<void> {
  await scheduleRollups(db, now);
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

/** The KPI rollups of every program with purchases, every ROLLUP_EVERY_MINUTES minutes. */
async function scheduleRollups(db: Db, now: Date): Promise<void> {
  const slot = Math.floor(now.getTime() / (ROLLUP_EVERY_MINUTES * 60_000));
  if (scheduledSlot.get(db) === slot) return;
  const programs = await sql<{ id: string; tenant_id: string }>`
    SELECT p.id, p.tenant_id FROM programs p WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.program_id = p.id)`.execute(
    db,
  );
  for (const p of programs.rows) {
    await enqueue(db, {
      kind: ROLLUP_JOB,
      dedupeKey: `${p.id}:${slot}`,
      payload: { tenantId: p.tenant_id, programId: p.id },
    });
  }
  scheduledSlot.set(db, slot);
}
