import { type Static, Type } from 'typebox';
import {
  Enum,
  LocalDate,
  LocalTime,
  Name,
  NumOp,
  Op,
  Quantifier,
  Strings,
  Tagged,
  Value,
} from './schema-kit.js';

/**
 * The condition language of rule documents. Every union is a tagged `oneOf` with an OpenAPI/Ajv discriminator, so a wrong
 * document gets errors from the one branch its `kind` (or `type`) names — field-level, not a wall of alternatives.
 * Conditions nest through the shared schema `RuleCondition` (a JSON Schema `$ref`), never through a string parser.
 */
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

export const leaf = <const K extends string, P extends Parameters<typeof Type.Object>[0]>(
  kind: K,
  props: P,
) => Type.Object({ kind: Type.Literal(kind), ...props }, { additionalProperties: false });

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

export const ConditionRef = Type.Unsafe<Condition>(Type.Ref('RuleCondition'));
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
