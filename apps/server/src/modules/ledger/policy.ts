import type { Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { LedgerPoliciesTable } from '../../db/schema.js';
import { SettledCache } from '../../lib/settled-cache.js';

export interface LedgerPolicy {
  earnPoints: number;
  earnPerMinor: number;
  earnRounding: 'floor' | 'round' | 'ceil';
  excludedSkus: string[];
  excludedCategories: string[];
  pendingDays: number;
  expiryMode: 'never' | 'after_earn' | 'inactivity';
  expiryDays: number;
  expiryMonths: number;
  expiryRoundTo: 'none' | 'month' | 'quarter' | 'year';
  /** Members whose current tier is one of these lose nothing to expiry while they hold it (see expire.ts). */
  expiryExemptTiers: string[];
  returnPolicy: 'negative' | 'clip';
  transfersAllowed: boolean;
  holdTtlSeconds: number;
  claimWindowDays: number;
}

/** A new program earns 1 point per currency unit, with no pending period and no expiry, until configured. */
export const DEFAULT_POLICY: LedgerPolicy = {
  earnPoints: 1,
  earnPerMinor: 100,
  earnRounding: 'floor',
  excludedSkus: [],
  excludedCategories: [],
  pendingDays: 0,
  expiryMode: 'never',
  expiryDays: 0,
  expiryMonths: 0,
  expiryRoundTo: 'none',
  expiryExemptTiers: [],
  returnPolicy: 'negative',
  transfersAllowed: false,
  holdTtlSeconds: 900,
  claimWindowDays: 30,
};

function fromRow(r: Selectable<LedgerPoliciesTable>): LedgerPolicy {
  return {
    earnPoints: r.earn_points,
    earnPerMinor: r.earn_per_minor,
    earnRounding: r.earn_rounding,
    excludedSkus: r.excluded_skus,
    excludedCategories: r.excluded_categories,
    pendingDays: r.pending_days,
    expiryMode: r.expiry_mode,
    expiryDays: r.expiry_days,
    expiryMonths: r.expiry_months,
    expiryRoundTo: r.expiry_round_to,
    expiryExemptTiers: r.expiry_exempt_tiers,
    returnPolicy: r.return_policy,
    transfersAllowed: r.transfers_allowed,
    holdTtlSeconds: r.hold_ttl_seconds,
    claimWindowDays: r.claim_window_days,
  };
}

/** Read by every purchase and spend; changed rarely (see SettledCache for why caching it is safe). */
const policies = new SettledCache<LedgerPolicy>(5_000);

export async function getPolicy(db: Db, programId: string): Promise<LedgerPolicy> {
  const cached = policies.get(programId);
  if (cached) return cached;
  const row = await db
    .selectFrom('ledger_policies')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  // Without a policy row the defaults apply. Absence is never an uncommitted state, so it is cached like a settled row.
  return row
    ? policies.remember(programId, fromRow(row), row.updated_at)
    : policies.remember(programId, DEFAULT_POLICY, new Date(0));
}

export async function savePolicy(
  db: Db,
  tenantId: string,
  programId: string,
  p: LedgerPolicy,
): Promise<void> {
  const values = {
    tenant_id: tenantId,
    earn_points: p.earnPoints,
    earn_per_minor: p.earnPerMinor,
    earn_rounding: p.earnRounding,
    excluded_skus: p.excludedSkus,
    excluded_categories: p.excludedCategories,
    pending_days: p.pendingDays,
    expiry_mode: p.expiryMode,
    expiry_days: p.expiryDays,
    expiry_months: p.expiryMonths,
    expiry_round_to: p.expiryRoundTo,
    expiry_exempt_tiers: p.expiryExemptTiers,
    return_policy: p.returnPolicy,
    transfers_allowed: p.transfersAllowed,
    hold_ttl_seconds: p.holdTtlSeconds,
    claim_window_days: p.claimWindowDays,
    updated_at: new Date(),
  };
  await db
    .insertInto('ledger_policies')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  policies.forget(programId);
}

/** When points earned at `earnedAt` become spendable. */
export function availableAt(policy: LedgerPolicy, earnedAt: Date): Date {
  return new Date(earnedAt.getTime() + policy.pendingDays * 86_400_000);
}

/**
 * When points earned at `earnedAt` expire, or null. Periods are counted in the program's time zone, and "rounded to
 * the end of the month/quarter/year" means the first instant of the next period there (so points earned on 15 March
 * 2026 with "12 months, rounded to the end of the year" expire on 1 January 2028, 00:00 local time). Inactivity expiry is not per lot.
 */
export function expiresAt(policy: LedgerPolicy, earnedAt: Date, timezone: string): Date | null {
  if (policy.expiryMode !== 'after_earn') return null;
  let t = DateTime.fromJSDate(earnedAt, { zone: timezone }).plus({
    days: policy.expiryDays,
    months: policy.expiryMonths,
  });
  if (policy.expiryRoundTo !== 'none') t = t.endOf(policy.expiryRoundTo).plus({ milliseconds: 1 });
  return t.toJSDate();
}

/**
 * The date a lot whose expiry date passed while its member was exempt gets once the member loses the exempt tier at
 * `lostAt`: the date it would have had if it had been earned then. Under after-earn expiry that is the policy's
 * period (and rounding) from `lostAt`; otherwise only lots dated by a rule have a date, and they get their own term
 * (expiry minus earn date) again.
 */
export function freshExpiry(
  policy: LedgerPolicy,
  lot: { earnedAt: Date; expiresAt: Date },
  lostAt: Date,
  timezone: string,
): Date {
  const byPolicy = expiresAt(policy, lostAt, timezone);
  if (byPolicy !== null) return byPolicy;
  const term = Math.max(0, lot.expiresAt.getTime() - lot.earnedAt.getTime());
  return new Date(lostAt.getTime() + term);
}

/** For inactivity expiry: the instant after which a wallet idle since `lastActivity` expires. */
export function inactivityDeadline(policy: LedgerPolicy, lastActivity: Date, timezone: string): Date | null {
  if (policy.expiryMode !== 'inactivity') return null;
  return DateTime.fromJSDate(lastActivity, { zone: timezone })
    .plus({ days: policy.expiryDays, months: policy.expiryMonths })
    .toJSDate();
}
