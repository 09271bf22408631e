import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict } from '../../http/problem.js';
import type { Account } from './accounts.repository.js';
import type { JournalRow } from './journals.repository.js';
import { insufficientPoints } from './ledger.errors.js';
import { type Lot, lockOpenLots, lockSpendableLots } from './lots.repository.js';
import { allocate, postJournal } from './posting.js';
import { type JournalMeta, journalFields, type LedgerScope, lockWallet, type WalletRef } from './scope.js';

/** Locks two wallets in a fixed order (by member id), so two opposite transfers can never deadlock. */
async function lockPair(db: Db, scope: LedgerScope, a: WalletRef, b: WalletRef): Promise<[Account, Account]> {
  if (a.memberId < b.memberId) {
    const first = await lockWallet(db, scope, a);
    return [first, await lockWallet(db, scope, b)];
  }
  const second = await lockWallet(db, scope, b);
  return [await lockWallet(db, scope, a), second];
}

/**
 * Moves lots from one wallet to another, keeping each lot's dates; new lots point at their origin so that a later
 * return of the purchase that earned them still finds them. The receiver's debt is paid first.
 */
async function moveLots(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & {
    from: Account;
    to: Account;
    taken: { lot: Lot; delta: number }[];
    kind: string;
    memberId: string;
  },
): Promise<JournalRow> {
  const total = input.taken.reduce((s, c) => s - c.delta, 0);
  let payDebt = Math.min(input.to.debt, total);
  const debtPaid = payDebt;
  const newLots: Omit<Lot, 'journalId'>[] = [];
  for (const { lot, delta } of input.taken) {
    const pay = Math.min(payDebt, -delta);
    payDebt -= pay;
    const amount = -delta - pay;
    if (amount === 0) continue;
    newLots.push({
      ...lot,
      id: uuidv7(),
      accountId: input.to.id,
      amount,
      remaining: amount,
      originLotId: lot.id,
    });
  }
  return postJournal(db, {
    journal: journalFields(scope, input.memberId, input.kind, input),
    lines: [
      { accountId: input.from.id, amount: -total, wallet: {} },
      { accountId: input.to.id, amount: total, wallet: { debtChange: -debtPaid } },
    ],
    newLots,
    lotChanges: input.taken,
  });
}

/** Gives available points to another member of the same program, where the program allows it. */
export async function transfer(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & { from: WalletRef; to: WalletRef; amount: number; now: Date },
): Promise<JournalRow> {
  if (!scope.policy.transfersAllowed) {
    throw conflict('transfers_not_allowed', 'This program does not allow points transfers between members');
  }
  if (input.from.memberId === input.to.memberId)
    throw conflict('transfer_to_self', 'A member cannot transfer to itself');
  const [from, to] = await lockPair(db, scope, input.from, input.to);
  const lots = await lockSpendableLots(db, from.id, input.now);
  const available = from.debt > 0 ? 0 : lots.reduce((s, l) => s + l.remaining, 0);
  if (available < input.amount) throw insufficientPoints(input.amount, available, input.from.unit);
  const { changes } = allocate(lots, input.amount);
  return moveLots(db, scope, {
    ...input,
    from,
    to,
    taken: changes,
    kind: 'transfer',
    memberId: input.from.memberId,
  });
}

/**
 * Folds one wallet of a duplicate member into the survivor's: every open lot (pending too) with its dates, and
 * any debt. Returns null when there was nothing to move.
 */
export async function mergeWallet(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & { duplicate: WalletRef; survivor: WalletRef },
): Promise<JournalRow | null> {
  const [dup, survivor] = await lockPair(db, scope, input.duplicate, input.survivor);
  const lots = await lockOpenLots(db, dup.id);
  if (lots.length === 0 && dup.debt === 0) return null;
  const taken = lots.map((lot) => ({ lot, delta: -lot.remaining }));
  const journal = await moveLots(db, scope, {
    ...input,
    from: dup,
    to: survivor,
    taken,
    kind: 'merge',
    memberId: input.survivor.memberId,
  });
  if (dup.debt > 0) await moveDebt(db, scope, input, dup, survivor);
  return journal;
}

/** Debt follows the member: the survivor owes it, paid at once from the survivor's points where possible. */
async function moveDebt(
  db: Db,
  scope: LedgerScope,
  input: JournalMeta & { survivor: WalletRef },
  dup: Account,
  survivor: Account,
): Promise<void> {
  const fresh = await lockWallet(db, scope, input.survivor);
  const lots = await lockSpendableLots(db, survivor.id, input.occurredAt);
  const pending = (await lockOpenLots(db, survivor.id)).filter((l) => !lots.some((s) => s.id === l.id));
  const { changes, missing } = allocate([...lots, ...pending], dup.debt);
  await postJournal(db, {
    journal: journalFields(scope, input.survivor.memberId, 'merge_debt', {
      ...input,
      idempotencyKey: null,
      explanation: `${dup.debt} ${dup.unit} owed by the merged profile`,
    }),
    lines: [
      { accountId: dup.id, amount: dup.debt, wallet: { debtChange: -dup.debt } },
      { accountId: fresh.id, amount: -dup.debt, wallet: { debtChange: missing } },
    ],
    lotChanges: changes,
  });
}
