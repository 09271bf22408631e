import { type Static, Type } from 'typebox';

export const AttributeFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' }),
    type: Type.Union([
      Type.Literal('string'),
      Type.Literal('number'),
      Type.Literal('integer'),
      Type.Literal('boolean'),
      Type.Literal('date'),
    ]),
    required: Type.Optional(Type.Boolean()),
    enum: Type.Optional(
      Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1, maxItems: 200 }),
    ),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const PointValueSchema = Type.Object(
  {
    minor: Type.Integer({
      minimum: 0,
      description: 'Worth of `points` points, in minor units of the currency',
    }),
    points: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false, description: 'Exact ratio: `points` points are worth `minor` minor units' },
);

const ProgramWritable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
  pointName: Type.String({ minLength: 1, maxLength: 40 }),
  pointValue: PointValueSchema,
  defaultCountry: Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()], {
    description: 'ISO 3166-1 alpha-2 country used to read national phone numbers',
  }),
  attributeSchema: Type.Array(AttributeFieldSchema, { maxItems: 100 }),
  holdoutPercent: Type.Number({
    minimum: 0,
    maximum: 50,
    description:
      'Percent of members held out as the program control group: no rule rewards them, so reports can measure the program (0 = none)',
  }),
};

export const ProgramCreateSchema = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
    name: ProgramWritable.name,
    timezone: ProgramWritable.timezone,
    pointName: Type.Optional(ProgramWritable.pointName),
    pointValue: Type.Optional(ProgramWritable.pointValue),
    defaultCountry: Type.Optional(ProgramWritable.defaultCountry),
    attributeSchema: Type.Optional(ProgramWritable.attributeSchema),
  },
  { additionalProperties: false },
);
export type ProgramCreate = Static<typeof ProgramCreateSchema>;

export const ProgramPatchSchema = Type.Partial(Type.Object(ProgramWritable, { additionalProperties: false }));
export type ProgramPatch = Static<typeof ProgramPatchSchema>;

export const ProgramSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  pointName: Type.String(),
  pointValue: PointValueSchema,
  defaultCountry: Type.Union([Type.String(), Type.Null()]),
  attributeSchema: Type.Array(AttributeFieldSchema),
  holdoutPercent: Type.Number(),
  isDefault: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ProgramDto = Static<typeof ProgramSchema>;
