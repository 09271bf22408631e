import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_ledger.js';
import * as m0003 from './0003_transactions.js';
import * as m0004 from './0004_merge_audit.js';
import * as m0005 from './0005_jobs.js';
import * as m0006 from './0006_rules.js';
import * as m0007 from './0007_webhooks.js';
import * as m0008 from './0008_tiers.js';
import * as m0009 from './0009_rewards.js';
import * as m0010 from './0010_coupons.js';
import * as m0011 from './0011_memberships.js';
import * as m0012 from './0012_partners.js';
import * as m0013 from './0013_reward_auto_redeem.js';
import * as m0014 from './0014_expiry_exempt_tiers.js';
import * as m0015 from './0015_member_metrics.js';
import * as m0016 from './0016_segments.js';
import * as m0017 from './0017_holdouts.js';
import * as m0018 from './0018_kpi_rollups.js';
import * as m0019 from './0019_offer_activations.js';
import * as m0020 from './0020_admin_users.js';
import * as m0021 from './0021_member_portal.js';
import * as m0022 from './0022_model_totals.js';

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
  '0008_tiers': m0008,
  '0009_rewards': m0009,
  '0010_coupons': m0010,
  '0011_memberships': m0011,
  '0012_partners': m0012,
  '0013_reward_auto_redeem': m0013,
  '0014_expiry_exempt_tiers': m0014,
  '0015_member_metrics': m0015,
  '0016_segments': m0016,
  '0017_holdouts': m0017,
  '0018_kpi_rollups': m0018,
  '0019_offer_activations': m0019,
  '0020_admin_users': m0020,
  '0021_member_portal': m0021,
  '0022_model_totals': m0022,
};
