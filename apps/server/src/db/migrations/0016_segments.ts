import { type Kysely, sql } from 'kysely';

/**
 * Member segments. A dynamic segment has a condition and its membership is recomputed set-based; a static one is a
 * list uploaded through the API. `segment_members` is the current membership (who is in, since when),
 * `segment_sizes` one size per segment and local day (sizes over time), `segment_changes` the entries and exits
 * still waiting for their `segment_entered` / `segment_left` rules, and `segment_sweeps` how far each program's
 * changed-member sweep has got.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE segments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      code text NOT NULL,
      name text NOT NULL,
      description text,
      kind text NOT NULL CHECK (kind IN ('dynamic', 'static')),
      condition jsonb,
      size integer NOT NULL DEFAULT 0,
      computed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (program_id, code),
      CHECK ((kind = 'dynamic') = (condition IS NOT NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE segment_members (
      segment_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      member_id uuid NOT NULL REFERENCES members(id),
      since timestamptz NOT NULL,
      PRIMARY KEY (segment_id, member_id)
    )`.execute(db);
  await sql`CREATE INDEX segment_members_member ON segment_members (member_id)`.execute(db);
  await sql`
    CREATE TABLE segment_sizes (
      segment_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      day date NOT NULL,
      size integer NOT NULL,
      PRIMARY KEY (segment_id, day)
    )`.execute(db);
  // No foreign key to segments: an entry stays due for its rules even if the segment is deleted meanwhile.
  await sql`
    CREATE TABLE segment_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      segment_code text NOT NULL,
      member_id uuid NOT NULL REFERENCES members(id),
      change text NOT NULL CHECK (change IN ('entered', 'left')),
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX segment_changes_program ON segment_changes (program_id, id)`.execute(db);
  await sql`
    CREATE TABLE segment_sweeps (
      program_id uuid PRIMARY KEY REFERENCES programs(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      members_seen_until timestamptz NOT NULL
    )`.execute(db);
}
