import type { Db } from '../../db/database.js';

export interface Lot {
  id: string;
  accountId: string;
  journalId: string;
  amount: number;
  remaining: number;
  earnedAt: Date;
  availableAt: Date;
  expiresAt: Date | null;
  originLotId: string | null;
}

const columns = [
  'id',
  'account_id as accountId',
  'journal_id as journalId',
  'amount',
  'remaining',
  'earned_at as earnedAt',
  'available_at as availableAt',
  'expires_at as expiresAt',
  'origin_lot_id as originLotId',
] as const;

/** Lots a spend may use at `now`: available, unexpired, not empty; soonest-expiring first, then oldest. */
export async function lockSpendableLots(db: Db, accountId: string, now: Date): Promise<Lot[]> {
  return db
    .selectFrom('ledger_lots')
    .select(columns)
    .where('account_id', '=', accountId)
    .where('remaining', '>', 0)
    .where('available_at', '<=', now)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy((eb) => eb.fn.coalesce('expires_at', eb.val(new Date('9999-12-31T00:00:00Z'))))
    .orderBy('earned_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Every lot of an account that still holds points (pending, available, or due to expire). */
export async function lockOpenLots(db: Db, accountId: string): Promise<Lot[]> {
  return db
    .selectFrom('ledger_lots')
    .select(columns)
    .where('account_id', '=', accountId)
    .where('remaining', '>', 0)
    .orderBy('available_at')
    .orderBy('earned_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function lockLots(db: Db, ids: string[]): Promise<Lot[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('ledger_lots')
    .select(columns)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function lotsOfJournal(db: Db, journalId: string): Promise<Lot[]> {
  return db
    .selectFrom('ledger_lots')
    .select(columns)
    .where('journal_id', '=', journalId)
    .orderBy('id')
    .execute();
}

/** The lot itself and every lot a merge or transfer carried its points into, transitively. */
export async function lotLineage(db: Db, lotId: string): Promise<Lot[]> {
  const out: Lot[] = [];
  let frontier = [lotId];
  while (frontier.length > 0) {
    const rows = await db.selectFrom('ledger_lots').select(columns).where('id', 'in', frontier).execute();
    out.push(...rows);
    const children = await db
      .selectFrom('ledger_lots')
      .select('id')
      .where('origin_lot_id', 'in', frontier)
      .execute();
    frontier = children.map((c) => c.id);
  }
  return out;
}

export async function setLotAvailableAt(db: Db, id: string, availableAt: Date): Promise<void> {
  await db.updateTable('ledger_lots').set({ available_at: availableAt }).where('id', '=', id).execute();
}

export async function movementsOfJournal(db: Db, journalId: string) {
  return db
    .selectFrom('ledger_lot_movements')
    .select(['lot_id as lotId', 'amount'])
    .where('journal_id', '=', journalId)
    .orderBy('id')
    .execute();
}

export async function accountLots(db: Db, accountId: string): Promise<Lot[]> {
  return db
    .selectFrom('ledger_lots')
    .select(columns)
    .where('account_id', '=', accountId)
    .orderBy('earned_at')
    .orderBy('id')
    .execute();
}
