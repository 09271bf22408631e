import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export async function insertEndpoint(
  db: Db,
  row: Omit<EndpointRow, 'created_at' | 'active'>,
): Promise<EndpointRow> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listEndpoints(db: Db, tenantId: string): Promise<EndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
}

export async function deactivateEndpoint(
  db: Db,
  tenantId: string,
  id: string,
): Promise<EndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({ active: false })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('active', '=', true)
    .returningAll()
    .executeTakeFirst();
}

export async function findEndpoint(db: Db, tenantId: string, id: string): Promise<EndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Fans out up to `limit` undispatched outbox messages into one pending delivery per matching active endpoint (all
 * event types when the endpoint names none), and marks them dispatched, in one statement. SKIP LOCKED lets several
 * workers fan out at once without taking the same messages.
 */
export async function fanOut(db: Db, now: Date, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH batch AS (
      SELECT id, tenant_id, type FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), d AS (
      INSERT INTO webhook_deliveries (id, endpoint_id, outbox_id, status, next_attempt_at)
      SELECT gen_random_uuid(), e.id, b.id, 'pending', ${now}::timestamptz
      FROM batch b JOIN webhook_endpoints e ON e.tenant_id = b.tenant_id AND e.active
        AND (cardinality(e.event_types) = 0 OR b.type = ANY(e.event_types))
      ON CONFLICT (endpoint_id, outbox_id) DO NOTHING
    ), m AS (
      UPDATE outbox SET delivered_at = ${now}::timestamptz WHERE id IN (SELECT id FROM batch)
    )
    SELECT count(*)::int AS n FROM batch`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface DueDelivery {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  outboxId: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Claims due deliveries (pushing their next attempt out as a lease, so a crashed sender's work is retried). */
export async function claimDue(db: Db, now: Date, leaseMs: number, limit: number): Promise<DueDelivery[]> {
  const result = await sql<DueDelivery>`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}::timestamptz
      ORDER BY d.next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE webhook_deliveries SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}::timestamptz
      WHERE id IN (SELECT id FROM due) RETURNING id, endpoint_id, outbox_id, attempts
    )
    SELECT c.id, c.attempts, e.url, e.secret, o.id AS "outboxId", o.type, o.payload, o.created_at AS "createdAt"
    FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN outbox o ON o.id = c.outbox_id`.execute(
    db,
  );
  return result.rows.map((r) => ({ ...r, outboxId: Number(r.outboxId) }));
}

export async function recordAttempt(
  db: Db,
  id: string,
  outcome: {
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    responseStatus: number | null;
    error: string | null;
    next: Date;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      response_status: outcome.responseStatus,
      last_error: outcome.error,
      next_attempt_at: outcome.next,
      delivered_at: outcome.status === 'delivered' ? outcome.at : null,
    })
    .where('id', '=', id)
    .execute();
}

export async function deliveriesOf(
  db: Db,
  endpointId: string,
  limit: number,
): Promise<(DeliveryRow & { type: string })[]> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
    .selectAll('d')
    .select('o.type')
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.created_at', 'desc')
    .limit(limit)
    .execute();
}
