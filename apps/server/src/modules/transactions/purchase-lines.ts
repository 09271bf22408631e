import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { toEffectDto } from '../engine/effects.mapper.js';
import type { PurchaseFacts } from '../engine/purchase-activity.js';
import type { EvaluationResult } from '../rules/evaluation.types.js';
import {
  type LineRow,
  type TransactionRow,
  updateLine,
  updateTransaction,
} from './transactions.repository.js';
import type { TransactionCreate } from './transactions.schemas.js';

/** The purchase's line rows with the points each earned and why (or, without a member, that it can be claimed). */
export function purchaseLines(
  transactionId: string,
  input: TransactionCreate,
  facts: PurchaseFacts,
  result: EvaluationResult | undefined,
  explanations: string[],
): LineRow[] {
  return facts.lines.map((l, i) => ({
    transaction_id: transactionId,
    line_no: i + 1,
    sku: l.sku,
    name: input.lines[i]?.name ?? null,
    category: l.category,
    brand: l.brand,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    discount: l.discount,
    net: l.net,
    eligible: (result?.linePoints[i] ?? 0) > 0,
    points: result?.linePoints[i] ?? 0,
    explanation: explanations[i] ?? 'points are awarded when a member claims this purchase',
    returned_quantity: 0,
    clawed_points: 0,
  }));
}

/**
 * Rewrites a just-inserted purchase to the final evaluation, when real limit or budget usage changed the optimistic
 * one. Runs before any points are credited, so nothing but these rows ever saw the optimistic figures.
 */
export async function correctPurchase(
  db: Db,
  tx: TransactionRow,
  lines: LineRow[],
  result: EvaluationResult,
  explanations: string[],
): Promise<TransactionRow> {
  for (const [i, line] of lines.entries()) {
    const points = result.linePoints[i] ?? 0;
    const explanation = explanations[i] ?? line.explanation;
    if (points === line.points && explanation === line.explanation) continue;
    Object.assign(line, { points, explanation, eligible: points > 0 });
    await updateLine(db, tx.id, line.line_no, { points, explanation, eligible: points > 0 });
  }
  const hasPoints = result.effects.some((e) => e.kind === 'points');
  return updateTransaction(db, tx.id, {
    points_awarded: result.points,
    effects: JSON.stringify(result.effects.map((e) => toEffectDto(e))),
    earn_journal_id: hasPoints ? (tx.earn_journal_id ?? uuidv7()) : null,
  });
}
