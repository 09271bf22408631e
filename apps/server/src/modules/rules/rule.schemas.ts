import { type Static, type TObject, Type } from 'typebox';

/**
 * The rule document language. Every union is a tagged `oneOf` with an OpenAPI/Ajv discriminator, so a wrong
 * document gets errors from the one branch its `kind` (or `type`) names — field-level, not a wall of alternatives.
 * Conditions nest through the shared schema `RuleCondition` (a JSON Schema `$ref`), never through a string parser.
 */
function Tagged<T extends TObject[]>(tag: string, branches: [...T], options: object = {}) {
  return Type.Unsafe<Static<T[number]>>({
    oneOf: branches,
    discriminator: { propertyName: tag },
    ...options,
  });
}

const Name = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Strings = Type.Array(Name(200), { minItems: 1, maxItems: 500, uniqueItems: true });
const Period = Enum('day', 'week', 'month', 'year', 'lifetime');
export type LimitPeriod = Static<typeof Period>;
const LocalDate = Type.String({ format: 'date', description: 'A date in the program time zone' });
const LocalTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, program time zone',
});
const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
const Value = Type.Union([Scalar, Type.Array(Scalar, { maxItems: 500 })]);
/** A closed set of strings, typed as their union. */
function Enum<const T extends string[]>(...values: T) {
  return Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
}
const Op = Enum('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'exists', 'not_exists', 'contains');
export type CompareOp = Static<typeof Op>;
const NumOp = Enum('eq', 'ne', 'gt', 'gte', 'lt', 'lte');
export type NumberOp = Static<typeof NumOp>;
const Quantifier = Enum('any', 'all', 'none');

/** Which purchase lines an item condition or effect looks at: all given lists must match (OR within a list). */
export const LineMatchSchema = Type.Object(
  {
    skus: Type.Optional(Strings),
    categories: Type.Optional(Strings),
    brands: Type.Optional(Strings),
    excludeSkus: Type.Optional(Strings),
    excludeCategories: Type.Optional(Strings),
    excludeBrands: Type.Optional(Strings),
  },
  { additionalProperties: false },
);
export type LineMatch = Static<typeof LineMatchSchema>;

const leaf = <const K extends string, P extends Parameters<typeof Type.Object>[0]>(kind: K, props: P) =>
  Type.Object({ kind: Type.Literal(kind), ...props }, { additionalProperties: false });

const LeafConditions = [
  leaf('activity', {
    field: Enum(
      'total',
      'subtotal',
      'discount',
      'itemCount',
      'lineCount',
      'currency',
      'channel',
      'storeId',
      'paymentMethod',
    ),
    op: Op,
    value: Type.Optional(Value),
  }),
  leaf('event_property', { path: Name(200), op: Op, value: Type.Optional(Value) }),
  leaf('items', {
    match: LineMatchSchema,
    quantifier: Quantifier,
  }),
  leaf('items_total', {
    match: LineMatchSchema,
    measure: Type.Union([Type.Literal('lines'), Type.Literal('quantity'), Type.Literal('net')]),
    op: NumOp,
    value: Type.Number(),
  }),
  leaf('member_attribute', { key: Name(64), op: Op, value: Type.Optional(Value) }),
  leaf('member_tier', { tiers: Strings }),
  leaf('member_segment', {
    segments: Strings,
    match: Quantifier,
  }),
  leaf('member_tag', {
    tags: Strings,
    match: Quantifier,
  }),
  leaf('member_tenure', { op: NumOp, days: Type.Integer({ minimum: 0 }) }),
  leaf('member_counter', {
    counter: Type.Union([
      Type.Literal('purchases'),
      Type.Literal('events'),
      Type.Literal('lifetimePoints'),
      Type.Literal('balance'),
    ]),
    op: NumOp,
    value: Type.Number(),
  }),
  leaf('consent', { purpose: Name(64), granted: Type.Boolean() }),
  leaf('date_range', { from: Type.Optional(LocalDate), to: Type.Optional(LocalDate) }),
  leaf('days_of_week', {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
    }),
  }),
  leaf('time_of_day', { from: LocalTime, to: LocalTime }),
  leaf('channel', { channels: Strings }),
  leaf('store', { stores: Strings }),
  leaf('partner', { partners: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }) }),
];
export type LeafCondition = Static<(typeof LeafConditions)[number]>;
export type Condition =
  | LeafCondition
  | { kind: 'all'; conditions: Condition[] }
  | { kind: 'any'; conditions: Condition[] }
  | { kind: 'not'; condition: Condition };

const ConditionRef = Type.Unsafe<Condition>(Type.Ref('RuleCondition'));
/** Shared (registered once, referenced by `$ref`) because it is recursive. */
export const RuleConditionSchema = Tagged(
  'kind',
  [
    ...LeafConditions,
    leaf('all', { conditions: Type.Array(ConditionRef, { minItems: 1, maxItems: 50 }) }),
    leaf('any', { conditions: Type.Array(ConditionRef, { minItems: 1, maxItems: 50 }) }),
    leaf('not', { condition: ConditionRef }),
  ],
  { $id: 'RuleCondition', description: 'A condition tree: all/any/not over typed leaf conditions' },
);

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
