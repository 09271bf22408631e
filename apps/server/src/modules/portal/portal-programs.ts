import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { listAllPrograms, listPrograms, type Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { findDefaultTenant, findTenantById, findTenantBySlug } from '../tenants/tenants.repository.js';

/**
 * Programs are addressed in the portal by slug (`/p/{slug}`), but a slug is only unique within its tenant. A bare
 * slug names the program when one tenant has it, or the default tenant's when several do (single-brand installs
 * never see the difference); any program can always be named `{tenantSlug}.{programSlug}` (slugs have no dots).
 */
const programNotFound = (slug: string) =>
  new ProblemError(404, 'program_not_found', 'Not found', `No program has the portal address "${slug}"`);

/** Slugs never change, so what a slug names is cached briefly; the program itself comes from its own cache. */
const resolved = new LRUCache<string, { tenantId: string; programId: string }>({ max: 1_000, ttl: 30_000 });

async function resolveIds(
  db: Db,
  slug: string,
): Promise<{ tenantId: string; programId: string } | undefined> {
  // Program slugs have no dots, so the last one separates the tenant's slug (which might have some).
  const dot = slug.lastIndexOf('.');
  if (dot >= 0) {
    const tenant = await findTenantBySlug(db, slug.slice(0, dot));
    if (tenant === undefined) return undefined;
    const program = (await listPrograms(db, tenant.id)).find((p) => p.slug === slug.slice(dot + 1));
    return program && { tenantId: tenant.id, programId: program.id };
  }
  const matches = (await listAllPrograms(db)).filter((p) => p.slug === slug);
  if (matches.length > 1) {
    const home = await findDefaultTenant(db);
    const preferred = matches.find((p) => p.tenantId === home?.id);
    return preferred && { tenantId: preferred.tenantId, programId: preferred.id };
  }
  const only = matches[0];
  return only && { tenantId: only.tenantId, programId: only.id };
}

/** The program a portal address names; 404 `program_not_found` otherwise. */
export async function programBySlug(db: Db, slug: string): Promise<Program> {
  let ids = resolved.get(slug);
  if (ids === undefined) {
    ids = await resolveIds(db, slug);
    if (ids === undefined) throw programNotFound(slug);
    resolved.set(slug, ids);
  }
  return getProgram(db, ids.tenantId, ids.programId);
}

/** The shortest portal address that names this program: its slug, or `tenant.slug` when the slug is ambiguous. */
export async function portalSlugOf(db: Db, program: Program): Promise<string> {
  const bare = await resolveIds(db, program.slug);
  if (bare?.programId === program.id) return program.slug;
  const tenant = await findTenantById(db, program.tenantId);
  return tenant ? `${tenant.slug}.${program.slug}` : program.slug;
}
