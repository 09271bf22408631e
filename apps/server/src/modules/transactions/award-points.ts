import type { Db } from '../../db/database.js';
import { credit } from '../ledger/credit.js';
import type { LedgerScope } from '../ledger/scope.js';
import { MAIN_WALLET } from '../ledger/scope.js';
import { computeEarn, formatMoney } from './earn-calculator.js';
import {
  type LineRow,
  linesOf,
  type TransactionRow,
  updateLine,
  updateTransaction,
} from './transactions.repository.js';

/**
 * Awards a purchase's base points to its member: computes them per line, credits the ledger (pending and expiry per
 * the program policy, counted from the purchase time) and records on each line what it earned. The ledger journal is
 * keyed by the transaction, so the same purchase can never be credited twice.
 */
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
  const journal = await credit(db, scope, {
    wallet: { memberId, ...MAIN_WALLET },
    amount: earn.points,
    kind: 'earn',
    counter: 'issued',
    occurredAt: tx.occurred_at,
    idempotencyKey: `purchase:${tx.id}`,
    reference: `purchase:${tx.external_id}`,
    explanation: `+${earn.points} points for purchase ${tx.external_id} (${formatMoney(earn.eligibleNet, tx.currency)} eligible) at ${earn.rate}`,
  });
  return updateTransaction(db, tx.id, {
    member_id: memberId,
    points_awarded: earn.points,
    earn_journal_id: journal.id,
  });
}
