import type { Db } from '../../db/database.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  isDefault: boolean;
  createdAt: Date;
}

const columns = ['id', 'slug', 'name', 'is_default as isDefault', 'created_at as createdAt'] as const;

export async function insertTenant(
  db: Db,
  row: { id: string; slug: string; name: string; isDefault: boolean },
): Promise<Tenant | undefined> {
  return db
    .insertInto('tenants')
    .values({ id: row.id, slug: row.slug, name: row.name, is_default: row.isDefault })
    .onConflict((oc) => oc.doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(columns).where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function findDefaultTenant(db: Db): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(columns).where('is_default', '=', true).executeTakeFirst();
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  return db.selectFrom('tenants').select(columns).orderBy('created_at').execute();
}
