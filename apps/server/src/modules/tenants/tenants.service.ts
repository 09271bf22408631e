import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict } from '../../http/problem.js';
import { ensureBootstrapKey } from '../api-keys/api-keys.service.js';
import { findDefaultProgram, type Program } from './programs.repository.js';
import type { ProgramCreate } from './programs.schemas.js';
import { createProgram } from './programs.service.js';
import { findDefaultTenant, findTenantBySlug, insertTenant, type Tenant } from './tenants.repository.js';

export interface TenantWithProgram {
  tenant: Tenant;
  program: Program;
}

/** Creates a tenant and its default program atomically. */
export async function createTenant(
  db: Db,
  input: { slug: string; name: string; isDefault?: boolean; program: ProgramCreate },
): Promise<TenantWithProgram> {
  return db.transaction().execute(async (trx) => {
    const tenant = await insertTenant(trx, {
      id: uuidv7(),
      slug: input.slug,
      name: input.name,
      isDefault: input.isDefault ?? false,
    });
    if (tenant === undefined)
      throw conflict('tenant_exists', `A tenant with slug "${input.slug}" already exists`);
    const program = await createProgram(trx, tenant.id, input.program, { isDefault: true });
    return { tenant, program };
  });
}

const DEFAULT_PROGRAM: ProgramCreate = {
  slug: 'default',
  name: 'Loyalty program',
  currency: 'EUR',
  timezone: 'UTC',
  pointName: 'points',
};

/**
 * The first tenant of a deployment, with its default program. Idempotent and safe when several processes start at
 * once: the unique index on the default flag lets exactly one insert win; the others read the winner.
 */
export async function ensureDefaultTenant(db: Db, bootstrapApiKey?: string): Promise<TenantWithProgram> {
  let tenant = await findDefaultTenant(db);
  if (tenant === undefined) {
    try {
      const created = await createTenant(db, {
        slug: 'default',
        name: 'Default tenant',
        isDefault: true,
        program: DEFAULT_PROGRAM,
      });
      tenant = created.tenant;
    } catch (error) {
      tenant = (await findDefaultTenant(db)) ?? (await findTenantBySlug(db, 'default'));
      if (tenant === undefined) throw error;
    }
  }
  const program = await findDefaultProgram(db, tenant.id);
  if (program === undefined) throw new Error(`Default tenant ${tenant.id} has no default program`);
  if (bootstrapApiKey !== undefined) await ensureBootstrapKey(db, tenant.id, bootstrapApiKey);
  return { tenant, program };
}
