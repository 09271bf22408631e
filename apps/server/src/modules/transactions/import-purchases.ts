import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';

export interface ImportedLine {
  sku: string;
  name?: string | null;
  category?: string | null;
  brand?: string | null;
  quantity: number;
  /** Minor units; quantity × unitPrice is the line's gross amount. */
  unitPrice: number;
  discount: number;
}

export interface ImportedPurchase {
  /** Unique per program: the basket or receipt id in the source system, prefixed by the source. */
  externalId: string;
  memberId: string;
  occurredAt: Date;
  storeId?: string | null;
  line: ImportedLine;
}

export type ImportOutcome = 'created' | 'appended' | 'skipped';

/**
 * Records one line of historical purchase data. The purchase (keyed by its external id) is created by its first line;
 * later lines of the same basket are appended and the totals grow with them. A line whose SKU the purchase already
 * has is skipped, which makes re-running an import a no-op (sources list each product once per basket).
 * History earns nothing: no rules run and no points are posted; it is there for analytics (metrics, RFM, models).
 */
export async function importPurchaseLine(
  db: Db,
  program: Program,
  p: ImportedPurchase,
): Promise<ImportOutcome> {
  const { line } = p;
  const gross = line.quantity * line.unitPrice;
  const inserted = await sql<{ id: string }>`
    INSERT INTO transactions (id, tenant_id, program_id, member_id, external_id, request_hash, occurred_at, channel,
      store_id, currency, subtotal, discount_total, total, effects)
    VALUES (${uuidv7()}::uuid, ${program.tenantId}::uuid, ${program.id}::uuid, ${p.memberId}::uuid, ${p.externalId},
      'import', ${p.occurredAt}::timestamptz, 'import', ${p.storeId ?? null}, ${program.currency}, 0, 0, 0, '[]'::jsonb)
    ON CONFLICT (program_id, external_id) DO NOTHING
    RETURNING id`.execute(db);
  const appended = await sql<{ id: string }>`
    WITH t AS (
      SELECT id FROM transactions WHERE program_id = ${program.id}::uuid AND external_id = ${p.externalId} FOR UPDATE
    ), l AS (
      INSERT INTO transaction_lines (transaction_id, line_no, sku, name, category, brand, quantity, unit_price,
        discount, net, eligible, points, explanation)
      SELECT t.id, coalesce((SELECT max(line_no) FROM transaction_lines WHERE transaction_id = t.id), 0) + 1,
        ${line.sku}, ${line.name ?? null}, ${line.category ?? null}, ${line.brand ?? null}, ${line.quantity}::int,
        ${line.unitPrice}::bigint, ${line.discount}::bigint, ${gross - line.discount}::bigint, false, 0,
        'imported history: earns no points'
      FROM t
      WHERE NOT EXISTS (SELECT 1 FROM transaction_lines WHERE transaction_id = t.id AND sku = ${line.sku})
      RETURNING transaction_id
    )
    UPDATE transactions SET subtotal = subtotal + ${gross}::bigint, discount_total = discount_total + ${line.discount}::bigint,
      total = total + ${gross - line.discount}::bigint
    FROM l WHERE transactions.id = l.transaction_id
    RETURNING transactions.id`.execute(db);
  if (appended.rows.length === 0) return 'skipped';
  return inserted.rows.length > 0 ? 'created' : 'appended';
}
