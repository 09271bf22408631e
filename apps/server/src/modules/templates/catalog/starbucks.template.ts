import { type Static, Type } from 'typebox';
import type { CampaignCreate } from '../../campaigns/campaigns.schemas.js';
import type { RewardInput } from '../../rewards/rewards.schemas.js';
import type { Rule } from '../../rules/rule.schemas.js';
import { defineTemplate } from '../template.types.js';

const Stars = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, default: value, description });
const Cents = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 100_000_000, default: value, description });
const Days = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 365, default: value, description });
const Multiplier = (value: number, description: string) =>
  Type.Number({ minimum: 1, maximum: 10, multipleOf: 0.01, default: value, description });
const Sku = (value: string, description: string) =>
  Type.String({ minLength: 1, maxLength: 200, default: value, description });

const Params = Type.Object({
  goldStars: Stars(500, 'Gold: Stars earned in the rolling 12 months'),
  reserveStars: Stars(2500, 'Reserve: Stars earned in the rolling 12 months'),
  goldMultiplier: Multiplier(1.2, 'Gold earn rate, Stars per $1'),
  reserveMultiplier: Multiplier(1.7, 'Reserve earn rate, Stars per $1'),
  earnRounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')], {
    default: 'floor',
    description:
      'Rounding of the base Stars of a purchase (1 per $1). The Gold/Reserve extra is always rounded down on the ' +
      'whole base Stars (the old Gold terms kept fractional Stars; not expressible)',
  }),
  bonusCountsForTier: Type.Boolean({
    default: true,
    description:
      'true: every Star earned (purchases with the tier extra and Double Star Days, reload bonuses) counts toward ' +
      'Gold/Reserve. false: only base Stars count (thresholds become net spend: 500 Stars = $500)',
  }),
  greenExpiry: Type.Union([Type.Literal('inactivity'), Type.Literal('after_earn')], {
    default: 'inactivity',
    description:
      'Green Stars: inactivity = all expire after greenExpiryMonths without a purchase or redemption ("monthly ' +
      'activity keeps them alive"); after_earn = each Star expires greenExpiryMonths after the month it was ' +
      'earned in (the pre-2026 rule)',
  }),
  greenExpiryMonths: Type.Integer({
    minimum: 1,
    maximum: 60,
    default: 6,
    description: 'Green Star expiry period, months (Gold and Reserve Stars never expire)',
  }),
  reloadSmallAmount: Cents(3000, 'Digital reload of at least this much (cents) earns reloadSmallStars'),
  reloadSmallStars: Stars(10, 'Bonus Stars for a reload of reloadSmallAmount or more'),
  reloadLargeAmount: Cents(
    5000,
    'Digital reload of at least this much (cents) earns reloadLargeStars instead',
  ),
  reloadLargeStars: Stars(25, 'Bonus Stars for a reload of reloadLargeAmount or more'),
  sku25: Sku('reward-customization', 'SKU the 25-Star reward makes free (drink customization)'),
  sku100: Sku(
    'reward-brewed-bakery',
    'SKU the 100-Star reward makes free (brewed coffee/tea, bakery or snack)',
  ),
  sku200: Sku(
    'reward-handcrafted',
    'SKU the 200-Star reward makes free (handcrafted drink or hot breakfast)',
  ),
  sku300: Sku(
    'reward-sandwich',
    'SKU the 300-Star reward makes free (sandwich, protein box, packaged coffee)',
  ),
  sku400: Sku('reward-merchandise', 'SKU the 400-Star reward makes free (merchandise up to $20)'),
  birthdayValue: Cents(1000, 'Birthday reward: coupon value up to which the free item is covered, cents'),
  birthdayMinTenureDays: Days(7, 'Members must have joined at least this many days before the birthday'),
  greenBirthdayDays: Days(1, 'Days the birthday reward is valid for Green (the birthday itself)'),
  goldBirthdayDays: Days(7, 'Days the birthday reward is valid for Gold'),
  reserveBirthdayDays: Days(30, 'Days the birthday reward is valid for Reserve'),
  timezone: Type.String({ default: 'America/Los_Angeles', description: 'Time zone periods are counted in' }),
});
type P = Static<typeof Params>;
type Campaign = Omit<CampaignCreate, 'programId'>;

const TIERS = [
  { code: 'green', name: 'Green' },
  { code: 'gold', name: 'Gold' },
  { code: 'reserve', name: 'Reserve' },
] as const;

const reloadRule = (key: string, minimum: number, stars: number, priority: number): Rule => ({
  key,
  name: `+${stars} Stars for a reload of $${minimum / 100} or more`,
  trigger: { type: 'event', eventType: 'card_reload' },
  when: { kind: 'event_property', path: 'amount', op: 'gte', value: minimum },
  effects: [{ kind: 'points_fixed', points: stars }],
  // One bonus per reload: the larger one wins (higher priority), the smaller never stacks on it.
  group: 'reload-bonus',
  priority,
});

