import { type Static, Type } from 'typebox';
import { IdentityInputSchema } from '../members/members.schemas.js';

const Code = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,47}$',
  description: 'Stable tier code: rules name tiers by it (`member_tier`, `tier_changed`)',
});
const Minor = Type.Integer({ minimum: 1, maximum: 1_000_000_000_00, description: 'Money in minor units' });
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const WINDOWS = [
  'calendar_year',
  'calendar_quarter',
  'calendar_month',
  'membership_year',
  'rolling_12_months',
  'lifetime',
] as const;
export type WindowType = (typeof WINDOWS)[number];

export const QualificationSchema = Type.Object(
  {
    match: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('any')], {
        description: 'all: every given threshold; any: one of them (default any)',
      }),
    ),
    spend: Type.Optional(Minor),
    qualifyingPoints: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'Points earned, net of returns' }),
    ),
    purchases: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Net purchases' })),
  },
  { additionalProperties: false },
);
export type Qualification = Static<typeof QualificationSchema>;

export const BenefitsSchema = Type.Object(
  {
    earnMultiplier: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 100,
        multipleOf: 0.01,
        description: '1.5 = half as many points again',
      }),
    ),
    discountPercent: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, multipleOf: 0.01, description: 'Discount-card percentage' }),
    ),
    freeShipping: Type.Optional(Type.Boolean()),
    earlyAccess: Type.Optional(Type.Boolean()),
    perks: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type Benefits = Static<typeof BenefitsSchema>;

export const TierSchema = Type.Object(
  {
    code: Code,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rank: Type.Integer({ minimum: 0, maximum: 1000, description: 'Higher is better' }),
    inviteOnly: Type.Optional(
      Type.Boolean({ description: 'Assigned through the API only, kept until removed' }),
    ),
    hidden: Type.Optional(Type.Boolean({ description: 'Not listed to publishable keys' })),
    qualification: Type.Optional(QualificationSchema),
    benefits: Type.Optional(BenefitsSchema),
  },
  { additionalProperties: false },
);
export type Tier = Static<typeof TierSchema>;

export const TierSetSchema = Type.Object(
  {
    // Unsafe keeps the literal union as the static type (a union over a mapped array is typed `never`).
    window: Type.Unsafe<WindowType>(
      Type.Union(
        WINDOWS.map((w) => Type.Literal(w)),
        { description: 'What period qualification is measured over, in the program time zone' },
      ),
    ),
    upgradeAt: Type.Optional(
      Type.Union([Type.Literal('immediately'), Type.Literal('next_period')], {
        description:
          'immediately (default): the purchase that reaches a tier moves the member up at once. next_period: the ' +
          "tier starts when the window in which it was reached ends (X5 Club: this month's spend sets next " +
          "month's level); calendar and membership windows only",
      }),
    ),
    downgrade: Type.Object(
      {
        policy: Type.Union([Type.Literal('one_level'), Type.Literal('to_metric')]),
        graceMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 })),
      },
      { additionalProperties: false },
    ),
    discountExclusions: Type.Optional(
      Type.Object(
        {
          skus: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10_000 }),
          ),
          categories: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1_000 }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    tiers: Type.Array(TierSchema, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type TierSet = Static<typeof TierSetSchema>;

export const TierSetDtoSchema = Type.Object({
  programId: Uuid,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  benefitsCampaignId: Nullable(Uuid),
  ...TierSetSchema.properties,
  recompute: Type.Optional(Type.Object({ id: Uuid, status: Type.String() })),
});
export type TierSetDto = Static<typeof TierSetDtoSchema>;

export const RecomputeSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  tierSetVersion: Type.Integer(),
  status: Type.String(),
  total: Type.Integer(),
  processed: Type.Integer(),
  changed: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const Requirement = Type.Object({
  metric: Type.Union([Type.Literal('spend'), Type.Literal('qualifyingPoints'), Type.Literal('purchases')]),
  required: Type.Integer(),
  current: Type.Integer(),
  remaining: Type.Integer(),
});
const Goal = Type.Object({
  tier: Type.Object({ code: Type.String(), name: Type.String() }),
  match: Type.Union([Type.Literal('all'), Type.Literal('any')]),
  requirements: Type.Array(Requirement),
  met: Type.Boolean(),
  by: Nullable(Type.String({ format: 'date-time', description: 'Until this instant (exclusive)' })),
  explanation: Type.String(),
});
const Metrics = Type.Object({
  spend: Type.Integer(),
  qualifyingPoints: Type.Integer(),
  purchases: Type.Integer(),
});

export const MemberTierSchema = Type.Object({
  memberId: Uuid,
  programId: Uuid,
  tier: Type.Object({
    code: Type.String(),
    name: Type.String(),
    rank: Type.Integer(),
    benefits: BenefitsSchema,
  }),
  since: Type.String({ format: 'date-time' }),
  reviewAt: Nullable(Type.String({ format: 'date-time' })),
  graceUntil: Nullable(Type.String({ format: 'date-time' })),
  manual: Type.Boolean(),
  currency: Type.String(),
  window: Type.Object({
    type: Type.String(),
    from: Nullable(Type.String({ format: 'date-time' })),
    to: Type.String({ format: 'date-time' }),
    metrics: Metrics,
  }),
  next: Nullable(Goal),
  keep: Nullable(Goal),
});
export type MemberTierDto = Static<typeof MemberTierSchema>;

export const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      from: Nullable(Type.String()),
      to: Type.String(),
      reason: Type.String(),
      actor: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const AssignSchema = Type.Object(
  { tier: Code, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

const QuoteLine = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPrice: Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 }),
    discount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 })),
  },
  { additionalProperties: false },
);

export const QuoteRequestSchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    memberId: Type.Optional(Uuid),
    identity: Type.Optional(IdentityInputSchema),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    lines: Type.Array(QuoteLine, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type QuoteRequest = Static<typeof QuoteRequestSchema>;

export const QuoteSchema = Type.Object({
  programId: Uuid,
  memberId: Uuid,
  currency: Type.String(),
  tier: Type.Object({ code: Type.String(), name: Type.String() }),
  discountPercent: Type.Number(),
  rounding: Type.String(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      net: Type.Integer(),
      tierDiscount: Type.Integer(),
      total: Type.Integer(),
      explanation: Type.String(),
    }),
  ),
  subtotal: Type.Integer(),
  tierDiscount: Type.Integer(),
  total: Type.Integer(),
  explanation: Type.String(),
});
export type QuoteDto = Static<typeof QuoteSchema>;
