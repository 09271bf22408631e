import { type Static, Type } from 'typebox';
import { BenefitsSchema } from '../tiers/tiers.schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DatedAmount = Type.Object({ date: Day, amount: Type.Integer() });

export const BalanceSchema = Type.Object({
  asOf: DateTime,
  pointName: Type.String(),
  currency: Type.String(),
  available: Type.Integer({ description: 'Points that can be spent now' }),
  pending: Type.Integer({ description: 'Points earned but not yet released' }),
  balance: Type.Integer(),
  debt: Type.Integer({ description: 'Points owed after a return of spent points' }),
  availableValue: Type.Integer({
    description: 'What the available points are worth, in minor units of currency',
  }),
  pendingReleases: Type.Array(DatedAmount, { description: 'When pending points become available' }),
  expiring: Type.Object({
    within30Days: Type.Integer(),
    within60Days: Type.Integer(),
    within90Days: Type.Integer(),
    schedule: Type.Array(DatedAmount, { description: 'Every future expiry date, in the program time zone' }),
  }),
  expiryExempt: Type.Boolean({ description: "The member's tier keeps their points from expiring" }),
  inactivityDeadline: Nullable(
    Type.String({
      format: 'date-time',
      description: 'Under inactivity expiry: when everything expires unless the member buys or redeems',
    }),
  ),
  lifetime: Type.Object({ earned: Type.Integer(), spent: Type.Integer(), expired: Type.Integer() }),
  wallets: Type.Array(
    Type.Object({
      wallet: Type.String(),
      unit: Type.String({ description: '`points`, or a currency for store credit and cashback' }),
      balance: Type.Integer(),
      available: Type.Integer(),
      pending: Type.Integer(),
    }),
    { description: 'Other wallets (extra points wallets, store credit, cashback)' },
  ),
});

export const HistoryQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: '`nextCursor` of the previous page' })),
  },
  { additionalProperties: false },
);

export const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String({ description: 'earn, spend, expire, return, adjust_credit, …' }),
      amount: Type.Integer({ description: 'Change of the wallet; negative when points left it' }),
      wallet: Type.String(),
      explanation: Type.String(),
      occurredAt: DateTime,
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

const Requirement = Type.Object({
  metric: Type.Union([Type.Literal('spend'), Type.Literal('qualifyingPoints'), Type.Literal('purchases')]),
  unit: Type.Union([Type.Literal('money'), Type.Literal('points'), Type.Literal('purchases')], {
    description: 'money: minor units of `currency`',
  }),
  required: Type.Integer(),
  current: Type.Integer(),
  remaining: Type.Integer(),
});

const Goal = Type.Object({
  tier: Type.Object({ code: Type.String(), name: Type.String() }),
  met: Type.Boolean(),
  match: Type.Union([Type.Literal('all'), Type.Literal('any')], {
    description: 'all: every requirement; any: one of them is enough',
  }),
  requirements: Type.Array(Requirement),
  by: Nullable(Type.String({ format: 'date', description: 'Last day to do it, in the program time zone' })),
  explanation: Type.String(),
});

export const TierViewSchema = Type.Object({
  configured: Type.Boolean({ description: 'False when the program has no tiers' }),
  currency: Type.String(),
  pointName: Type.String(),
  tier: Nullable(
    Type.Object({ code: Type.String(), name: Type.String(), rank: Type.Integer(), benefits: BenefitsSchema }),
  ),
  since: Nullable(DateTime),
  reviewAt: Nullable(DateTime),
  window: Nullable(
    Type.Object({
      type: Type.String(),
      from: Nullable(DateTime),
      to: DateTime,
      metrics: Type.Object({
        spend: Type.Integer(),
        qualifyingPoints: Type.Integer(),
        purchases: Type.Integer(),
      }),
    }),
  ),
  next: Nullable(Goal),
  keep: Nullable(Goal),
});
export type TierView = Static<typeof TierViewSchema>;

const Reason = Type.Object({ code: Type.String(), message: Type.String() });

export const PortalRewardSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  type: Type.String(),
  cost: Type.Integer({ description: "This member's price (tier and segment prices applied)" }),
  listCost: Type.Integer(),
  wallet: Type.String(),
  value: Type.Object({
    amount: Type.Optional(Type.Integer()),
    percent: Type.Optional(Type.Integer()),
    minSpend: Type.Optional(Type.Integer()),
    sku: Type.Optional(Type.String()),
  }),
  stockRemaining: Nullable(Type.Integer()),
  validUntil: Nullable(DateTime),
  available: Type.Boolean({ description: 'The member can redeem it now' }),
  affordable: Type.Boolean({ description: 'The member has enough points for it' }),
  reasons: Type.Array(Reason, { description: 'Why it cannot be redeemed now' }),
});

export const PortalRewardsSchema = Type.Object({
  balance: Type.Integer({ description: 'Spendable points of the main wallet' }),
  currency: Type.String(),
  items: Type.Array(PortalRewardSchema),
});

export const PortalRedemptionSchema = Type.Object({
  id: Uuid,
  reward: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), type: Type.String() }),
  cost: Type.Integer(),
  status: Type.String(),
  coupon: Nullable(
    Type.Object({ id: Uuid, code: Type.String(), status: Type.String(), validUntil: DateTime }),
  ),
  credit: Nullable(Type.Object({ wallet: Type.String(), amount: Type.Integer() })),
  fulfilment: Nullable(Type.Object({ kind: Type.String(), status: Type.String() })),
  createdAt: DateTime,
});

export const PortalCouponSchema = Type.Object({
  id: Uuid,
  code: Type.String({ description: 'What the QR code or barcode encodes' }),
  name: Type.String(),
  status: Type.Union([Type.Literal('issued'), Type.Literal('redeemed'), Type.Literal('void')]),
  state: Type.Union(
    [
      Type.Literal('active'),
      Type.Literal('scheduled'),
      Type.Literal('expired'),
      Type.Literal('redeemed'),
      Type.Literal('void'),
    ],
    { description: 'What the member can do with it now: only active coupons can be used' },
  ),
  discount: Type.Object({
    type: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
    value: Type.Integer({ description: 'Percent, or minor units of currency' }),
  }),
  minSpend: Type.Integer(),
  currency: Type.String(),
  validFrom: DateTime,
  validUntil: DateTime,
});

export const RewardParams = Type.Object({ id: Uuid });
export const OfferParams = Type.Object({ campaignId: Uuid });
