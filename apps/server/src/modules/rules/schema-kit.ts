import { type Static, type TObject, Type } from 'typebox';

/** Building blocks of the rule document schemas. */
export function Tagged<T extends TObject[]>(tag: string, branches: [...T], options: object = {}) {
  return Type.Unsafe<Static<T[number]>>({
    oneOf: branches,
    discriminator: { propertyName: tag },
    ...options,
  });
}

export const Name = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const Strings = Type.Array(Name(200), { minItems: 1, maxItems: 500, uniqueItems: true });
export const Period = Enum('day', 'week', 'month', 'year', 'lifetime');
export type LimitPeriod = Static<typeof Period>;
export const LocalDate = Type.String({ format: 'date', description: 'A date in the program time zone' });
export const LocalTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, program time zone',
});
export const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
export const Value = Type.Union([Scalar, Type.Array(Scalar, { maxItems: 500 })]);
/** A closed set of strings, typed as their union. */
export function Enum<const T extends string[]>(...values: T) {
  return Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
}
export const Op = Enum(
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'exists',
  'not_exists',
  'contains',
);
export type CompareOp = Static<typeof Op>;
export const NumOp = Enum('eq', 'ne', 'gt', 'gte', 'lt', 'lte');
export type NumberOp = Static<typeof NumOp>;
export const Quantifier = Enum('any', 'all', 'none');
