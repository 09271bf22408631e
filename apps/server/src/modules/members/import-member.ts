import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { normalizeIdentity } from './identity.normalize.js';
import { findIdentityOwner } from './members.repository.js';

/**
 * The member a history import attributes purchases to, found by an `external` identity such as `cdnow:00004`, or
 * created for it. An imported member is history, not a sign-up: it is dated by its first purchase (so tenure and
 * cohorts are right) and no enrolment rules fire (a backfill must not hand out welcome bonuses).
 * Two imports of one file at once are not supported: the identity's unique key makes the slower one fail its batch
 * (nothing of that batch is written), and running it again completes it.
 */
export async function findOrCreateImportedMember(
  db: Db,
  program: Program,
  externalId: string,
  firstSeen: Date,
): Promise<{ id: string; created: boolean }> {
  const identity = normalizeIdentity('external', externalId, program.defaultCountry);
  if (!identity.ok) throw new Error(`customer id ${externalId} ${identity.message}`);
  const owner = await findIdentityOwner(db, program.id, 'external', identity.value);
  if (owner) return { id: owner.member_id, created: false };
  const id = uuidv7();
  const result = await sql<{ member_id: string }>`
    WITH m AS (
      INSERT INTO members (id, tenant_id, program_id, status, attributes, consents, enrollment_channel, created_at,
        updated_at)
      VALUES (${id}::uuid, ${program.tenantId}::uuid, ${program.id}::uuid, 'active', '{}'::jsonb, '{}'::jsonb,
        'import', ${firstSeen}::timestamptz, ${firstSeen}::timestamptz)
      RETURNING id
    )
    INSERT INTO member_identities (id, tenant_id, program_id, member_id, type, value)
    SELECT ${uuidv7()}::uuid, ${program.tenantId}::uuid, ${program.id}::uuid, m.id, 'external', ${identity.value}
    FROM m
    RETURNING member_id`.execute(db);
  const row = result.rows[0];
  if (row === undefined) throw new Error(`could not create the member for ${externalId}`);
  return { id: row.member_id, created: true };
}
