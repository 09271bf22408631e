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
