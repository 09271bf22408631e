import { type Kysely, sql } from 'kysely';

/**
 * A program can hold out a random share of its members as a control group that no rule rewards, so its reports can
 * measure what the program adds (campaigns hold out their own groups in their documents). Members are assigned by
 * a hash of the program (or campaign) id and the member id, so no assignment is stored and none can drift.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE programs ADD COLUMN holdout_percent double precision NOT NULL DEFAULT 0
    CHECK (holdout_percent >= 0 AND holdout_percent <= 50)`.execute(db);
}
