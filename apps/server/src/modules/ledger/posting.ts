import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { applyToAccount } from './accounts.repository.js';
import { insertEntries, insertJournal, type JournalRow } from './journals.repository.js';
import { insertLot, insertMovements, type Lot, setLotRemaining } from './lots.repository.js';

export interface PostingLine {
  accountId: string;
  amount: number;
  /** Member wallets carry a cached balance (and debt); program accounts do not. */
  wallet?: { debtChange?: number; activityAt?: Date };
}

export interface LotChange {
  lot: Lot;
  /** Negative: consumed by this journal; positive: restored by it. */
  delta: number;
}

export interface PostingInput {
  journal: Omit<JournalRow, 'id' | 'createdAt' | 'shortfall' | 'reversesId'> & {
    shortfall?: number;
    reversesId?: string | null;
  };
  lines: PostingLine[];
  newLots?: Omit<Lot, 'journalId'>[];
  lotChanges?: LotChange[];
}

export class LedgerInvariantError extends Error {}

/**
 * The only way anything is written to the ledger. In one transaction (the caller's) it appends a journal, its
 * entries, new lots and lot movements, and updates the cached wallet balances. Invariants checked here, before
 * anything is written: entries sum to zero; no lot goes below zero or above its amount.
 */
export async function postJournal(db: Db, input: PostingInput): Promise<JournalRow> {
  const sum = input.lines.reduce((s, l) => s + l.amount, 0);
  if (sum !== 0) throw new LedgerInvariantError(`journal ${input.journal.kind} does not balance: sum ${sum}`);
  for (const l of input.lines) {
    if (!Number.isSafeInteger(l.amount)) throw new LedgerInvariantError(`non-integer amount ${l.amount}`);
  }
  for (const c of input.lotChanges ?? []) {
    const next = c.lot.remaining + c.delta;
    if (!Number.isSafeInteger(c.delta) || next < 0 || next > c.lot.amount) {
      throw new LedgerInvariantError(`lot ${c.lot.id} would hold ${next} of ${c.lot.amount}`);
    }
  }
  const journal = await insertJournal(db, {
    ...input.journal,
    id: uuidv7(),
    shortfall: input.journal.shortfall ?? 0,
    reversesId: input.journal.reversesId ?? null,
  });
  await insertEntries(
    db,
    input.lines
      .filter((l) => l.amount !== 0)
      .map((l) => ({ journalId: journal.id, accountId: l.accountId, amount: l.amount })),
  );
  for (const lot of input.newLots ?? []) await insertLot(db, { ...lot, journalId: journal.id });
  const changes = (input.lotChanges ?? []).filter((c) => c.delta !== 0);
  await insertMovements(
    db,
    changes.map((c) => ({ journalId: journal.id, lotId: c.lot.id, amount: c.delta })),
  );
  for (const c of changes) {
    c.lot.remaining += c.delta;
    await setLotRemaining(db, c.lot.id, c.lot.remaining);
  }
  for (const l of input.lines) {
    if (l.wallet === undefined) continue;
    await applyToAccount(db, l.accountId, {
      balance: l.amount,
      ...(l.wallet.debtChange ? { debt: l.wallet.debtChange } : {}),
      ...(l.wallet.activityAt ? { activityAt: l.wallet.activityAt } : {}),
    });
  }
  return journal;
}

/** Takes `amount` from lots in the given order; returns the takes, or the shortfall if the lots are not enough. */
export function allocate(lots: Lot[], amount: number): { changes: LotChange[]; missing: number } {
  const changes: LotChange[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) {
      changes.push({ lot, delta: -take });
      left -= take;
    }
  }
  return { changes, missing: left };
}
