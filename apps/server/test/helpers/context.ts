import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { buildApp } from '../../src/http/app.js';
import { createApiKey } from '../../src/modules/api-keys/api-keys.service.js';
import type { Program } from '../../src/modules/tenants/programs.repository.js';
import { createTenant, ensureDefaultTenant } from '../../src/modules/tenants/tenants.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TenantFixture {
  tenantId: string;
  program: Program;
  /** Server-scope secret. */
  key: string;
  /** Publishable-scope secret. */
  publishableKey: string;
}

export interface TestContext {
  database: TestDatabase;
  db: Db;
  app: FastifyInstance;
  /** The default tenant (its default program has default country DE for phone parsing). */
  a: TenantFixture;
  /** A second, unrelated tenant: it must never see A's data. */
  b: TenantFixture;
  close(): Promise<void>;
}

async function keysFor(db: Db, tenantId: string) {
  const key = await createApiKey(db, { tenantId, name: 'test', scope: 'server' });
  const pub = await createApiKey(db, { tenantId, name: 'test-pub', scope: 'publishable' });
  return { key: key.secret, publishableKey: pub.secret };
}

/** A migrated database, the HTTP app (not listening; use inject), and two tenants with keys. */
export async function createTestContext(): Promise<TestContext> {
  const database = await createTestDatabase();
  const db = database.db;
  const defaults = await ensureDefaultTenant(db);
  const { patchProgram } = await import('../../src/modules/tenants/programs.service.js');
  const programA = await patchProgram(db, defaults.tenant.id, defaults.program.id, {
    defaultCountry: 'DE',
    attributeSchema: [
      { key: 'shoeSize', type: 'integer' },
      { key: 'favouriteColour', type: 'string', enum: ['red', 'green', 'blue'] },
      { key: 'vip', type: 'boolean' },
    ],
  });
  const other = await createTenant(db, {
    slug: 'other-brand',
    name: 'Other brand',
    program: { slug: 'main', name: 'Other club', currency: 'GBP', timezone: 'Europe/London' },
  });
  const app = await buildApp({ db });
  await app.ready();
  return {
    database,
    db,
    app,
    a: { tenantId: defaults.tenant.id, program: programA, ...(await keysFor(db, defaults.tenant.id)) },
    b: { tenantId: other.tenant.id, program: other.program, ...(await keysFor(db, other.tenant.id)) },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** app.inject with a bearer key and JSON body. */
export function call(
  app: FastifyInstance,
  key: string | undefined,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}

/** Counts rows of a table, to prove that a rejected request wrote nothing. */
export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
