import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MemberIdentitiesTable, MembersTable } from '../../db/schema.js';

export type MemberRow = Selectable<MembersTable>;
export type IdentityRow = Selectable<MemberIdentitiesTable>;
/** A new member; `created_at` (the enrolment time) and `updated_at` default to the database's clock. */
export type NewMemberRow = Omit<
  MemberRow,
  'created_at' | 'updated_at' | 'deleted_at' | 'merged_into' | 'tags'
> & {
  created_at?: Date;
  updated_at?: Date;
};

export async function insertMember(db: Db, row: NewMemberRow): Promise<MemberRow> {
  return db
    .insertInto('members')
    .values({
      ...row,
      address: row.address === null ? null : JSON.stringify(row.address),
      attributes: JSON.stringify(row.attributes),
      consents: JSON.stringify(row.consents),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMember(db: Db, tenantId: string, id: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks the member row for the rest of the transaction, serialising concurrent edits of one member. */
export async function findMemberForUpdate(
  db: Db,
  tenantId: string,
  id: string,
): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateMemberRow(
  db: Db,
  id: string,
  changes: Partial<Omit<MemberRow, 'id' | 'tenant_id' | 'program_id' | 'created_at'>>,
): Promise<MemberRow> {
  const { address, attributes, consents, ...plain } = changes;
  return db
    .updateTable('members')
    .set({
      ...plain,
      ...(address !== undefined ? { address: address === null ? null : JSON.stringify(address) } : {}),
      ...(attributes !== undefined ? { attributes: JSON.stringify(attributes) } : {}),
      ...(consents !== undefined ? { consents: JSON.stringify(consents) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface MemberFilter {
  tenantId: string;
  programId: string;
  status?: MemberRow['status'] | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  q?: string | undefined;
  /** Keyset: only ids strictly below this one (ids are time-ordered UUIDv7). */
  beforeId?: string | undefined;
  limit: number;
}

export async function listMemberRows(db: Db, f: MemberFilter): Promise<MemberRow[]> {
  let query = db
    .selectFrom('members')
    .selectAll()
    .where('tenant_id', '=', f.tenantId)
    .where('program_id', '=', f.programId);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.createdFrom) query = query.where('created_at', '>=', f.createdFrom);
  if (f.createdTo) query = query.where('created_at', '<', f.createdTo);
  if (f.beforeId) query = query.where('id', '<', f.beforeId);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('email', 'ilike', pattern),
        eb('phone', 'ilike', pattern),
        eb(sql<string>`coalesce(first_name, '') || ' ' || coalesce(last_name, '')`, 'ilike', pattern),
      ]),
    );
  }
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function findIdentityOwner(
  db: Db,
  programId: string,
  type: string,
  value: string,
): Promise<IdentityRow | undefined> {
  return db
    .selectFrom('member_identities')
    .selectAll()
    .where('program_id', '=', programId)
    .where('type', '=', type)
    .where('value', '=', value)
    .executeTakeFirst();
}

export async function listIdentities(db: Db, memberIds: string[]): Promise<IdentityRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('member_identities')
    .selectAll()
    .where('member_id', 'in', memberIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deleteIdentity(
  db: Db,
  memberId: string,
  identityId: string,
): Promise<IdentityRow | undefined> {
  return db
    .deleteFrom('member_identities')
    .where('member_id', '=', memberId)
    .where('id', '=', identityId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteIdentityByValue(
  db: Db,
  memberId: string,
  type: string,
  value: string,
): Promise<void> {
  await db
    .deleteFrom('member_identities')
    .where('member_id', '=', memberId)
    .where('type', '=', type)
    .where('value', '=', value)
    .execute();
}

export async function deleteAllIdentities(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('member_identities').where('member_id', '=', memberId).execute();
}

/**
 * Claims an identity for a member. Returns undefined when another member holds it: ON CONFLICT waits for a
 * concurrent claimer to commit instead of raising, so the transaction stays usable to report who owns it.
 */
export async function insertIdentityIfFree(
  db: Db,
  row: Omit<IdentityRow, 'created_at'>,
): Promise<IdentityRow | undefined> {
  return db
    .insertInto('member_identities')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'type', 'value']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Adds a tag (idempotent: a member has each tag once). */
export async function addMemberTag(db: Db, memberId: string, tag: string): Promise<void> {
  await sql`UPDATE members SET tags = array_append(tags, ${tag}::text), updated_at = now()
    WHERE id = ${memberId} AND NOT (${tag}::text = ANY(tags))`.execute(db);
}

/** Removes a tag (idempotent: a member without it is left as is). */
export async function removeMemberTag(db: Db, memberId: string, tag: string): Promise<void> {
  await sql`UPDATE members SET tags = array_remove(tags, ${tag}::text), updated_at = now()
    WHERE id = ${memberId} AND ${tag}::text = ANY(tags)`.execute(db);
}

/** Sets one profile attribute; the caller has checked it against the program's attribute schema. */
export async function setMemberAttribute(
  db: Db,
  memberId: string,
  key: string,
  value: unknown,
): Promise<void> {
  await sql`UPDATE members SET attributes = jsonb_set(attributes, ARRAY[${key}::text], ${JSON.stringify(value)}::jsonb),
    updated_at = now() WHERE id = ${memberId}`.execute(db);
}

export async function findMembersByIds(db: Db, ids: string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('members').selectAll().where('id', 'in', ids).execute();
}
