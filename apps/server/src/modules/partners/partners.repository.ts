import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PartnersTable } from '../../db/schema.js';

export type PartnerRow = Selectable<PartnersTable>;

/** Inserts a partner; undefined when the program already has one with that code. */
export async function insertPartner(db: Db, row: Insertable<PartnersTable>): Promise<PartnerRow | undefined> {
  return db
    .insertInto('partners')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findPartner(
  db: Db,
  tenantId: string,
  programId: string,
  id: string,
  lock = false,
): Promise<PartnerRow | undefined> {
  const query = db
    .selectFrom('partners')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .where('id', '=', id);
  return lock ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

/** A partner of the tenant in any of its programs (partner keys are tenant-wide credentials). */
export async function findTenantPartner(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PartnerRow | undefined> {
  return db
    .selectFrom('partners')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listPartners(db: Db, tenantId: string, programId: string): Promise<PartnerRow[]> {
  return db
    .selectFrom('partners')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .orderBy('code')
    .execute();
}

export async function updatePartner(
  db: Db,
  id: string,
  changes: Updateable<PartnersTable>,
): Promise<PartnerRow> {
  return db
    .updateTable('partners')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
