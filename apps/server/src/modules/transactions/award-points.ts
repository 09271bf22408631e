import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { type CreditedJournal, credit } from '../ledger/credit.js';
import { availableAt } from '../ledger/policy.js';
import type { LedgerScope } from '../ledger/scope.js';
import { MAIN_WALLET } from '../ledger/scope.js';
import { computeEarn, type EarnResult, formatMoney } from './earn-calculator.js';
import {
  type LineRow,
  linesOf,
  type TransactionRow,
  updateLine,
  updateTransaction,
} from './transactions.repository.js';

/**
 * Credits a purchase's base points to its member (pending and expiry per the program policy, counted from the
 * purchase time). The journal is keyed by the transaction, so one purchase can never be credited twice.
 */
export async function creditPurchase(
  db: Db,
  scope: LedgerScope,
  tx: Pick<TransactionRow, 'id' | 'external_id' | 'occurred_at' | 'currency'>,
  memberId: string,
  earn: EarnResult,
  journalId: string,
): Promise<CreditedJournal> {
  const release = availableAt(scope.policy, tx.occurred_at);
  const pending = release > new Date() ? `, pending until ${release.toISOString().slice(0, 10)}` : '';
  return credit(db, scope, {
    wallet: { memberId, ...MAIN_WALLET },
    amount: earn.points,
    kind: 'earn',
    counter: 'issued',
    journalId,
    occurredAt: tx.occurred_at,
    idempotencyKey: `purchase:${tx.id}`,
    reference: `purchase:${tx.external_id}`,
    explanation: `+${earn.points} points for purchase ${tx.external_id} (${formatMoney(earn.eligibleNet, tx.currency)} eligible) at ${earn.rate}${pending}`,
  });
}

/** Awards the points of a purchase recorded without a member (a receipt claim), writing each line's share. */
export async function awardPoints(
  db: Db,
  scope: LedgerScope,
  tx: TransactionRow,
  memberId: string,
): Promise<TransactionRow> {
  const lines = await linesOf(db, tx.id);
  const earn = computeEarn(
    scope.policy,
    lines.map((l: LineRow) => ({
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
    })),
    tx.currency,
  );
  for (const [i, line] of lines.entries()) {
    const e = earn.lines[i];
    if (e)
      await updateLine(db, tx.id, line.line_no, {
        points: e.points,
        explanation: e.explanation,
        eligible: e.eligible,
      });
  }
  if (earn.points === 0) return updateTransaction(db, tx.id, { member_id: memberId, points_awarded: 0 });
  const journal = await creditPurchase(db, scope, tx, memberId, earn, uuidv7());
  return updateTransaction(db, tx.id, {
    member_id: memberId,
    points_awarded: earn.points,
    earn_journal_id: journal.id,
  });
}
