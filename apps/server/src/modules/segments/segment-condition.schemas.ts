import { type Static, Type } from 'typebox';
import { LOYALTY_TYPES, RFM_SEGMENTS } from '../analytics/analytics.schemas.js';
import { CONSENT_KINDS } from '../members/members.schemas.js';
import { leaf } from '../rules/condition.schemas.js';
import { Name, Strings, Tagged, Value } from '../rules/schema-kit.js';

/**
 * The condition language of dynamic segments: all/any/not over typed leaves, each a JSON object validated by this
 * schema (no expression parser). It describes members, not activities, so it has its own leaves: profile, metrics,
 * RFM, loyalty type, categories bought. Compiled to one SQL predicate by compile-condition.ts.
 */
export const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthDate',
  'locale',
  'enrollmentChannel',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const METRICS = [
  'recencyDays',
  'frequency',
  'monetary',
  'averageOrderValue',
  'tenureDays',
  'engagementScore',
  'lastActivityDays',
  'clv',
  'churnRisk',
  'pAlive',
  'pointsEarned',
  'redemptions',
  'categoryCount',
] as const;
export type MetricName = (typeof METRICS)[number];

/** A closed set of strings as one JSON Schema `enum`: a wrong value gets one error naming the choices. */
const Choice = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const NumOp = Choice(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);
const Op = Choice(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'exists', 'not_exists', 'contains']);
const Quantifier = Choice(['any', 'all', 'none']);

const Score = Type.Object(
  {
    min: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false, description: 'An inclusive range of RFM scores (1–5)' },
);

const SegmentLeaves = [
  leaf('profile', {
    field: Choice(PROFILE_FIELDS),
    op: Choice(['exists', 'not_exists', 'eq', 'ne', 'in', 'not_in']),
    value: Type.Optional(Type.Union([Name(500), Type.Array(Name(500), { minItems: 1, maxItems: 500 })])),
  }),
  leaf('attribute', {
    key: Name(64),
    op: Op,
    value: Type.Optional(Value),
  }),
  leaf('consent', { purpose: Choice(CONSENT_KINDS), granted: Type.Boolean() }),
  leaf('tag', { tags: Strings, match: Quantifier }),
  leaf('tier', { tiers: Strings }),
  leaf('metric', {
    metric: Choice(METRICS),
    op: NumOp,
    value: Type.Number({ description: 'Minor units for money metrics, 0–1 for churnRisk and pAlive' }),
  }),
  leaf('rfm', {
    segments: Type.Optional(
      Type.Array(Choice(RFM_SEGMENTS), { minItems: 1, maxItems: RFM_SEGMENTS.length, uniqueItems: true }),
    ),
    r: Type.Optional(Score),
    f: Type.Optional(Score),
    m: Type.Optional(Score),
  }),
  leaf('loyalty_type', {
    types: Type.Array(Choice(LOYALTY_TYPES), {
      minItems: 1,
      maxItems: LOYALTY_TYPES.length,
      uniqueItems: true,
    }),
  }),
  leaf('category', {
    categories: Strings,
    bought: Type.Boolean({ description: 'false: never bought (within the window, if given)' }),
    withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36500 })),
  }),
];

export type SegmentLeaf = Static<(typeof SegmentLeaves)[number]>;
export type SegmentCondition =
  | SegmentLeaf
  | { kind: 'all'; conditions: SegmentCondition[] }
  | { kind: 'any'; conditions: SegmentCondition[] }
  | { kind: 'not'; condition: SegmentCondition };

export const SegmentConditionRef = Type.Unsafe<SegmentCondition>(Type.Ref('SegmentCondition'));

/** Shared (registered once, referenced by `$ref`) because it is recursive. */
export const SegmentConditionSchema = Tagged(
  'kind',
  [
    ...SegmentLeaves,
    leaf('all', { conditions: Type.Array(SegmentConditionRef, { minItems: 1, maxItems: 50 }) }),
    leaf('any', { conditions: Type.Array(SegmentConditionRef, { minItems: 1, maxItems: 50 }) }),
    leaf('not', { condition: SegmentConditionRef }),
  ],
  {
    $id: 'SegmentCondition',
    description:
      'Who is in a dynamic segment: all/any/not over profile, attribute, consent, tag, tier, metric, rfm, ' +
      'loyalty_type and category leaves',
  },
);
