import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict } from '../../http/problem.js';
import { findDefaultTenant } from '../tenants/tenants.repository.js';
import { type IssuedAdminSession, openAdminSession } from './admin-sessions.service.js';
import { type AdminUserRow, countAdminUsers, recordSignIn } from './admin-users.repository.js';
import { createAdminUser, lockTenantAdmins } from './admin-users.service.js';
import { checkPasswordStrength } from './passwords.js';

async function defaultTenantId(db: Db): Promise<string> {
  const tenant = await findDefaultTenant(db);
  // The server creates the default tenant before it listens, so this is a broken installation, not a user error.
  if (tenant === undefined)
    throw new Error('The default tenant does not exist; run `tessera migrate` and start');
  return tenant.id;
}

/**
 * A fresh installation has no console users: the console then offers to create the owner. Only the default
 * tenant counts (the demo tenant's owner does not make the operator's own console usable).
 */
export async function needsOwner(db: Db): Promise<boolean> {
  return (await countAdminUsers(db, await defaultTenantId(db))) === 0;
}

/**
 * Creates the default tenant's first owner and signs them in. Open to anyone only while the tenant has no console
 * user at all; the advisory lock makes two simultaneous attempts create one owner and refuse the other (409).
 */
export async function setupFirstOwner(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<{ user: AdminUserRow; session: IssuedAdminSession }> {
  checkPasswordStrength(input.password);
  return db.transaction().execute(async (trx) => {
    const tenantId = await defaultTenantId(trx);
    await lockTenantAdmins(trx, tenantId);
    if ((await countAdminUsers(trx, tenantId)) > 0) {
      throw conflict('owner_exists', 'The console already has an owner; sign in instead');
    }
    const id = uuidv7();
    const user = await createAdminUser(trx, { ...input, tenantId, role: 'owner', id }, `admin:${id}`);
    const now = new Date();
    await recordSignIn(trx, id, now);
    return { user: { ...user, lastSignInAt: now }, session: await openAdminSession(trx, user, now) };
  });
}
