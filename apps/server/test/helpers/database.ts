import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** True when the suite runs against a real PostgreSQL server (TEST_DATABASE_URL), false on embedded PGlite. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase extends DatabaseHandle {
  url: string | undefined;
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database on TEST_DATABASE_URL's server (dropped
 * on close), or an in-memory PGlite instance when no server is configured.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (base === undefined || base === '') {
    const handle = await openDatabase({});
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(base, name);
  const handle = await openDatabase({ url, poolSize: 20, onPoolError: () => undefined });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      // pg's pool.end() resolves before its sockets are gone; dropping at once would kill them mid-close.
      await admin(async (c) => {
        for (let i = 0; i < 100; i++) {
          const open = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (open.rows[0]?.n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
