import type { Db } from '../../db/database.js';
import { conflict, notFound, validationFailed } from '../../http/problem.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import type { IdentityInput } from '../members/members.schemas.js';
import { getProgram } from '../tenants/programs.service.js';
import { awardPoints } from './award-points.js';
import { resolvePurchaser } from './resolve-member.js';
import { toTransactionDto } from './transactions.mapper.js';
import { findTransaction, updateTransaction } from './transactions.repository.js';
import type { TransactionDto } from './transactions.schemas.js';

const DAY = 86_400_000;

/**
 * A member claims a purchase that was recorded without one (receipt claim), within the program's claim window.
 * Claiming twice by the same member answers with the purchase; by another member it is a 409.
 */
export async function claimPurchase(
  db: Db,
  tenantId: string,
  transactionId: string,
  input: { memberId?: string | undefined; identity?: IdentityInput | undefined },
  now = new Date(),
): Promise<TransactionDto> {
  const tx = await findTransaction(db, tenantId, transactionId, true);
  if (tx === undefined) throw notFound('transaction', transactionId);
  const program = await getProgram(db, tenantId, tx.program_id);
  const memberId = await resolvePurchaser(db, tenantId, program, input);
  if (memberId === undefined) {
    throw validationFailed('Name the claiming member', [
      { field: '/memberId', in: 'body', code: 'required', message: 'memberId or identity is required' },
    ]);
  }
  if (tx.member_id !== null) {
    if (tx.member_id === memberId) return toTransactionDto(db, tx);
    throw conflict('already_claimed', `Purchase ${tx.external_id} already belongs to another member`);
  }
  const scope = await ledgerScope(db, program);
  const deadline = new Date(tx.occurred_at.getTime() + scope.policy.claimWindowDays * DAY);
  if (now > deadline) {
    throw conflict(
      'claim_window_closed',
      `Purchases can be claimed for ${scope.policy.claimWindowDays} days; this one was made on ${tx.occurred_at.toISOString().slice(0, 10)}`,
    );
  }
  if (tx.returned_amount > 0)
    throw conflict('purchase_returned', 'A purchase with returns can no longer be claimed');
  const awarded = await awardPoints(db, scope, program, tx, memberId);
  return toTransactionDto(db, await updateTransaction(db, awarded.id, { claimed_at: now }));
}
