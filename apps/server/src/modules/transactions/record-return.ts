import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound, unprocessable, validationFailed } from '../../http/problem.js';
import { formatMoney } from '../../lib/money.js';
import { clawBack } from '../ledger/clawback.js';
import { findJournal, ledgerScope } from '../ledger/ledger.service.js';
import { MAIN_WALLET } from '../ledger/scope.js';
import { getProgram } from '../tenants/programs.service.js';
import { tiersAfterReturn } from '../tiers/qualify.js';
import { clawCashback } from './return-cashback.js';
import { pointsForReturned } from './return-points.js';
import { applyReturnRules } from './return-rules.js';
import { toReturnDto } from './transactions.mapper.js';
import {
  findReturnByExternalId,
  findTransaction,
  insertReturn,
  type LineRow,
  linesOf,
  type TransactionRow,
  updateLine,
  updateTransaction,
} from './transactions.repository.js';
import type { ReturnCreate, ReturnDto } from './transactions.schemas.js';

interface LineReturn {
  line: LineRow;
  quantity: number;
  net: number;
  points: number;
}

/** Spreads returned quantities over the purchase lines of each SKU; refuses more than was bought in all returns. */
function planItemReturn(lines: LineRow[], items: { sku: string; quantity: number }[]): LineReturn[] {
  const left = new Map(lines.map((l) => [l.line_no, l.quantity - l.returned_quantity]));
  const plan: LineReturn[] = [];
  for (const item of items) {
    let qty = item.quantity;
    for (const line of lines.filter((l) => l.sku === item.sku)) {
      const take = Math.min(qty, left.get(line.line_no) ?? 0);
      if (take === 0) continue;
      left.set(line.line_no, (left.get(line.line_no) ?? 0) - take);
      qty -= take;
      const before =
        line.returned_quantity + plan.filter((p) => p.line === line).reduce((s, p) => s + p.quantity, 0);
      const after = before + take;
      plan.push({
        line,
        quantity: take,
        net: Math.floor((line.net * after) / line.quantity) - Math.floor((line.net * before) / line.quantity),
        points: pointsForReturned(line, after) - pointsForReturned(line, before),
      });
    }
    if (qty > 0) {
      throw unprocessable(
        'return_exceeds_purchase',
        `Cannot return ${item.quantity} × ${item.sku}: only ${item.quantity - qty} of it remain unreturned`,
      );
    }
  }
  return plan;
}

async function existingReturn(
  db: Db,
  tx: TransactionRow,
  input: ReturnCreate,
  hash: string,
): Promise<ReturnDto | null> {
  const found = await findReturnByExternalId(db, tx.program_id, input.externalId);
  if (found === undefined) return null;
  if (found.transaction_id !== tx.id || found.request_hash !== hash) {
    throw conflict('return_exists', `Return ${input.externalId} was already recorded with other content`);
  }
  return toReturnDto(found);
}

/**
 * Records a return against a purchase and claws back exactly the points the returned items earned (cumulatively,
 * so partial returns add up to a full one), lot by lot through the ledger. The purchase row is locked, so returns
 * of one purchase are applied one at a time. Idempotent by the return's externalId.
 */
