import { type Kysely, sql } from 'kysely';

/**
 * Coupon series (campaign-level definitions with bulk generation progress), multi-use terms and scoping on each
 * coupon, and the checkout records: reservations with a TTL and redemptions keyed by order. Codes become unique per
 * tenant instead of globally, so one brand importing a code can never learn that another brand uses it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE coupon_series (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid REFERENCES members(id),
      name text NOT NULL,
      discount_type text NOT NULL CHECK (discount_type IN ('percent', 'amount')),
      discount_value bigint NOT NULL CHECK (discount_value > 0),
      min_spend bigint NOT NULL DEFAULT 0 CHECK (min_spend >= 0),
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NOT NULL,
      max_redemptions integer CHECK (max_redemptions > 0),
      max_per_member integer CHECK (max_per_member > 0),
      skus text[] NOT NULL DEFAULT '{}',
      categories text[] NOT NULL DEFAULT '{}',
      generate_total integer NOT NULL DEFAULT 0,
      generated integer NOT NULL DEFAULT 0,
      imported integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_until > valid_from),
      CHECK (generated <= generate_total)
    )`.execute(db);
  await sql`CREATE INDEX coupon_series_tenant ON coupon_series (tenant_id, created_at)`.execute(db);

  await sql`ALTER TABLE coupons DROP CONSTRAINT coupons_code_key`.execute(db);
  await sql`CREATE UNIQUE INDEX coupons_tenant_code ON coupons (tenant_id, code)`.execute(db);
  // Existing coupons (issued by rules) keep their meaning: single use, every item, no per-member cap.
  await sql`
    ALTER TABLE coupons
      ADD COLUMN series_id uuid REFERENCES coupon_series(id),
      ADD COLUMN max_redemptions integer DEFAULT 1 CHECK (max_redemptions > 0),
      ADD COLUMN max_per_member integer CHECK (max_per_member > 0),
      ADD COLUMN skus text[] NOT NULL DEFAULT '{}',
      ADD COLUMN categories text[] NOT NULL DEFAULT '{}',
      ADD COLUMN redemptions integer NOT NULL DEFAULT 0 CHECK (redemptions >= 0)`.execute(db);
  await sql`CREATE INDEX coupons_series ON coupons (series_id) WHERE series_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE coupon_reservations (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      coupon_id uuid NOT NULL REFERENCES coupons(id),
      member_id uuid REFERENCES members(id),
      checkout_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'released', 'expired', 'redeemed')),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX coupon_reservations_active ON coupon_reservations (coupon_id) WHERE status = 'active'`.execute(
    db,
  );
  await sql`CREATE INDEX coupon_reservations_expiry ON coupon_reservations (expires_at) WHERE status = 'active'`.execute(
    db,
  );

  await sql`
    CREATE TABLE coupon_redemptions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      coupon_id uuid NOT NULL REFERENCES coupons(id),
      member_id uuid REFERENCES members(id),
      order_id text NOT NULL,
      reservation_id uuid REFERENCES coupon_reservations(id),
      discount bigint NOT NULL CHECK (discount >= 0),
      lines jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('redeemed', 'reversed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      reversed_at timestamptz
    )`.execute(db);
  // One live redemption per coupon and order: the idempotency of redeem. A reversed one frees the order to redeem again.
  await sql`
    CREATE UNIQUE INDEX coupon_redemptions_order ON coupon_redemptions (coupon_id, order_id)
      WHERE status = 'redeemed'`.execute(db);
  await sql`CREATE INDEX coupon_redemptions_tenant_order ON coupon_redemptions (tenant_id, order_id)`.execute(
    db,
  );
  await sql`
    CREATE INDEX coupon_redemptions_member ON coupon_redemptions (coupon_id, member_id)
      WHERE status = 'redeemed'`.execute(db);
}
