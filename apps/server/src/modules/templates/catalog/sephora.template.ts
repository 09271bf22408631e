import { type Static, Type } from 'typebox';
import type { Tier } from '../../tiers/tiers.schemas.js';
import { defineTemplate } from '../template.types.js';

const Points = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, default: value, description });
const Cents = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 100_000_000, default: value, description });
const Percent = (value: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 100, default: value, description });
const Factor = (value: number, description: string) =>
  Type.Number({ exclusiveMinimum: 1, maximum: 10, multipleOf: 0.01, default: value, description });

const Params = Type.Object({
  vibSpend: Cents(35000, 'VIB: calendar-year spend, cents ($350)'),
  rougeSpend: Cents(100000, 'Rouge: calendar-year spend, cents ($1,000)'),
  earnRounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')], {
    default: 'floor',
    description: 'Rounding of the points of a purchase (1 per $1, all tiers)',
  }),
  cashPoints: Points(500, 'Beauty Insider Cash: points per coupon'),
  cashAmount: Cents(1000, 'Beauty Insider Cash: coupon value, cents ($10)'),
  cashMinSpend: Cents(1000, 'Beauty Insider Cash: minimum basket, cents ($10)'),
  samplePoints: Points(100, 'Rewards Bazaar deluxe sample: points'),
  sampleSku: Type.String({
    minLength: 1,
    maxLength: 200,
    default: 'deluxe-sample',
    description: 'SKU the deluxe-sample reward makes free',
  }),
  rougeRewardPoints: Points(2500, 'Rouge Reward: points'),
  rougeRewardAmount: Cents(10000, 'Rouge Reward: coupon value, cents ($100)'),
  rougeRewardPerWeek: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 50,
    description:
      'Rouge Reward units released per week for all Rouge members (drops are Tue/Thu; size not sourced)',
  }),
  inactivityMonths: Type.Integer({
    minimum: 1,
    maximum: 120,
    default: 18,
    description: 'All points expire after this many months without a purchase or redemption',
  }),
  birthdayGiftValue: Cents(1000, 'Birthday gift: coupon value covering the gift set, cents (not published)'),
  birthdayMinSpend: Type.Integer({
    minimum: 0,
    maximum: 100_000_000,
    default: 0,
    description: 'Birthday gift: minimum basket, cents (0 in store; $25 online since 2023-06-01)',
  }),
  birthdayValidDays: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'Days the birthday gift coupon is valid',
  }),
  insiderShippingFrom: Cents(5000, 'Insider: free standard shipping from this order value, cents'),
  vibShippingFrom: Cents(3500, 'VIB: free standard shipping from this order value, cents (Rouge: any order)'),
  insiderSavings: Percent(10, 'Seasonal Savings event discount for Insider, percent'),
  vibSavings: Percent(15, 'Seasonal Savings event discount for VIB, percent'),
  rougeSavings: Percent(20, 'Seasonal Savings event discount for Rouge, percent'),
  insiderMultiplier: Factor(2, 'Point Multiplier event: Insider factor'),
  vibMultiplier: Factor(3, 'Point Multiplier event: VIB factor'),
  rougeMultiplier: Factor(4, 'Point Multiplier event: Rouge factor'),
  returnPolicy: Type.Union([Type.Literal('negative'), Type.Literal('clip')], {
    default: 'negative',
    description:
      'When the points of returned items were already spent: owe them (negative) or write them off',
  }),
  timezone: Type.String({
    default: 'America/Los_Angeles',
    description: 'Time zone calendar years are counted in',
  }),
});
type P = Static<typeof Params>;

const dollars = (cents: number) => `$${cents % 100 === 0 ? cents / 100 : (cents / 100).toFixed(2)}`;

function tiers(p: P): Tier[] {
  const savings = (pct: number) => `Seasonal Savings event: ${pct}% off (when the event runs)`;
  return [
    {
      code: 'insider',
      name: 'Insider',
      rank: 0,
      benefits: {
        perks: [
          `Free standard shipping on orders of ${dollars(p.insiderShippingFrom)}+`,
          savings(p.insiderSavings),
        ],
      },
    },
    {
      code: 'vib',
      name: 'VIB',
      rank: 1,
      qualification: { spend: p.vibSpend },
      benefits: {
        perks: [`Free standard shipping on orders of ${dollars(p.vibShippingFrom)}+`, savings(p.vibSavings)],
      },
    },
    {
      code: 'rouge',
      name: 'Rouge',
      rank: 2,
      qualification: { spend: p.rougeSpend },
      benefits: {
        freeShipping: true,
        earlyAccess: true,
        perks: ['Free standard shipping on every order', savings(p.rougeSavings), 'First access to launches'],
      },
    },
  ];
}

