import type { Db } from '../../db/database.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { SettledCache } from '../../lib/settled-cache.js';
import { findMemberTier, findTierSet, type Metrics, type TierSetRow } from './tiers.repository.js';
import type { Qualification, Tier, TierSet } from './tiers.schemas.js';

/** A program's tier set, parsed once: tiers by rank, the entry tier, and lookups by code. */
export interface Definitions {
  programId: string;
  version: number;
  updatedAt: Date;
  benefitsCampaignId: string | null;
  set: TierSet;
  /** Lowest rank first. */
  ordered: Tier[];
  /** The lowest-ranked tier that is not invite-only: where every member starts. */
  entry: Tier;
  byCode: Map<string, Tier>;
}

export function toDefinitions(row: TierSetRow): Definitions {
  const set = row.document as unknown as TierSet;
  const ordered = [...set.tiers].sort((a, b) => a.rank - b.rank);
  const entry = ordered.find((t) => !t.inviteOnly);
  if (entry === undefined) throw new Error(`tier set of ${row.program_id} has no entry tier`);
  return {
    programId: row.program_id,
    version: row.version,
    updatedAt: new Date(row.updated_at),
    benefitsCampaignId: row.benefits_campaign_id,
    set,
    ordered,
    entry,
    byCode: new Map(ordered.map((t) => [t.code, t])),
  };
}

const cache = new SettledCache<{ defs: Definitions | null }>(5_000);

/** The program's tiers, or null when it has none. Cached per process like the rule set (read on every purchase). */
export async function tierDefinitions(db: Db, programId: string): Promise<Definitions | null> {
  const hit = cache.get(programId);
  if (hit) return hit.defs;
  const row = await findTierSet(db, programId);
  const defs = row ? toDefinitions(row) : null;
  return cache.remember(programId, { defs }, defs?.updatedAt ?? new Date(0)).defs;
}

export function forgetTierDefinitions(programId: string): void {
  cache.forget(programId);
}

export function meets(q: Qualification | undefined, m: Metrics): boolean {
  if (q === undefined) return false;
  const checks: boolean[] = [];
  if (q.spend !== undefined) checks.push(m.spend >= q.spend);
  if (q.qualifyingPoints !== undefined) checks.push(m.qualifyingPoints >= q.qualifyingPoints);
  if (q.purchases !== undefined) checks.push(m.purchases >= q.purchases);
  if (checks.length === 0) return false;
  return q.match === 'all' ? checks.every(Boolean) : checks.some(Boolean);
}

/** The highest tier these figures qualify for (never an invite-only one); the entry tier if none. */
export function supportedTier(defs: Definitions, m: Metrics): Tier {
  for (let i = defs.ordered.length - 1; i >= 0; i--) {
    const t = defs.ordered[i] as Tier;
    if (!t.inviteOnly && t !== defs.entry && meets(t.qualification, m)) return t;
  }
  return defs.entry;
}

/** The next qualifying tier below this one (the entry tier at the bottom). */
export function oneBelow(defs: Definitions, tier: Tier): Tier {
  const below = defs.ordered.filter((t) => !t.inviteOnly && t.rank < tier.rank);
  return below[below.length - 1] ?? defs.entry;
}

/** The next qualifying tier above this one, if any. */
export function oneAbove(defs: Definitions, tier: Tier): Tier | undefined {
  return defs.ordered.find((t) => !t.inviteOnly && t.rank > tier.rank);
}

/**
 * Whether a tier reached in a window starts only when that window ends (`upgradeAt: next_period`). Then purchases
 * never move a member up; they schedule the review at the window's end, which applies the upgrade.
 */
export function upgradesNextPeriod(defs: Definitions): boolean {
  return defs.set.upgradeAt === 'next_period';
}

/** Rank of a code; a code no longer defined ranks below everything, so any evaluation moves the member. */
export function rankOf(defs: Definitions, code: string): number {
  return defs.byCode.get(code)?.rank ?? -1;
}

/** What the schema cannot check: unique codes and ranks, one entry tier, thresholds where they belong. */
export function checkTierSet(set: TierSet): void {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, message: string) =>
    errors.push({ field, in: 'body', code, message });
  const codes = new Set<string>();
  const ranks = new Set<number>();
  set.tiers.forEach((t, i) => {
    if (codes.has(t.code)) err(`/tiers/${i}/code`, 'duplicate', `tier code ${t.code} is used twice`);
    if (ranks.has(t.rank)) err(`/tiers/${i}/rank`, 'duplicate', `rank ${t.rank} is used twice`);
    codes.add(t.code);
    ranks.add(t.rank);
  });
  const qualifying = set.tiers
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => !t.inviteOnly)
    .sort((a, b) => a.t.rank - b.t.rank);
  if (qualifying.length === 0)
    err('/tiers', 'entry_tier', 'at least one tier must not be invite-only (the entry tier)');
  qualifying.forEach(({ t, i }, n) => {
    const q = t.qualification;
    const given = q && [q.spend, q.qualifyingPoints, q.purchases].some((v) => v !== undefined);
    if (n === 0 && q !== undefined)
      err(`/tiers/${i}/qualification`, 'entry_tier', 'the entry tier (lowest rank) has no qualification');
    if (n > 0 && !given)
      err(`/tiers/${i}/qualification`, 'required', 'give spend, qualifyingPoints or purchases (or more)');
  });
  if (set.upgradeAt === 'next_period' && (set.window === 'rolling_12_months' || set.window === 'lifetime'))
    err('/upgradeAt', 'window_not_periodic', `a ${set.window} window has no next period to upgrade in`);
  set.tiers.forEach((t, i) => {
    if (t.inviteOnly && t.qualification !== undefined)
      err(`/tiers/${i}/qualification`, 'invite_only', 'invite-only tiers are assigned, not qualified for');
  });
  if (errors.length > 0) throw validationFailed(`${errors[0]?.field} ${errors[0]?.message}`, errors);
}

/** The member's tier code for the rules (the entry tier when they have no row yet); null without tiers. */
export async function tierCodeOf(db: Db, programId: string, memberId: string): Promise<string | null> {
  const defs = await tierDefinitions(db, programId);
  if (defs === null) return null;
  const row = await findMemberTier(db, memberId);
  return row?.tier_code ?? defs.entry.code;
}
