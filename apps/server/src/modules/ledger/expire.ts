import type { Db } from '../../db/database.js';
import { type Account, lockAccountById } from './accounts.repository.js';
import type { JournalRow } from './journals.repository.js';
import { type Lot, lockOpenLots } from './lots.repository.js';
import { inactivityDeadline } from './policy.js';
import { type LotChange, postJournal } from './posting.js';
import { counterAccount, journalFields, type LedgerScope } from './scope.js';

/**
 * Expires what is due in one wallet at `now`: lots past their expiry date, or, under inactivity expiry, every lot
 * once the wallet has been idle too long. Takes the wallet lock first, so it never races a spend: a lot is either
 * spent before it expires or expired before anyone can spend it. Running it twice expires nothing more.
 */
export async function expireWallet(
  db: Db,
  scope: LedgerScope,
  accountId: string,
  now: Date,
): Promise<JournalRow | null> {
  const account = await lockAccountById(db, accountId);
  const lots = await lockOpenLots(db, account.id);
  const due = dueLots(scope, account, lots, now);
  if (due.length === 0) return null;
  const total = due.reduce((s, c) => s - c.delta, 0);
  const counter = await counterAccount(db, scope, 'expired', account);
  return postJournal(db, {
    journal: journalFields(scope, account.memberId, 'expire', {
      occurredAt: now,
      idempotencyKey: null,
      explanation: `${total} ${account.unit} expired`,
    }),
    lines: [
      { accountId: account.id, amount: -total, wallet: {} },
      { accountId: counter.id, amount: total },
    ],
    lotChanges: due,
  });
}

function dueLots(scope: LedgerScope, account: Account, lots: Lot[], now: Date): LotChange[] {
  const deadline =
    account.lastActivityAt === null
      ? null
      : inactivityDeadline(scope.policy, account.lastActivityAt, scope.timezone);
  const idleExpired = deadline !== null && deadline <= now;
  return lots
    .filter((l) => idleExpired || (l.expiresAt !== null && l.expiresAt <= now))
    .map((lot) => ({ lot, delta: -lot.remaining }));
}

/** Wallets of a program that may have something to expire at `now`. */
export async function walletsDueForExpiry(db: Db, scope: LedgerScope, now: Date): Promise<string[]> {
  const byLot = await db
    .selectFrom('ledger_lots')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_lots.account_id')
    .select('ledger_lots.account_id')
    .distinct()
    .where('ledger_accounts.program_id', '=', scope.programId)
    .where('ledger_lots.remaining', '>', 0)
    .where('ledger_lots.expires_at', '<=', now)
    .execute();
  const ids = new Set(byLot.map((r) => r.account_id));
  if (scope.policy.expiryMode === 'inactivity') {
    const idle = await db
      .selectFrom('ledger_accounts')
      .select(['id', 'last_activity_at'])
      .where('program_id', '=', scope.programId)
      .where('member_id', 'is not', null)
      .where('balance', '>', 0)
      .execute();
    for (const a of idle) {
      const deadline =
        a.last_activity_at && inactivityDeadline(scope.policy, a.last_activity_at, scope.timezone);
      if (deadline && deadline <= now) ids.add(a.id);
    }
  }
  return [...ids];
}
