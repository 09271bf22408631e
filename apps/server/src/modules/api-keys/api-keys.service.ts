import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import {
  type ApiKeyRow,
  type ApiKeyScope,
  findActiveKeyByHash,
  insertApiKey,
  insertApiKeyIfAbsent,
  revokeApiKey,
  touchApiKey,
} from './api-keys.repository.js';

const SCOPE_PREFIX: Record<ApiKeyScope, string> = { server: 'tsk_', publishable: 'tpk_' };

/**
 * Secrets carry 256 bits of randomness, so a single SHA-256 is enough to make the stored hash useless to an
 * attacker (no dictionary to try) while keeping authentication to one indexed lookup per request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What a client may safely show to identify a key: the scope marker and the first few characters. */
function displayPrefix(secret: string): string {
  return `${secret.slice(0, 12)}…`;
}

export interface CreatedApiKey extends ApiKeyRow {
  /** The only time the secret is ever returned. */
  secret: string;
}

export async function createApiKey(
  db: Db,
  input: { tenantId: string; name: string; scope: ApiKeyScope; partnerId?: string | null },
): Promise<CreatedApiKey> {
  const secret = `${SCOPE_PREFIX[input.scope]}${randomBytes(32).toString('base64url')}`;
  const row = await insertApiKey(db, {
    id: uuidv7(),
    tenantId: input.tenantId,
    name: input.name,
    scope: input.scope,
    prefix: displayPrefix(secret),
    secretHash: hashSecret(secret),
    partnerId: input.partnerId ?? null,
  });
  return { ...row, secret };
}

/** Makes sure a server key with exactly this operator-chosen secret exists for the tenant. */
export async function ensureBootstrapKey(db: Db, tenantId: string, secret: string): Promise<void> {
  await insertApiKeyIfAbsent(db, {
    id: uuidv7(),
    tenantId,
    name: 'bootstrap',
    scope: 'server',
    prefix: displayPrefix(secret),
    secretHash: hashSecret(secret),
  });
}

const TOUCH_INTERVAL_MS = 60_000;

/**
 * Active keys recently seen, by secret hash. Authentication is on every request, so this saves a query each time.
 * A revocation evicts the key at once in the process that revoked it; other processes drop it within the TTL.
 */
export const KEY_CACHE_TTL_MS = 5_000;
const recent = new LRUCache<string, ApiKeyRow>({ max: 10_000, ttl: KEY_CACHE_TTL_MS });

export function forgetApiKey(id: string): void {
  for (const [hash, key] of recent.entries()) if (key.id === id) recent.delete(hash);
}

/**
 * Resolves a bearer secret to its key. `last_used_at` is refreshed at most once a minute so that authentication
 * does not turn every read into a write.
 */
export async function authenticate(db: Db, secret: string): Promise<ApiKeyRow | undefined> {
  const hash = hashSecret(secret);
  const key = recent.get(hash) ?? (await findActiveKeyByHash(db, hash));
  if (key === undefined) return undefined;
  recent.set(hash, key, { noUpdateTTL: recent.has(hash) });
  const now = new Date();
  if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    key.lastUsedAt = now;
    await touchApiKey(db, key.id, now);
  }
  return key;
}

/** Revokes a key and evicts it from this process's cache (call forgetApiKey again after the commit). */
export async function revokeKey(db: Db, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  forgetApiKey(id);
  return revokeApiKey(db, tenantId, id);
}
