import { type Kysely, sql } from 'kysely';

/** Member merges (a duplicate points at its survivor) and the audit log of sensitive operations. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE members ADD COLUMN merged_into uuid REFERENCES members(id)`.execute(db);
  await sql`
    CREATE TABLE audit_log (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX audit_log_tenant ON audit_log (tenant_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id)`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`.execute(db);
}
