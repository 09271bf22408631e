import { Type } from 'typebox';

const Rate = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: '0–1; null when undefined',
});
const Money = Type.Union([Type.Integer(), Type.Null()]);

export const KpiQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day, in the program time zone' }),
    to: Type.String({ format: 'date', description: 'Last day (inclusive), in the program time zone' }),
    interval: Type.Optional(
      Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' }),
    ),
    segmentId: Type.Optional(
      Type.String({ format: 'uuid', description: "Only this segment's current members" }),
    ),
  },
  { additionalProperties: false },
);

export const KpiReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  interval: Type.String(),
  currency: Type.String(),
  segmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  source: Type.Union([Type.Literal('live'), Type.Literal('rollup')], {
    description:
      'rollup: a range over 92 days by month, answered in whole months from rollups rebuilt every 10 minutes',
  }),
  rollupBuiltAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  totals: Type.Object({
    members: Type.Integer({ description: 'Enrolled by the end of the range' }),
    newMembers: Type.Integer(),
    activeMembers: Type.Integer({ description: 'Members with a purchase or an event in the range' }),
    engagementRate: Rate,
    purchases: Type.Integer(),
    memberPurchases: Type.Integer(),
    enrolmentRate: Type.Union([Rate], { description: 'Share of purchases made by identified members' }),
    revenue: Type.Integer({ description: 'Net of returns, minor units' }),
    buyers: Type.Integer(),
    repeatPurchaseRate: Rate,
    purchaseFrequency: Type.Union([Type.Number(), Type.Null()], {
      description: 'Purchases per buying member',
    }),
    averageOrderValue: Type.Object({ members: Money, nonMembers: Money }),
    points: Type.Object({ earned: Type.Integer(), redeemed: Type.Integer(), expired: Type.Integer() }),
    redemptionRate: Rate,
    breakageRate: Type.Union([Rate], { description: 'Points expired ÷ points earned in the range' }),
    redemptions: Type.Integer(),
    rewardCost: Type.Integer({ description: 'Points redeemed for rewards, valued at the point value' }),
    liability: Type.Object({ points: Type.Integer(), value: Type.Integer() }),
    churnRate: Type.Union([Rate], {
      description: 'Scored buyers with churn risk above ½ (last metrics refresh)',
    }),
    clvDistribution: Type.Array(
      Type.Object({
        from: Type.Integer(),
        to: Type.Union([Type.Integer(), Type.Null()]),
        members: Type.Integer(),
      }),
    ),
  }),
  series: Type.Array(
    Type.Object({
      period: Type.String({ format: 'date' }),
      newMembers: Type.Integer(),
      activeMembers: Type.Integer(),
      purchases: Type.Integer(),
      revenue: Type.Integer(),
      pointsEarned: Type.Integer(),
      pointsRedeemed: Type.Integer(),
      pointsExpired: Type.Integer(),
      repeatPurchaseRate: Rate,
      redemptionRate: Rate,
    }),
  ),
});

export const IncrementalityQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day, in the program time zone' }),
    to: Type.String({ format: 'date', description: 'Last day (inclusive)' }),
    campaignId: Type.Optional(
      Type.String({ format: 'uuid', description: "The campaign's holdout instead of the program's" }),
    ),
  },
  { additionalProperties: false },
);

const Uplift = Type.Object({
  treatmentMean: Type.Number(),
  controlMean: Type.Number(),
  uplift: Type.Number({ description: 'Treatment mean − control mean' }),
  relativeUplift: Type.Union([Type.Number(), Type.Null()]),
  ci95: Type.Tuple([Type.Number(), Type.Number()]),
  significant: Type.Boolean({ description: 'The 95 % interval excludes 0' }),
});

export const IncrementalitySchema = Type.Object({
  of: Type.Union([Type.Literal('program'), Type.Literal('campaign')]),
  holdoutPercent: Type.Number(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  currency: Type.String(),
  treatment: Type.Object({ members: Type.Integer() }),
  control: Type.Object({ members: Type.Integer() }),
  spendPerMember: Uplift,
  visitsPerMember: Uplift,
});

export const CohortQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First cohort month: the month of this day' }),
    to: Type.String({ format: 'date', description: 'Last day whose month is a cohort' }),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12 })),
  },
  { additionalProperties: false },
);

export const CohortReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  months: Type.Integer(),
  cohorts: Type.Array(
    Type.Object({
      cohort: Type.String({
        format: 'date',
        description: "First day of the month of the members' first purchase",
      }),
      members: Type.Integer(),
      retention: Type.Array(Type.Union([Type.Number(), Type.Null()]), {
        description: 'Share who bought in month 0, 1, … after; null for months still to come',
      }),
    }),
  ),
});

export const RangeQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day, in the program time zone' }),
    to: Type.String({ format: 'date', description: 'Last day (inclusive)' }),
  },
  { additionalProperties: false },
);

export const CampaignReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  currency: Type.String(),
  campaigns: Type.Array(
    Type.Object({
      campaignId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      kind: Type.String({ description: 'standard, or base (the earn rate and partner rules)' }),
      points: Type.Integer({ description: "Points the campaign's rules gave members in the window" }),
      cost: Type.Integer({ description: 'Those points at the point value, minor units' }),
      members: Type.Integer(),
      purchases: Type.Integer({ description: 'Purchases it rewarded' }),
      revenue: Type.Integer({ description: 'Net revenue of those purchases, minor units' }),
      holdoutPercent: Type.Union([Type.Number(), Type.Null()]),
      uplift: Type.Union([Type.Object({ spendPerMember: Uplift, visitsPerMember: Uplift }), Type.Null()]),
    }),
  ),
});
