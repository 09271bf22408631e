import type { Db } from '../../db/database.js';
import { tierCodeOf } from '../tiers/definitions.js';
import { historyOf } from '../tiers/tiers.repository.js';
import { type Account, lockAccountById } from './accounts.repository.js';
import type { JournalRow } from './journals.repository.js';
import { type Lot, lockOpenLots } from './lots.repository.js';
import { freshExpiry, inactivityDeadline } from './policy.js';
import { type LotChange, postJournal } from './posting.js';
import { counterAccount, journalFields, type LedgerScope } from './scope.js';

/** Where a member stands towards expiry: spared now, or not, and if not, when they last stopped being spared. */
export interface ExpiryStanding {
  exempt: boolean;
  /** When the member last left an exempt tier for one that is not (null: never did). */
  lostAt: Date | null;
}

/** Asked by the expiry sweep inside the wallet lock, for member wallets only. */
export type ExpiryExemption = (db: Db, memberId: string) => Promise<ExpiryStanding>;

const NO_EXEMPTION: ExpiryExemption = async () => ({ exempt: false, lostAt: null });

/**
 * The ledger policy's `expiryExemptTiers` as an exemption. The tiers are read through the tiers module's own
 * functions (the member's current tier, and their tier history for when they left an exempt tier), never from its
 * tables. A program without exempt tiers costs no query at all.
 *
 * Consistency: a tier change takes the member's main wallet lock before it writes the tier row, and the sweep asks
 * this while holding the wallet's lock, so the main wallet is never expired for a member being upgraded at that
 * moment. Other wallets see the tier as last committed.
 */
export function tierExemption(programId: string, exemptTiers: readonly string[]): ExpiryExemption {
  if (exemptTiers.length === 0) return NO_EXEMPTION;
  const exempt = new Set(exemptTiers);
  return async (db, memberId) => {
    const code = await tierCodeOf(db, programId, memberId);
    if (code !== null && exempt.has(code)) return { exempt: true, lostAt: null };
    // History is newest first: the first exempt → non-exempt move is the end of the latest exempt spell.
    const left = (await historyOf(db, memberId)).find(
      (h) => h.from_tier !== null && exempt.has(h.from_tier) && !exempt.has(h.to_tier),
    );
    return { exempt: false, lostAt: left ? new Date(left.at) : null };
  };
}

/**
 * Expires what is due in one wallet at `now`: lots past their expiry date, or, under inactivity expiry, every lot
 * once the wallet has been idle too long. Takes the wallet lock first, so it never races a spend: a lot is either
 * spent before it expires or expired before anyone can spend it. Running it twice expires nothing more.
 *
 * A member in one of the policy's `expiryExemptTiers` loses nothing. A member who has left such a tier gets a fresh
 * start from the moment they left it (`lostAt`): a lot whose date passed before then expires as if it had been
 * earned then, and the inactivity clock runs from then if their last activity is older. Why not expire those lots at
 * the first check after the loss: the member earned them under a "never expires" promise, and would lose them all
 * the minute after a review, with no notice. This way they get the notice a newly earned point gets, and the result
 * follows from the tier history alone, however often the sweep runs.
 */
export async function expireWallet(
  db: Db,
  scope: LedgerScope,
  accountId: string,
  now: Date,
  exemption: ExpiryExemption = tierExemption(scope.programId, scope.policy.expiryExemptTiers),
): Promise<JournalRow | null> {
  const account = await lockAccountById(db, accountId);
  let lostAt: Date | null = null;
  if (account.memberId !== null) {
    const standing = await exemption(db, account.memberId);
    if (standing.exempt) return null;
    lostAt = standing.lostAt;
  }
  const lots = await lockOpenLots(db, account.id);
  const due = dueLots(scope, account, lots, now, lostAt);
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

function dueLots(
  scope: LedgerScope,
  account: Account,
  lots: Lot[],
  now: Date,
  lostAt: Date | null,
): LotChange[] {
  const { policy, timezone } = scope;
  // Leaving an exempt tier counts as activity for the inactivity clock.
  const lastActivity =
    lostAt !== null && (account.lastActivityAt === null || account.lastActivityAt < lostAt)
      ? lostAt
      : account.lastActivityAt;
  const deadline = lastActivity === null ? null : inactivityDeadline(policy, lastActivity, timezone);
  const idleExpired = deadline !== null && deadline <= now;
  const expiry = (l: Lot): Date | null => {
    if (l.expiresAt === null || lostAt === null || l.expiresAt > lostAt) return l.expiresAt;
    return freshExpiry(policy, { earnedAt: l.earnedAt, expiresAt: l.expiresAt }, lostAt, timezone);
  };
  return lots
    .filter((l) => {
      if (idleExpired) return true;
      const at = expiry(l);
      return at !== null && at <= now;
    })
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
