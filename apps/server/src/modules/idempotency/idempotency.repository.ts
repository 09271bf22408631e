import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** Status 0 marks a claim whose response is written later in the same transaction. */
export async function claimKey(db: Db, tenantId: string, key: string, requestHash: string): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ tenant_id: tenantId, key, request_hash: requestHash, status_code: 0, response_body: 'null' })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function storeResponse(
  db: Db,
  tenantId: string,
  key: string,
  statusCode: number,
  body: unknown,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response_body: JSON.stringify(body) })
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .execute();
}

export async function findStored(db: Db, tenantId: string, key: string): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash as requestHash', 'status_code as statusCode', 'response_body as body'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Deletes keys older than the retention; returns how many went. */
export async function purgeOlderThan(db: Db, hours: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
