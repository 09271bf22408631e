import type { Db } from '../../db/database.js';
import type { Account } from './accounts.repository.js';
import type { JournalRow } from './journals.repository.js';
import { lockLots, movementsOfJournal } from './lots.repository.js';
import { allocate, type LotChange, postJournal } from './posting.js';
import {
  counterAccount,
  type JournalMeta,
  journalFields,
  type LedgerScope,
  lockWallet,
  type ProgramAccountKind,
  type WalletRef,
} from './scope.js';

/**
 * Gives back to their lots exactly what `consumed` took (a hold or a spend), with their original expiry. If the
 * wallet fell into debt meanwhile, the restored points pay the debt first.
 */
export async function restoreConsumption(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & {
    wallet: WalletRef;
    consumed: JournalRow;
    kind: string;
    counter: Extract<ProgramAccountKind, 'redeemed' | 'holds' | 'adjustments'>;
  },
): Promise<JournalRow> {
  const account = await lockWallet(db, scope, input.wallet);
  const movements = await movementsOfJournal(db, input.consumed.id);
  const lots = await lockLots(db, [...new Set(movements.map((m) => m.lotId))]);
  const changes: LotChange[] = [];
  for (const lot of lots) {
    const taken = -movements.filter((m) => m.lotId === lot.id).reduce((s, m) => s + m.amount, 0);
    if (taken > 0) changes.push({ lot: { ...lot }, delta: taken });
  }
  const total = changes.reduce((s, c) => s + c.delta, 0);
  const payDebt = settleDebtFrom(account, changes);
  const counter = await counterAccount(db, scope, input.counter, input.wallet);
  return postJournal(db, {
    journal: {
      ...journalFields(scope, input.wallet.memberId, input.kind, input),
      reversesId: input.consumed.id,
    },
    lines: [
      { accountId: account.id, amount: total, wallet: { debtChange: -payDebt } },
      { accountId: counter.id, amount: -total },
    ],
    lotChanges: changes,
  });
}

/** Reduces positive lot changes to pay the account's debt; returns how much debt was paid. */
export function settleDebtFrom(account: Account, changes: LotChange[]): number {
  if (account.debt === 0) return 0;
  const restored = changes.map((c) => ({ ...c.lot, remaining: c.delta }));
  const { changes: takes } = allocate(restored, account.debt);
  let paid = 0;
  for (const take of takes) {
    const change = changes.find((c) => c.lot.id === take.lot.id);
    if (change) {
      change.delta += take.delta;
      paid -= take.delta;
    }
  }
  return paid;
}