/**
 * Sephora Beauty Insider: Insider, VIB and Rouge by calendar-year spend (held through the next year), 1 point per $1
 * at every tier, Beauty Insider Cash (500 points = $10 off), Rewards Bazaar samples, the Rouge-only $100 Rouge Reward
 * in weekly drops, a birthday gift for every tier, and points that expire after 18 months without activity.
 */
export const sephora = defineTemplate<P>({
  name: 'sephora',
  title: 'Sephora Beauty Insider (US)',
  summary:
    '1 point per $1, 500 points = $10 off; Insider, VIB ($350) and Rouge ($1,000) by calendar-year spend',
  confidence: 'medium',
  mechanics: [
    'Tiers Insider (on joining), VIB ($350) and Rouge ($1,000) on calendar-year spend, held through the next year',
    '1 point per $1 at every tier',
    'Beauty Insider Cash: 500 points = $10 off a basket of $10 or more',
    'Rewards Bazaar: deluxe sample for 100 points (free-item coupon)',
    'Rouge Reward: 2,500 points = $100 off, Rouge only, limited units released each week',
    'All points expire after 18 months without a purchase or redemption',
    'Birthday gift for every tier (a coupon on the birthday)',
    'Tier perks: free standard shipping ($50+ / $35+ / every order) and Seasonal Savings 10/15/20% (perk text)',
    'Point Multiplier event 2x / 3x / 4x by tier: a draft campaign to schedule',
    'Returns take back the points the returned items earned',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'Beauty Insider',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      // Beauty Insider Cash: 500 points buy $10 off (2 cents a point).
      pointValue: { minor: p.cashAmount, points: p.cashPoints },
      defaultCountry: 'US',
    },
    policy: {
      earnPoints: 1,
      earnPerMinor: 100,
      earnRounding: p.earnRounding,
      expiryMode: 'inactivity',
      expiryMonths: p.inactivityMonths,
      returnPolicy: p.returnPolicy,
    },
    tiers: { window: 'calendar_year', downgrade: { policy: 'to_metric' }, tiers: tiers(p) },
    campaigns: () => [
      {
        name: 'Birthday gift',
        rules: [
          {
            key: 'birthday-gift',
            name: 'Birthday gift',
            trigger: { type: 'birthday' },
            effects: [
              {
                kind: 'issue_coupon',
                name: 'Birthday gift',
                discount: { type: 'amount', value: p.birthdayGiftValue },
                validDays: p.birthdayValidDays,
                ...(p.birthdayMinSpend > 0 ? { minSpend: p.birthdayMinSpend } : {}),
              },
            ],
          },
        ],
      },
      {
        name: 'Point Multiplier event',
        description: 'Set the event dates (schedule) and publish',
        publish: false,
        rules: [
          { code: 'insider', name: 'Insider', factor: p.insiderMultiplier },
          { code: 'vib', name: 'VIB', factor: p.vibMultiplier },
          { code: 'rouge', name: 'Rouge', factor: p.rougeMultiplier },
        ].map((t) => ({
          key: `multiplier-${t.code}`,
          name: `${t.name}: ${t.factor}x points`,
          trigger: { type: 'purchase' as const },
          when: { kind: 'member_tier' as const, tiers: [t.code] },
          effects: [{ kind: 'points_multiplier' as const, factor: t.factor }],
        })),
      },
    ],
    rewards: [
      {
        code: 'beauty-insider-cash',
        name: `Beauty Insider Cash: ${dollars(p.cashAmount)} off`,
        type: 'amount_discount',
        cost: p.cashPoints,
        value: { amount: p.cashAmount, minSpend: p.cashMinSpend },
      },
      {
        code: 'deluxe-sample',
        name: 'Deluxe sample',
        type: 'free_product',
        cost: p.samplePoints,
        value: { sku: p.sampleSku },
      },
      {
        code: 'rouge-reward',
        name: `Rouge Reward: ${dollars(p.rougeRewardAmount)} off`,
        type: 'amount_discount',
        cost: p.rougeRewardPoints,
        value: { amount: p.rougeRewardAmount },
        stock: { perPeriod: { count: p.rougeRewardPerWeek, period: 'week' } },
        eligibility: { tiers: ['rouge'] },
      },
    ],
  }),
});
