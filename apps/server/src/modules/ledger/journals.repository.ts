import type { Db } from '../../db/database.js';

export interface JournalRow {
  id: string;
  tenantId: string;
  programId: string;
  kind: string;
  memberId: string | null;
  idempotencyKey: string | null;
  reference: string | null;
  reason: string | null;
  actor: string | null;
  explanation: string;
  shortfall: number;
  reversesId: string | null;
  occurredAt: Date;
  createdAt: Date;
}

export const journalColumns = [
  'id',
  'tenant_id as tenantId',
  'program_id as programId',
  'kind',
  'member_id as memberId',
  'idempotency_key as idempotencyKey',
  'reference',
  'reason',
  'actor',
  'explanation',
  'shortfall',
  'reverses_id as reversesId',
  'occurred_at as occurredAt',
  'created_at as createdAt',
] as const;

export async function insertJournal(db: Db, j: Omit<JournalRow, 'createdAt'>): Promise<JournalRow> {
  return db
    .insertInto('ledger_journals')
    .values({
      id: j.id,
      tenant_id: j.tenantId,
      program_id: j.programId,
      kind: j.kind,
      member_id: j.memberId,
      idempotency_key: j.idempotencyKey,
      reference: j.reference,
      reason: j.reason,
      actor: j.actor,
      explanation: j.explanation,
      shortfall: j.shortfall,
      reverses_id: j.reversesId,
      occurred_at: j.occurredAt,
    })
    .returning(journalColumns)
    .executeTakeFirstOrThrow();
}

export async function findJournalByKey(
  db: Db,
  programId: string,
  key: string,
): Promise<JournalRow | undefined> {
  return db
    .selectFrom('ledger_journals')
    .select(journalColumns)
    .where('program_id', '=', programId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function insertEntries(
  db: Db,
  entries: { journalId: string; accountId: string; amount: number }[],
) {
  if (entries.length === 0) return;
  await db
    .insertInto('ledger_entries')
    .values(entries.map((e) => ({ journal_id: e.journalId, account_id: e.accountId, amount: e.amount })))
    .execute();
}

export async function memberJournals(db: Db, programId: string, memberId: string, limit: number) {
  return db
    .selectFrom('ledger_journals')
    .select(journalColumns)
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
