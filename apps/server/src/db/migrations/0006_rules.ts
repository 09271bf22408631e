import { type Kysely, sql } from 'kysely';

/**
 * Rules engine: campaigns with immutable published versions, limit and budget usage counters, scheduled-trigger
 * firings, custom event types and events, member tags, coupons issued by rules, and a transactional outbox. Ledger
 * entries gain the rule version that produced them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campaigns (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      kind text NOT NULL CHECK (kind IN ('standard', 'base')),
      name text NOT NULL,
      description text,
      status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'active', 'paused', 'ended')),
      draft jsonb NOT NULL,
      current_version integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX campaigns_program ON campaigns (program_id, status)`.execute(db);
  // One default earn rule per program.
  await sql`CREATE UNIQUE INDEX campaigns_one_base ON campaigns (program_id) WHERE kind = 'base'`.execute(db);

  await sql`
    CREATE TABLE campaign_versions (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES campaigns(id),
      version integer NOT NULL,
      document jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      published_by text,
      UNIQUE (campaign_id, version)
    )`.execute(db);
  // A published version is what ledger entries point at: it never changes.
  await sql`
    CREATE TRIGGER campaign_versions_immutable BEFORE UPDATE OR DELETE ON campaign_versions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE campaign_status_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES campaigns(id),
      status text NOT NULL,
      changed_at timestamptz NOT NULL,
      actor text
    )`.execute(db);
  await sql`CREATE INDEX campaign_status_changes_campaign ON campaign_status_changes (campaign_id, changed_at)`.execute(
    db,
  );

  // Limit and budget usage by key (see the rules module's periods); updated under row lock with the points they cap.
  await sql`
    CREATE TABLE rule_usage (
      program_id uuid NOT NULL REFERENCES programs(id),
      key text NOT NULL,
      count bigint NOT NULL DEFAULT 0,
      points bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (program_id, key)
    )`.execute(db);

  // A scheduled trigger fires once per member, rule and period, whatever the job runner does.
  await sql`
    CREATE TABLE trigger_firings (
      program_id uuid NOT NULL REFERENCES programs(id),
      campaign_id uuid NOT NULL REFERENCES campaigns(id),
      rule_key text NOT NULL,
      member_id uuid NOT NULL REFERENCES members(id),
      period text NOT NULL,
      fired_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (campaign_id, rule_key, member_id, period)
    )`.execute(db);

  await sql`
    CREATE TABLE event_types (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      type text NOT NULL,
      name text NOT NULL,
      description text,
      schema jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, type)
    )`.execute(db);

  await sql`
    CREATE TABLE events (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      type text NOT NULL,
      external_id text NOT NULL,
      request_hash text NOT NULL,
      occurred_at timestamptz NOT NULL,
      properties jsonb NOT NULL,
      points_awarded bigint NOT NULL DEFAULT 0,
      journal_id uuid REFERENCES ledger_journals(id),
      effects jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, external_id)
    )`.execute(db);
  await sql`CREATE INDEX events_member ON events (member_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX events_program_time ON events (program_id, occurred_at)`.execute(db);

  await sql`ALTER TABLE transactions ADD COLUMN effects jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);
  await sql`CREATE INDEX transactions_program_time ON transactions (program_id, occurred_at)`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    ALTER TABLE ledger_entries
      ADD COLUMN campaign_version_id uuid REFERENCES campaign_versions(id),
      ADD COLUMN rule_key text`.execute(db);

  await sql`
    CREATE TABLE coupons (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid REFERENCES members(id),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      discount_type text NOT NULL CHECK (discount_type IN ('percent', 'amount')),
      discount_value bigint NOT NULL CHECK (discount_value > 0),
      min_spend bigint NOT NULL DEFAULT 0,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('issued', 'redeemed', 'void')),
      source text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX coupons_member ON coupons (member_id, created_at)`.execute(db);

  // Side effects (webhooks) are recorded here in the transaction that causes them and delivered afterwards.
  await sql`
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid REFERENCES programs(id),
      type text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX outbox_undelivered ON outbox (id) WHERE delivered_at IS NULL`.execute(db);
}
