import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { hashSecret } from '../api-keys/api-keys.service.js';
import {
  findLiveAdminSession,
  insertAdminSession,
  type LiveAdminSession,
  revokeAdminSession,
  touchAdminSession,
} from './admin-sessions.repository.js';
import type { AdminRole } from './roles.js';

export const ADMIN_SESSION_PREFIX = 'tas_';
/** A working day: long enough not to interrupt, short enough that a forgotten browser tab does not stay signed in. */
export const ADMIN_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Live sessions recently seen, by secret hash, so that a console page's burst of API calls costs no extra query
 * each. Sign-out, disabling a user and changing a role evict at once in this process; other processes notice
 * within the TTL.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const recent = new LRUCache<string, LiveAdminSession>({ max: 10_000, ttl: SESSION_CACHE_TTL_MS });

export function forgetAdminSession(sessionId: string): void {
  for (const [hash, session] of recent.entries()) if (session.id === sessionId) recent.delete(hash);
}

export function forgetAdminUserSessions(userId: string): void {
  for (const [hash, session] of recent.entries()) if (session.userId === userId) recent.delete(hash);
}

export interface IssuedAdminSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Opens a session; the token is returned only here and stored as its SHA-256 (256 random bits need no salt). */
export async function openAdminSession(
  db: Db,
  user: { id: string; tenantId: string },
  now = new Date(),
): Promise<IssuedAdminSession> {
  const token = `${ADMIN_SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const session = { id: uuidv7(), expiresAt: new Date(now.getTime() + ADMIN_SESSION_TTL_MS) };
  await insertAdminSession(db, {
    id: session.id,
    tenantId: user.tenantId,
    userId: user.id,
    secretHash: hashSecret(token),
    expiresAt: session.expiresAt,
  });
  return { ...session, token };
}

/**
 * Resolves a console bearer token to its session and the user's current role; undefined when it is unknown,
 * expired, signed out, or its user is disabled or deleted. `last_seen_at` moves at most once a minute.
 */
export async function authenticateAdminSession(
  db: Db,
  secret: string,
): Promise<{ id: string; tenantId: string; userId: string; role: AdminRole } | undefined> {
  const hash = hashSecret(secret);
  const now = new Date();
  const cached = recent.get(hash);
  const session =
    cached !== undefined && cached.expiresAt > now ? cached : await findLiveAdminSession(db, hash, now);
  if (session === undefined) {
    recent.delete(hash);
    return undefined;
  }
  recent.set(hash, session, { noUpdateTTL: cached !== undefined });
  if (session.lastSeenAt === null || now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    session.lastSeenAt = now;
    await touchAdminSession(db, session.id, now);
  }
  return { id: session.id, tenantId: session.tenantId, userId: session.userId, role: session.role };
}

/** Signs one session out (call forgetAdminSession again after the commit, as for API keys). */
export async function closeAdminSession(db: Db, sessionId: string): Promise<void> {
  forgetAdminSession(sessionId);
  await revokeAdminSession(db, sessionId);
}
