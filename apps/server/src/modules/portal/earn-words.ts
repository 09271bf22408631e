import { formatMoney } from '../../lib/money.js';
import type { LedgerPolicy } from '../ledger/policy.js';
import type { Audience, Effect, LineMatch, Rule, Trigger } from '../rules/rule.schemas.js';
import type { Program } from '../tenants/programs.repository.js';

/**
 * Plain English for the public program page, generated from the rules themselves so that the page cannot promise
 * what the engine does not pay. Only what a member can act on is described; internal effects (tags, attributes,
 * webhook events) and internal triggers (segments, returns) are left out.
 */

export interface Names {
  events: Map<string, string>;
  tiers: Map<string, string>;
}

/** "1 Star", "2 Stars": program point names are plural nouns; one drops its final s. */
export function pointsWords(n: number, program: Pick<Program, 'pointName'>): string {
  const name =
    n === 1 && /[^s]s$/i.test(program.pointName) ? program.pointName.slice(0, -1) : program.pointName;
  return `${n.toLocaleString('en')} ${name}`;
}

/** "Digital card reload" → "digital card reload", but "TNF Renewed purchase" keeps its acronym. */
function inSentence(name: string): string {
  return /^.[A-Z]/.test(name) ? name : `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

const list = (items: string[], word = 'or'): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;

function on(match: LineMatch | undefined): string {
  if (match === undefined) return '';
  const parts = [
    ...(match.categories ?? []).map((c) => `category ${c}`),
    ...(match.brands ?? []).map((b) => `brand ${b}`),
    ...(match.skus ?? []).map((s) => `item ${s}`),
  ];
  if (parts.length > 0) return ` on ${list(parts)}`;
  return match.excludeSkus || match.excludeCategories || match.excludeBrands ? ' on eligible items' : '';
}

export function effectWords(e: Effect, program: Program): string | null {
  const pts = (n: number) => pointsWords(n, program);
  switch (e.kind) {
    case 'points_fixed':
      return pts(e.points);
    case 'points_per_currency':
      return `${pts(e.points)} per ${formatMoney(e.perMinor, program.currency)}${on(e.match)}`;
    case 'points_per_item':
      return `${pts(e.points)} per item${on(e.match)}`;
    case 'points_multiplier':
      return `${e.factor}× ${program.pointName}${on(e.match)}`;
    case 'cashback_percent':
      return `${e.percent}% back${on(e.match)}`;
    case 'issue_coupon':
      return `a coupon: ${e.name}`;
    default:
      return null;
  }
}

export function triggerWords(t: Trigger, names: Names): string | null {
  switch (t.type) {
    case 'purchase':
      return 'when you shop';
    case 'event':
      return `for each ${inSentence(names.events.get(t.eventType) ?? t.eventType.replace(/[_.]/g, ' '))}`;
    case 'enrolment':
      return 'when you join';
    case 'profile_completed':
      return 'when you complete your profile';
    case 'birthday':
      return 'on your birthday';
    case 'anniversary':
      return 'on your membership anniversary';
    case 'tier_changed':
      return t.toTiers
        ? `when you reach ${list(t.toTiers.map((c) => names.tiers.get(c) ?? c))}`
        : 'when your tier changes';
    case 'inactivity':
      return `after ${t.days} days without a purchase`;
    case 'schedule':
      return `every ${t.every}`;
    default:
      return null;
  }
}

/** "25 Stars for each digital card reload (conditions apply)", or null when the rule gives members nothing to see. */
export function ruleWords(rule: Rule, program: Program, names: Names): string | null {
  const trigger = triggerWords(rule.trigger, names);
  const effects = rule.effects.map((e) => effectWords(e, program)).filter((w): w is string => w !== null);
  if (trigger === null || effects.length === 0) return null;
  return `${list(effects, 'and')} ${trigger}${rule.when ? ' (conditions apply)' : ''}`;
}

export function audienceWords(a: Audience | undefined, names: Names): string | null {
  if (a === undefined || a.type === 'all') return null;
  if (a.type === 'tiers') return `for ${list(a.tiers.map((c) => names.tiers.get(c) ?? c))} members`;
  return 'for selected members';
}

/** The program's earn rate from its ledger policy: the base rule is published from exactly these fields. */
export function baseRateWords(policy: LedgerPolicy, program: Program): string {
  const exclusions = [
    ...policy.excludedCategories.map((c) => `category ${c}`),
    ...policy.excludedSkus.map((s) => `item ${s}`),
  ];
  const rate = `${pointsWords(policy.earnPoints, program)} for every ${formatMoney(policy.earnPerMinor, program.currency)} you spend`;
  return exclusions.length > 0 ? `${rate}, except on ${list(exclusions)}` : rate;
}
