import { type Kysely, sql } from 'kysely';

/**
 * Rollups behind the KPI dashboard for long ranges, rebuilt from the purchases, events, members and ledger by a job.
 * Months are counted from January 2000 in the program's time zone; bit i of a member's masks is month i, so the
 * distinct-member figures of any run of whole months are exact: bought in it ⟺ a purchase bit in the range; bought
 * twice ⟺ two purchase bits, or one month with two purchases (`multi_months`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_member_months (
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL,
      purchase_months bit(512) NOT NULL,
      multi_months bit(512) NOT NULL,
      active_months bit(512) NOT NULL,
      PRIMARY KEY (program_id, member_id)
    )`.execute(db);
  await sql`
    CREATE TABLE kpi_months (
      program_id uuid NOT NULL REFERENCES programs(id),
      month integer NOT NULL,
      purchases bigint NOT NULL,
      member_purchases bigint NOT NULL,
      revenue bigint NOT NULL,
      member_revenue bigint NOT NULL,
      buyers integer NOT NULL,
      repeat_buyers integer NOT NULL,
      active_members integer NOT NULL,
      new_members integer NOT NULL,
      points_earned bigint NOT NULL,
      points_redeemed bigint NOT NULL,
      points_expired bigint NOT NULL,
      PRIMARY KEY (program_id, month)
    )`.execute(db);
  await sql`
    CREATE TABLE kpi_rollups (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      built_at timestamptz NOT NULL,
      seconds double precision NOT NULL
    )`.execute(db);
}
