import { type Static, Type } from 'typebox';
import type { Condition } from '../rules/rule.schemas.js';

/** The rules condition language, by reference to the shared schema (it is recursive). */
const ConditionRef = Type.Unsafe<Condition>(Type.Ref('RuleCondition'));

/**
 * The reward document. Type-specific settings live in `value`; which of them a type needs is checked in
 * reward-validation.ts so the error names the missing field instead of a wall of schema alternatives.
 */
export const REWARD_TYPES = [
  'amount_discount',
  'percent_discount',
  'free_product',
  'free_shipping',
  'store_credit',
  'cashback',
  'experience',
  'charity',
  'physical',
] as const;
export type RewardType = (typeof REWARD_TYPES)[number];

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'Unique per program' });
const Points = Type.Integer({ minimum: 1, maximum: 100_000_000 });
const Minor = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'Integer minor units' });
const Period = Type.Union([
  Type.Literal('day'),
  Type.Literal('week'),
  Type.Literal('month'),
  Type.Literal('year'),
]);
const Limit = <P extends typeof Period | ReturnType<typeof Type.Union>>(period: P) =>
  Type.Object(
    { count: Type.Integer({ minimum: 1, maximum: 1_000_000 }), period },
    { additionalProperties: false },
  );

export const PriceSchema = Type.Object(
  {
    tier: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    cost: Points,
  },
  { additionalProperties: false, description: 'A price for members of a tier and/or segment' },
);

export const ValueSchema = Type.Object(
  {
    amount: Type.Optional(Minor),
    percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    minSpend: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    shippingCategory: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    couponValidDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    wallet: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9_]{0,39}$',
        description: 'Money wallet credited (store credit, cashback)',
      }),
    ),
    charity: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    eventAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const EligibilitySchema = Type.Object(
  {
    tiers: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true }),
    ),
    minTenureDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36500 })),
    condition: Type.Optional(ConditionRef),
  },
  { additionalProperties: false },
);

export const AutoRedeemSchema = Type.Object(
  {
    months: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), {
        minItems: 1,
        maxItems: 12,
        uniqueItems: true,
        description:
          'Local months (1-12) at whose start one conversion run happens; absent: converts continuously (hourly)',
      }),
    ),
    maxPerRun: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description: 'At most this many units per member and run',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: "Redeem automatically for every eligible member whose balance covers the member's price",
  },
);
export type AutoRedeem = Static<typeof AutoRedeemSchema>;

