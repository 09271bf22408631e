import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { activatePending } from '../ledger/activate.js';
import { findJournal, ledgerScope } from '../ledger/ledger.service.js';
import { MAIN_WALLET } from '../ledger/scope.js';
import { getProgram } from '../tenants/programs.service.js';
import { toTransactionDto } from './transactions.mapper.js';
import { findTransaction } from './transactions.repository.js';
import type { TransactionDto } from './transactions.schemas.js';

/** Releases a purchase's pending points early. Activating twice is harmless: the second time nothing is pending. */
export async function activatePurchase(
  db: Db,
  tenantId: string,
  id: string,
  actor: string,
): Promise<TransactionDto> {
  const tx = await findTransaction(db, tenantId, id, true);
  if (tx === undefined) throw notFound('transaction', id);
  if (tx.member_id === null || tx.earn_journal_id === null) {
    throw conflict('no_points', `Purchase ${tx.external_id} has no points to activate`);
  }
  const credit = await findJournal(db, tx.earn_journal_id);
  if (credit === undefined) throw new Error(`earn journal ${tx.earn_journal_id} is missing`);
  const scope = await ledgerScope(db, await getProgram(db, tenantId, tx.program_id));
  await activatePending(db, scope, {
    wallet: { memberId: tx.member_id, ...MAIN_WALLET },
    credit,
    now: new Date(),
    actor,
  });
  return toTransactionDto(db, tx);
}
