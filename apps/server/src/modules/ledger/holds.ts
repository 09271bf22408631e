import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { debit } from './debit.js';
import { type JournalRow, journalColumns } from './journals.repository.js';
import { postJournal } from './posting.js';
import { restoreConsumption } from './restore.js';
import { counterAccount, journalFields, type LedgerScope, lockWallet, type WalletRef } from './scope.js';

export interface Hold {
  id: string;
  memberId: string;
  amount: number;
  status: 'held' | 'captured' | 'released' | 'expired';
  reference: string | null;
  expiresAt: Date;
  createdAt: Date;
  settledAt: Date | null;
  holdJournalId: string;
}

const columns = [
  'id',
  'member_id as memberId',
  'amount',
  'status',
  'reference',
  'expires_at as expiresAt',
  'created_at as createdAt',
  'settled_at as settledAt',
  'hold_journal_id as holdJournalId',
] as const;

/** Reserves points for a checkout: they leave the available balance now and come back unless captured in time. */
export async function createHold(
  db: Db,
  scope: LedgerScope,
  input: { wallet: WalletRef; amount: number; reference: string | null; ttlSeconds?: number; now: Date },
): Promise<Hold> {
  const journal = await debit(db, scope, {
    wallet: input.wallet,
    amount: input.amount,
    kind: 'hold',
    counter: 'holds',
    now: input.now,
    occurredAt: input.now,
    reference: input.reference,
    explanation: `${input.amount} ${input.wallet.unit} held${input.reference ? ` for ${input.reference}` : ''}`,
  });
  const account = await lockWallet(db, scope, input.wallet);
  const ttl = input.ttlSeconds ?? scope.policy.holdTtlSeconds;
  return db
    .insertInto('ledger_holds')
    .values({
      id: uuidv7(),
      tenant_id: scope.tenantId,
      program_id: scope.programId,
      member_id: input.wallet.memberId,
      account_id: account.id,
      amount: input.amount,
      status: 'held',
      reference: input.reference,
      hold_journal_id: journal.id,
      expires_at: new Date(input.now.getTime() + ttl * 1000),
      created_at: input.now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

async function lockOpenHold(db: Db, scope: LedgerScope, memberId: string, holdId: string) {
  const hold = await db
    .selectFrom('ledger_holds')
    .select(columns)
    .where('program_id', '=', scope.programId)
    .where('member_id', '=', memberId)
    .where('id', '=', holdId)
    .forUpdate()
    .executeTakeFirst();
  if (hold === undefined) throw notFound('hold', holdId);
  if (hold.status !== 'held') throw conflict('hold_settled', `Hold ${holdId} is already ${hold.status}`);
  return hold;
}

async function settle(
  db: Db,
  holdId: string,
  status: Hold['status'],
  journal: JournalRow,
  now: Date,
): Promise<Hold> {
  return db
    .updateTable('ledger_holds')
    .set({ status, settle_journal_id: journal.id, settled_at: now })
    .where('id', '=', holdId)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/**
 * Turns held points into a redemption. A capture after the hold's TTL is refused; the expiry job (or a release)
 * returns the points. Nothing is written on refusal: the whole transaction rolls back.
 */
export async function captureHold(
  db: Db,
  scope: LedgerScope,
  input: { wallet: WalletRef; holdId: string; now: Date },
): Promise<Hold> {
  await lockWallet(db, scope, input.wallet);
  const hold = await lockOpenHold(db, scope, input.wallet.memberId, input.holdId);
  if (hold.expiresAt <= input.now) {
    throw conflict('hold_expired', `Hold ${hold.id} expired at ${hold.expiresAt.toISOString()}`);
  }
  const holds = await counterAccount(db, scope, 'holds', input.wallet);
  const redeemed = await counterAccount(db, scope, 'redeemed', input.wallet);
  const journal = await postJournal(db, {
    journal: journalFields(scope, input.wallet.memberId, 'capture', {
      occurredAt: input.now,
      reference: hold.reference,
      explanation: `${hold.amount} ${input.wallet.unit} redeemed${hold.reference ? ` for ${hold.reference}` : ''}`,
    }),
    lines: [
      { accountId: holds.id, amount: -hold.amount },
      { accountId: redeemed.id, amount: hold.amount },
    ],
  });
  return settle(db, hold.id, 'captured', journal, input.now);
}

async function releaseLocked(
  db: Db,
  scope: LedgerScope,
  wallet: WalletRef,
  hold: Hold,
  status: 'released' | 'expired',
  now: Date,
): Promise<Hold> {
  const consumed = await db
    .selectFrom('ledger_journals')
    .select(journalColumns)
    .where('id', '=', hold.holdJournalId)
    .executeTakeFirstOrThrow();
  const journal = await restoreConsumption(db, scope, {
    wallet,
    consumed,
    kind: status === 'expired' ? 'hold_expired' : 'release',
    counter: 'holds',
    occurredAt: now,
    reference: hold.reference,
    explanation: `${hold.amount} ${wallet.unit} returned from ${status === 'expired' ? 'an expired' : 'a released'} hold`,
  });
  return settle(db, hold.id, status, journal, now);
}

export async function releaseHold(
  db: Db,
  scope: LedgerScope,
  input: { wallet: WalletRef; holdId: string; now: Date; status?: 'released' | 'expired' },
): Promise<Hold> {
  await lockWallet(db, scope, input.wallet);
  const hold = await lockOpenHold(db, scope, input.wallet.memberId, input.holdId);
  return releaseLocked(db, scope, input.wallet, hold, input.status ?? 'released', input.now);
}

/** Holds of a program whose time is up. */
export async function overdueHolds(db: Db, programId: string, now: Date) {
  return db
    .selectFrom('ledger_holds')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_holds.account_id')
    .select([
      'ledger_holds.id',
      'ledger_holds.member_id as memberId',
      'ledger_accounts.code',
      'ledger_accounts.unit',
    ])
    .where('ledger_holds.program_id', '=', programId)
    .where('ledger_holds.status', '=', 'held')
    .where('ledger_holds.expires_at', '<=', now)
    .execute();
}

/** The wallet (code) a hold took from, so a capture or release settles against that wallet's accounts. */
export async function holdWalletCode(db: Db, memberId: string, holdId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('ledger_holds')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_holds.account_id')
    .select('ledger_accounts.code')
    .where('ledger_holds.member_id', '=', memberId)
    .where('ledger_holds.id', '=', holdId)
    .executeTakeFirst();
  return row?.code;
}

export async function openHoldCount(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('ledger_holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('status', '=', 'held')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
