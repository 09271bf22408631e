import { type Kysely, sql } from 'kysely';

/**
 * Analytics per member and per program. `member_metrics` is derived data: a refresh recomputes every row of a
 * program from the purchases, ledger, events and redemptions, so it can always be rebuilt and is never the record of
 * anything. `program_models` keeps the last fit of the purchase and spend models and the CLV settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE member_metrics (
      member_id uuid PRIMARY KEY REFERENCES members(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      first_purchase_at timestamptz,
      last_purchase_at timestamptz,
      last_activity_at timestamptz,
      purchases integer NOT NULL,
      purchase_days integer NOT NULL,
      monetary bigint NOT NULL,
      aov bigint NOT NULL,
      points_earned bigint NOT NULL,
      points_spent bigint NOT NULL,
      points_expired bigint NOT NULL,
      redemptions integer NOT NULL,
      events integer NOT NULL,
      engagement_score smallint NOT NULL CHECK (engagement_score BETWEEN 0 AND 100),
      categories jsonb NOT NULL,
      category_count integer NOT NULL,
      preferred_channel text,
      preferred_store text,
      rfm_r smallint,
      rfm_f smallint,
      rfm_m smallint,
      rfm_segment text NOT NULL,
      p_alive double precision,
      expected_purchases_90d double precision,
      clv bigint,
      churn_risk double precision,
      nps smallint,
      avg_rating double precision,
      referrals integer NOT NULL,
      loyalty_type text,
      computed_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX member_metrics_program ON member_metrics (program_id, rfm_segment)`.execute(db);
  await sql`
    CREATE TABLE program_models (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      discount_rate double precision NOT NULL DEFAULT 0.1 CHECK (discount_rate >= 0 AND discount_rate <= 1),
      margin double precision NOT NULL DEFAULT 0.3 CHECK (margin >= 0 AND margin <= 1),
      clv_months integer NOT NULL DEFAULT 12 CHECK (clv_months BETWEEN 1 AND 240),
      fit jsonb,
      fitted_at timestamptz,
      refreshed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
