import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, unprocessable, validationFailed } from '../../http/problem.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { creditPurchase } from './award-points.js';
import { computeEarn } from './earn-calculator.js';
import { resolvePurchaser } from './resolve-member.js';
import { toTransactionDto } from './transactions.mapper.js';
import { findByExternalId, insertPurchase, type LineRow } from './transactions.repository.js';
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
  const program = await resolveProgram(db, tenantId, input.programId);
  if (input.currency !== program.currency) {
    throw unprocessable(
      'currency_mismatch',
      `This program runs in ${program.currency}, not ${input.currency}`,
    );
  }
  const totals = totalsOf(input);
  const memberId = await resolvePurchaser(db, tenantId, program, input);
  // Everything the purchase earns is worked out before the first write, so it is written once, in final form.
  const scope = memberId ? await ledgerScope(db, program) : undefined;
  const earn = scope
    ? computeEarn(
        scope.policy,
        input.lines.map((l) => ({ ...l, discount: l.discount ?? 0 })),
        input.currency,
      )
    : undefined;
  const journalId = earn && earn.points > 0 ? uuidv7() : null;
  const id = uuidv7();
  const lines: LineRow[] = input.lines.map((l, i) => ({
    transaction_id: id,
    line_no: i + 1,
    sku: l.sku,
    name: l.name ?? null,
    category: l.category ?? null,
    brand: l.brand ?? null,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    discount: l.discount ?? 0,
    net: l.quantity * l.unitPrice - (l.discount ?? 0),
    eligible: earn?.lines[i]?.eligible ?? true,
    points: earn?.lines[i]?.points ?? 0,
    explanation: earn?.lines[i]?.explanation ?? 'points are awarded when a member claims this purchase',
    returned_quantity: 0,
    clawed_points: 0,
  }));
  const tx = await insertPurchase(
    db,
    {
      id,
      tenant_id: tenantId,
      program_id: program.id,
      member_id: memberId ?? null,
      external_id: input.externalId,
      request_hash: requestHash,
      occurred_at: new Date(input.occurredAt),
      channel: input.channel ?? null,
      store_id: input.storeId ?? null,
      currency: input.currency,
      subtotal: totals.subtotal,
      discount_total: totals.discount,
      total: totals.total,
      payment_method: input.paymentMethod ?? null,
      points_awarded: earn?.points ?? 0,
      earn_journal_id: journalId,
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
  const credited =
    scope && earn && memberId && journalId
      ? await creditPurchase(db, scope, tx, memberId, earn, journalId)
      : null;
  return {
    replayed: false,
    body: await toTransactionDto(db, tx, { lines, returns: [], dates: credited?.lot ?? null }),
  };
}
