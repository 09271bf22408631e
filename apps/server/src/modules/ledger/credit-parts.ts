import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { JournalRow } from './journals.repository.js';
import type { Lot } from './lots.repository.js';
import { availableAt as policyAvailableAt, expiresAt as policyExpiresAt } from './policy.js';
import { type EntryRule, type PostingLine, postJournal } from './posting.js';
import {
  counterAccount,
  type JournalMeta,
  journalFields,
  type LedgerScope,
  lockWallet,
  MAIN_WALLET,
} from './scope.js';

/** One rule's award: into one wallet, with its own dates, attributed to the rule version that produced it. */
export interface CreditPart {
  wallet: { code: string; unit: string };
  amount: number;
  rule: EntryRule | null;
  /** Defaults from the program policy, counted from occurredAt. */
  availableAt?: Date;
  expiresAt?: Date | null;
}

export interface CreditPartsInput extends JournalMeta {
  memberId: string;
  kind: string;
  parts: CreditPart[];
  journalId?: string;
}

/** The journal and the dates of the first lot it opened in the main wallet (none if all went to pay a debt). */
export type PartsJournal = JournalRow & { lot: { availableAt: Date; expiresAt: Date | null } | null };

/**
 * Credits several awards (one per applied rule) as ONE journal: each part is its own pair of entries tagged with its
 * rule version and its own lot with its own dates, so a return can claw back the whole purchase through one journal.
 * Wallets are locked in code order, so two credits never wait on each other crosswise. A wallet in debt pays it first.
 */
export async function creditParts(
  db: Db,
  scope: LedgerScope,
  input: CreditPartsInput,
): Promise<PartsJournal> {
  const parts = input.parts.filter((p) => p.amount > 0);
  for (const p of parts)
    if (!Number.isSafeInteger(p.amount)) throw new RangeError('credit amount must be an integer');
  const codes = [...new Set(parts.map((p) => p.wallet.code))].sort();
  const lines: PostingLine[] = [];
  const lots: Omit<Lot, 'journalId'>[] = [];
  let mainLot: PartsJournal['lot'] = null;
  for (const code of codes) {
    const mine = parts.filter((p) => p.wallet.code === code);
    const wallet = { memberId: input.memberId, ...(mine[0]?.wallet ?? { code, unit: 'points' }) };
    const account = await lockWallet(db, scope, wallet);
    const counter = await counterAccount(db, scope, 'issued', wallet);
    let debt = account.debt;
    for (const part of mine) {
      const payDebt = Math.min(debt, part.amount);
      debt -= payDebt;
      const rule = part.rule ?? undefined;
      lines.push(
        {
          accountId: account.id,
          amount: part.amount,
          wallet: { debtChange: -payDebt, activityAt: input.occurredAt },
          ...(rule ? { rule } : {}),
        },
        { accountId: counter.id, amount: -part.amount, ...(rule ? { rule } : {}) },
      );
      const lotAmount = part.amount - payDebt;
      if (lotAmount === 0) continue;
      const availableAt = part.availableAt ?? policyAvailableAt(scope.policy, input.occurredAt);
      const expiresAt =
        part.expiresAt !== undefined
          ? part.expiresAt
          : policyExpiresAt(scope.policy, input.occurredAt, scope.timezone);
      // Awards with the same dates share one lot: a lot is about when points can be spent, not who gave them.
      const same = lots.find(
        (l) =>
          l.accountId === account.id &&
          l.availableAt.getTime() === availableAt.getTime() &&
          (l.expiresAt?.getTime() ?? null) === (expiresAt?.getTime() ?? null),
      );
      if (same) {
        same.amount += lotAmount;
        same.remaining += lotAmount;
        continue;
      }
      lots.push({
        id: uuidv7(),
        accountId: account.id,
        amount: lotAmount,
        remaining: lotAmount,
        earnedAt: input.occurredAt,
        availableAt,
        expiresAt,
        originLotId: null,
      });
      if (code === MAIN_WALLET.code && mainLot === null) mainLot = { availableAt, expiresAt };
    }
  }
  const journal = await postJournal(db, {
    journal: {
      ...journalFields(scope, input.memberId, input.kind, input),
      ...(input.journalId ? { id: input.journalId } : {}),
      reversesId: null,
    },
    lines,
    newLots: lots,
  });
  return { ...journal, lot: mainLot };
}
