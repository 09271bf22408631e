import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, unprocessable, validationFailed } from '../../http/problem.js';
import { toEffectDto } from '../engine/effects.mapper.js';
import { evaluateActivity } from '../engine/evaluate-activity.js';
import { lineExplanations, type PurchaseFacts, purchaseActivity } from '../engine/purchase-activity.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { applyPurchase } from './award-points.js';
import { resolvePurchaser } from './resolve-member.js';
import { toTransactionDto } from './transactions.mapper.js';
import {
  findByExternalId,
  insertPurchase,
  type LineRow,
  updateTransaction,
} from './transactions.repository.js';
import type { TransactionCreate, TransactionDto } from './transactions.schemas.js';

function totalsOf(input: TransactionCreate) {
  const errors: FieldError[] = [];
  let subtotal = 0;
  let discount = 0;
  input.lines.forEach((l, i) => {
    const gross = l.quantity * l.unitPrice;
    if ((l.discount ?? 0) > gross) {
      errors.push({
        field: `/lines/${i}/discount`,
        in: 'body',
        code: 'range',
        message: 'exceeds the line amount',
      });
    }
    subtotal += gross;
    discount += l.discount ?? 0;
  });
  if (errors.length > 0) throw validationFailed(`${errors[0]?.field} ${errors[0]?.message}`, errors);
  const totals = { subtotal, discount, total: subtotal - discount };
  const given = input.totals;
  if (
    given &&
    (given.subtotal !== totals.subtotal || given.total !== totals.total || (given.discount ?? 0) !== discount)
  ) {
    throw unprocessable(
      'totals_mismatch',
      `The totals do not match the lines: lines give subtotal ${subtotal}, discount ${discount}, total ${totals.total}`,
    );
  }
  return totals;
}

/** Validates a purchase and works out its program, totals, member and the facts rules look at. No writes. */
export async function preparePurchase(db: Db, tenantId: string, input: TransactionCreate) {
  const program = await resolveProgram(db, tenantId, input.programId);
  if (input.currency !== program.currency) {
    throw unprocessable(
      'currency_mismatch',
      `This program runs in ${program.currency}, not ${input.currency}`,
    );
  }
  const totals = totalsOf(input);
  const memberId = await resolvePurchaser(db, tenantId, program, input);
  const facts: PurchaseFacts = {
    occurredAt: new Date(input.occurredAt),
    currency: input.currency,
    channel: input.channel ?? null,
    storeId: input.storeId ?? null,
    paymentMethod: input.paymentMethod ?? null,
    lines: input.lines.map((l) => ({
      sku: l.sku,
      category: l.category ?? null,
      brand: l.brand ?? null,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount ?? 0,
      net: l.quantity * l.unitPrice - (l.discount ?? 0),
    })),
  };
  return { program, totals, memberId, facts };
}

/**
 * Records a purchase and awards its points, exactly once per externalId: a retry (or 20 parallel posts) finds the
 * first one and answers with it; the same externalId with different content is a 409.
 */
export async function recordPurchase(
  db: Db,
  tenantId: string,
  input: TransactionCreate,
  requestHash: string,
): Promise<{ replayed: boolean; body: TransactionDto }> {
  const { program, totals, memberId, facts } = await preparePurchase(db, tenantId, input);
  const id = uuidv7();
  // Everything the purchase earns is worked out (with its limits and budgets locked) before the first write, so the
  // purchase is written once, in final form.
  const activity = purchaseActivity(facts);
  const evaluated = memberId ? await evaluateActivity(db, program, memberId, activity, 'apply') : undefined;
  const result = evaluated?.result;
  const explanations = evaluated ? lineExplanations(activity, evaluated.result, evaluated.rules) : [];
  const journalId = result?.effects.some((e) => e.kind === 'points') ? uuidv7() : null;
  const lines: LineRow[] = facts.lines.map((l, i) => ({
    transaction_id: id,
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
  const effects = result?.effects.map((e) => toEffectDto(e)) ?? [];
  const tx = await insertPurchase(
    db,
    {
      id,
      tenant_id: tenantId,
      program_id: program.id,
      member_id: memberId ?? null,
      external_id: input.externalId,
      request_hash: requestHash,
      occurred_at: facts.occurredAt,
      channel: facts.channel,
      store_id: facts.storeId,
      currency: input.currency,
      subtotal: totals.subtotal,
      discount_total: totals.discount,
      total: totals.total,
      payment_method: facts.paymentMethod,
      points_awarded: result?.points ?? 0,
      earn_journal_id: journalId,
      effects: JSON.stringify(effects),
    },
    lines,
  );
  if (tx === undefined) {
    const existing = await findByExternalId(db, program.id, input.externalId);
    if (existing === undefined)
      throw new Error(`transaction ${input.externalId} vanished after a conflicting insert`);
    if (existing.request_hash !== requestHash) {
      throw conflict(
        'transaction_exists',
        `Transaction ${input.externalId} was already recorded with other content`,
        {
          transactionId: existing.id,
        },
      );
    }
    return { replayed: true, body: await toTransactionDto(db, existing) };
  }
  if (memberId === undefined || result === undefined) {
    return { replayed: false, body: await toTransactionDto(db, tx, { lines, returns: [], dates: null }) };
  }
  const applied = await applyPurchase(db, await ledgerScope(db, program), tx, memberId, result, journalId);
  // Applying fills in what only exists once written (coupon codes); the stored effects then show it too.
  const final =
    JSON.stringify(applied.effects) === JSON.stringify(effects)
      ? tx
      : await updateTransaction(db, tx.id, { effects: JSON.stringify(applied.effects) });
  return {
    replayed: false,
    body: await toTransactionDto(db, final, { lines, returns: [], dates: applied.journal?.lot ?? null }),
  };
}
