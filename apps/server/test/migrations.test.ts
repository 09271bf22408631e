import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { migrateToLatest, migrationsPending } from '../src/db/migrator.js';
import { ensureDefaultTenant } from '../src/modules/tenants/tenants.service.js';
import { createTestDatabase, onPostgres } from './helpers/database.js';

test('migrations apply once, even when two processes migrate at the same time', async () => {
  const database = await createTestDatabase({ migrate: false });
  // A second, independent connection pool stands in for a second process starting at once.
  const second = database.url ? await openDatabase({ url: database.url }) : database;
  try {
    assert.deepEqual(await migrationsPending(database.db), Object.keys(migrations));
    const [one, two] = await Promise.all([migrateToLatest(database.db), migrateToLatest(second.db)]);
    assert.deepEqual(
      [...one, ...two].sort(),
      Object.keys(migrations).sort(),
      'each migration ran exactly once',
    );
    assert.deepEqual(await migrationsPending(database.db), []);
    assert.deepEqual(await migrateToLatest(database.db), [], 'nothing left to apply');
  } finally {
    if (second !== database) await second.close();
    await database.close();
  }
});

test('the default tenant and program are created once under concurrent starts', async () => {
  const database = await createTestDatabase();
  try {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureDefaultTenant(database.db)));
    const tenantIds = new Set(results.map((r) => r.tenant.id));
    const programIds = new Set(results.map((r) => r.program.id));
    assert.equal(tenantIds.size, 1);
    assert.equal(programIds.size, 1);
    const tenants = await database.db.selectFrom('tenants').selectAll().execute();
    assert.equal(tenants.length, 1);
    assert.equal(tenants[0]?.is_default, true);
  } finally {
    await database.close();
  }
});

test('a bootstrap key is created once and stored hashed', async () => {
  const database = await createTestDatabase();
  const secret = 'bootstrap-secret-for-tests-0001';
  try {
    await ensureDefaultTenant(database.db, secret);
    await ensureDefaultTenant(database.db, secret);
    const keys = await database.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(keys.length, 1);
    assert.notEqual(keys[0]?.secret_hash, secret);
    assert.equal(keys[0]?.scope, 'server');
  } finally {
    await database.close();
  }
});

test('runs on the engine the suite was configured for', async () => {
  const database = await createTestDatabase({ migrate: false });
  try {
    assert.equal(database.kind, onPostgres ? 'postgres' : 'pglite');
  } finally {
    await database.close();
  }
});
