import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, unprocessable, validationFailed } from '../../http/problem.js';
import { toEffectDto } from '../engine/effects.mapper.js';
import { planActivity } from '../engine/evaluate-activity.js';
import {
  activityLines,
  lineExplanations,
  type PurchaseFacts,
  purchaseActivity,
} from '../engine/purchase-activity.js';
import { finishRules, releaseUsage } from '../engine/run-rules.js';
import { lockAndAddUsageSql, usageBefore } from '../engine/usage.repository.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { requireActivePartner } from '../partners/partner-access.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { tiersAfterPurchase } from '../tiers/qualify.js';
import { applyPurchase } from './award-points.js';
import { correctPurchase, purchaseLines } from './purchase-lines.js';
import { resolvePurchaserRow } from './resolve-member.js';
import { toTransactionDto } from './transactions.mapper.js';
import { findByExternalId, insertPurchase, updateTransaction } from './transactions.repository.js';
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
  if (input.partnerId !== undefined) await requireActivePartner(db, tenantId, program.id, input.partnerId);
  const member = await resolvePurchaserRow(db, tenantId, program, input);
  const memberId = member?.id;
  const facts: PurchaseFacts = {
    occurredAt: new Date(input.occurredAt),
    currency: input.currency,
    channel: input.channel ?? null,
    storeId: input.storeId ?? null,
    paymentMethod: input.paymentMethod ?? null,
    lines: activityLines(input.lines),
    partnerId: input.partnerId ?? null,
  };
  return { program, totals, member, memberId, facts };
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
  const { program, totals, member, memberId, facts } = await preparePurchase(db, tenantId, input);
  const id = uuidv7();
  // What the purchase earns is worked out before the first write, optimistically as if no limit or budget bound. The
  // insert statement also locks and consumes that usage; when the real usage changes the outcome (rare), the purchase
  // is corrected before its points are credited. Either way the ledger sees only the final result.
  const activity = purchaseActivity(facts);
  const planned = member ? await planActivity(db, program, member, activity) : undefined;
  const plan = planned?.plan;
  const usage = plan && plan.pending.size > 0 ? lockAndAddUsageSql(program.id, plan.pending) : null;
  const optimistic = plan?.result;
  const journalId = optimistic?.effects.some((e) => e.kind === 'points') ? uuidv7() : null;
  const lines = purchaseLines(
    id,
    input,
    facts,
    optimistic,
    planned ? lineExplanations(activity, planned.plan.result, planned.rules) : [],
  );
  const effects = optimistic?.effects.map((e) => toEffectDto(e)) ?? [];
  const inserted = await insertPurchase(
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
      points_awarded: optimistic?.points ?? 0,
      earn_journal_id: journalId,
      effects: JSON.stringify(effects),
      partner_id: facts.partnerId ?? null,
    },
    lines,
    usage,
  );
  if (inserted.row === undefined) {
    // A replay: what the insert consumed of limits and budgets is given back, since nothing was awarded.
    if (usage && plan) await releaseUsage(db, program.id, plan.pending);
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
  let tx = inserted.row;
  if (memberId === undefined || planned === undefined || plan === undefined) {
    return { replayed: false, body: await toTransactionDto(db, tx, { lines, returns: [], dates: null }) };
  }
  const result = usage
    ? await finishRules(db, program.id, plan, usageBefore(plan.pending, inserted.usage))
    : plan.result;
  if (result !== plan.result) {
    tx = await correctPurchase(db, tx, lines, result, lineExplanations(activity, result, planned.rules));
  }
  const applied = await applyPurchase(
    db,
    await ledgerScope(db, program),
    tx,
    memberId,
    result,
    tx.earn_journal_id,
  );
  await tiersAfterPurchase(db, program, {
    memberId,
    transactionId: tx.id,
    occurredAt: tx.occurred_at,
    spend: tx.total,
    points: result.points,
  });
  // Only a coupon gains anything (its code) by being applied; other effects are stored as evaluated.
  const filledIn = result.effects.some((e) => e.kind === 'other' && e.effect.kind === 'issue_coupon');
  const final = filledIn
    ? await updateTransaction(db, tx.id, { effects: JSON.stringify(applied.effects) })
    : tx;
  return {
    replayed: false,
    body: await toTransactionDto(db, final, { lines, returns: [], dates: applied.journal?.lot ?? null }),
  };
}
