import { type Kysely, sql } from 'kysely';

/**
 * Rewards catalog: the rewards a program offers for points (with their price list, stock, limits, validity and
 * eligibility), every redemption with the ledger journal that paid it and the artefact it produced, and fulfilment
 * records for rewards that are delivered outside the ledger (physical items, experiences, charity donations).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rewards (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      name text NOT NULL,
      description text,
      type text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'inactive')),
      cost integer NOT NULL CHECK (cost > 0),
      wallet text NOT NULL DEFAULT 'points',
      prices jsonb NOT NULL DEFAULT '[]',
      value jsonb NOT NULL DEFAULT '{}',
      stock_total integer CHECK (stock_total >= 0),
      stock_used integer NOT NULL DEFAULT 0 CHECK (stock_used >= 0),
      member_limit jsonb,
      period_limit jsonb,
      valid_from timestamptz,
      valid_until timestamptz,
      eligibility jsonb NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- The stock can never be oversold: the redemption increments stock_used under the row lock, and this holds.
      CHECK (stock_total IS NULL OR stock_used <= stock_total)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX rewards_program_code ON rewards (program_id, code)`.execute(db);

  await sql`
    CREATE TABLE reward_redemptions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      reward_id uuid NOT NULL REFERENCES rewards(id),
      member_id uuid NOT NULL REFERENCES members(id),
      reference text NOT NULL,
      status text NOT NULL CHECK (status IN ('issued', 'cancelled')),
      cost integer NOT NULL CHECK (cost > 0),
      wallet text NOT NULL,
      debit_journal_id uuid NOT NULL,
      restore_journal_id uuid,
      coupon_id uuid,
      credit_journal_id uuid,
      credit_wallet text,
      credit_amount bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz
    )`.execute(db);
  // The redemption reference is the business key a retry carries: one redemption per reference and program.
  await sql`CREATE UNIQUE INDEX reward_redemptions_reference ON reward_redemptions (program_id, reference)`.execute(
    db,
  );
  // Limits count a member's live redemptions of one reward since a period start.
  await sql`CREATE INDEX reward_redemptions_member ON reward_redemptions (reward_id, member_id, created_at)
    WHERE status = 'issued'`.execute(db);
  await sql`CREATE INDEX reward_redemptions_reward ON reward_redemptions (reward_id, created_at)
    WHERE status = 'issued'`.execute(db);

  await sql`
    CREATE TABLE reward_fulfilments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      redemption_id uuid NOT NULL UNIQUE REFERENCES reward_redemptions(id),
      kind text NOT NULL CHECK (kind IN ('physical', 'experience', 'charity')),
      status text NOT NULL CHECK (status IN ('ordered', 'shipped', 'delivered', 'cancelled')),
      details jsonb NOT NULL DEFAULT '{}',
      history jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
