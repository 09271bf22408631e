import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { TransactionLinesTable, TransactionReturnsTable, TransactionsTable } from '../../db/schema.js';

export type TransactionRow = Selectable<TransactionsTable>;
export type LineRow = Selectable<TransactionLinesTable>;
export type ReturnRow = Selectable<TransactionReturnsTable>;

/** Returns undefined when the externalId exists; waits for a concurrent insert of the same id to commit first. */
export async function insertTransaction(
  db: Db,
  row: Insertable<TransactionsTable>,
): Promise<TransactionRow | undefined> {
  return db
    .insertInto('transactions')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

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

export async function insertLines(db: Db, lines: Insertable<TransactionLinesTable>[]) {
  await db.insertInto('transaction_lines').values(lines).execute();
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
