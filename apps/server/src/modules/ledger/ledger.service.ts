import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { type JournalRow, journalColumns } from './journals.repository.js';
import { lotsOfJournal } from './lots.repository.js';
import { getPolicy } from './policy.js';
import type { LedgerScope } from './scope.js';

/** The ledger's view of a program: identity, time zone and current policy. */
export async function ledgerScope(
  db: Db,
  program: Pick<Program, 'id' | 'tenantId' | 'timezone'>,
): Promise<LedgerScope> {
  return {
    tenantId: program.tenantId,
    programId: program.id,
    timezone: program.timezone,
    policy: await getPolicy(db, program.id),
  };
}

export async function findJournal(db: Db, id: string): Promise<JournalRow | undefined> {
  return db.selectFrom('ledger_journals').select(journalColumns).where('id', '=', id).executeTakeFirst();
}

/** When the points of a credit become available and when they expire (its lot's dates), if it made a lot. */
export async function creditDates(
  db: Db,
  journalId: string,
): Promise<{ availableAt: Date; expiresAt: Date | null } | null> {
  const [lot] = await lotsOfJournal(db, journalId);
  return lot ? { availableAt: lot.availableAt, expiresAt: lot.expiresAt } : null;
}
