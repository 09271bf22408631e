import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { JournalRow } from './journals.repository.js';
import { availableAt as policyAvailableAt, expiresAt as policyExpiresAt } from './policy.js';
import { postJournal } from './posting.js';
import {
  counterAccount,
  type JournalMeta,
  journalFields,
  type LedgerScope,
  lockWallet,
  type WalletRef,
} from './scope.js';

export interface CreditInput extends JournalMeta {
  wallet: WalletRef;
  amount: number;
  kind: string;
  counter: 'issued' | 'adjustments';
  /** Defaults from the program policy: pending period and expiry counted from occurredAt. */
  availableAt?: Date;
  expiresAt?: Date | null;
  reversesId?: string | null;
  journalId?: string;
}

/** The credit's journal and the dates of the lot it opened (none when it all went to pay a debt). */
export type CreditedJournal = JournalRow & { lot: { availableAt: Date; expiresAt: Date | null } | null };

/**
 * Credits a wallet and opens a lot for the credited points. A wallet in debt (points clawed back by a return after
 * they were spent) pays its debt first; only the rest becomes a spendable lot.
 */
export async function credit(db: Db, scope: LedgerScope, input: CreditInput): Promise<CreditedJournal> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new RangeError('credit amount must be > 0');
  const account = await lockWallet(db, scope, input.wallet);
  const counter = await counterAccount(db, scope, input.counter, input.wallet);
  const payDebt = Math.min(account.debt, input.amount);
  const lotAmount = input.amount - payDebt;
  const earnedAt = input.occurredAt;
  const lot =
    lotAmount > 0
      ? {
          id: uuidv7(),
          accountId: account.id,
          amount: lotAmount,
          remaining: lotAmount,
          earnedAt,
          availableAt: input.availableAt ?? policyAvailableAt(scope.policy, earnedAt),
          expiresAt:
            input.expiresAt !== undefined
              ? input.expiresAt
              : policyExpiresAt(scope.policy, earnedAt, scope.timezone),
          originLotId: null,
        }
      : null;
  const journal = await postJournal(db, {
    journal: {
      ...journalFields(scope, input.wallet.memberId, input.kind, input),
      ...(input.journalId ? { id: input.journalId } : {}),
      reversesId: input.reversesId ?? null,
    },
    lines: [
      { accountId: account.id, amount: input.amount, wallet: { debtChange: -payDebt, activityAt: earnedAt } },
      { accountId: counter.id, amount: -input.amount },
    ],
    newLots: lot ? [lot] : [],
  });
  return { ...journal, lot: lot ? { availableAt: lot.availableAt, expiresAt: lot.expiresAt } : null };
}
