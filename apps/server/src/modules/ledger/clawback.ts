import type { Db } from '../../db/database.js';
import type { JournalRow } from './journals.repository.js';
import {
  type Lot,
  lockLots,
  lockOpenLots,
  lockSpendableLots,
  lotLineage,
  lotsOfJournal,
} from './lots.repository.js';
import { allocate, type LotChange, type PostingLine, postJournal } from './posting.js';
import {
  counterAccount,
  type JournalMeta,
  journalFields,
  type LedgerScope,
  lockWallet,
  type WalletRef,
} from './scope.js';

export interface ClawbackResult {
  journal: JournalRow;
  /** Taken back from the earned lot itself (pending or available). */
  fromLot: number;
  /** Already expired: reverses breakage, costs the member nothing. */
  fromExpired: number;
  /** Already spent: taken from the member's other points. */
  fromOtherLots: number;
  /** Spent and not covered: owed by the member (policy "negative") … */
  debt: number;
  /** … or written off and recorded (policy "clip"). */
  shortfall: number;
}

/** How much of the earned points has expired and not yet been reversed by earlier clawbacks. */
async function unreversedExpiry(
  db: Db,
  earn: JournalRow,
  lineage: Lot[],
  expiredAccountId: string,
): Promise<number> {
  const ids = lineage.map((l) => l.id);
  const expired = await db
    .selectFrom('ledger_lot_movements')
    .innerJoin('ledger_journals', 'ledger_journals.id', 'ledger_lot_movements.journal_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ledger_lot_movements.amount'), eb.val(0)).as('n'))
    .where('ledger_lot_movements.lot_id', 'in', ids)
    .where('ledger_journals.kind', '=', 'expire')
    .executeTakeFirstOrThrow();
  const reversed = await db
    .selectFrom('ledger_entries')
    .innerJoin('ledger_journals', 'ledger_journals.id', 'ledger_entries.journal_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ledger_entries.amount'), eb.val(0)).as('n'))
    .where('ledger_journals.reverses_id', '=', earn.id)
    .where('ledger_entries.account_id', '=', expiredAccountId)
    .executeTakeFirstOrThrow();
  return -Number(expired.n) + Number(reversed.n);
}

/**
 * Takes back `amount` points that the credit `earn` awarded (a return of the items that earned them, or a cancelled
 * pending credit). Order: what is left of the earned lot (wherever a merge moved it); then the part that already
 * expired (no cost to the member); then, for points already spent, the member's other points; what remains becomes
 * debt or a recorded shortfall according to the program's return policy. The caller guarantees amount ≤ earned.
 */
export async function clawBack(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & { wallet: WalletRef; earn: JournalRow; amount: number; kind: string; now: Date },
): Promise<ClawbackResult> {
  const account = await lockWallet(db, scope, input.wallet);
  const earnedLots = await lotsOfJournal(db, input.earn.id);
  const lineage = (await Promise.all(earnedLots.map((l) => lotLineage(db, l.id)))).flat();
  const own = await lockLots(
    db,
    lineage.filter((l) => l.accountId === account.id && l.remaining > 0).map((l) => l.id),
  );
  let left = input.amount;
  const fromLot = allocate(own, left);
  left = fromLot.missing;
  const issued = await counterAccount(db, scope, 'issued', input.wallet);
  const expired = await counterAccount(db, scope, 'expired', input.wallet);
  const fromExpired = Math.min(left, await unreversedExpiry(db, input.earn, lineage, expired.id));
  left -= fromExpired;
  const changes: LotChange[] = [...fromLot.changes];
  let fromOtherLots = 0;
  if (left > 0 && account.debt === 0) {
    const spendable = await lockSpendableLots(db, account.id, input.now);
    const pending = (await lockOpenLots(db, account.id)).filter((l) => !spendable.some((s) => s.id === l.id));
    const others = [...spendable, ...pending].filter((l) => !changes.some((c) => c.lot.id === l.id));
    const taken = allocate(others, left);
    changes.push(...taken.changes);
    fromOtherLots = left - taken.missing;
    left = taken.missing;
  }
  const debt = scope.policy.returnPolicy === 'negative' ? left : 0;
  const shortfall = left - debt;
  const fromWallet = input.amount - fromExpired - shortfall;
  const lines: PostingLine[] = [
    { accountId: account.id, amount: -fromWallet, wallet: { debtChange: debt } },
    { accountId: issued.id, amount: input.amount - shortfall },
    { accountId: expired.id, amount: -fromExpired },
  ];
  const journal = await postJournal(db, {
    journal: {
      ...journalFields(scope, input.wallet.memberId, input.kind, input),
      reversesId: input.earn.id,
      shortfall,
    },
    lines,
    lotChanges: changes,
  });
  return { journal, fromLot: input.amount - fromLot.missing, fromExpired, fromOtherLots, debt, shortfall };
}
