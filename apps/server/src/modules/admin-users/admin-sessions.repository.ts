import type { Db } from '../../db/database.js';
import type { AdminRole } from './roles.js';

/** A live session joined with what authorisation needs from its user. */
export interface LiveAdminSession {
  id: string;
  tenantId: string;
  userId: string;
  role: AdminRole;
  expiresAt: Date;
  lastSeenAt: Date | null;
}

export async function insertAdminSession(
  db: Db,
  row: { id: string; tenantId: string; userId: string; secretHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      user_id: row.userId,
      secret_hash: row.secretHash,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The session with this secret hash if it is unexpired, not signed out, and its user is enabled. */
export async function findLiveAdminSession(
  db: Db,
  secretHash: string,
  now: Date,
): Promise<LiveAdminSession | undefined> {
  return db
    .selectFrom('admin_sessions as s')
    .innerJoin('admin_users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.tenant_id as tenantId',
      's.user_id as userId',
      'u.role',
      's.expires_at as expiresAt',
      's.last_seen_at as lastSeenAt',
    ])
    .where('s.secret_hash', '=', secretHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeAdminSession(db: Db, id: string): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Signs a user out everywhere (disabled, or a new password set by an owner). */
export async function revokeUserSessions(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchAdminSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('admin_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Deletes sessions that ended (expired or signed out) before `before`; for periodic housekeeping. */
export async function purgeEndedAdminSessions(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('admin_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
