import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { unprocessable, validationFailed } from '../../http/problem.js';
import { claimKey, findStored, purgeOlderThan, storeResponse } from './idempotency.repository.js';

export interface WriteResult<T> {
  status: number;
  body: T;
}

export interface IdempotentOutcome<T> extends WriteResult<T> {
  replayed: boolean;
}

/** Keys are kept at least this long; the worker purges older ones. */
export const RETENTION_HOURS = 48;

/** JSON with object keys sorted, so that {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonicalJson(body)}`)
    .digest('hex');
}

function replay<T>(stored: { requestHash: string; statusCode: number; body: unknown }, hash: string) {
  if (stored.requestHash !== hash) {
    throw unprocessable(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  }
  return { status: stored.statusCode, body: stored.body as T, replayed: true };
}

class KeyTaken extends Error {}

/**
 * Runs a write exactly once per (tenant, key). The key is claimed in the same transaction as the write and the
 * response is stored before commit, so either both the effect and its response exist or neither does. A concurrent
 * request with the same key blocks on the claim until the first commits, then replays its stored response.
 * Failed writes (4xx/5xx) roll back their claim, so the client may retry them with the same key.
 */
export async function runIdempotent<T>(
  db: Db,
  tenantId: string,
  key: string | undefined,
  fingerprint: string,
  work: (trx: Db) => Promise<WriteResult<T>>,
): Promise<IdempotentOutcome<T>> {
  if (key === undefined) {
    const result = await db.transaction().execute(work);
    return { ...result, replayed: false };
  }
  if (key.length < 1 || key.length > 255) {
    throw validationFailed('Idempotency-Key must be 1 to 255 characters', [
      { field: '/idempotency-key', in: 'headers', code: 'maxLength', message: 'must be 1 to 255 characters' },
    ]);
  }
  const earlier = await findStored(db, tenantId, key);
  if (earlier !== undefined && earlier.statusCode !== 0) return replay<T>(earlier, fingerprint);
  try {
    const result = await db.transaction().execute(async (trx) => {
      if (!(await claimKey(trx, tenantId, key, fingerprint))) throw new KeyTaken();
      const outcome = await work(trx);
      await storeResponse(trx, tenantId, key, outcome.status, outcome.body);
      return outcome;
    });
    return { ...result, replayed: false };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const stored = await findStored(db, tenantId, key);
    if (stored === undefined) throw new Error(`Idempotency key ${key} vanished after a conflicting claim`);
    return replay<T>(stored, fingerprint);
  }
}

export const purgeExpiredKeys = (db: Db): Promise<number> => purgeOlderThan(db, RETENTION_HOURS);
