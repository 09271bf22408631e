import { randomBytes, randomInt, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { fieldInvalid } from '../../http/problem.js';

/**
 * Console passwords are hashed with scrypt, a memory-hard function: N = 2^15 with r = 8 needs 32 MiB per guess,
 * which is what makes offline guessing on GPUs expensive. The parameters travel with the hash
 * (`scrypt$N$r$p$salt$hash`), so they can be raised later and old hashes still verify.
 */
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) leaves no headroom at N = 2^15. */
const maxmem = (n: number, r: number) => 256 * n * r;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: maxmem(n, r) };
  // The callback form runs on libuv's thread pool, so a sign-in never blocks the event loop.
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Refuses passwords too short to resist guessing (400, field `/password`). */
export function checkPasswordStrength(password: string, field = '/password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw fieldInvalid(field, 'too_short', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw fieldInvalid(field, 'too_long', `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLELISM);
  return [
    'scrypt',
    COST,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time comparison against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of nothing anyone knows, verified when no account matches, so that an unknown email costs as much time
 * as a wrong password and response times do not reveal which emails have accounts.
 */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(password, await decoy);
}

/** Letters and digits that cannot be confused with each other when read aloud or copied from a terminal. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password (16 characters ≈ 92 bits) for generated accounts such as the demo owner. */
export function generatePassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
