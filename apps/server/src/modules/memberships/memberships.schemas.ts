import { type Static, Type } from 'typebox';
import { LineMatchSchema } from '../rules/rule.schemas.js';

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const DateTimeString = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Percent = Type.Number({
  exclusiveMinimum: 0,
  maximum: 100,
  description: 'Percent with at most 2 decimals: 10 = 10 %',
});

export const BenefitsSchema = Type.Object(
  {
    tier: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'A tier code granted while the membership lives',
      }),
    ),
    earnMultiplier: Type.Optional(
      Type.Number({
        exclusiveMinimum: 1,
        maximum: 100,
        description: 'Through the "Membership benefits" campaign',
      }),
    ),
    freeShipping: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Benefits = Static<typeof BenefitsSchema>;

export const AnnualRewardSchema = Type.Object(
  {
    percent: Percent,
    wallet: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'A declared money wallet' }),
    match: Type.Optional(LineMatchSchema),
    fullPriceOnly: Type.Optional(
      Type.Boolean({ description: 'Only lines bought without a discount are eligible (REI: no sale items)' }),
    ),
    minEligible: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'No reward below this much eligible spend in the year, minor units',
      }),
    ),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 36500, description: 'Reward credit expiry; default never' }),
    ),
    issueMonth: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 12,
        description: 'Month of the following year it is issued; default 3',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AnnualReward = Static<typeof AnnualRewardSchema>;

export const PlanBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    price: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Minor units' }),
    currency: Currency,
    period: Type.Union([Type.Literal('month'), Type.Literal('year'), Type.Literal('lifetime')]),
    trialDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    benefits: Type.Optional(BenefitsSchema),
    annualReward: Type.Optional(AnnualRewardSchema),
    active: Type.Optional(Type.Boolean({ description: 'false: no new subscriptions; existing ones run on' })),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBodySchema>;

export const PlanSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  programId: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  price: Type.Integer(),
  currency: Type.String(),
  period: Type.String(),
  trialDays: Type.Integer(),
  benefits: BenefitsSchema,
  annualReward: Nullable(AnnualRewardSchema),
  active: Type.Boolean(),
});
export type PlanDto = Static<typeof PlanSchema>;

export const PlanParams = Type.Object({ id: Type.String({ format: 'uuid' }), code: Code });

const Payment = Type.Object(
  {
    externalId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The payment's id at the payment provider",
    }),
    amount: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    currency: Currency,
    paidAt: Type.Optional(DateTimeString),
  },
  { additionalProperties: false },
);
export type PaymentInput = Static<typeof Payment>;
export const PaymentBodySchema = Payment;

export const SubscribeBodySchema = Type.Object(
  {
    plan: Code,
    trial: Type.Optional(Type.Boolean({ description: 'Default: true when the plan has trial days' })),
    startedAt: Type.Optional(DateTimeString),
    payment: Type.Optional(Payment),
  },
  { additionalProperties: false },
);
export type SubscribeBody = Static<typeof SubscribeBodySchema>;

export const CancelBodySchema = Type.Object(
  {
    atPeriodEnd: Type.Optional(
      Type.Boolean({ description: 'Default true: benefits last until the period ends' }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CancelBody = Static<typeof CancelBodySchema>;

export const HistoryEntrySchema = Type.Object({
  event: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  periodEnd: Nullable(DateTimeString),
  actor: Nullable(Type.String()),
  at: DateTimeString,
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const MembershipSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  memberId: Type.String({ format: 'uuid' }),
  programId: Type.String({ format: 'uuid' }),
  plan: Type.Object({ code: Type.String(), name: Type.String(), period: Type.String() }),
  status: Type.Union([
    Type.Literal('trialing'),
    Type.Literal('active'),
    Type.Literal('cancelled'),
    Type.Literal('expired'),
  ]),
  startedAt: DateTimeString,
  trialEndsAt: Nullable(DateTimeString),
  currentPeriodStart: DateTimeString,
  currentPeriodEnd: Nullable(Type.String({ format: 'date-time', description: 'null: lifetime' })),
  cancelAtPeriodEnd: Type.Boolean(),
  cancelledAt: Nullable(DateTimeString),
  endedAt: Nullable(DateTimeString),
  benefits: BenefitsSchema,
  history: Type.Array(HistoryEntrySchema),
});
export type MembershipDto = Static<typeof MembershipSchema>;

export const RewardRunBodySchema = Type.Object(
  {
    year: Type.Integer({
      minimum: 2000,
      maximum: 2999,
      description: 'The calendar year whose purchases count',
    }),
  },
  { additionalProperties: false },
);

export const RewardRunSchema = Type.Object({
  year: Type.Integer(),
  credited: Type.Integer({ description: 'Rewards credited by this run' }),
  skipped: Type.Integer({ description: 'Already credited, or below the minimum' }),
  total: Type.Integer({ description: 'Minor units credited by this run' }),
});
