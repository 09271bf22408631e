import { type Static, Type } from 'typebox';
import { ConditionRef, LineMatchSchema, leaf } from './condition.schemas.js';
import { LocalTime, Name, Period, Scalar, Strings, Tagged } from './schema-kit.js';

export * from './condition.schemas.js';
export type { CompareOp, LimitPeriod, NumberOp } from './schema-kit.js';

/**
 * The rule document language. Every union is a tagged `oneOf` with an OpenAPI/Ajv discriminator, so a wrong
 * document gets errors from the one branch its `kind` (or `type`) names — field-level, not a wall of alternatives.
 * Conditions nest through the shared schema `RuleCondition` (a JSON Schema `$ref`), never through a string parser.
 */
const PointsTarget = {
  wallet: Type.Optional(
    Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Points wallet code; default `points`' }),
  ),
  pendingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  expiresInDays: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()], {
      description: 'Overrides the program expiry; null: never expires',
    }),
  ),
};
const Points = Type.Integer({ minimum: 1, maximum: 100_000_000 });
const Rounding = Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')]);

export const EffectSchema = Tagged('kind', [
  leaf('points_fixed', { points: Points, ...PointsTarget }),
  leaf('points_per_currency', {
    points: Points,
    perMinor: Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      description: 'Per this much spend, minor units',
    }),
    rounding: Type.Optional(Rounding),
    match: Type.Optional(LineMatchSchema),
    ...PointsTarget,
  }),
  leaf('points_per_item', { points: Points, match: Type.Optional(LineMatchSchema), ...PointsTarget }),
  leaf('points_multiplier', {
    factor: Type.Number({ exclusiveMinimum: 1, maximum: 100, description: '2 = double the base points' }),
    match: Type.Optional(LineMatchSchema),
    ...PointsTarget,
  }),
  leaf('cashback_percent', {
    percent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'Percent of the eligible net spend, at most 2 decimals: 1.5 = 1.5 % (150 basis points)',
    }),
    match: Type.Optional(LineMatchSchema),
    wallet: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'A declared money wallet' }),
    cap: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000_000,
        description: 'At most this much per activity, minor units',
      }),
    ),
    pendingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    expiresInDays: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()], {
        description: 'Default: store credit never expires',
      }),
    ),
  }),
  leaf('issue_coupon', {
    name: Name(200),
    discount: Type.Object(
      {
        type: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
        value: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'Percent, or minor units' }),
      },
      { additionalProperties: false },
    ),
    validDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    minSpend: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  leaf('tag_member', { tag: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }) }),
  leaf('set_attribute', { key: Name(64), value: Scalar }),
  leaf('emit_event', {
    type: Type.String({ pattern: '^[a-z][a-z0-9_.]{0,99}$' }),
    data: Type.Optional(Type.Record(Type.String(), Scalar)),
  }),
]);
export type Effect = Static<typeof EffectSchema>;
export type PointsEffect = Extract<Effect, { kind: `points_${string}` }>;
export type CashbackEffect = Extract<Effect, { kind: 'cashback_percent' }>;
/** Effects that credit the ledger (points or money); everything else is an "other" effect. */
export type LedgerEffect = PointsEffect | CashbackEffect;

const EventType = Type.String({ pattern: '^[a-z][a-z0-9_.]{0,99}$' });
export const TriggerSchema = Tagged('type', [
  Type.Object({ type: Type.Literal('purchase') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('return') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('event'), eventType: EventType }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('enrolment') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('profile_completed') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('birthday') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('anniversary') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('tier_changed'), toTiers: Type.Optional(Strings) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('segment_entered'), segments: Strings },
    { additionalProperties: false, description: 'A member enters one of these segments (codes)' },
  ),
  Type.Object(
    { type: Type.Literal('segment_left'), segments: Strings },
    { additionalProperties: false, description: 'A member leaves one of these segments (codes)' },
  ),
  Type.Object(
    { type: Type.Literal('inactivity'), days: Type.Integer({ minimum: 1, maximum: 3650 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('schedule'),
      every: Type.Union([
        Type.Literal('day'),
        Type.Literal('week'),
        Type.Literal('month'),
        Type.Literal('year'),
      ]),
      day: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 31, description: 'Day of week (1 = Monday) or of month' }),
      ),
    },
    { additionalProperties: false },
  ),
]);
export type Trigger = Static<typeof TriggerSchema>;
export type TriggerType = Trigger['type'];

export const RuleLimitSchema = Type.Object(
  {
    period: Period,
    maxCount: Type.Optional(Type.Integer({ minimum: 1 })),
    maxPoints: Type.Optional(Type.Integer({ minimum: 1 })),
    shared: Type.Optional(
      Type.Boolean({
        description:
          'Count this limit over every rule of the campaign that declares it shared, e.g. "at most 100 activity points a year"',
      }),
    ),
  },
  { additionalProperties: false, description: 'Per member: times applied and/or points, per period' },
);
export type RuleLimit = Static<typeof RuleLimitSchema>;

export const RuleSchema = Type.Object(
  {
    key: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
      description: 'Stable within the campaign across versions; limits count by it',
    }),
    name: Name(200),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    trigger: TriggerSchema,
    when: Type.Optional(ConditionRef),
    effects: Type.Array(EffectSchema, { minItems: 1, maxItems: 20 }),
    limits: Type.Optional(Type.Array(RuleLimitSchema, { maxItems: 5 })),
    priority: Type.Optional(
      Type.Integer({ minimum: -1000, maximum: 1000, default: 0, description: 'Higher runs first' }),
    ),
    group: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
        description: 'Exclusive group: only the first applying rule of a group applies',
      }),
    ),
    stop: Type.Optional(Type.Boolean({ description: 'When it applies, no lower-priority rule runs' })),
  },
  { additionalProperties: false },
);
export type Rule = Static<typeof RuleSchema>;

export const BudgetSchema = Type.Object(
  {
    total: Type.Optional(Type.Integer({ minimum: 1, description: 'Points over the campaign lifetime' })),
    perPeriod: Type.Optional(
      Type.Object(
        {
          period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
          points: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Budget = Static<typeof BudgetSchema>;

export const ScheduleSchema = Type.Object(
  {
    start: Type.Optional(Type.String({ format: 'date-time' })),
    end: Type.Optional(Type.String({ format: 'date-time' })),
    recurrence: Type.Optional(
      Type.Object(
        {
          daysOfWeek: Type.Optional(
            Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
              minItems: 1,
              maxItems: 7,
              uniqueItems: true,
            }),
          ),
          daysOfMonth: Type.Optional(
            Type.Array(Type.Integer({ minimum: 1, maximum: 31 }), {
              minItems: 1,
              maxItems: 31,
              uniqueItems: true,
            }),
          ),
          months: Type.Optional(
            Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), {
              minItems: 1,
              maxItems: 12,
              uniqueItems: true,
            }),
          ),
          from: Type.Optional(LocalTime),
          to: Type.Optional(LocalTime),
        },
        { additionalProperties: false, description: 'Runs only on these local days and hours' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof ScheduleSchema>;

export const AudienceSchema = Tagged('type', [
  Type.Object({ type: Type.Literal('all') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('tiers'), tiers: Strings }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('segments'), segments: Strings }, { additionalProperties: false }),
]);
export type Audience = Static<typeof AudienceSchema>;
