import { type Kysely, sql } from 'kysely';

/**
 * Automatic reward conversion (DSW's "every 100 points become a $5 Reward", The North Face's rewards issued three
 * times a year): a reward may carry `auto_redeem` settings, and a job redeems it for every member whose balance
 * covers it, through the ordinary redemption path. Each redemption now records who made it (`actor`: an API key,
 * or `auto` for the job). `reward_auto_runs` marks a scheduled run (reward and local month) as finished, so a run
 * restricted to some months happens once per month however often the job wakes up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE rewards ADD COLUMN auto_redeem jsonb`.execute(db);
  // The scheduler looks for programs with active automatic rewards every hour; there are few such rows.
  await sql`CREATE INDEX rewards_auto_redeem ON rewards (program_id)
    WHERE auto_redeem IS NOT NULL AND status = 'active'`.execute(db);

  await sql`ALTER TABLE reward_redemptions ADD COLUMN actor text`.execute(db);
  // Existing redemptions were made by whoever posted their debit journal.
  await sql`
    UPDATE reward_redemptions r SET actor = j.actor
    FROM ledger_journals j WHERE j.id = r.debit_journal_id`.execute(db);

  await sql`
    CREATE TABLE reward_auto_runs (
      reward_id uuid NOT NULL REFERENCES rewards(id),
      run_key text NOT NULL,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      members integer NOT NULL CHECK (members >= 0),
      redeemed integer NOT NULL CHECK (redeemed >= 0),
      finished_at timestamptz NOT NULL,
      PRIMARY KEY (reward_id, run_key)
    )`.execute(db);
}
