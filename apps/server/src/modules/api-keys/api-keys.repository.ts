import type { Db } from '../../db/database.js';
import type { ApiKeysTable } from '../../db/schema.js';

export type ApiKeyScope = ApiKeysTable['scope'];

export interface ApiKeyRow {
  id: string;
  tenantId: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** A partner key acts only for this coalition partner; null for ordinary keys. */
  partnerId: string | null;
}

const columns = [
  'id',
  'tenant_id as tenantId',
  'name',
  'scope',
  'prefix',
  'created_at as createdAt',
  'last_used_at as lastUsedAt',
  'revoked_at as revokedAt',
  'partner_id as partnerId',
] as const;

export async function insertApiKey(
  db: Db,
  row: {
    id: string;
    tenantId: string;
    name: string;
    scope: ApiKeyScope;
    prefix: string;
    secretHash: string;
    partnerId?: string | null;
  },
): Promise<ApiKeyRow> {
  return db
    .insertInto('api_keys')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      name: row.name,
      scope: row.scope,
      prefix: row.prefix,
      secret_hash: row.secretHash,
      partner_id: row.partnerId ?? null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Inserts the key unless a key with that hash exists; used for the operator-provided bootstrap key. */
export async function insertApiKeyIfAbsent(
  db: Db,
  row: { id: string; tenantId: string; name: string; scope: ApiKeyScope; prefix: string; secretHash: string },
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      name: row.name,
      scope: row.scope,
      prefix: row.prefix,
      secret_hash: row.secretHash,
    })
    .onConflict((oc) => oc.column('secret_hash').doNothing())
    .execute();
}

export async function findActiveKeyByHash(db: Db, secretHash: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('secret_hash', '=', secretHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

/** Revocation is idempotent: revoking twice keeps the first revocation time. */
export async function revokeApiKey(db: Db, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
