import pino from 'pino';
import { ConfigError, loadConfig } from './config/config.js';
import { startMaintenance } from './maintenance.js';
import { openRuntime } from './runtime.js';

/**
 * The job worker: runs background jobs without serving HTTP, so they can scale apart from the API. With the
 * embedded database the server runs them in-process instead (PGlite allows one process per data directory).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { component: 'worker' } });
  const { database } = await openRuntime(config);
  const stop = startMaintenance(database.db, log);
  log.info({ database: database.kind }, 'worker started');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'worker stopping');
    await stop();
    clearInterval(keepAlive);
    await database.close();
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
