import type { Effect, LeafRuleCondition } from '../api-types.js';

/** What the builder puts in place when the user adds a condition or an effect, or switches its kind. */
export function newCondition(kind: LeafRuleCondition['kind']): LeafRuleCondition {
  switch (kind) {
    case 'activity':
      return { kind, field: 'total', op: 'gte', value: 0 };
    case 'items':
      return { kind, match: {}, quantifier: 'any' };
    case 'channel':
      return { kind, channels: [] };
    case 'store':
      return { kind, stores: [] };
    case 'member_tier':
      return { kind, tiers: [] };
    case 'member_segment':
      return { kind, segments: [], match: 'any' };
    case 'member_tag':
      return { kind, tags: [], match: 'any' };
    case 'days_of_week':
      return { kind, days: [6, 7] };
    case 'time_of_day':
      return { kind, from: '09:00', to: '12:00' };
    case 'date_range':
      return { kind };
    case 'member_counter':
      return { kind, counter: 'purchases', op: 'eq', value: 0 };
    default:
      return { kind: 'consent', purpose: 'marketingEmail', granted: true };
  }
}

export const FORM_EFFECT_KINDS = [
  'points_multiplier',
  'points_fixed',
  'points_per_currency',
  'points_per_item',
  'issue_coupon',
  'tag_member',
] as const;
export type FormEffectKind = (typeof FORM_EFFECT_KINDS)[number];
export const isFormEffect = (effect: Effect): boolean =>
  (FORM_EFFECT_KINDS as readonly string[]).includes(effect.kind);

export function newEffect(kind: FormEffectKind, perMinor = 100): Effect {
  switch (kind) {
    case 'points_multiplier':
      return { kind, factor: 2 };
    case 'points_fixed':
      return { kind, points: 100 };
    case 'points_per_currency':
      return { kind, points: 1, perMinor };
    case 'points_per_item':
      return { kind, points: 10 };
    case 'issue_coupon':
      return { kind, name: 'Bonus coupon', discount: { type: 'percent', value: 10 }, validDays: 30 };
    default:
      return { kind: 'tag_member', tag: 'vip' };
  }
}
