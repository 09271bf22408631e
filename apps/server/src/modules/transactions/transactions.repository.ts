import { type Insertable, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TransactionLinesTable, TransactionReturnsTable, TransactionsTable } from '../../db/schema.js';

export type TransactionRow = Selectable<TransactionsTable>;
export type LineRow = Selectable<TransactionLinesTable>;
export type ReturnRow = Selectable<TransactionReturnsTable>;

export async function findByExternalId(db: Db, programId: string, externalId: string) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findTransaction(db: Db, tenantId: string, id: string, lock = false) {
  const query = db
    .selectFrom('transactions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  return lock ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

export async function updateTransaction(db: Db, id: string, changes: Updateable<TransactionsTable>) {
  return db
    .updateTable('transactions')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records a purchase and its lines in one statement, unless its externalId exists (then nothing is written and the
 * row is undefined, after waiting for a concurrent insert of the same externalId to commit). `usage`, when given, is a
 * data-modifying statement (the rules engine's limit and budget usage) run first in the same statement; its rows are
 * returned. The purchase insert reads its result, which makes it complete before the purchase row is written, so
 * concurrent purchases always take usage locks before anything else.
 */
export async function insertPurchase<U>(
  db: Db,
  row: Insertable<TransactionsTable> & { id: string },
  lines: Omit<LineRow, 'transaction_id'>[],
  usage: RawBuilder<U> | null = null,
): Promise<{ row: TransactionRow | undefined; usage: U[] }> {
  const lineValues = lines.map(
    (l) => sql`(${row.id}::uuid, ${l.line_no}::int, ${l.sku}::text, ${l.name}::text, ${l.category}::text,
      ${l.brand}::text, ${l.quantity}::int, ${l.unit_price}::bigint, ${l.discount}::bigint, ${l.net}::bigint,
      ${l.eligible}::boolean, ${l.points}::bigint, ${l.explanation}::text)`,
  );
  const result = await sql<TransactionRow & { usage_after: U[] | null }>`
    WITH u AS (${usage ?? sql`SELECT NULL::text AS key WHERE false`}), t AS (
      INSERT INTO transactions (id, tenant_id, program_id, member_id, external_id, request_hash, occurred_at, channel,
        store_id, currency, subtotal, discount_total, total, payment_method, points_awarded, earn_journal_id, effects,
        partner_id)
      SELECT ${row.id}::uuid, ${row.tenant_id}::uuid, ${row.program_id}::uuid, ${row.member_id ?? null}::uuid,
        ${row.external_id}::text, ${row.request_hash}::text, ${row.occurred_at}::timestamptz,
        ${row.channel ?? null}::text, ${row.store_id ?? null}::text, ${row.currency}::text, ${row.subtotal}::bigint,
        ${row.discount_total}::bigint, ${row.total}::bigint, ${row.payment_method ?? null}::text,
        ${row.points_awarded ?? 0}::bigint, ${row.earn_journal_id ?? null}::uuid, ${row.effects ?? '[]'}::jsonb,
        ${row.partner_id ?? null}::uuid
      WHERE (SELECT count(*) FROM u) >= 0
      ON CONFLICT (program_id, external_id) DO NOTHING
      RETURNING *
    ), l AS (
      INSERT INTO transaction_lines (transaction_id, line_no, sku, name, category, brand, quantity, unit_price,
        discount, net, eligible, points, explanation)
      SELECT * FROM (VALUES ${sql.join(lineValues, sql`, `)}) AS v WHERE EXISTS (SELECT 1 FROM t)
    )
    SELECT t.*, (SELECT json_agg(u) FROM u) AS usage_after FROM t`.execute(db);
  const first = result.rows[0];
  if (first === undefined) return { row: undefined, usage: [] };
  const { usage_after, ...tx } = first;
  return { row: tx as TransactionRow, usage: usage_after ?? [] };
}

export async function linesOf(db: Db, transactionId: string): Promise<LineRow[]> {
  return db
    .selectFrom('transaction_lines')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('line_no')
    .execute();
}

export async function updateLine(
  db: Db,
  transactionId: string,
  lineNo: number,
  changes: Updateable<TransactionLinesTable>,
) {
  await db
    .updateTable('transaction_lines')
    .set(changes)
    .where('transaction_id', '=', transactionId)
    .where('line_no', '=', lineNo)
    .execute();
}

export async function insertReturn(
  db: Db,
  row: Insertable<TransactionReturnsTable>,
): Promise<ReturnRow | undefined> {
  return db
    .insertInto('transaction_returns')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findReturnByExternalId(db: Db, programId: string, externalId: string) {
  return db
    .selectFrom('transaction_returns')
    .selectAll()
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function returnsOf(db: Db, transactionId: string): Promise<ReturnRow[]> {
  return db
    .selectFrom('transaction_returns')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Moves a duplicate member's purchases to the survivor of a merge. */
export async function reassignMember(db: Db, fromMemberId: string, toMemberId: string): Promise<number> {
  const result = await db
    .updateTable('transactions')
    .set({ member_id: toMemberId })
    .where('member_id', '=', fromMemberId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many purchases a member has made (returns do not undo a visit). */
export async function countPurchases(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of a program's member purchases in a time window, oldest first (keyset on time and id). */
export async function purchasesBetween(
  db: Db,
  programId: string,
  from: Date,
  to: Date,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<TransactionRow[]> {
  let q = db
    .selectFrom('transactions')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', 'is not', null)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('occurred_at', '>', after.at),
        eb.and([eb('occurred_at', '=', after.at), eb('id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('occurred_at').orderBy('id').limit(limit).execute();
}

export async function linesOfMany(db: Db, transactionIds: string[]): Promise<LineRow[]> {
  if (transactionIds.length === 0) return [];
  return db
    .selectFrom('transaction_lines')
    .selectAll()
    .where('transaction_id', 'in', transactionIds)
    .orderBy('transaction_id')
    .orderBy('line_no')
    .execute();
}

/** Purchases per member before a time: where a replay's purchase counters start. */
export async function purchaseCountsBefore(
  db: Db,
  memberIds: string[],
  before: Date,
): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('transactions')
    .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('member_id', 'in', memberIds)
    .where('occurred_at', '<', before)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id ?? '', Number(r.n)]));
}
