import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { revokeUserSessions } from './admin-sessions.repository.js';
import { forgetAdminUserSessions } from './admin-sessions.service.js';
import {
  type AdminUserRow,
  deleteAdminUser,
  findAdminNames,
  findAdminUser,
  findAdminUserByEmail,
  insertAdminUser,
  lockActiveOwners,
  updateAdminUser,
} from './admin-users.repository.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import type { AdminRole } from './roles.js';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const SUBJECT = 'admin_user';

/** Serialises changes to one tenant's console users (first-owner setup, creation), across processes. */
export async function lockTenantAdmins(db: Db, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('admin-users:' || ${tenantId}::text))`.execute(db);
}

const emailTaken = (email: string) =>
  conflict('email_taken', `A console user with email ${email} already exists`, {}, [
    { field: '/email', in: 'body', code: 'taken', message: 'is already used by another console user' },
  ]);

export interface NewAdminUser {
  tenantId: string;
  email: string;
  name: string;
  role: AdminRole;
  password: string;
  /** Chosen by the caller when the actor is the new account itself (the first owner). */
  id?: string;
}

/** Creates a console user in the caller's transaction and records who did it. */
export async function createAdminUser(db: Db, input: NewAdminUser, actor: string): Promise<AdminUserRow> {
  checkPasswordStrength(input.password);
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const id = input.id ?? uuidv7();
  const row = await insertAdminUser(db, { ...input, id, email, passwordHash });
  if (row === undefined) throw emailTaken(email);
  await recordAudit(db, {
    tenantId: input.tenantId,
    actor,
    action: 'admin_user.created',
    subjectType: SUBJECT,
    subjectId: id,
    details: { email, name: row.name, role: row.role },
  });
  return row;
}

export interface AdminUserPatch {
  email?: string;
  name?: string;
  role?: AdminRole;
  password?: string;
  disabled?: boolean;
}

/**
 * Refuses a change that would leave the tenant without an enabled owner: nobody could manage users, API keys or
 * webhooks any more. The owners' rows stay locked until the caller's transaction ends.
 */
async function guardLastOwner(db: Db, user: AdminUserRow, stillOwner: boolean): Promise<void> {
  if (user.role !== 'owner' || user.disabledAt !== null || stillOwner) return;
  const owners = await lockActiveOwners(db, user.tenantId);
  if (owners.length <= 1 && owners.includes(user.id)) {
    throw conflict('last_owner', 'The tenant must keep at least one enabled owner', { userId: user.id });
  }
}

export async function changeAdminUser(
  db: Db,
  tenantId: string,
  id: string,
  patch: AdminUserPatch,
  actor: string,
): Promise<AdminUserRow> {
  const user = await findAdminUser(db, tenantId, id);
  if (user === undefined) throw notFound('admin_user', id);
  if (patch.password !== undefined) checkPasswordStrength(patch.password);
  const role = patch.role ?? user.role;
  const disabled = patch.disabled ?? user.disabledAt !== null;
  await guardLastOwner(db, user, role === 'owner' && !disabled);
  const email = patch.email === undefined ? undefined : normalizeEmail(patch.email);
  if (email !== undefined && email !== user.email && (await findAdminUserByEmail(db, tenantId, email))) {
    throw emailTaken(email);
  }
  const updated = await updateAdminUser(db, tenantId, id, {
    email,
    name: patch.name,
    role: patch.role,
    passwordHash: patch.password === undefined ? undefined : await hashPassword(patch.password),
    disabledAt: patch.disabled === undefined ? undefined : disabled ? (user.disabledAt ?? new Date()) : null,
  }).catch((error: unknown) => {
    // Two renames to one email at once: the unique index decides, and the loser hears why.
    if (email !== undefined && (error as { code?: string }).code === '23505') throw emailTaken(email);
    throw error;
  });
  if (updated === undefined) throw notFound('admin_user', id);
  // A disabled user or a reset password ends every session; a new role applies to the live ones at once.
  if (disabled || patch.password !== undefined) await revokeUserSessions(db, id);
  forgetAdminUserSessions(id);
  const changes: Record<string, unknown> = {};
  for (const field of ['email', 'name', 'role'] as const) {
    if (updated[field] !== user[field]) changes[field] = { from: user[field], to: updated[field] };
  }
  if ((updated.disabledAt !== null) !== (user.disabledAt !== null))
    changes.disabled = updated.disabledAt !== null;
  if (patch.password !== undefined) changes.passwordChanged = true;
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'admin_user.updated',
    subjectType: SUBJECT,
    subjectId: id,
    details: changes,
  });
  return updated;
}

export async function removeAdminUser(db: Db, tenantId: string, id: string, actor: string): Promise<void> {
  const user = await findAdminUser(db, tenantId, id);
  if (user === undefined) throw notFound('admin_user', id);
  await guardLastOwner(db, user, false);
  await deleteAdminUser(db, tenantId, id);
  forgetAdminUserSessions(id);
  // The row is gone, so the trail keeps who it was.
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'admin_user.deleted',
    subjectType: SUBJECT,
    subjectId: id,
    details: { email: user.email, name: user.name, role: user.role },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Display names of console users by id (deleted users are absent); how other modules label `admin:<id>`. */
export async function adminDisplayNames(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  const valid = [...new Set(ids)].filter((id) => UUID.test(id));
  const rows = await findAdminNames(db, tenantId, valid);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Makes sure the tenant has this console user with this password: creates it, or (run again) sets the new
 * password, role and enables it. For generated accounts such as the demo owner, whose password is printed anew.
 */
export async function provisionAdminUser(db: Db, input: NewAdminUser, actor: string): Promise<AdminUserRow> {
  const existing = await findAdminUserByEmail(db, input.tenantId, normalizeEmail(input.email));
  if (existing === undefined) return createAdminUser(db, input, actor);
  return changeAdminUser(
    db,
    input.tenantId,
    existing.id,
    { name: input.name, role: input.role, password: input.password, disabled: false },
    actor,
  );
}
