import type { Db } from '../../db/database.js';
import { ProblemError, unauthorized } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { type IssuedAdminSession, openAdminSession } from './admin-sessions.service.js';
import {
  type AdminUserRow,
  findSignInCandidates,
  recordFailedSignIn,
  recordSignIn,
} from './admin-users.repository.js';
import { normalizeEmail } from './admin-users.service.js';
import { verifyDecoy, verifyPassword } from './passwords.js';

/** Ten wrong passwords in a row lock the account for 15 minutes: online guessing gets 40 tries an hour at most. */
export const MAX_FAILED_SIGN_INS = 10;
export const LOCK_MS = 15 * 60 * 1000;

/** One answer for an unknown email, a disabled account and a wrong password, so none of them can be told apart. */
const invalidCredentials = () => unauthorized('invalid_credentials', 'The email or password is incorrect');

function accountLocked(until: Date, now: Date): ProblemError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ProblemError(
    429,
    'account_locked',
    'Too many requests',
    `Too many failed sign-ins; try again after ${until.toISOString()}`,
    [],
    { retryAfterSeconds },
  );
}

export interface SignedIn {
  user: AdminUserRow;
  session: IssuedAdminSession;
}

/**
 * Checks an email and password and opens a session. The same email may have an account in more than one tenant
 * (sign-in names none), so each enabled account is tried, oldest first; the first whose password matches wins.
 * Failures are written outside any transaction, so the count survives the refusal.
 */
export async function signIn(
  db: Db,
  emailInput: string,
  password: string,
  now = new Date(),
): Promise<SignedIn> {
  const candidates = await findSignInCandidates(db, normalizeEmail(emailInput));
  if (candidates.length === 0) {
    await verifyDecoy(password);
    throw invalidCredentials();
  }
  const open = candidates.filter((u) => u.lockedUntil === null || u.lockedUntil <= now);
  for (const user of open) {
    if (!(await verifyPassword(password, user.passwordHash))) continue;
    const session = await db.transaction().execute(async (trx) => {
      await recordSignIn(trx, user.id, now);
      return openAdminSession(trx, user, now);
    });
    return { user: { ...user, lastSignInAt: now, failedAttempts: 0, lockedUntil: null }, session };
  }
  let lockedUntil: Date | null = null;
  for (const user of candidates) {
    if (!open.includes(user)) {
      lockedUntil = user.lockedUntil;
      continue;
    }
    const locked = await recordFailedSignIn(db, user.id, MAX_FAILED_SIGN_INS, new Date(Date.now() + LOCK_MS));
    if (locked === null) continue;
    lockedUntil = locked;
    await recordAudit(db, {
      tenantId: user.tenantId,
      actor: 'system',
      action: 'admin_user.locked',
      subjectType: 'admin_user',
      subjectId: user.id,
      details: { failedAttempts: MAX_FAILED_SIGN_INS, lockedUntil: locked.toISOString() },
    });
  }
  if (lockedUntil !== null) throw accountLocked(lockedUntil, new Date());
  throw invalidCredentials();
}
