import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';

export interface Job {
  id: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Enqueues a job unless one with the same kind and dedupe key exists (so schedulers can enqueue repeatedly). */
export async function enqueue(
  db: Db,
  job: {
    kind: string;
    dedupeKey: string;
    payload?: Record<string, unknown>;
    runAt?: Date;
    maxAttempts?: number;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('jobs')
    .values({
      id: uuidv7(),
      kind: job.kind,
      dedupe_key: job.dedupeKey,
      payload: JSON.stringify(job.payload ?? {}),
      status: 'queued',
      run_at: job.runAt ?? new Date(),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.columns(['kind', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims the next due job for `leaseSeconds`: a queued one, or a running one whose lease ran out (its worker died).
 * SKIP LOCKED lets concurrent workers claim different jobs without waiting on each other.
 */
export async function claimNext(db: Db, workerId: string, leaseSeconds: number): Promise<Job | undefined> {
  const result = await sql<{
    id: string;
    kind: string;
    dedupe_key: string;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
  }>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = (
      SELECT id FROM jobs
      WHERE run_at <= now()
        AND (status = 'queued' OR (status = 'running' AND locked_until < now()))
      ORDER BY run_at, id
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, kind, dedupe_key, payload, attempts, max_attempts`.execute(db);
  const row = result.rows[0];
  return row
    ? {
        id: row.id,
        kind: row.kind,
        dedupeKey: row.dedupe_key,
        payload: row.payload,
        attempts: Number(row.attempts),
        maxAttempts: Number(row.max_attempts),
      }
    : undefined;
}

export async function markDone(db: Db, id: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: new Date(), locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Schedules a retry with exponential backoff (2^attempts seconds, capped at an hour), or gives up. */
export async function markFailed(db: Db, job: Job, error: string): Promise<'retry' | 'failed'> {
  const giveUp = job.attempts >= job.maxAttempts;
  const delay = Math.min(3600, 2 ** job.attempts);
  await db
    .updateTable('jobs')
    .set({
      status: giveUp ? 'failed' : 'queued',
      run_at: giveUp ? undefined : new Date(Date.now() + delay * 1000),
      finished_at: giveUp ? new Date() : null,
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
    })
    .where('id', '=', job.id)
    .execute();
  return giveUp ? 'failed' : 'retry';
}

/** Keeps the table small: finished jobs older than `days` are removed. */
export async function purgeFinished(db: Db, days: number): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', new Date(Date.now() - days * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
