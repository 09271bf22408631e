import { type Kysely, sql } from 'kysely';

/**
 * Console sign-in: the people who run a tenant's programs (with a role each) and their sessions. Emails are kept
 * lowercased so uniqueness and sign-in ignore case. Sessions store only the SHA-256 of their secret, like API keys.
 * The audit log gains a keyset index for the console's audit page (newest first, per tenant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE admin_users (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      email text NOT NULL CHECK (email = lower(email)),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'marketer', 'support', 'analyst')),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz,
      disabled_at timestamptz,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      UNIQUE (tenant_id, email)
    )`.execute(db);
  await sql`CREATE INDEX admin_users_email ON admin_users (email)`.execute(db);
  await sql`
    CREATE TABLE admin_sessions (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      user_id uuid NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_seen_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX admin_sessions_user ON admin_sessions (user_id)`.execute(db);
  await sql`CREATE INDEX audit_log_tenant_id ON audit_log (tenant_id, id DESC)`.execute(db);
}