function campaigns(p: P): Campaign[] {
  const days = { green: p.greenBirthdayDays, gold: p.goldBirthdayDays, reserve: p.reserveBirthdayDays };
  return [
    {
      name: 'Digital reload bonus',
      rules: [
        reloadRule('reload-large', p.reloadLargeAmount, p.reloadLargeStars, 20),
        reloadRule('reload-small', p.reloadSmallAmount, p.reloadSmallStars, 10),
      ],
    },
    {
      name: 'Birthday reward',
      description: 'A free item on the birthday; the coupon lasts longer the higher the tier',
      rules: TIERS.map((t) => ({
        key: `birthday-${t.code}`,
        name: `${t.name} birthday reward (${days[t.code]} days)`,
        trigger: { type: 'birthday' as const },
        when: {
          kind: 'all' as const,
          conditions: [
            { kind: 'member_tier' as const, tiers: [t.code] },
            { kind: 'member_tenure' as const, op: 'gte' as const, days: p.birthdayMinTenureDays },
          ],
        },
        effects: [
          {
            kind: 'issue_coupon' as const,
            name: 'Birthday reward: a free drink or food item',
            discount: { type: 'amount' as const, value: p.birthdayValue },
            validDays: days[t.code],
          },
        ],
      })),
    },
    {
      name: 'Double Star Days',
      description: 'Gold at least 4 a year, Reserve at least 6: set the dates (schedule) and publish',
      publish: false,
      audience: { type: 'tiers', tiers: ['gold', 'reserve'] },
      rules: [
        {
          key: 'double-stars',
          name: 'Double Stars',
          trigger: { type: 'purchase' },
          effects: [{ kind: 'points_multiplier', factor: 2 }],
        },
      ],
    },
  ];
}

const free = (code: string, name: string, cost: number, sku: string): Omit<RewardInput, 'programId'> => ({
  code,
  name,
  type: 'free_product',
  cost,
  value: { sku },
});

/**
 * Starbucks Rewards as relaunched on 2026-03-10: Green, Gold and Reserve on Stars earned in a rolling 12 months, Gold
 * and Reserve earning more and keeping their Stars forever, Green Stars expiring, reload bonuses, the 25–400 Star menu
 * with the new 60-Star $2 off, a birthday reward whose window grows with the tier, and Double Star Days to schedule.
 */
export const starbucks = defineTemplate<P>({
  name: 'starbucks',
  title: 'Starbucks Rewards (US, 2026)',
  summary:
    'Stars per $1 by tier (Green 1, Gold 1.2, Reserve 1.7), a 25–400 Star menu, Gold/Reserve Stars never expire',
  confidence: 'medium',
  mechanics: [
    'Tiers Green (on joining), Gold (500 Stars) and Reserve (2,500 Stars) on Stars earned in a rolling 12 months',
    'Upgrade at once; the purchase that crosses a threshold earns at the old rate; reviewed 12 months later',
    'Earn 1 Star per $1; Gold 1.2 and Reserve 1.7 (tier multipliers on the base Stars)',
    'Digital reload bonus: +10 Stars for $30 or more, +25 for $50 or more (event card_reload, one per reload)',
    'Menu: 25 customization, 60 = $2 off, 100, 200, 300, 400 Stars (free-item coupons)',
    'Green Stars expire after 6 months without activity; Gold and Reserve Stars never expire',
    'Birthday: a free item, valid 1 day (Green), 7 days (Gold) or 30 days (Reserve); joined 7+ days before',
    'Double Star Days for Gold and Reserve: a draft campaign the marketer schedules',
    'Returns take back the Stars the returned items earned',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'Starbucks Rewards',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'Stars',
      // 60 Stars buy $2 off, the one reward with a cash value.
      pointValue: { minor: 200, points: 60 },
      defaultCountry: 'US',
    },
    policy: {
      earnPoints: 1,
      earnPerMinor: 100,
      earnRounding: p.earnRounding,
      expiryMode: p.greenExpiry,
      expiryMonths: p.greenExpiryMonths,
      // "6 months after the calendar month earned": January Stars lapse on 1 August.
      expiryRoundTo: p.greenExpiry === 'after_earn' ? 'month' : 'none',
      expiryExemptTiers: ['gold', 'reserve'],
    },
    eventTypes: [
      {
        type: 'card_reload',
        name: 'Digital card reload',
        description: 'The member reloaded their Starbucks Card in the app',
        properties: {
          type: 'object',
          properties: { amount: { type: 'integer', minimum: 1, description: 'Reload amount, cents' } },
          required: ['amount'],
        },
      },
    ],
    tiers: {
      window: 'rolling_12_months',
      downgrade: { policy: 'to_metric' },
      tiers: [
        { code: 'green', name: 'Green', rank: 0, benefits: { perks: ['Birthday reward on the day'] } },
        {
          code: 'gold',
          name: 'Gold',
          rank: 1,
          qualification: p.bonusCountsForTier
            ? { qualifyingPoints: p.goldStars }
            : { spend: p.goldStars * 100 },
          benefits: {
            earnMultiplier: p.goldMultiplier,
            perks: ['Stars never expire', 'At least 4 Double Star Days a year', 'Birthday reward for 7 days'],
          },
        },
        {
          code: 'reserve',
          name: 'Reserve',
          rank: 2,
          qualification: p.bonusCountsForTier
            ? { qualifyingPoints: p.reserveStars }
            : { spend: p.reserveStars * 100 },
          benefits: {
            earnMultiplier: p.reserveMultiplier,
            perks: [
              'Stars never expire',
              'At least 6 Double Star Days a year',
              'Birthday reward for 30 days',
              'Personalized card, Reserve merch shop and experiences',
            ],
          },
        },
      ],
    },
    campaigns: () => campaigns(p),
    rewards: [
      free('customization-25', 'Drink customization', 25, p.sku25),
      {
        code: 'two-off-60',
        name: '$2 off any item',
        type: 'amount_discount',
        cost: 60,
        value: { amount: 200 },
      },
      free('brewed-bakery-100', 'Brewed coffee or tea, bakery or snack', 100, p.sku100),
      free('handcrafted-200', 'Handcrafted drink or hot breakfast', 200, p.sku200),
      free('sandwich-300', 'Sandwich, protein box or packaged coffee', 300, p.sku300),
      free('merchandise-400', 'Merchandise up to $20', 400, p.sku400),
    ],
  }),
});
