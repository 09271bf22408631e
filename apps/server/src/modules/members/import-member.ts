import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { normalizeIdentity } from './identity.normalize.js';

/**
 * The members a history import attributes purchases to, found by their `external` identities (e.g. `cdnow:00004`)
 * or created for them, for a whole batch in two statements. An imported member is history, not a sign-up: it is
 * dated by its first purchase (so tenure and cohorts are right) and no enrolment rules fire (a backfill must not hand
 * out welcome bonuses). Two imports of one file at once are not supported: the identity's unique key makes the
 * slower one fail its batch (nothing of that batch is written), and running it again completes it.
 * Returns member id by external id, and how many members were created.
 */
export async function findOrCreateImportedMembers(
  db: Db,
  program: Program,
  firstSeen: Map<string, Date>,
): Promise<{ ids: Map<string, string>; created: number }> {
  const wanted = new Map<string, Date>();
  for (const [externalId, at] of firstSeen) {
    const identity = normalizeIdentity('external', externalId, program.defaultCountry);
    if (!identity.ok) throw new Error(`customer id ${externalId} ${identity.message}`);
    wanted.set(identity.value, at);
  }
  const values = [...wanted.keys()];
  const existing = await sql<{ value: string; member_id: string }>`
    SELECT value, member_id FROM member_identities
    WHERE program_id = ${program.id}::uuid AND type = 'external' AND value = ANY(${values}::text[])`.execute(
    db,
  );
  const ids = new Map(existing.rows.map((r) => [r.value, r.member_id]));
  const missing = values.filter((v) => !ids.has(v));
  if (missing.length > 0) {
    const rows = missing.map((value) => {
      const id = uuidv7();
      ids.set(value, id);
      return sql`(${id}::uuid, ${uuidv7()}::uuid, ${value}::text, ${wanted.get(value) ?? new Date()}::timestamptz)`;
    });
    await sql`
      WITH v(member_id, identity_id, value, at) AS (VALUES ${sql.join(rows)}),
      m AS (
        INSERT INTO members (id, tenant_id, program_id, status, attributes, consents, enrollment_channel, created_at,
          updated_at)
        SELECT member_id, ${program.tenantId}::uuid, ${program.id}::uuid, 'active', '{}'::jsonb, '{}'::jsonb, 'import',
          at, at FROM v
        RETURNING id
      )
      INSERT INTO member_identities (id, tenant_id, program_id, member_id, type, value)
      SELECT v.identity_id, ${program.tenantId}::uuid, ${program.id}::uuid, m.id, 'external', v.value
      FROM v JOIN m ON m.id = v.member_id`.execute(db);
  }
  const byExternal = new Map<string, string>();
  for (const externalId of firstSeen.keys()) {
    const identity = normalizeIdentity('external', externalId, program.defaultCountry);
    const id = identity.ok ? ids.get(identity.value) : undefined;
    if (id) byExternal.set(externalId, id);
  }
  return { ids: byExternal, created: missing.length };
}
