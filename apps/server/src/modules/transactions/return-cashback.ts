import type { Db } from '../../db/database.js';
import { formatMoney } from '../../lib/money.js';
import type { EffectDto } from '../campaigns/campaigns.schemas.js';
import { clawBack } from '../ledger/clawback.js';
import { findJournal, ledgerScope } from '../ledger/ledger.service.js';
import { getProgram } from '../tenants/programs.service.js';
import type { LineRow, TransactionRow } from './transactions.repository.js';

interface CashbackAward {
  wallet: string;
  amount: number;
  lines: number[] | null;
}

function cashbackAwards(tx: TransactionRow): CashbackAward[] {
  return (tx.effects as EffectDto[]).flatMap((e) => {
    const d = e.detail as { amount?: unknown; lines?: unknown } | undefined;
    if (e.kind !== 'cashback' || e.wallet === undefined || typeof d?.amount !== 'number') return [];
    return [
      { wallet: e.wallet, amount: d.amount, lines: Array.isArray(d.lines) ? (d.lines as number[]) : null },
    ];
  });
}

/**
 * Money a return takes back from one cashback award, computed on cumulative quantities (or the cumulative returned
 * amount) like points, so partial returns add up to a full one. Lines hold their returned quantity before this return.
 */
export function cashbackShare(
  award: CashbackAward,
  tx: Pick<TransactionRow, 'total' | 'returned_amount'>,
  lines: LineRow[],
  returned: Map<number, number>,
  amount: number | undefined,
): number {
  if (amount !== undefined) {
    return (
      Math.floor((award.amount * (tx.returned_amount + amount)) / tx.total) -
      Math.floor((award.amount * tx.returned_amount) / tx.total)
    );
  }
  let share = 0;
  for (const line of lines) {
    const q = returned.get(line.line_no) ?? 0;
    const cash = award.lines?.[line.line_no - 1] ?? 0;
    if (q === 0 || cash === 0) continue;
    const before = line.returned_quantity;
    share += Math.floor((cash * (before + q)) / line.quantity) - Math.floor((cash * before) / line.quantity);
  }
  return Math.min(share, award.amount);
}

/**
 * Takes back the cashback the returned items earned, from the money wallets it was credited to, through the same
 * earn journal (so its lots, and what was already spent of them, are found as for points).
 */
export async function clawCashback(
  db: Db,
  tx: TransactionRow,
  lines: LineRow[],
  returned: Map<number, number>,
  amount: number | undefined,
  ret: { externalId: string; now: Date },
): Promise<void> {
  const awards = cashbackAwards(tx);
  if (awards.length === 0 || tx.member_id === null || tx.earn_journal_id === null) return;
  const earn = await findJournal(db, tx.earn_journal_id);
  if (earn === undefined) throw new Error(`earn journal ${tx.earn_journal_id} is missing`);
  const program = await getProgram(db, tx.tenant_id, tx.program_id);
  const scope = await ledgerScope(db, program);
  for (const award of awards) {
    const share = cashbackShare(award, tx, lines, returned, amount);
    if (share <= 0) continue;
    await clawBack(db, scope, {
      wallet: { memberId: tx.member_id, code: award.wallet, unit: program.currency },
      earn,
      amount: share,
      kind: 'return',
      now: ret.now,
      occurredAt: ret.now,
      reference: `return:${ret.externalId}:${award.wallet}`,
      partnerId: tx.partner_id,
      explanation: `-${formatMoney(share, program.currency)} cashback: items of purchase ${tx.external_id} returned (${ret.externalId})`,
    });
  }
}
