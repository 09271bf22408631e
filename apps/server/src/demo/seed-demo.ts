import type { Db } from '../db/database.js';
import { provisionAdminUser } from '../modules/admin-users/admin-users.service.js';
import { generatePassword } from '../modules/admin-users/passwords.js';
import { createApiKey } from '../modules/api-keys/api-keys.service.js';
import { enrolMember } from '../modules/members/enrol-member.js';
import { findDefaultProgram } from '../modules/tenants/programs.repository.js';
import { findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { createTenant } from '../modules/tenants/tenants.service.js';
import { seedDemoCatalog, seedDemoSegments } from './demo-catalog.js';
import { demoMember } from './demo-data.js';
import { type DemoMemberRef, seedDemoCampaigns, seedDemoHistory } from './demo-history.js';

export const DEMO_TENANT_SLUG = 'demo';
/** The demo brand's console owner; its password is generated on every run and printed with the API key. */
export const DEMO_OWNER_EMAIL = 'owner@demo.tessera.dev';

export interface DemoResult {
  tenantId: string;
  programId: string;
  created: boolean;
  members: number;
  /** Purchases and reviews replayed into the history. */
  activities: number;
  apiKey: string;
  /** Console sign-in of the demo owner (shown once; a new password on every run). */
  owner: { email: string; password: string };
}

const BATCH = 100;

/**
 * Creates the demo tenant (a fictional fashion retailer) with its program, campaigns, tiers and rewards, and `count`
 * members who joined over the last three years, in batches of one transaction each, reporting progress. Running it
 * again only issues a fresh API key and a new password for the demo owner.
 */
export async function seedDemo(
  db: Db,
  options: {
    members: number;
    /** Replay a purchase and review history through the rules (default true). */
    history?: boolean;
    onProgress?: (done: number, total: number, phase: 'members' | 'history') => void;
  },
): Promise<DemoResult> {
  const existing = await findTenantBySlug(db, DEMO_TENANT_SLUG);
  let created = false;
  let purchases = 0;
  let tenantId: string;
  let programId: string;
  if (existing !== undefined) {
    tenantId = existing.id;
    const program = await findDefaultProgram(db, tenantId);
    if (program === undefined) throw new Error('The demo tenant has no default program');
    programId = program.id;
  } else {
    const made = await createTenant(db, {
      slug: DEMO_TENANT_SLUG,
      name: 'Demo: Nordlicht Fashion',
      program: {
        slug: 'nordlicht-club',
        name: 'Nordlicht Club',
        currency: 'EUR',
        timezone: 'Europe/Berlin',
        pointName: 'Sterne',
        pointValue: { minor: 1, points: 1 },
        defaultCountry: 'DE',
        attributeSchema: [
          { key: 'favouriteStore', type: 'string', description: 'Store the member shops at most' },
          { key: 'petOwner', type: 'boolean' },
        ],
      },
    });
    tenantId = made.tenant.id;
    const program = made.program;
    programId = program.id;
    created = true;
    const now = new Date();
    const rewards = await db.transaction().execute(async (trx) => {
      await seedDemoCampaigns(trx, made.tenant.id, program);
      return seedDemoCatalog(trx, made.tenant.id, program, now);
    });
    const members: DemoMemberRef[] = [];
    for (let start = 0; start < options.members; start += BATCH) {
      const end = Math.min(start + BATCH, options.members);
      await db.transaction().execute(async (trx) => {
        for (let i = start; i < end; i++) {
          const { input, enrolledAt } = demoMember(i, now);
          members.push({ id: (await enrolMember(trx, tenantId, program, input, enrolledAt)).id, enrolledAt });
        }
      });
      options.onProgress?.(end, options.members, 'members');
    }
    if (options.history !== false) {
      purchases = await seedDemoHistory(db, tenantId, members, rewards, {
        now,
        onProgress: (done, total) => options.onProgress?.(done, total, 'history'),
      });
    }
    await db.transaction().execute((trx) => seedDemoSegments(trx, tenantId, program, new Date()));
  }
  const key = await createApiKey(db, { tenantId, name: 'demo', scope: 'server' });
  const owner = { email: DEMO_OWNER_EMAIL, password: generatePassword(16) };
  await db
    .transaction()
    .execute((trx) =>
      provisionAdminUser(trx, { tenantId, name: 'Demo owner', role: 'owner', ...owner }, 'system:demo'),
    );
  return {
    tenantId,
    programId,
    created,
    members: created ? options.members : 0,
    activities: purchases,
    apiKey: key.secret,
    owner,
  };
}
