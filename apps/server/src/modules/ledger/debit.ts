import type { Db } from '../../db/database.js';
import type { Account } from './accounts.repository.js';
import type { JournalRow } from './journals.repository.js';
import { insufficientPoints } from './ledger.errors.js';
import { lockSpendableLots } from './lots.repository.js';
import { allocate, postJournal } from './posting.js';
import {
  counterAccount,
  type JournalMeta,
  journalFields,
  type LedgerScope,
  lockWallet,
  type ProgramAccountKind,
  type WalletRef,
} from './scope.js';

export interface DebitInput extends JournalMeta {
  wallet: WalletRef;
  amount: number;
  kind: string;
  counter: Extract<ProgramAccountKind, 'redeemed' | 'adjustments' | 'holds'>;
  /** The instant that decides which lots are available and unexpired. */
  now: Date;
}

/** Points a wallet can spend now: available, unexpired lots; nothing while the wallet is in debt. */
export function spendableOf(account: Account, lots: { remaining: number }[]): number {
  if (account.debt > 0) return 0;
  return lots.reduce((s, l) => s + l.remaining, 0);
}

/**
 * Debits available points, soonest-expiring lots first, recording which lots paid. The wallet row is locked first,
 * so concurrent debits of one wallet run one after another and the available balance can never go below zero.
 */
export async function debit(db: Db, scope: LedgerScope, input: DebitInput): Promise<JournalRow> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new RangeError('debit amount must be > 0');
  const account = await lockWallet(db, scope, input.wallet);
  const lots = await lockSpendableLots(db, account.id, input.now);
  const available = spendableOf(account, lots);
  if (available < input.amount) throw insufficientPoints(input.amount, available, input.wallet.unit);
  const { changes } = allocate(lots, input.amount);
  const counter = await counterAccount(db, scope, input.counter, input.wallet);
  return postJournal(db, {
    journal: journalFields(scope, input.wallet.memberId, input.kind, input),
    lines: [
      { accountId: account.id, amount: -input.amount, wallet: { activityAt: input.occurredAt } },
      { accountId: counter.id, amount: input.amount },
    ],
    lotChanges: changes,
  });
}