export const RewardBody = Type.Object(
  {
    programId: Type.Optional(Type.String({ format: 'uuid' })),
    code: Code,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    type: Type.Unsafe<RewardType>(Type.Union(REWARD_TYPES.map((t) => Type.Literal(t)))),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
    cost: Points,
    wallet: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Points wallet that pays' }),
    ),
    prices: Type.Optional(Type.Array(PriceSchema, { maxItems: 100 })),
    value: Type.Optional(ValueSchema),
    stock: Type.Optional(
      Type.Object(
        {
          total: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()])),
          perMember: Type.Optional(
            Type.Union([Limit(Type.Union([Period, Type.Literal('lifetime')])), Type.Null()], {
              description: 'Redemptions allowed per member in a period (program time zone) or in total',
            }),
          ),
          perPeriod: Type.Optional(
            Type.Union([Limit(Period), Type.Null()], {
              description: 'Units released per period, all members',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    validFrom: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    validUntil: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    eligibility: Type.Optional(EligibilitySchema),
    autoRedeem: Type.Optional(Type.Union([AutoRedeemSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type RewardInput = Static<typeof RewardBody>;

/** The stored shape the use cases work with. */
export interface Reward {
  id: string;
  tenantId: string;
  programId: string;
  code: string;
  name: string;
  description: string | null;
  type: RewardType;
  status: 'active' | 'inactive';
  cost: number;
  wallet: string;
  prices: Static<typeof PriceSchema>[];
  value: Static<typeof ValueSchema>;
  stockTotal: number | null;
  stockUsed: number;
  memberLimit: { count: number; period: 'day' | 'week' | 'month' | 'year' | 'lifetime' } | null;
  periodLimit: { count: number; period: 'day' | 'week' | 'month' | 'year' } | null;
  validFrom: Date | null;
  validUntil: Date | null;
  eligibility: { tiers?: string[]; minTenureDays?: number; condition?: Condition };
  autoRedeem: AutoRedeem | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RewardDtoSchema = Type.Object(
  {
    id: Type.String(),
    programId: Type.String(),
    code: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    type: Type.String(),
    status: Type.String(),
    cost: Type.Integer(),
    wallet: Type.String(),
    prices: Type.Array(PriceSchema),
    value: ValueSchema,
    stock: Type.Object({
      total: Nullable(Type.Integer()),
      redeemed: Type.Integer(),
      remaining: Nullable(Type.Integer()),
      perMember: Nullable(Type.Object({ count: Type.Integer(), period: Type.String() })),
      perPeriod: Nullable(Type.Object({ count: Type.Integer(), period: Type.String() })),
    }),
    validFrom: Nullable(Type.String()),
    validUntil: Nullable(Type.String()),
    eligibility: Type.Object({
      tiers: Type.Optional(Type.Array(Type.String())),
      minTenureDays: Type.Optional(Type.Integer()),
      condition: Type.Optional(Type.Unknown()),
    }),
    autoRedeem: Nullable(AutoRedeemSchema),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);
export type RewardDto = Static<typeof RewardDtoSchema>;

export const ReasonSchema = Type.Object({
  code: Type.String({
    description: 'Stable: insufficient_points, tier_required, out_of_stock, member_limit …',
  }),
  message: Type.String(),
});
export type Reason = Static<typeof ReasonSchema>;

export const MemberRewardSchema = Type.Object({
  reward: RewardDtoSchema,
  available: Type.Boolean(),
  price: Type.Integer({ description: "This member's price in points (tier and segment prices applied)" }),
  balance: Type.Integer({ description: 'Points the member can spend now from the paying wallet' }),
  reasons: Type.Array(ReasonSchema),
});

export const RedemptionDtoSchema = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    rewardId: Type.String(),
    rewardCode: Type.String(),
    type: Type.String(),
    memberId: Type.String(),
    status: Type.String(),
    cost: Type.Integer(),
    wallet: Type.String(),
    actor: Nullable(Type.String({ description: '`api-key:<id>`, or `auto` for an automatic conversion' })),
    debitJournalId: Type.String(),
    restoreJournalId: Nullable(Type.String()),
    coupon: Nullable(
      Type.Object({
        id: Type.String(),
        code: Type.String(),
        status: Type.String(),
        validUntil: Type.String(),
      }),
    ),
    credit: Nullable(
      Type.Object({ journalId: Type.String(), wallet: Type.String(), amount: Type.Integer() }),
    ),
    fulfilment: Nullable(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        status: Type.String(),
        details: Type.Record(Type.String(), Type.Unknown()),
        history: Type.Array(
          Type.Object({
            status: Type.String(),
            at: Type.String(),
            actor: Type.String(),
            note: Nullable(Type.String()),
          }),
        ),
      }),
    ),
    createdAt: Type.String(),
    cancelledAt: Nullable(Type.String()),
  },
  { additionalProperties: true },
);
export type RedemptionDto = Static<typeof RedemptionDtoSchema>;

export const RedeemBody = Type.Object(
  {
    reference: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Unique redemption reference; a retry with it replays',
      }),
    ),
    shippingAddress: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 })),
    ),
  },
  { additionalProperties: false },
);

export const FulfilmentBody = Type.Object(
  {
    status: Type.Union([Type.Literal('shipped'), Type.Literal('delivered'), Type.Literal('cancelled')]),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    trackingNumber: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
