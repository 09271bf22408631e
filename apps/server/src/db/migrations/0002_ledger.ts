import { type Kysely, sql } from 'kysely';

/**
 * The points ledger: double-entry accounts, append-only journals and entries, lots with expiry, and the record of
 * which lots every debit consumed. Invariants the database itself enforces are stated next to each table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Per-program ledger policy: earn rate, pending period, expiry, returns, holds, transfers.
  await sql`
    CREATE TABLE ledger_policies (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      earn_points integer NOT NULL CHECK (earn_points >= 0),
      earn_per_minor integer NOT NULL CHECK (earn_per_minor > 0),
      earn_rounding text NOT NULL CHECK (earn_rounding IN ('floor', 'round', 'ceil')),
      excluded_skus text[] NOT NULL DEFAULT '{}',
      excluded_categories text[] NOT NULL DEFAULT '{}',
      pending_days integer NOT NULL CHECK (pending_days >= 0),
      expiry_mode text NOT NULL CHECK (expiry_mode IN ('never', 'after_earn', 'inactivity')),
      expiry_days integer NOT NULL DEFAULT 0 CHECK (expiry_days >= 0),
      expiry_months integer NOT NULL DEFAULT 0 CHECK (expiry_months >= 0),
      expiry_round_to text NOT NULL CHECK (expiry_round_to IN ('none', 'month', 'quarter', 'year')),
      return_policy text NOT NULL CHECK (return_policy IN ('negative', 'clip')),
      transfers_allowed boolean NOT NULL,
      hold_ttl_seconds integer NOT NULL CHECK (hold_ttl_seconds > 0),
      claim_window_days integer NOT NULL CHECK (claim_window_days >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // Wallet types a program offers: the main points wallet, extra point wallets (status points, partner sub-ledgers)
  // and money wallets (store credit, cashback) in the program currency's minor units.
  await sql`
    CREATE TABLE ledger_wallet_types (
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      name text NOT NULL,
      unit text NOT NULL,
      PRIMARY KEY (program_id, code)
    )`.execute(db);

  // Member wallet balances are cached here and only ever changed in the transaction that appends the entries they
  // sum: balance = sum(entries) = sum(lot remaining) - debt. Program accounts (issued, redeemed, expired, …) have no
  // lots and no cached balance: every earn would otherwise update one hot row; their balances are sums of entries.
  await sql`
    CREATE TABLE ledger_accounts (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid REFERENCES members(id),
      code text NOT NULL,
      unit text NOT NULL,
      balance bigint NOT NULL DEFAULT 0,
      debt bigint NOT NULL DEFAULT 0 CHECK (debt >= 0),
      last_activity_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (member_id IS NOT NULL OR debt = 0),
      UNIQUE NULLS NOT DISTINCT (program_id, member_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE ledger_journals (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      kind text NOT NULL,
      member_id uuid REFERENCES members(id),
      idempotency_key text,
      reference text,
      reason text,
      actor text,
      explanation text NOT NULL,
      shortfall bigint NOT NULL DEFAULT 0,
      reverses_id uuid REFERENCES ledger_journals(id),
      occurred_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, idempotency_key)
    )`.execute(db);
  await sql`CREATE INDEX ledger_journals_member ON ledger_journals (member_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE ledger_lots (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES ledger_accounts(id),
      journal_id uuid NOT NULL REFERENCES ledger_journals(id),
      amount bigint NOT NULL CHECK (amount > 0),
      remaining bigint NOT NULL,
      earned_at timestamptz NOT NULL,
      available_at timestamptz NOT NULL,
      expires_at timestamptz,
      -- A lot moved by a merge or transfer points at the lot it came from, so a later return still finds its points.
      origin_lot_id uuid REFERENCES ledger_lots(id),
      CHECK (remaining >= 0 AND remaining <= amount)
    )`.execute(db);
  await sql`CREATE INDEX ledger_lots_open ON ledger_lots (account_id, expires_at) WHERE remaining > 0`.execute(
    db,
  );
  await sql`CREATE INDEX ledger_lots_expiring ON ledger_lots (expires_at) WHERE remaining > 0`.execute(db);

  // Every entry belongs to a journal whose entries sum to zero per unit (checked by the ledger and `ledger verify`).
  await sql`
    CREATE TABLE ledger_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      journal_id uuid NOT NULL REFERENCES ledger_journals(id),
      account_id uuid NOT NULL REFERENCES ledger_accounts(id),
      amount bigint NOT NULL CHECK (amount <> 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX ledger_entries_account ON ledger_entries (account_id)`.execute(db);
  await sql`CREATE INDEX ledger_entries_journal ON ledger_entries (journal_id)`.execute(db);

  // How each journal changed each lot: negative consumed, positive restored. lot.remaining = amount + sum(these).
  await sql`
    CREATE TABLE ledger_lot_movements (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      journal_id uuid NOT NULL REFERENCES ledger_journals(id),
      lot_id uuid NOT NULL REFERENCES ledger_lots(id),
      amount bigint NOT NULL CHECK (amount <> 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX ledger_lot_movements_journal ON ledger_lot_movements (journal_id)`.execute(db);
  await sql`CREATE INDEX ledger_lot_movements_lot ON ledger_lot_movements (lot_id)`.execute(db);

  await sql`
    CREATE TABLE ledger_holds (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      account_id uuid NOT NULL REFERENCES ledger_accounts(id),
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL CHECK (status IN ('held', 'captured', 'released', 'expired')),
      reference text,
      hold_journal_id uuid NOT NULL REFERENCES ledger_journals(id),
      settle_journal_id uuid REFERENCES ledger_journals(id),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      settled_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX ledger_holds_open ON ledger_holds (expires_at) WHERE status = 'held'`.execute(db);

  // Append-only: the database refuses to change or remove history, whoever asks.
  await sql`
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  for (const table of ['ledger_journals', 'ledger_entries', 'ledger_lot_movements']) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`.execute(db);
  }
}
