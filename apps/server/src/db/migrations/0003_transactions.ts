import { type Kysely, sql } from 'kysely';

/**
 * Purchases and returns. A purchase's points live in the ledger; here we keep what was bought, what each line
 * earned and how much of it has been returned, so that returns can never claw back more than their items earned.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE transactions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid REFERENCES members(id),
      external_id text NOT NULL,
      request_hash text NOT NULL,
      occurred_at timestamptz NOT NULL,
      channel text,
      store_id text,
      currency char(3) NOT NULL,
      subtotal bigint NOT NULL,
      discount_total bigint NOT NULL,
      total bigint NOT NULL,
      payment_method text,
      points_awarded bigint NOT NULL DEFAULT 0,
      points_clawed bigint NOT NULL DEFAULT 0,
      returned_amount bigint NOT NULL DEFAULT 0,
      earn_journal_id uuid,
      claimed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, external_id),
      CHECK (points_clawed >= 0 AND points_clawed <= points_awarded),
      CHECK (returned_amount >= 0 AND returned_amount <= total)
    )`.execute(db);
  await sql`CREATE INDEX transactions_member ON transactions (member_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX transactions_unclaimed ON transactions (program_id, occurred_at) WHERE member_id IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE transaction_lines (
      transaction_id uuid NOT NULL REFERENCES transactions(id),
      line_no integer NOT NULL,
      sku text NOT NULL,
      name text,
      category text,
      brand text,
      quantity integer NOT NULL CHECK (quantity > 0),
      unit_price bigint NOT NULL CHECK (unit_price >= 0),
      discount bigint NOT NULL CHECK (discount >= 0),
      net bigint NOT NULL CHECK (net >= 0),
      eligible boolean NOT NULL,
      points bigint NOT NULL DEFAULT 0,
      explanation text NOT NULL,
      returned_quantity integer NOT NULL DEFAULT 0,
      clawed_points bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (transaction_id, line_no),
      CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
      CHECK (clawed_points >= 0 AND clawed_points <= points)
    )`.execute(db);

  await sql`
    CREATE TABLE transaction_returns (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      transaction_id uuid NOT NULL REFERENCES transactions(id),
      external_id text NOT NULL,
      request_hash text NOT NULL,
      items jsonb NOT NULL,
      amount bigint NOT NULL,
      points_clawed bigint NOT NULL,
      breakdown jsonb NOT NULL,
      journal_id uuid,
      explanation text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, external_id)
    )`.execute(db);
  await sql`CREATE INDEX transaction_returns_tx ON transaction_returns (transaction_id, created_at)`.execute(
    db,
  );
}
