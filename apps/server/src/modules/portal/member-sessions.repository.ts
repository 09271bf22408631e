import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MemberSessionsTable } from '../../db/schema.js';

export type SessionRow = Selectable<MemberSessionsTable>;

export async function insertSession(
  db: Db,
  row: Omit<SessionRow, 'revoked_at' | 'last_seen_at'>,
): Promise<void> {
  await db.insertInto('member_sessions').values(row).execute();
}

/** The session with this secret hash, if it is neither revoked nor expired at `now`. */
export async function findLiveSession(
  db: Db,
  secretHash: string,
  now: Date,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('member_sessions')
    .selectAll()
    .where('secret_hash', '=', secretHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('member_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function revokeSessionRow(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('member_sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSessionsOfMember(db: Db, memberId: string, at: Date): Promise<void> {
  await db
    .updateTable('member_sessions')
    .set({ revoked_at: at })
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A member's sessions, newest first: part of what "download my data" returns. */
export async function sessionsOfMember(db: Db, memberId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('member_sessions')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Removes up to `limit` sessions that ended (expired or revoked) before `before`; see purgeCodesBefore. */
export async function purgeSessionsBefore(db: Db, before: Date, limit: number): Promise<void> {
  await sql`DELETE FROM member_sessions WHERE id IN (
    SELECT id FROM member_sessions WHERE expires_at < ${before}::timestamptz OR revoked_at < ${before}::timestamptz
    LIMIT ${limit})`.execute(db);
}
