import { type Kysely, sql } from 'kysely';

/**
 * The member portal: one-time sign-in codes sent by email, member sessions, and referrals.
 *
 * `portal_codes` keeps only a salted SHA-256 of each 6-digit code; rows stay for a while after use because the
 * per-email rate limit counts them. `member_sessions` stores the SHA-256 of the `tms_` secret, like API keys.
 * `portal_referral_codes` gives each member one stable code for their referral link, unique in the program;
 * `portal_referrals` records who brought whom (a member is referred at most once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_codes (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      email text NOT NULL,
      salt text NOT NULL,
      code_hash text NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      invalidated_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX portal_codes_email ON portal_codes (program_id, email, created_at DESC)`.execute(db);
  await sql`CREATE INDEX portal_codes_created ON portal_codes (created_at)`.execute(db);

  await sql`
    CREATE TABLE member_sessions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_seen_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX member_sessions_member ON member_sessions (member_id)`.execute(db);
  await sql`CREATE INDEX member_sessions_expires ON member_sessions (expires_at)`.execute(db);

  await sql`
    CREATE TABLE portal_referral_codes (
      member_id uuid PRIMARY KEY REFERENCES members(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE portal_referrals (
      referred_member_id uuid PRIMARY KEY REFERENCES members(id),
      referrer_member_id uuid NOT NULL REFERENCES members(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX portal_referrals_referrer ON portal_referrals (referrer_member_id)`.execute(db);
}
