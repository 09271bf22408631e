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

export interface ImportBatchResult {
  purchasesCreated: number;
  linesAppended: number;
  alreadyImported: number;
}

/**
 * Records a batch of historical purchase lines in three statements. A purchase (keyed by its external id) is created
 * by its first line; further lines of the same basket, in this batch or a later one, are appended and the totals grow
 * with them. A line whose SKU its purchase already has is skipped, which makes re-running an import a no-op (sources
 * list each product once per basket). History earns nothing: no rules run and no points are posted.
 */
export async function importPurchaseLines(
  db: Db,
  program: Program,
  rows: ImportedPurchase[],
): Promise<ImportBatchResult> {
  if (rows.length === 0) return { purchasesCreated: 0, linesAppended: 0, alreadyImported: 0 };
  const heads = new Map<string, ImportedPurchase>();
  for (const r of rows) if (!heads.has(r.externalId)) heads.set(r.externalId, r);
  const created = await sql<{ external_id: string }>`
    INSERT INTO transactions (id, tenant_id, program_id, member_id, external_id, request_hash, occurred_at, channel,
      store_id, currency, subtotal, discount_total, total, effects)
    SELECT v.id, ${program.tenantId}::uuid, ${program.id}::uuid, v.member_id, v.external_id, 'import', v.at, 'import',
      v.store_id, ${program.currency}, 0, 0, 0, '[]'::jsonb
    FROM (VALUES ${sql.join(
      [...heads.values()].map(
        (h) =>
          sql`(${uuidv7()}::uuid, ${h.memberId}::uuid, ${h.externalId}::text, ${h.occurredAt}::timestamptz, ${h.storeId ?? null}::text)`,
      ),
    )}) AS v(id, member_id, external_id, at, store_id)
    ON CONFLICT (program_id, external_id) DO NOTHING
    RETURNING external_id`.execute(db);
  const lines = rows.map(
    (r, i) =>
      sql`(${i}::int, ${r.externalId}::text, ${r.line.sku}::text, ${r.line.name ?? null}::text, ${r.line.category ?? null}::text,
        ${r.line.brand ?? null}::text, ${r.line.quantity}::int, ${r.line.unitPrice}::bigint, ${r.line.discount}::bigint)`,
  );
  // Locks the batch's purchases (in id order), numbers the new lines after the existing ones, and adds their amounts.
  const appended = await sql<{ n: number }>`
    WITH v(ord, external_id, sku, name, category, brand, quantity, unit_price, discount) AS (VALUES ${sql.join(lines)}),
    t AS (
      SELECT id, external_id FROM transactions
      WHERE program_id = ${program.id}::uuid AND external_id IN (SELECT external_id FROM v) ORDER BY id FOR UPDATE
    ), fresh AS (
      SELECT DISTINCT ON (t.id, v.sku) t.id AS transaction_id, v.* FROM v JOIN t ON t.external_id = v.external_id
      WHERE NOT EXISTS (SELECT 1 FROM transaction_lines l WHERE l.transaction_id = t.id AND l.sku = v.sku)
      ORDER BY t.id, v.sku, v.ord
    ), numbered AS (
      SELECT f.*, coalesce((SELECT max(line_no) FROM transaction_lines l WHERE l.transaction_id = f.transaction_id), 0)
        + row_number() OVER (PARTITION BY f.transaction_id ORDER BY f.ord) AS line_no
      FROM fresh f
    ), ins AS (
      INSERT INTO transaction_lines (transaction_id, line_no, sku, name, category, brand, quantity, unit_price, discount,
        net, eligible, points, explanation)
      SELECT transaction_id, line_no, sku, name, category, brand, quantity, unit_price, discount,
        quantity * unit_price - discount, false, 0, 'imported history: earns no points'
      FROM numbered
      RETURNING transaction_id, quantity * unit_price AS gross, discount
    ), totals AS (
      SELECT transaction_id, sum(gross) AS gross, sum(discount) AS discount, count(*) AS n FROM ins GROUP BY transaction_id
    ), upd AS (
      UPDATE transactions x SET subtotal = x.subtotal + totals.gross, discount_total = x.discount_total + totals.discount,
        total = x.total + totals.gross - totals.discount
      FROM totals WHERE x.id = totals.transaction_id
      RETURNING totals.n
    )
    SELECT coalesce(sum(n), 0) AS n FROM upd`.execute(db);
  const inserted = Number(appended.rows[0]?.n ?? 0);
  const purchasesCreated = created.rows.length;
  return {
    purchasesCreated,
    linesAppended: inserted - purchasesCreated,
    alreadyImported: rows.length - inserted,
  };
}
