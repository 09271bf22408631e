import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { writeJournal } from './journal-writer.repository.js';
import type { JournalRow } from './journals.repository.js';
import type { Lot } from './lots.repository.js';

export interface PostingLine {
  accountId: string;
  amount: number;
  /** Member wallets carry a cached balance (and debt); program accounts do not. */
  wallet?: { debtChange?: number; activityAt?: Date };
  /** The published rule version that produced this entry, if a rule did. */
  rule?: EntryRule;
}

export interface EntryRule {
  versionId: string;
  ruleKey: string;
}

export interface LotChange {
  lot: Lot;
  /** Negative: consumed by this journal; positive: restored by it. */
  delta: number;
}

export interface PostingInput {
  journal: Omit<JournalRow, 'id' | 'createdAt' | 'shortfall' | 'reversesId'> & {
    /** Chosen by the caller when another record must point at the journal before it exists. */
    id?: string;
    shortfall?: number;
    reversesId?: string | null;
    partnerId?: string | null;
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
  // Several changes of one lot in one journal add up; the lot objects are kept current for the caller.
  const byLot = new Map<string, { lot: Lot; delta: number }>();
  for (const c of input.lotChanges ?? []) {
    if (c.delta === 0) continue;
    const seen = byLot.get(c.lot.id);
    if (seen) seen.delta += c.delta;
    else byLot.set(c.lot.id, { lot: c.lot, delta: c.delta });
  }
  const lotUpdates = [...byLot.values()]
    .filter((c) => c.delta !== 0)
    .map((c) => ({ lotId: c.lot.id, delta: c.delta, remaining: c.lot.remaining + c.delta }));
  const journalId = input.journal.id ?? uuidv7();
  const journal = await writeJournal(db, {
    journal: {
      ...input.journal,
      id: journalId,
      shortfall: input.journal.shortfall ?? 0,
      reversesId: input.journal.reversesId ?? null,
    },
    entries: input.lines
      .filter((l) => l.amount !== 0)
      .map((l) => ({ accountId: l.accountId, amount: l.amount, rule: l.rule ?? null })),
    newLots: (input.newLots ?? []).map((lot) => ({ ...lot, journalId })),
    lotUpdates,
    wallets: walletChanges(input.lines),
  });
  for (const c of byLot.values()) c.lot.remaining += c.delta;
  return journal;
}

/** Cached-balance changes per wallet; one wallet named on several lines gets their sum. */
function walletChanges(lines: PostingLine[]) {
  const byAccount = new Map<
    string,
    { accountId: string; balance: number; debt: number; activityAt: Date | null }
  >();
  for (const l of lines) {
    if (l.wallet === undefined) continue;
    const w = byAccount.get(l.accountId) ?? { accountId: l.accountId, balance: 0, debt: 0, activityAt: null };
    w.balance += l.amount;
    w.debt += l.wallet.debtChange ?? 0;
    const at = l.wallet.activityAt;
    if (at && (w.activityAt === null || at > w.activityAt)) w.activityAt = at;
    byAccount.set(l.accountId, w);
  }
  return [...byAccount.values()];
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
