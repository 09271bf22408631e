import { type Static, Type } from 'typebox';
import type { RewardInput } from '../../rewards/rewards.schemas.js';
import { defineTemplate } from '../template.types.js';

const Cents = (value: number, description: string) =>
  Type.Integer({ minimum: 1, default: value, description });
const Points = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, default: value, description });

const Params = Type.Object({
  goldSpend: Cents(
    20000,
    'Gold: calendar-year spend, cents (about $200 in secondary sources; check dsw.com)',
  ),
  eliteSpend: Cents(
    50000,
    'Elite: calendar-year spend, cents (about $500 in secondary sources; check dsw.com)',
  ),
  eliteMultiplier: Type.Number({
    minimum: 1,
    maximum: 10,
    multipleOf: 0.01,
    default: 2,
    description: 'Elite earn multiplier (2 points per $1; blog guides disagree on which tier earns 2x)',
  }),
  excludedCategories: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    default: ['gift-cards'],
    description: 'Line categories that earn no points (gift cards)',
  }),
  expiryMonths: Type.Integer({
    minimum: 1,
    maximum: 120,
    default: 24,
    description: 'Points expire this many months after they were earned',
  }),
  quickPoints: Points(100, 'Quick (default option): points per reward'),
  quickAmount: Cents(500, 'Quick: reward value, cents ($5)'),
  savePoints: Points(200, 'Save option: points per reward'),
  saveAmount: Cents(1000, 'Save: reward value, cents ($10)'),
  goalsPoints: Points(400, 'Goals option: points per reward'),
  goalsAmount: Cents(2000, 'Goals: reward value, cents ($20)'),
  rewardValidDays: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 60,
    description: 'Days a $5/$10/$20 Reward coupon is valid (certificate expiry not sourced)',
  }),
  birthdayAmount: Cents(500, 'Birthday surprise coupon, cents off (value not published; PARAM)'),
  birthdayValidDays: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'Days the birthday coupon is valid',
  }),
  donationPoints: Points(10, 'Bonus points per shoe donation (value not sourced; PARAM)'),
  bonusDayMultiplier: Type.Number({
    exclusiveMinimum: 1,
    maximum: 10,
    default: 2,
    description: 'Multiplier of the "bonus points day" campaign left as a draft to schedule',
  }),
  timezone: Type.String({ default: 'America/New_York', description: 'Time zone tier years are counted in' }),
});
type P = Static<typeof Params>;

/** The member attribute that picks the conversion option; absent means Quick. */
export const DSW_OPTION = 'rewardOption';

/** One conversion option: an automatic `amount_discount` reward only members on that option can have. */
function option(
  code: string,
  name: string,
  cost: number,
  amount: number,
  validDays: number,
  condition: NonNullable<RewardInput['eligibility']>['condition'],
): Omit<RewardInput, 'programId'> {
  return {
    code,
    name,
    description: `Issued automatically for every ${cost} points`,
    type: 'amount_discount',
    cost,
    value: { amount, couponValidDays: validDays },
    eligibility: { condition },
    autoRedeem: {},
  };
}

const dollars = (cents: number) => `$${cents % 100 === 0 ? cents / 100 : (cents / 100).toFixed(2)}`;

/**
 * DSW VIP: Club, Gold and Elite by calendar-year spend, Elite earning double, points converted automatically into
 * Rewards coupons at the member's chosen option (Quick by default), points expiring 24 months after they were earned.
 */
