import { type Kysely, sql } from 'kysely';

/**
 * Coalition partners: merchants that earn and burn the program's points with their own API keys. Their earn rate
 * is an ordinary rule (a system campaign per partner), so this table only keeps what settlement needs: the agreed
 * value of a point issued at the partner and of a point redeemed there, each as minor units per N points.
 * Journals a partner causes carry its id, so the settlement report is a plain sum over ledger entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partners (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
      earn_points integer NOT NULL CHECK (earn_points >= 0),
      earn_per_minor integer NOT NULL CHECK (earn_per_minor > 0),
      earn_rounding text NOT NULL CHECK (earn_rounding IN ('floor', 'round', 'ceil')),
      issue_value_minor integer NOT NULL CHECK (issue_value_minor >= 0),
      issue_value_points integer NOT NULL CHECK (issue_value_points > 0),
      redeem_value_minor integer NOT NULL CHECK (redeem_value_minor >= 0),
      redeem_value_points integer NOT NULL CHECK (redeem_value_points > 0),
      campaign_id uuid REFERENCES campaigns(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, code)
    )`.execute(db);
  await sql`CREATE INDEX partners_tenant ON partners (tenant_id, program_id)`.execute(db);
  await sql`ALTER TABLE api_keys ADD COLUMN partner_id uuid REFERENCES partners(id)`.execute(db);
  await sql`ALTER TABLE transactions ADD COLUMN partner_id uuid REFERENCES partners(id)`.execute(db);
  await sql`CREATE INDEX transactions_partner ON transactions (partner_id, occurred_at) WHERE partner_id IS NOT NULL`.execute(
    db,
  );
  await sql`ALTER TABLE ledger_journals ADD COLUMN partner_id uuid REFERENCES partners(id)`.execute(db);
  // Settlement reads a partner's journals by time; most journals have no partner, so the index stays small.
  await sql`CREATE INDEX ledger_journals_partner ON ledger_journals (program_id, partner_id, occurred_at)
    WHERE partner_id IS NOT NULL`.execute(db);
}
