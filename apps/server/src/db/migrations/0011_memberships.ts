import { type Kysely, sql } from 'kysely';

/**
 * Paid memberships: plans per program (price, period, trial, benefits, an optional annual member reward), each
 * member's memberships with their state and current period, the history of every state change, the payments
 * recorded against them (paid outside Tessera), the annual rewards credited (one per member per year), and the
 * system campaign that carries the plans' earn multipliers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE membership_plans (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      name text NOT NULL,
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency text NOT NULL,
      period text NOT NULL CHECK (period IN ('month', 'year', 'lifetime')),
      trial_days integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
      benefits jsonb NOT NULL DEFAULT '{}',
      annual_reward jsonb,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE memberships (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      plan_id uuid NOT NULL REFERENCES membership_plans(id),
      status text NOT NULL CHECK (status IN ('trialing', 'active', 'cancelled', 'expired')),
      started_at timestamptz NOT NULL,
      trial_ends_at timestamptz,
      current_period_start timestamptz NOT NULL,
      current_period_end timestamptz,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      cancelled_at timestamptz,
      ended_at timestamptz,
      granted_tier text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One live membership per member: a second subscribe is refused, concurrent ones included.
  await sql`CREATE UNIQUE INDEX memberships_one_live ON memberships (member_id)
    WHERE status IN ('trialing', 'active')`.execute(db);
  // The expiry job looks for live memberships whose period ran out.
  await sql`CREATE INDEX memberships_due ON memberships (program_id, current_period_end)
    WHERE status IN ('trialing', 'active')`.execute(db);

  await sql`
    CREATE TABLE membership_history (
      id uuid PRIMARY KEY,
      membership_id uuid NOT NULL REFERENCES memberships(id),
      member_id uuid NOT NULL REFERENCES members(id),
      event text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      period_end timestamptz,
      actor text,
      at timestamptz NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    )`.execute(db);
  await sql`CREATE INDEX membership_history_membership ON membership_history (membership_id, at)`.execute(db);

  await sql`
    CREATE TABLE membership_payments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      membership_id uuid NOT NULL REFERENCES memberships(id),
      external_id text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency text NOT NULL,
      paid_at timestamptz NOT NULL,
      period_start timestamptz,
      period_end timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, external_id)
    )`.execute(db);

  await sql`
    CREATE TABLE membership_rewards (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      membership_id uuid NOT NULL REFERENCES memberships(id),
      member_id uuid NOT NULL REFERENCES members(id),
      year integer NOT NULL,
      eligible_minor bigint NOT NULL,
      percent numeric(5, 2) NOT NULL,
      amount_minor bigint NOT NULL,
      wallet text NOT NULL,
      journal_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, member_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE membership_settings (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      benefits_campaign_id uuid
    )`.execute(db);
}
