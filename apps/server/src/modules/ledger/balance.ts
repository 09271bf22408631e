import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { Account } from './accounts.repository.js';
import { accountLots } from './lots.repository.js';

export interface WalletBalance {
  wallet: string;
  unit: string;
  balance: number;
  available: number;
  pending: number;
  debt: number;
  pendingReleases: { date: string; amount: number }[];
  expiring: {
    within30Days: number;
    within60Days: number;
    within90Days: number;
    dates: { date: string; amount: number }[];
  };
  lifetime: { earned: number; spent: number; expired: number };
}

const DAY = 86_400_000;

function byDate(items: { at: Date; amount: number }[], timezone: string): { date: string; amount: number }[] {
  const sums = new Map<string, number>();
  for (const i of items) {
    const date = DateTime.fromJSDate(i.at, { zone: timezone }).toISODate() ?? i.at.toISOString().slice(0, 10);
    sums.set(date, (sums.get(date) ?? 0) + i.amount);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, amount]) => ({ date, amount }));
}

/** Lifetime totals from the wallet's entries, grouped by the kind of journal that wrote them. */
async function lifetime(db: Db, accountId: string): Promise<WalletBalance['lifetime']> {
  const rows = await db
    .selectFrom('ledger_entries')
    .innerJoin('ledger_journals', 'ledger_journals.id', 'ledger_entries.journal_id')
    .select(['ledger_journals.kind', (eb) => eb.fn.sum<number>('ledger_entries.amount').as('total')])
    .where('ledger_entries.account_id', '=', accountId)
    .groupBy('ledger_journals.kind')
    .execute();
  const total = (kinds: string[]) =>
    rows.filter((r) => kinds.includes(r.kind)).reduce((s, r) => s + Number(r.total), 0);
  return {
    earned: total(['earn', 'bonus', 'event', 'adjust_credit', 'return', 'cancel', 'member_reward']),
    spent: -total(['spend', 'hold', 'release', 'hold_expired', 'adjust_debit']),
    expired: -total(['expire']),
  };
}

/** What a member (or a POS) wants to know about a wallet, in the program's time zone. */
export async function walletBalance(
  db: Db,
  account: Account,
  timezone: string,
  now: Date,
): Promise<WalletBalance> {
  const lots = (await accountLots(db, account.id)).filter((l) => l.remaining > 0);
  const live = lots.filter((l) => l.expiresAt === null || l.expiresAt > now);
  const availableLots = live.filter((l) => l.availableAt <= now);
  const pendingLots = live.filter((l) => l.availableAt > now);
  const expiringWithin = (days: number) =>
    live.filter((l) => l.expiresAt !== null && l.expiresAt.getTime() <= now.getTime() + days * DAY);
  const sum = (ls: { remaining: number }[]) => ls.reduce((s, l) => s + l.remaining, 0);
  return {
    wallet: account.code,
    unit: account.unit,
    balance: account.balance,
    available: account.debt > 0 ? 0 : sum(availableLots),
    pending: sum(pendingLots),
    debt: account.debt,
    pendingReleases: byDate(
      pendingLots.map((l) => ({ at: l.availableAt, amount: l.remaining })),
      timezone,
    ),
    expiring: {
      within30Days: sum(expiringWithin(30)),
      within60Days: sum(expiringWithin(60)),
      within90Days: sum(expiringWithin(90)),
      dates: byDate(
        expiringWithin(90).map((l) => ({ at: l.expiresAt as Date, amount: l.remaining })),
        timezone,
      ),
    },
    lifetime: await lifetime(db, account.id),
  };
}
