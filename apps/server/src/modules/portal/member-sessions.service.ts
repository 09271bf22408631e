import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { findMember } from '../members/members.repository.js';
import {
  findLiveSession,
  insertSession,
  purgeSessionsBefore,
  revokeSessionRow,
  revokeSessionsOfMember,
  touchSession,
} from './member-sessions.repository.js';

export const MEMBER_SESSION_PREFIX = 'tms_';
export const SESSION_TTL_MS = 30 * 86_400_000;
const TOUCH_INTERVAL_MS = 60_000;
/** Ended sessions are kept a while (they show in the member's data export), then swept. */
const KEEP_ENDED_MS = 30 * 86_400_000;

export interface MemberSession {
  id: string;
  tenantId: string;
  programId: string;
  memberId: string;
}

/** Like API keys: 256 random bits, so one SHA-256 makes the stored hash useless and lookup stays one index hit. */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Sessions recently authenticated, by secret hash: every portal request authenticates, and this saves two queries.
 * Signing out or deleting the account through the portal evicts at once in this process; a member deleted or
 * merged through the server API (or in another process) stops being served within the TTL, as for API keys.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const recent = new LRUCache<string, MemberSession & { expiresAt: number }>({
  max: 10_000,
  ttl: SESSION_CACHE_TTL_MS,
});

function forget(predicate: (s: MemberSession) => boolean): void {
  for (const [hash, s] of recent.entries()) if (predicate(s)) recent.delete(hash);
}

/** Starts a 30-day session for a member in the caller's transaction; the token is returned only here. */
export async function createMemberSession(
  db: Db,
  member: { tenantId: string; programId: string; memberId: string },
  now = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = `${MEMBER_SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(db, {
    id,
    tenant_id: member.tenantId,
    program_id: member.programId,
    member_id: member.memberId,
    secret_hash: hashSecret(token),
    created_at: now,
    expires_at: expiresAt,
  });
  await purgeSessionsBefore(db, new Date(now.getTime() - KEEP_ENDED_MS), 100);
  return { id, token, expiresAt };
}

/**
 * The session a `tms_` bearer token stands for, if it is live and its member still is: a member who was deleted,
 * merged into another profile (a merged duplicate is a deleted tombstone) or blocked is signed out everywhere.
 */
export async function authenticateMemberSession(db: Db, secret: string): Promise<MemberSession | undefined> {
  const hash = hashSecret(secret);
  const now = Date.now();
  const cached = recent.get(hash);
  if (cached !== undefined && cached.expiresAt > now) {
    return {
      id: cached.id,
      tenantId: cached.tenantId,
      programId: cached.programId,
      memberId: cached.memberId,
    };
  }
  const row = await findLiveSession(db, hash, new Date(now));
  if (row === undefined) return undefined;
  const member = await findMember(db, row.tenant_id, row.member_id);
  if (member === undefined || member.status !== 'active') return undefined;
  const session = { id: row.id, tenantId: row.tenant_id, programId: row.program_id, memberId: row.member_id };
  // Whether someone still uses the session, to the minute: refreshed when the cache misses, not on every request.
  if (row.last_seen_at === null || now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(db, row.id, new Date(now));
  }
  recent.set(hash, { ...session, expiresAt: row.expires_at.getTime() });
  return session;
}

/**
 * Signs one session out. A parallel request may cache the session again before this commits, so callers evict
 * once more after the commit (forgetSession / forgetMemberSessions).
 */
export async function revokeMemberSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  forgetSession(sessionId);
  await revokeSessionRow(db, sessionId, now);
}

/** Signs a member out everywhere, e.g. when they delete their account. */
export async function revokeAllMemberSessions(db: Db, memberId: string, now = new Date()): Promise<void> {
  forgetMemberSessions(memberId);
  await revokeSessionsOfMember(db, memberId, now);
}

export function forgetSession(sessionId: string): void {
  forget((s) => s.id === sessionId);
}

/** Evicts a member's sessions from this process's cache, after a commit that ended them. */
export function forgetMemberSessions(memberId: string): void {
  forget((s) => s.memberId === memberId);
}
