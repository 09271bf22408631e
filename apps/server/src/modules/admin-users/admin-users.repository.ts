import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AdminRole } from './roles.js';

export interface AdminUserRow {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: AdminRole;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
  failedAttempts: number;
  lockedUntil: Date | null;
}

const columns = [
  'id',
  'tenant_id as tenantId',
  'email',
  'name',
  'role',
  'password_hash as passwordHash',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'last_sign_in_at as lastSignInAt',
  'disabled_at as disabledAt',
  'failed_attempts as failedAttempts',
  'locked_until as lockedUntil',
] as const;

export async function insertAdminUser(
  db: Db,
  row: { id: string; tenantId: string; email: string; name: string; role: AdminRole; passwordHash: string },
): Promise<AdminUserRow | undefined> {
  return db
    .insertInto('admin_users')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      email: row.email,
      name: row.name,
      role: row.role,
      password_hash: row.passwordHash,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function findAdminUser(db: Db, tenantId: string, id: string): Promise<AdminUserRow | undefined> {
  return db
    .selectFrom('admin_users')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findAdminUserByEmail(
  db: Db,
  tenantId: string,
  email: string,
): Promise<AdminUserRow | undefined> {
  return db
    .selectFrom('admin_users')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
}

/** Enabled accounts with this email in any tenant (sign-in names no tenant), oldest first, a few at most. */
export async function findSignInCandidates(db: Db, email: string): Promise<AdminUserRow[]> {
  return db
    .selectFrom('admin_users')
    .select(columns)
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(5)
    .execute();
}

export async function listAdminUsers(db: Db, tenantId: string): Promise<AdminUserRow[]> {
  return db
    .selectFrom('admin_users')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countAdminUsers(db: Db, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The tenant's enabled owners, locked until the transaction ends: two owners demoting each other at once are
 * serialised here, so one of them always remains.
 */
export async function lockActiveOwners(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('admin_users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function updateAdminUser(
  db: Db,
  tenantId: string,
  id: string,
  patch: { email?: string; name?: string; role?: AdminRole; passwordHash?: string; disabledAt?: Date | null },
): Promise<AdminUserRow | undefined> {
  return db
    .updateTable('admin_users')
    .set({
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      // A new password also lifts a lockout: the owner who reset it vouches for the person.
      ...(patch.passwordHash !== undefined
        ? { password_hash: patch.passwordHash, failed_attempts: 0, locked_until: null }
        : {}),
      ...(patch.disabledAt !== undefined ? { disabled_at: patch.disabledAt } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function deleteAdminUser(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('admin_users')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Counts a wrong password in one statement (concurrent guesses cannot lose a count); the failure that reaches the
 * limit locks the account until `lockUntil` and starts a new count. Returns the lock's end when this one locked it.
 */
export async function recordFailedSignIn(
  db: Db,
  id: string,
  limit: number,
  lockUntil: Date,
): Promise<Date | null> {
  const reached = sql<boolean>`failed_attempts + 1 >= ${limit}`;
  const row = await db
    .updateTable('admin_users')
    .set({
      failed_attempts: sql`CASE WHEN ${reached} THEN 0 ELSE failed_attempts + 1 END`,
      locked_until: sql`CASE WHEN ${reached} THEN ${lockUntil}::timestamptz ELSE locked_until END`,
    })
    .where('id', '=', id)
    .returning(['locked_until as lockedUntil', sql<boolean>`failed_attempts = 0`.as('justLocked')])
    .executeTakeFirst();
  return row?.justLocked && row.lockedUntil !== null ? row.lockedUntil : null;
}

export async function recordSignIn(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('admin_users')
    .set({ last_sign_in_at: at, failed_attempts: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Display names of admin users, for labelling `admin:<id>` actors. */
export async function findAdminNames(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('admin_users')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}
