import { type Kysely, sql } from 'kysely';

/**
 * Foundation: tenants, programs, API keys, members, identities, idempotency keys.
 * Every tenant-owned row carries tenant_id so that every query can (and must) be scoped by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // At most one default tenant: the one BOOTSTRAP_API_KEY and single-brand installs use.
  await sql`CREATE UNIQUE INDEX tenants_one_default ON tenants (is_default) WHERE is_default`.execute(db);

  await sql`
    CREATE TABLE programs (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      slug text NOT NULL,
      name text NOT NULL,
      currency char(3) NOT NULL,
      timezone text NOT NULL,
      point_name text NOT NULL,
      point_value_minor integer NOT NULL CHECK (point_value_minor >= 0),
      point_value_points integer NOT NULL CHECK (point_value_points > 0),
      default_country char(2),
      attribute_schema jsonb NOT NULL DEFAULT '[]'::jsonb,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX programs_one_default ON programs (tenant_id) WHERE is_default`.execute(db);

  await sql`
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      name text NOT NULL,
      scope text NOT NULL CHECK (scope IN ('server', 'publishable')),
      prefix text NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE members (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      status text NOT NULL CHECK (status IN ('active', 'blocked', 'deleted')),
      first_name text,
      last_name text,
      email text,
      phone text,
      birth_date date,
      locale text,
      address jsonb,
      attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
      consents jsonb NOT NULL DEFAULT '{}'::jsonb,
      enrollment_channel text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    )`.execute(db);
  // Keyset pagination walks (program, id desc); ids are time-ordered UUIDv7.
  await sql`CREATE INDEX members_program_id ON members (tenant_id, program_id, id DESC)`.execute(db);
  await sql`CREATE INDEX members_program_created ON members (tenant_id, program_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE member_identities (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      member_id uuid NOT NULL REFERENCES members(id),
      type text NOT NULL,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, type, value)
    )`.execute(db);
  await sql`CREATE INDEX member_identities_member ON member_identities (member_id)`.execute(db);

  await sql`
    CREATE TABLE idempotency_keys (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NOT NULL,
      response_body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`.execute(db);
}
