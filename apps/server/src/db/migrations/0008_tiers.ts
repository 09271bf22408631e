import { type Kysely, sql } from 'kysely';

/**
 * Tiers: one tier set (the definitions, as one document) per program, each member's current tier, the history of
 * tier changes, the qualifying activity tiers count (spend, qualifying points, purchases; returns as negative rows
 * dated like the purchase they return), and recompute runs with their progress.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tier_sets (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      version integer NOT NULL,
      document jsonb NOT NULL,
      benefits_campaign_id uuid,
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE member_tiers (
      member_id uuid PRIMARY KEY REFERENCES members(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      tier_code text NOT NULL,
      since timestamptz,
      review_at timestamptz,
      grace_until timestamptz,
      manual boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The period-end job looks for statuses (or grace periods) that ran out.
  await sql`CREATE INDEX member_tiers_due ON member_tiers (program_id, (coalesce(grace_until, review_at)))
    WHERE NOT manual AND review_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE tier_history (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      from_tier text,
      to_tier text NOT NULL,
      reason text NOT NULL,
      actor text,
      at timestamptz NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    )`.execute(db);
  await sql`CREATE INDEX tier_history_member ON tier_history (member_id, at)`.execute(db);

  await sql`
    CREATE TABLE tier_activity (
      id bigserial PRIMARY KEY,
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      reference text NOT NULL,
      occurred_at timestamptz NOT NULL,
      spend bigint NOT NULL,
      points bigint NOT NULL,
      purchases integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, reference)
    )`.execute(db);
  await sql`CREATE INDEX tier_activity_member ON tier_activity (member_id, occurred_at)`.execute(db);

  await sql`
    CREATE TABLE tier_recomputes (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      tier_set_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      total integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      changed integer NOT NULL DEFAULT 0,
      last_member_id uuid,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);

  // History recorded before tiers existed counts: programs that launch tiers later place members by it.
  await sql`
    INSERT INTO tier_activity (program_id, member_id, reference, occurred_at, spend, points, purchases)
    SELECT t.program_id, t.member_id, 'purchase:' || t.id, t.occurred_at, t.total, t.points_awarded, 1
    FROM transactions t WHERE t.member_id IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO tier_activity (program_id, member_id, reference, occurred_at, spend, points, purchases)
    SELECT t.program_id, t.member_id, 'return:' || r.id, t.occurred_at, -r.amount, -r.points_clawed,
      CASE WHEN r.id = (SELECT r2.id FROM transaction_returns r2 WHERE r2.transaction_id = t.id
                        ORDER BY r2.created_at DESC, r2.id DESC LIMIT 1)
            AND t.returned_amount >= t.total THEN -1 ELSE 0 END
    FROM transaction_returns r JOIN transactions t ON t.id = r.transaction_id
    WHERE t.member_id IS NOT NULL`.execute(db);
}
