import type { Db } from '../../db/database.js';
import { type Applied, applyEffects } from '../engine/apply-effects.js';
import { evaluateActivity } from '../engine/evaluate-activity.js';
import { lineExplanations, type PurchaseFacts, purchaseActivity } from '../engine/purchase-activity.js';
import type { LedgerScope } from '../ledger/scope.js';
import type { EvaluationResult } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { tiersAfterPurchase } from '../tiers/qualify.js';
import {
  type LineRow,
  linesOf,
  type TransactionRow,
  updateLine,
  updateTransaction,
} from './transactions.repository.js';

export function factsOf(tx: TransactionRow, lines: LineRow[]): PurchaseFacts {
  return {
    occurredAt: tx.occurred_at,
    currency: tx.currency,
    channel: tx.channel,
    storeId: tx.store_id,
    paymentMethod: tx.payment_method,
    partnerId: tx.partner_id,
    lines: lines.map((l) => ({
      sku: l.sku,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
      net: l.net,
    })),
  };
}

/** Applies a purchase's evaluated effects; the journal is keyed by the transaction, so it is credited at most once. */
export function applyPurchase(
  db: Db,
  scope: LedgerScope,
  tx: Pick<TransactionRow, 'id' | 'external_id' | 'occurred_at' | 'partner_id'>,
  memberId: string,
  result: EvaluationResult,
  journalId: string | null,
): Promise<Applied> {
  return applyEffects(
    db,
    {
      scope,
      memberId,
      reference: `purchase:${tx.external_id}`,
      subject: `purchase ${tx.external_id}`,
      occurredAt: tx.occurred_at,
      idempotencyKey: `purchase:${tx.id}`,
      journalKind: 'earn',
      partnerId: tx.partner_id,
      ...(journalId ? { journalId } : {}),
    },
    result,
  );
}

/** Awards the points of a purchase recorded without a member (a receipt claim), with the rules as of its time. */
export async function awardPoints(
  db: Db,
  scope: LedgerScope,
  program: Program,
  tx: TransactionRow,
  memberId: string,
): Promise<TransactionRow> {
  const lines = await linesOf(db, tx.id);
  const activity = purchaseActivity(factsOf(tx, lines));
  const { rules, result } = await evaluateActivity(db, program, memberId, activity, 'apply', {
    asOf: tx.occurred_at,
  });
  const explanations = lineExplanations(activity, result, rules);
  for (const [i, line] of lines.entries()) {
    const points = result.linePoints[i] ?? 0;
    await updateLine(db, tx.id, line.line_no, {
      points,
      explanation: explanations[i] ?? '',
      eligible: points > 0,
    });
  }
  const applied = await applyPurchase(db, scope, tx, memberId, result, null);
  await tiersAfterPurchase(db, program, {
    memberId,
    transactionId: tx.id,
    occurredAt: tx.occurred_at,
    spend: tx.total,
    points: result.points,
  });
  return updateTransaction(db, tx.id, {
    member_id: memberId,
    points_awarded: result.points,
    earn_journal_id: applied.journal?.id ?? null,
    effects: JSON.stringify(applied.effects),
  });
}
