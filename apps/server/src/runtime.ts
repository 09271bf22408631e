import type { Config } from './config/config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { ensureDefaultTenant, type TenantWithProgram } from './modules/tenants/tenants.service.js';

export interface Runtime {
  database: DatabaseHandle;
  defaults: TenantWithProgram;
  appliedMigrations: string[];
}

/**
 * What every entry point (server, worker, CLI) needs first: the database from configuration, migrated to the latest
 * version, with the deployment's default tenant and (if configured) its bootstrap key in place.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl === undefined ? config.dataDir : undefined,
    poolSize: config.databasePoolSize,
  });
  try {
    const appliedMigrations = await migrateToLatest(database.db);
    const defaults = await ensureDefaultTenant(database.db, config.bootstrapApiKey);
    return { database, defaults, appliedMigrations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
