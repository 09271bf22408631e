import { type Static, Type } from 'typebox';
import type { CampaignCreate } from '../../campaigns/campaigns.schemas.js';
import { defineTemplate } from '../template.types.js';

const Cents = (value: number, description: string) =>
  Type.Integer({ minimum: 1, default: value, description });
const Points = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 100_000, default: value, description });
const Days = (value: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 3650, default: value, description });

const Params = Type.Object({
  pointsPerDollar: Points(1, 'Points per $1 spent at TNF stores, outlets and thenorthface.com'),
  rewardPoints: Points(100, 'Points converted into one reward'),
  rewardAmount: Cents(1000, 'Reward value, cents ($10 per 100 points)'),
  issueMonths: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), {
    minItems: 1,
    maxItems: 12,
    uniqueItems: true,
    default: [6, 10, 2],
    description:
      'Months whose start issues rewards: after the earning windows Feb-May, Jun-Sep and Oct-Jan (single source)',
  }),
  maxRewardsPerWindow: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 5,
    description: 'Rewards issued per member and window ($50 cap; excess points carried to the next window)',
  }),
  rewardValidDays: Days(335, 'Days a reward is valid after issue (about 11 months, 2026 source)'),
  appDownloadPoints: Points(10, 'Downloading the app (once)'),
  checkInPoints: Points(5, 'Checking in at a store or a national park or monument'),
  referralPoints: Points(25, 'Referring a friend'),
  reusableBagPoints: Points(10, 'Bringing a reusable bag (2021 list)'),
  renewedPoints: Points(25, 'Buying TNF Renewed items (2021 list)'),
  activityYearCap: Points(
    100,
    'Activity points a member can earn per calendar year, all activities together',
  ),
  birthdayAmount: Cents(2500, 'Birthday discount, cents ($25 off from 2026-04-01)'),
  birthdayMinSpend: Cents(12500, 'Minimum purchase for the birthday discount, cents ($125)'),
  birthdayValidDays: Days(30, 'Days the birthday coupon is valid (not published)'),
  joinOfferAmount: Type.Integer({
    minimum: 0,
    default: 2000,
    description: 'Welcome coupon on joining, cents off ($20 off $100); 0 for none',
  }),
  joinOfferMinSpend: Type.Integer({ minimum: 0, default: 10000, description: 'Minimum purchase, cents' }),
  joinOfferValidDays: Days(30, 'Days the welcome coupon is valid (not published)'),
  timezone: Type.String({
    default: 'America/Denver',
    description: 'Time zone windows and years are counted in',
  }),
});
type P = Static<typeof Params>;

/** The non-purchase activities: event type, name, points, and whether a member can earn it only once. */
function activities(p: P) {
  return [
    { type: 'app_download', name: 'App download', points: p.appDownloadPoints, once: true },
    { type: 'check_in', name: 'Check-in at a store or national park', points: p.checkInPoints, once: false },
    { type: 'referral', name: 'Friend referred', points: p.referralPoints, once: false },
    { type: 'reusable_bag', name: 'Reusable bag brought', points: p.reusableBagPoints, once: false },
    { type: 'renewed_purchase', name: 'TNF Renewed purchase', points: p.renewedPoints, once: false },
  ];
}

/** Every activity rule declares the same shared yearly points limit, so together they earn at most the cap. */
function activityCampaign(p: P): Omit<CampaignCreate, 'programId'> {
  const cap = { period: 'year' as const, maxPoints: p.activityYearCap, shared: true };
  return {
    name: 'XPLR activities',
    description: `Points for activities beyond purchases, at most ${p.activityYearCap} a year together`,
    rules: activities(p).map((a) => ({
      key: a.type.replace(/_/g, '-'),
      name: `${a.points} points: ${a.name}`,
      trigger: { type: 'event' as const, eventType: a.type },
      effects: [{ kind: 'points_fixed' as const, points: a.points }],
      limits: a.once ? [{ period: 'lifetime' as const, maxCount: 1 }, cap] : [cap],
    })),
  };
}

const dollars = (cents: number) => `$${cents % 100 === 0 ? cents / 100 : (cents / 100).toFixed(2)}`;

function offersCampaign(p: P): Omit<CampaignCreate, 'programId'> {
  const coupon = (name: string, amount: number, minSpend: number, validDays: number) => ({
    kind: 'issue_coupon' as const,
    name,
    discount: { type: 'amount' as const, value: amount },
    minSpend,
    validDays,
  });
  return {
    name: 'Member offers',
    rules: [
      {
        key: 'birthday',
        name: `Birthday: ${dollars(p.birthdayAmount)} off ${dollars(p.birthdayMinSpend)}`,
        trigger: { type: 'birthday' },
        effects: [
          coupon(
            `Birthday ${dollars(p.birthdayAmount)} off ${dollars(p.birthdayMinSpend)}`,
            p.birthdayAmount,
            p.birthdayMinSpend,
            p.birthdayValidDays,
          ),
        ],
      },
      ...(p.joinOfferAmount > 0
        ? [
            {
              key: 'welcome',
              name: `Welcome: ${dollars(p.joinOfferAmount)} off ${dollars(p.joinOfferMinSpend)}`,
              trigger: { type: 'enrolment' as const },
              effects: [
                coupon(
                  `Welcome ${dollars(p.joinOfferAmount)} off ${dollars(p.joinOfferMinSpend)}`,
                  p.joinOfferAmount,
                  p.joinOfferMinSpend,
                  p.joinOfferValidDays,
                ),
              ],
            },
          ]
        : []),
    ],
  };
}

/**
 * The North Face XPLR Pass (US): no tiers, 1 point per $1 at TNF's own channels, activity points capped at 100 a
 * year, and points issued as $10 rewards three times a year, at most $50 a window, the excess carried over.
 */
export const theNorthFace = defineTemplate<P>({
  name: 'the-north-face',
  title: 'The North Face XPLR Pass (US)',
  summary:
    '1 point per $1; every 100 points a $10 reward, issued 3 times a year (up to $50 each); activity points',
  confidence: 'medium',
  mechanics: [
    'No tiers; 1 point per $1 at TNF stores, outlets and thenorthface.com (the purchases Tessera receives)',
    'Every 100 points become a $10 reward coupon, issued at the start of June, October and February',
    'At most 5 rewards ($50) per member and issue; points beyond it carry over to the next issue',
    'Reward coupons are valid about 11 months',
    'Activities: app download 10 (once), check-in 5, referral 25, reusable bag 10, Renewed purchase 25',
    'Activity points capped at 100 per calendar year across all activities (one shared limit)',
    'Birthday: $25 off a purchase of $125 or more (coupon); welcome coupon $20 off $100 on joining',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'The North Face XPLR Pass',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      pointValue: { minor: p.rewardAmount, points: p.rewardPoints },
      defaultCountry: 'US',
    },
    policy: { earnPoints: p.pointsPerDollar, earnPerMinor: 100 },
    eventTypes: activities(p).map((a) => ({ type: a.type, name: a.name })),
    campaigns: () => [activityCampaign(p), offersCampaign(p)],
    rewards: [
      {
        code: 'xplr-reward',
        name: `${dollars(p.rewardAmount)} XPLR reward`,
        description: `Issued automatically for every ${p.rewardPoints} points after each earning window`,
        type: 'amount_discount',
        cost: p.rewardPoints,
        value: { amount: p.rewardAmount, couponValidDays: p.rewardValidDays },
        autoRedeem: { months: p.issueMonths, maxPerRun: p.maxRewardsPerWindow },
      },
    ],
  }),
});
