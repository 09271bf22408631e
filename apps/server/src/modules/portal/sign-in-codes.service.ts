import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { ProblemError, unauthorized } from '../../http/problem.js';
import type { Program } from '../tenants/programs.repository.js';
import type { Mailer } from './mailer.js';
import {
  claimAttempt,
  codeTimesSince,
  consumeCode,
  deleteCode,
  insertCode,
  invalidateOpenCodes,
  lockAddress,
  lockCode,
  purgeCodesBefore,
} from './sign-in-codes.repository.js';

export const CODE_TTL_SECONDS = 10 * 60;
export const MAX_ATTEMPTS = 5;
export const CODES_PER_WINDOW = 5;
export const CODE_WINDOW_MS = 15 * 60_000;
/** Codes older than this are swept: the rate limit looks back 15 minutes, so a day is ample. */
const KEEP_CODES_MS = 86_400_000;

export const invalidCode = () =>
  unauthorized('invalid_code', 'The code is wrong, has expired or was already used; ask for a new one');

/**
 * Six digits are guessable offline in a second whatever the hash, so the hash is not what protects a code: its
 * 10-minute life and 5 attempts are. Hashing (with a per-code salt, so equal codes differ) keeps live codes out of
 * backups, replicas and anyone's casual `SELECT`.
 */
function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Members type codes with spaces or dashes ("123 456"); only the digits count. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

function tooManyCodes(retryAfterSeconds: number): ProblemError {
  return new ProblemError(
    429,
    'too_many_codes',
    'Too many requests',
    `At most ${CODES_PER_WINDOW} codes can be requested in ${CODE_WINDOW_MS / 60_000} minutes; try again in ` +
      `${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
    [],
    { retryAfterSeconds },
  );
}

interface ErrorLog {
  error(obj: object, msg: string): void;
}

export interface CodeRequest {
  program: Program;
  /** The program's portal address, named in the mail and the development log. */
  programSlug: string;
  /** Normalised (lowercase) address. */
  email: string;
}

/**
 * Issues a sign-in code for an address, whether or not a member has it (the answer must not reveal who is a
 * member, and a new member signs up with the same code).
 *
 * Delivery is not queued through the transactional outbox: the outbox fans every message out to webhook endpoints
 * that subscribe to all event types, which would hand live codes to integrations, and it would keep the plain code
 * in its payload. A code is also only worth something while the member waits on the screen, so a retry a minute
 * later from the job queue helps nobody. Instead the code is committed first and then handed to the mailer before
 * the request answers: 202 means the SMTP server (itself a store-and-forward queue that retries) or the log has it.
 * If the hand-over fails the code is removed and the member gets 503 `code_delivery_failed` at once, to try again;
 * a code can therefore never be lost after a 202.
 */
export async function requestCode(
  db: Db,
  request: CodeRequest,
  mailer: Mailer,
  log: ErrorLog,
  now = new Date(),
): Promise<{ expiresInSeconds: number }> {
  const { program, email } = request;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await lockAddress(trx, program.id, email);
    const recent = await codeTimesSince(trx, program.id, email, new Date(now.getTime() - CODE_WINDOW_MS));
    if (recent.length >= CODES_PER_WINDOW) {
      const oldest = recent[recent.length - CODES_PER_WINDOW] as Date;
      throw tooManyCodes(Math.max(1, Math.ceil((oldest.getTime() + CODE_WINDOW_MS - now.getTime()) / 1000)));
    }
    await invalidateOpenCodes(trx, program.id, email, now);
    const salt = randomBytes(16).toString('hex');
    await insertCode(trx, {
      id,
      tenant_id: program.tenantId,
      program_id: program.id,
      email,
      salt,
      code_hash: hashCode(salt, code),
      created_at: now,
      expires_at: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
    });
    await purgeCodesBefore(trx, new Date(now.getTime() - KEEP_CODES_MS), 100);
  });
  try {
    await mailer.sendSignInCode({
      to: email,
      code,
      programName: program.name,
      programSlug: request.programSlug,
      expiresInMinutes: CODE_TTL_SECONDS / 60,
    });
  } catch (error) {
    // The mail server's answer may name hosts and accounts: it goes to the log, not to the member.
    log.error({ err: error, program: request.programSlug }, 'sign-in code delivery failed');
    await deleteCode(db, id);
    throw new ProblemError(
      503,
      'code_delivery_failed',
      'Service unavailable',
      'The sign-in code could not be sent; try again in a moment',
    );
  }
  return { expiresInSeconds: CODE_TTL_SECONDS };
}

/**
 * Checks a code and returns its id; every call uses up one of the code's attempts, right or wrong. The caller
 * consumes it (consumeVerifiedCode) in the transaction that signs the member in.
 */
export async function verifyCode(
  db: Db,
  programId: string,
  email: string,
  rawCode: string,
  now = new Date(),
): Promise<string> {
  const row = await claimAttempt(db, programId, email, MAX_ATTEMPTS, now);
  const code = normalizeCode(rawCode);
  if (row === undefined || !/^\d{6}$/.test(code) || !sameHash(row.code_hash, hashCode(row.salt, code))) {
    throw invalidCode();
  }
  return row.id;
}

/** Marks a verified code used, unless a parallel sign-in or a newer code got there first. */
export async function consumeVerifiedCode(db: Db, id: string, now: Date): Promise<void> {
  const row = await lockCode(db, id);
  if (row === undefined || row.consumed_at !== null || row.invalidated_at !== null) throw invalidCode();
  await consumeCode(db, id, now);
}