export const dsw = defineTemplate<P>({
  name: 'dsw',
  title: 'DSW VIP (US)',
  summary:
    '1 point per $1 (Elite 2), every 100 points auto-converted to a $5 Reward; tiers by calendar-year spend',
  confidence: 'medium',
  mechanics: [
    'Tiers Club (free), Gold and Elite by calendar-year spend (about $200 / $500), held through the next year',
    '1 point per $1; Elite earns 2 points per $1 (tier multiplier); gift cards earn nothing',
    'Quick (default): every 100 points convert automatically into a $5 Reward coupon',
    'Save (200 points = $10) or Goals (400 points = $20) instead, chosen by the member attribute rewardOption',
    'Points expire 24 months after they were earned',
    'Birthday surprise: a coupon on the birthday (value a parameter)',
    'Shoe donations earn bonus points (event shoe_donation); a 2x "bonus points day" campaign left as a draft',
    'Free standard shipping for Club and Gold, free express shipping for Elite (tier perks)',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'DSW VIP',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      // 100 points buy a $5 Reward at the default option.
      pointValue: { minor: p.quickAmount, points: p.quickPoints },
      defaultCountry: 'US',
      attributeSchema: [
        {
          key: DSW_OPTION,
          type: 'string',
          enum: ['quick', 'save', 'goals'],
          description: 'Rewards option: quick (100 = $5, the default), save (200 = $10) or goals (400 = $20)',
        },
      ],
    },
    policy: {
      earnPoints: 1,
      earnPerMinor: 100,
      excludedCategories: p.excludedCategories,
      expiryMode: 'after_earn',
      expiryMonths: p.expiryMonths,
    },
    eventTypes: [
      {
        type: 'shoe_donation',
        name: 'Shoe donation',
        description: 'The member donated shoes in store (DSW with Soles4Souls)',
        properties: { type: 'object', properties: { pairs: { type: 'integer', minimum: 1 } } },
      },
    ],
    tiers: {
      window: 'calendar_year',
      downgrade: { policy: 'to_metric' },
      tiers: [
        {
          code: 'club',
          name: 'Club',
          rank: 0,
          benefits: { freeShipping: true, perks: ['Free standard shipping'] },
        },
        {
          code: 'gold',
          name: 'Gold',
          rank: 1,
          qualification: { spend: p.goldSpend },
          benefits: { freeShipping: true, perks: ['Free standard shipping'] },
        },
        {
          code: 'elite',
          name: 'Elite',
          rank: 2,
          qualification: { spend: p.eliteSpend },
          benefits: {
            ...(p.eliteMultiplier > 1 ? { earnMultiplier: p.eliteMultiplier } : {}),
            freeShipping: true,
            perks: ['Free express shipping'],
          },
        },
      ],
    },
    campaigns: () => [
      {
        name: 'Birthday surprise',
        rules: [
          {
            key: 'birthday',
            name: 'Birthday surprise',
            trigger: { type: 'birthday' },
            effects: [
              {
                kind: 'issue_coupon',
                name: `${dollars(p.birthdayAmount)} birthday surprise`,
                discount: { type: 'amount', value: p.birthdayAmount },
                validDays: p.birthdayValidDays,
              },
            ],
          },
        ],
      },
      {
        name: 'Shoe donations',
        rules: [
          {
            key: 'shoe-donation',
            name: `${p.donationPoints} bonus points for a shoe donation`,
            trigger: { type: 'event', eventType: 'shoe_donation' },
            effects: [{ kind: 'points_fixed', points: p.donationPoints }],
          },
        ],
      },
      {
        name: 'Bonus points day',
        description: 'Set a schedule (start and end) and publish it for a bonus points day',
        publish: false,
        rules: [
          {
            key: 'bonus-day',
            name: `${p.bonusDayMultiplier}x points`,
            trigger: { type: 'purchase' },
            effects: [{ kind: 'points_multiplier', factor: p.bonusDayMultiplier }],
          },
        ],
      },
    ],
    rewards: [
      option('quick', `${dollars(p.quickAmount)} Reward`, p.quickPoints, p.quickAmount, p.rewardValidDays, {
        kind: 'member_attribute',
        key: DSW_OPTION,
        op: 'not_in',
        value: ['save', 'goals'],
      }),
      option(
        'save',
        `${dollars(p.saveAmount)} Reward (Save)`,
        p.savePoints,
        p.saveAmount,
        p.rewardValidDays,
        {
          kind: 'member_attribute',
          key: DSW_OPTION,
          op: 'eq',
          value: 'save',
        },
      ),
      option(
        'goals',
        `${dollars(p.goalsAmount)} Reward (Goals)`,
        p.goalsPoints,
        p.goalsAmount,
        p.rewardValidDays,
        {
          kind: 'member_attribute',
          key: DSW_OPTION,
          op: 'eq',
          value: 'goals',
        },
      ),
    ],
  }),
});
