import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PortalCodesTable } from '../../db/schema.js';

export type CodeRow = Selectable<PortalCodesTable>;

/**
 * Serialises code requests for one address until the end of the transaction, so that two parallel requests cannot
 * both pass the rate limit or both stay open.
 */
export async function lockAddress(db: Db, programId: string, email: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`portal-code:${programId}:${email}`}))`.execute(db);
}

/** When each code for this address was asked for since `since`, oldest first (the rate limit counts them). */
export async function codeTimesSince(db: Db, programId: string, email: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('portal_codes')
    .select('created_at')
    .where('program_id', '=', programId)
    .where('email', '=', email)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

/** A new code replaces the older ones: at most one code per address can be used at any time. */
export async function invalidateOpenCodes(
  db: Db,
  programId: string,
  email: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('portal_codes')
    .set({ invalidated_at: now })
    .where('program_id', '=', programId)
    .where('email', '=', email)
    .where('consumed_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .execute();
}

export async function insertCode(
  db: Db,
  row: Omit<CodeRow, 'attempts' | 'consumed_at' | 'invalidated_at'>,
): Promise<void> {
  await db.insertInto('portal_codes').values(row).execute();
}

export async function deleteCode(db: Db, id: string): Promise<void> {
  await db.deleteFrom('portal_codes').where('id', '=', id).execute();
}

/**
 * Counts a verification attempt against the address's open code and returns it, in one statement that commits on
 * its own: a wrong guess must use up an attempt even though the request then fails. Nothing is returned when there
 * is no open code, it has expired, or its attempts are used up.
 */
export async function claimAttempt(
  db: Db,
  programId: string,
  email: string,
  maxAttempts: number,
  now: Date,
): Promise<CodeRow | undefined> {
  const result = await sql<CodeRow>`
    UPDATE portal_codes SET attempts = attempts + 1
    WHERE id = (
      SELECT id FROM portal_codes
      WHERE program_id = ${programId} AND email = ${email} AND consumed_at IS NULL AND invalidated_at IS NULL
      ORDER BY created_at DESC LIMIT 1
    ) AND attempts < ${maxAttempts} AND expires_at > ${now}::timestamptz
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** Locks a code for the sign-in that uses it; two sign-ins with one code cannot both consume it. */
export async function lockCode(db: Db, id: string): Promise<CodeRow | undefined> {
  return db.selectFrom('portal_codes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function consumeCode(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('portal_codes').set({ consumed_at: now }).where('id', '=', id).execute();
}

/**
 * Removes up to `limit` codes asked for before `before`: past the rate-limit window they serve nothing. Each new
 * request sweeps a little, so the table stays small without a job of its own.
 */
export async function purgeCodesBefore(db: Db, before: Date, limit: number): Promise<void> {
  await sql`DELETE FROM portal_codes WHERE id IN (
    SELECT id FROM portal_codes WHERE created_at < ${before}::timestamptz LIMIT ${limit})`.execute(db);
}
