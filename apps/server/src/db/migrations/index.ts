import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_ledger.js';
import * as m0003 from './0003_transactions.js';
import * as m0004 from './0004_merge_audit.js';
import * as m0005 from './0005_jobs.js';
import * as m0006 from './0006_rules.js';
import * as m0007 from './0007_webhooks.js';

/**
 * Forward-only migrations, applied in name order. Listed statically (not read from a folder) so the same list
 * works from TypeScript sources and from the compiled build. Never edit a migration that has shipped: add one.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ledger': m0002,
  '0003_transactions': m0003,
  '0004_merge_audit': m0004,
  '0005_jobs': m0005,
  '0006_rules': m0006,
  '0007_webhooks': m0007,
};
