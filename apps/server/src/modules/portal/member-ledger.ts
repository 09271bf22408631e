import { DateTime } from 'luxon';
import type { Static } from 'typebox';
import type { Db } from '../../db/database.js';
import { validationFailed } from '../../http/problem.js';
import { memberAccounts } from '../ledger/accounts.repository.js';
import { walletBalance } from '../ledger/balance.js';
import { memberJournals } from '../ledger/journals.repository.js';
import { memberLedger, toJournalDtos } from '../ledger/ledger.http.js';
import { accountLots } from '../ledger/lots.repository.js';
import { inactivityDeadline } from '../ledger/policy.js';
import { MAIN_WALLET } from '../ledger/scope.js';
import { getProgram } from '../tenants/programs.service.js';
import { tierCodeOf } from '../tiers/definitions.js';
import type { BalanceSchema, HistorySchema } from './member-portal.schemas.js';

type Balance = Static<typeof BalanceSchema>;
type History = Static<typeof HistorySchema>;

/** Remaining points of the wallet's live lots by the local date they expire on, soonest first. */
async function expirySchedule(db: Db, accountId: string, timezone: string, now: Date) {
  const sums = new Map<string, number>();
  for (const lot of await accountLots(db, accountId)) {
    if (lot.remaining <= 0 || lot.expiresAt === null || lot.expiresAt <= now) continue;
    const date = DateTime.fromJSDate(lot.expiresAt, { zone: timezone }).toISODate() ?? '';
    sums.set(date, (sums.get(date) ?? 0) + lot.remaining);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, amount]) => ({ date, amount }));
}

/**
 * The member's points as the ledger's balance figures (the same walletBalance as `GET /v1/members/{id}/balance`),
 * plus what a member asks next: what they are worth, every date on which some will expire (not only the next 90
 * days), whether their tier exempts them, and under inactivity expiry the day everything goes.
 */
export async function memberBalance(
  db: Db,
  tenantId: string,
  memberId: string,
  now = new Date(),
): Promise<Balance> {
  const { scope } = await memberLedger(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, scope.programId);
  const accounts = await memberAccounts(db, scope.programId, memberId);
  const main = accounts.find((a) => a.code === MAIN_WALLET.code);
  const figures = main ? await walletBalance(db, main, scope.timezone, now) : undefined;
  const tier = await tierCodeOf(db, scope.programId, memberId);
  const exempt = tier !== null && scope.policy.expiryExemptTiers.includes(tier);
  const others = [];
  for (const account of accounts.filter((a) => a.code !== MAIN_WALLET.code)) {
    const w = await walletBalance(db, account, scope.timezone, now);
    others.push({
      wallet: w.wallet,
      unit: w.unit,
      balance: w.balance,
      available: w.available,
      pending: w.pending,
    });
  }
  const available = figures?.available ?? 0;
  const lastActivity = main?.lastActivityAt ?? null;
  return {
    asOf: now.toISOString(),
    pointName: program.pointName,
    currency: program.currency,
    available,
    pending: figures?.pending ?? 0,
    balance: figures?.balance ?? 0,
    debt: figures?.debt ?? 0,
    availableValue: Math.floor((available * program.pointValueMinor) / program.pointValuePoints),
    pendingReleases: figures?.pendingReleases ?? [],
    expiring: {
      within30Days: figures?.expiring.within30Days ?? 0,
      within60Days: figures?.expiring.within60Days ?? 0,
      within90Days: figures?.expiring.within90Days ?? 0,
      schedule: main ? await expirySchedule(db, main.id, scope.timezone, now) : [],
    },
    expiryExempt: exempt,
    inactivityDeadline:
      exempt || lastActivity === null || (figures?.balance ?? 0) <= 0
        ? null
        : (inactivityDeadline(scope.policy, lastActivity, scope.timezone)?.toISOString() ?? null),
    lifetime: figures?.lifetime ?? { earned: 0, spent: 0, expired: 0 },
    wallets: others,
  };
}

const MAX_DEPTH = 5_000;
/** New entries arriving between two page requests push older ones down; this much slack still finds the anchor. */
const SLACK = 50;

function decodeCursor(cursor: string | undefined): { offset: number; after: string | null } {
  if (cursor === undefined) return { offset: 0, after: null };
  const match = /^(\d{1,6})\.([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const offset = Number(match?.[1]);
  if (match === null || !(offset <= MAX_DEPTH)) {
    throw validationFailed('The cursor is not one this API returned', [
      { field: '/cursor', in: 'query', code: 'cursor', message: 'is not a valid cursor' },
    ]);
  }
  return { offset, after: match[2] ?? null };
}

/**
 * The member's ledger timeline, newest first, each entry with its explanation (the ledger's own timeline). The
 * ledger reads a member's journals newest first by count, so a page is a window into that list; the cursor keeps
 * the last entry shown, and the next page starts right after it even when new entries arrived in between.
 */
export async function memberHistory(
  db: Db,
  tenantId: string,
  memberId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<History> {
  const { scope } = await memberLedger(db, tenantId, memberId);
  const { offset, after } = decodeCursor(query.cursor);
  const rows = await memberJournals(db, scope.programId, memberId, offset + SLACK + query.limit + 1);
  const anchor = after === null ? -1 : rows.findIndex((r) => r.id === after);
  const start = anchor >= 0 ? anchor + 1 : offset;
  const page = rows.slice(start, start + query.limit);
  const more = rows.length > start + query.limit;
  const last = page[page.length - 1];
  const next = start + page.length;
  const dtos = await toJournalDtos(db, page);
  return {
    items: dtos.map((j) => ({
      id: j.id,
      kind: j.kind,
      amount: j.amount,
      wallet: j.wallet,
      explanation: j.explanation,
      occurredAt: j.occurredAt,
    })),
    nextCursor:
      more && last !== undefined && next <= MAX_DEPTH
        ? Buffer.from(`${next}.${last.id}`).toString('base64url')
        : null,
  };
}
