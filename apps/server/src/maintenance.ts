import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/database.js';
import { purgeExpiredKeys } from './modules/idempotency/idempotency.service.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Periodic housekeeping. Every task is idempotent, so running it in several processes at once (server replicas and
 * workers) is harmless. Returns a function that stops it.
 */
export function startMaintenance(db: Db, log: Pick<FastifyBaseLogger, 'info' | 'error'>): () => void {
  const run = async () => {
    try {
      const purged = await purgeExpiredKeys(db);
      if (purged > 0) log.info({ purged }, 'purged expired idempotency keys');
    } catch (error) {
      log.error({ err: error }, 'maintenance failed; will retry');
    }
  };
  void run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
