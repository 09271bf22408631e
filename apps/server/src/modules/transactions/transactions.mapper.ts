import type { Db } from '../../db/database.js';
import { formatMoney } from '../../lib/money.js';
import type { EffectDto } from '../campaigns/campaigns.schemas.js';
import { creditDates } from '../ledger/ledger.service.js';
import {
  type LineRow,
  linesOf,
  type ReturnRow,
  returnsOf,
  type TransactionRow,
} from './transactions.repository.js';
import type { ReturnDto, TransactionDto } from './transactions.schemas.js';

export function toReturnDto(r: ReturnRow): ReturnDto {
  return {
    id: r.id,
    externalId: r.external_id,
    transactionId: r.transaction_id,
    items: r.items,
    amount: r.amount,
    pointsClawedBack: r.points_clawed,
    breakdown: r.breakdown,
    explanation: r.explanation,
    createdAt: r.created_at.toISOString(),
  };
}

function describe(t: TransactionRow, availableAt: Date | null): string {
  if (t.member_id === null)
    return `Purchase ${t.external_id} has no member yet; it can be claimed to earn points`;
  if (t.points_awarded === 0) return `No points for purchase ${t.external_id}: nothing in it earns points`;
  const pending =
    availableAt && availableAt > new Date()
      ? `, pending until ${availableAt.toISOString().slice(0, 10)}`
      : '';
  const clawed = t.points_clawed > 0 ? ` (${t.points_clawed} taken back by returns)` : '';
  return `+${t.points_awarded} points for purchase ${t.external_id} of ${formatMoney(t.total, t.currency)}${pending}${clawed}`;
}

/** The full picture of a purchase: lines with their points, returns, and when the points become available. */
export async function toTransactionDto(
  db: Db,
  t: TransactionRow,
  known?: {
    lines: LineRow[];
    returns: ReturnRow[];
    dates: { availableAt: Date; expiresAt: Date | null } | null;
  },
): Promise<TransactionDto> {
  const [lines, returns, lot] = known
    ? [known.lines, known.returns, known.dates]
    : await Promise.all([
        linesOf(db, t.id),
        returnsOf(db, t.id),
        t.earn_journal_id ? creditDates(db, t.earn_journal_id) : Promise.resolve(null),
      ]);
  return {
    id: t.id,
    externalId: t.external_id,
    programId: t.program_id,
    memberId: t.member_id,
    occurredAt: t.occurred_at.toISOString(),
    channel: t.channel,
    storeId: t.store_id,
    partnerId: t.partner_id,
    currency: t.currency,
    totals: { subtotal: t.subtotal, discount: t.discount_total, total: t.total },
    paymentMethod: t.payment_method,
    points: {
      awarded: t.points_awarded,
      clawedBack: t.points_clawed,
      availableAt: lot?.availableAt.toISOString() ?? null,
      expiresAt: lot?.expiresAt?.toISOString() ?? null,
    },
    explanation: describe(t, lot?.availableAt ?? null),
    effects: t.effects as EffectDto[],
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      name: l.name,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discount: l.discount,
      net: l.net,
      points: l.points,
      explanation: l.explanation,
      returnedQuantity: l.returned_quantity,
      clawedPoints: l.clawed_points,
    })),
    returns: returns.map(toReturnDto),
    claimedAt: t.claimed_at?.toISOString() ?? null,
  };
}
