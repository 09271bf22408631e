import type { Db } from '../../db/database.js';

/** Hands every identity of the duplicate to the survivor; values stay unique because they only change owner. */
export async function moveIdentities(db: Db, fromMemberId: string, toMemberId: string): Promise<number> {
  const result = await db
    .updateTable('member_identities')
    .set({ member_id: toMemberId })
    .where('member_id', '=', fromMemberId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks the duplicate as folded into the survivor; it keeps no personal data of its own. */
export async function markMerged(db: Db, duplicateId: string, survivorId: string, at: Date): Promise<void> {
  await db
    .updateTable('members')
    .set({
      status: 'deleted',
      merged_into: survivorId,
      deleted_at: at,
      updated_at: at,
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      birth_date: null,
      address: null,
    })
    .where('id', '=', duplicateId)
    .execute();
}

/** Locks both member rows in id order, so two merges of the same pair cannot deadlock. */
export async function lockMembers(db: Db, tenantId: string, ids: [string, string]) {
  return db
    .selectFrom('members')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}