export async function recordReturn(
  db: Db,
  tenantId: string,
  transactionId: string,
  input: ReturnCreate,
  hash: string,
  now = new Date(),
): Promise<{ replayed: boolean; body: ReturnDto }> {
  if ((input.items === undefined) === (input.amount === undefined)) {
    throw validationFailed('Give either items or amount', [
      { field: '/items', in: 'body', code: 'oneOf', message: 'exactly one of items and amount is required' },
    ]);
  }
  const tx = await findTransaction(db, tenantId, transactionId, true);
  if (tx === undefined) throw notFound('transaction', transactionId);
  const replay = await existingReturn(db, tx, input, hash);
  if (replay) return { replayed: true, body: replay };
  const lines = await linesOf(db, tx.id);
  const plan = input.items ? planItemReturn(lines, input.items) : [];
  const amount = input.amount ?? plan.reduce((s, p) => s + p.net, 0);
  if (tx.returned_amount + amount > tx.total) {
    throw unprocessable(
      'return_exceeds_purchase',
      `Only ${tx.total - tx.returned_amount} of the purchase is left to return`,
    );
  }
  const byAmount = input.amount
    ? Math.floor((tx.points_awarded * (tx.returned_amount + amount)) / tx.total) -
      Math.floor((tx.points_awarded * tx.returned_amount) / tx.total)
    : 0;
  const points = Math.min(
    tx.points_awarded - tx.points_clawed,
    byAmount + plan.reduce((s, p) => s + p.points, 0),
  );
  const { journalId, breakdown } = await clawPoints(db, tx, points, input.externalId, now);
  const returnedQty = new Map<number, number>();
  for (const p of plan) returnedQty.set(p.line.line_no, (returnedQty.get(p.line.line_no) ?? 0) + p.quantity);
  await clawCashback(db, tx, lines, returnedQty, input.amount, { externalId: input.externalId, now });
  for (const p of plan) {
    await updateLine(db, tx.id, p.line.line_no, {
      returned_quantity: p.line.returned_quantity + p.quantity,
      clawed_points: p.line.clawed_points + p.points,
    });
    p.line.returned_quantity += p.quantity;
    p.line.clawed_points += p.points;
  }
  await updateTransaction(db, tx.id, {
    returned_amount: tx.returned_amount + amount,
    points_clawed: tx.points_clawed + points,
  });
  const items = plan.map((p) => ({ sku: p.line.sku, quantity: p.quantity }));
  const row = await insertReturn(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: tx.program_id,
    transaction_id: tx.id,
    external_id: input.externalId,
    request_hash: hash,
    items: JSON.stringify(items),
    amount,
    points_clawed: points,
    breakdown: JSON.stringify(breakdown),
    journal_id: journalId,
    explanation: `Return ${input.externalId} of ${formatMoney(amount, tx.currency)}: -${points} points`,
  });
  if (row === undefined)
    throw conflict('return_exists', `Return ${input.externalId} was recorded concurrently`);
  await applyReturnRules(db, tx, plan, amount, { id: row.id, externalId: input.externalId }, now);
  if (tx.member_id !== null) {
    await tiersAfterReturn(db, {
      programId: tx.program_id,
      memberId: tx.member_id,
      returnId: row.id,
      purchasedAt: tx.occurred_at,
      amount,
      points,
      fullyReturned: tx.returned_amount + amount >= tx.total,
    });
  }
  return { replayed: false, body: toReturnDto(row) };
}

async function clawPoints(
  db: Db,
  tx: TransactionRow,
  points: number,
  externalId: string,
  now: Date,
): Promise<{ journalId: string | null; breakdown: Record<string, number> }> {
  if (points === 0 || tx.member_id === null || tx.earn_journal_id === null)
    return { journalId: null, breakdown: {} };
  const earn = await findJournal(db, tx.earn_journal_id);
  if (earn === undefined) throw new Error(`earn journal ${tx.earn_journal_id} is missing`);
  const scope = await ledgerScope(db, await getProgram(db, tx.tenant_id, tx.program_id));
  const result = await clawBack(db, scope, {
    wallet: { memberId: tx.member_id, ...MAIN_WALLET },
    earn,
    amount: points,
    kind: 'return',
    now,
    occurredAt: now,
    reference: `return:${externalId}`,
    // A return of a partner's purchase un-issues points the partner owes for: settlement nets it.
    partnerId: tx.partner_id,
    explanation: `-${points} points: items of purchase ${tx.external_id} returned (${externalId})`,
  });
  const { journal, ...breakdown } = result;
  return { journalId: journal.id, breakdown };
}
