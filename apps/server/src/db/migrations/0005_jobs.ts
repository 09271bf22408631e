import { type Kysely, sql } from 'kysely';

/**
 * A PostgreSQL-backed job queue. Workers claim jobs with FOR UPDATE SKIP LOCKED, so any number of them can run
 * side by side; a claim is a lease (locked_until) that another worker takes over if the first one dies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      dedupe_key text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      run_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (kind, dedupe_key)
    )`.execute(db);
  await sql`CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('queued', 'running')`.execute(db);
}
