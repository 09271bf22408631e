import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Nullable(Type.String({ format: 'date-time' }));

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'new_customers',
  'potential_loyalists',
  'cannot_lose_them',
  'at_risk',
  'need_attention',
  'about_to_sleep',
  'hibernating',
  'lost',
  'no_purchases',
] as const;
export const LOYALTY_TYPES = ['devoted', 'captive', 'satisfied', 'convenience'] as const;

export const MemberMetricsSchema = Type.Object({
  memberId: Type.String({ format: 'uuid' }),
  computedAt: Type.String({ format: 'date-time' }),
  recencyDays: Nullable(Type.Integer({ description: 'Days since the last purchase' })),
  tenureDays: Type.Integer(),
  frequency: Type.Integer({ description: 'Purchases, net of fully returned ones' }),
  purchaseDays: Type.Integer(),
  monetary: Type.Integer({ description: 'Net spend, minor units' }),
  averageOrderValue: Type.Integer({ description: 'Minor units' }),
  firstPurchaseAt: Timestamp,
  lastPurchaseAt: Timestamp,
  lastActivityAt: Timestamp,
  points: Type.Object({ earned: Type.Integer(), spent: Type.Integer(), expired: Type.Integer() }),
  redemptions: Type.Integer(),
  events: Type.Integer(),
  engagementScore: Type.Integer({ minimum: 0, maximum: 100 }),
  categoryAffinities: Type.Array(Type.Object({ category: Type.String(), share: Type.Number() })),
  categoryCount: Type.Integer(),
  preferredChannel: Nullable(Type.String()),
  preferredStore: Nullable(Type.String()),
  rfm: Type.Object({
    r: Nullable(Type.Integer()),
    f: Nullable(Type.Integer()),
    m: Nullable(Type.Integer()),
    segment: Type.String(),
  }),
  pAlive: Nullable(Type.Number()),
  churnRisk: Nullable(Type.Number()),
  expectedPurchases90d: Nullable(Type.Number()),
  clv: Nullable(Type.Integer({ description: 'Discounted CLV over the configured months, minor units' })),
  loyaltyType: Nullable(Type.String()),
  attitude: Type.Object({
    nps: Nullable(Type.Integer()),
    averageRating: Nullable(Type.Number()),
    referrals: Type.Integer(),
  }),
});
export type MemberMetricsDto = Static<typeof MemberMetricsSchema>;

export const AnalyticsSettingsSchema = Type.Object(
  {
    discountRate: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Annual discount rate for CLV, e.g. 0.1',
    }),
    margin: Type.Number({ minimum: 0, maximum: 1, description: 'Profit margin applied to expected spend' }),
    clvMonths: Type.Integer({ minimum: 1, maximum: 240 }),
  },
  { additionalProperties: false },
);

export const ModelsSchema = Type.Object({
  settings: AnalyticsSettingsSchema,
  refreshedAt: Timestamp,
  fit: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const DistributionSchema = Type.Object({
  computedAt: Timestamp,
  members: Type.Integer(),
  data: Type.Array(Type.Object({ key: Type.String(), members: Type.Integer(), share: Type.Number() })),
});

export const RfmReportSchema = Type.Object({
  ...DistributionSchema.properties,
  grid: Type.Array(
    Type.Object({ r: Type.Integer(), f: Type.Integer(), members: Type.Integer(), monetary: Type.Integer() }),
    { description: 'Members and spend per recency × frequency score' },
  ),
});
