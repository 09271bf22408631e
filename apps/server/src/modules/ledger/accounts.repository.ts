import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { SettledCache } from '../../lib/settled-cache.js';

export interface Account {
  id: string;
  tenantId: string;
  programId: string;
  memberId: string | null;
  code: string;
  unit: string;
  balance: number;
  debt: number;
  lastActivityAt: Date | null;
  createdAt: Date;
}

const columns = [
  'id',
  'tenant_id as tenantId',
  'program_id as programId',
  'member_id as memberId',
  'code',
  'unit',
  'balance',
  'debt',
  'last_activity_at as lastActivityAt',
  'created_at as createdAt',
] as const;

export interface AccountKey {
  tenantId: string;
  programId: string;
  memberId: string | null;
  code: string;
  unit: string;
}

/** Creates the account if it does not exist; concurrent creators converge on one row via the unique key. */
async function ensureAccount(db: Db, key: AccountKey): Promise<void> {
  await db
    .insertInto('ledger_accounts')
    .values({
      id: uuidv7(),
      tenant_id: key.tenantId,
      program_id: key.programId,
      member_id: key.memberId,
      code: key.code,
      unit: key.unit,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function byKey(db: Db, key: AccountKey) {
  let query = db
    .selectFrom('ledger_accounts')
    .select(columns)
    .where('program_id', '=', key.programId)
    .where('code', '=', key.code);
  query =
    key.memberId === null
      ? query.where('member_id', 'is', null)
      : query.where('member_id', '=', key.memberId);
  return query;
}

/**
 * The account, locked for the rest of the transaction. Every operation on a member wallet takes this lock first,
 * which serialises spends, holds and expiry of one wallet without blocking other members.
 */
export async function lockAccount(db: Db, key: AccountKey): Promise<Account> {
  const found = await byKey(db, key).forUpdate().executeTakeFirst();
  if (found) return found;
  await ensureAccount(db, key);
  return byKey(db, key).forUpdate().executeTakeFirstOrThrow();
}

/** Program accounts are created once and never change identity, so their ids are remembered. */
const programAccounts = new SettledCache<Account>(3_600_000);

/** A program account (issued, redeemed, …) is never locked: its balance is a sum of entries, not a cached value. */
export async function programAccount(db: Db, key: Omit<AccountKey, 'memberId'>): Promise<Account> {
  const cacheKey = `${key.programId}|${key.code}`;
  const cached = programAccounts.get(cacheKey);
  if (cached) return cached;
  const k = { ...key, memberId: null };
  let found = await byKey(db, k).executeTakeFirst();
  if (!found) {
    await ensureAccount(db, k);
    found = await byKey(db, k).executeTakeFirstOrThrow();
  }
  return programAccounts.remember(cacheKey, found, found.createdAt);
}

export async function findAccount(db: Db, key: AccountKey): Promise<Account | undefined> {
  return byKey(db, key).executeTakeFirst();
}

export async function lockAccountById(db: Db, id: string): Promise<Account> {
  return db
    .selectFrom('ledger_accounts')
    .select(columns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function memberAccounts(db: Db, programId: string, memberId: string): Promise<Account[]> {
  return db
    .selectFrom('ledger_accounts')
    .select(columns)
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('code')
    .execute();
}

/** A member's main wallet balance and the points it ever received (credits only), for rule conditions. */
export async function walletFigures(
  db: Db,
  programId: string,
  memberId: string,
): Promise<{ balance: number; lifetimePoints: number }> {
  const row = await db
    .selectFrom('ledger_accounts as a')
    .select([
      'a.balance',
      (eb) =>
        eb
          .selectFrom('ledger_entries as e')
          .select((e) => e.fn.coalesce(e.fn.sum<number>('e.amount'), e.val(0)).as('n'))
          .whereRef('e.account_id', '=', 'a.id')
          .where('e.amount', '>', 0)
          .as('lifetime'),
    ])
    .where('a.program_id', '=', programId)
    .where('a.member_id', '=', memberId)
    .where('a.code', '=', 'points')
    .executeTakeFirst();
  return { balance: Number(row?.balance ?? 0), lifetimePoints: Number(row?.lifetime ?? 0) };
}
