import type { TFunction } from 'i18next';
import { formatMoney, formatNumber } from '../ui/format.js';
import type { Goal, ProgramPage } from './types.js';

/**
 * Sentences the portal builds from the API's numbers in the member's language. The server also sends English
 * sentences; where it sends the figures too, they are worded here so a Russian page is Russian throughout.
 */

type Tier = NonNullable<ProgramPage['tiers']>['items'][number];

/** "A, B or C" / "A, B и C" in the current language. */
export function joinList(t: TFunction<'portal'>, items: string[], word: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return t(`list.${word}`, { head: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}

export function tierThreshold(t: TFunction<'portal'>, tier: Tier, currency: string, window: string): string {
  if (tier.inviteOnly) return t('tiers.inviteOnly');
  const q = tier.threshold;
  if (q === null) return t('tiers.entry');
  const parts = [
    ...(q.spend !== undefined ? [t('tiers.spend', { money: formatMoney(q.spend, currency) })] : []),
    ...(q.qualifyingPoints !== undefined
      ? [t('tiers.earnPoints', { count: q.qualifyingPoints, n: formatNumber(q.qualifyingPoints) })]
      : []),
    ...(q.purchases !== undefined
      ? [t('tiers.purchases', { count: q.purchases, n: formatNumber(q.purchases) })]
      : []),
  ];
  if (parts.length === 0) return t('tiers.entry');
  const joined = joinList(t, parts, q.match === 'all' ? 'and' : 'or');
  const sentence = `${joined} ${t(`tiers.window.${window}`, { defaultValue: '' })}`.trim();
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function tierBenefits(t: TFunction<'portal'>, benefits: Tier['benefits']): string[] {
  return [
    ...(benefits.earnMultiplier !== undefined && benefits.earnMultiplier > 1
      ? [t('benefits.multiplier', { factor: formatNumber(benefits.earnMultiplier, 2) })]
      : []),
    ...(benefits.discountPercent
      ? [t('benefits.discount', { percent: formatNumber(benefits.discountPercent, 2) })]
      : []),
    ...(benefits.freeShipping ? [t('benefits.freeShipping')] : []),
    ...(benefits.earlyAccess ? [t('benefits.earlyAccess')] : []),
    ...(benefits.perks ?? []),
  ];
}

type Requirement = Goal['requirements'][number];

/** "€120" / "300 points" / "3 purchases": what is still missing of one requirement. */
export function remainingAmount(t: TFunction<'portal'>, r: Requirement, currency: string): string {
  if (r.unit === 'money') return formatMoney(r.remaining, currency);
  if (r.unit === 'points') return t('units.points', { count: r.remaining, n: formatNumber(r.remaining) });
  return t('units.purchases', { count: r.remaining, n: formatNumber(r.remaining) });
}

/** How far along a requirement is, 0..1. */
export function progressOf(r: Requirement): number {
  if (r.required <= 0) return 1;
  return Math.max(0, Math.min(1, r.current / r.required));
}

/**
 * The requirement a progress bar shows: for "any" goals the one closest to done (the member's best route), for
 * "all" goals the one furthest from done (what actually holds them back).
 */
export function leadingRequirement(goal: Goal): Requirement | undefined {
  const open = goal.requirements.filter((r) => r.remaining > 0);
  const pool = open.length > 0 ? open : goal.requirements;
  const sorted = [...pool].sort((a, b) => progressOf(b) - progressOf(a));
  return goal.match === 'any' ? sorted[0] : sorted[sorted.length - 1];
}
