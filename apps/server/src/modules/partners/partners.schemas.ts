import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Rounding = Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')]);

/** A value agreed with the partner: `minor` currency minor units for every `points` points. */
export const PointValueSchema = Type.Object(
  {
    minor: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'Minor units of the program currency',
    }),
    points: Type.Integer({ minimum: 1, maximum: 1_000_000, description: '… for this many points' }),
  },
  { additionalProperties: false },
);
export type PointValue = Static<typeof PointValueSchema>;

export const EarnRateSchema = Type.Object(
  {
    points: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Points earned …' }),
    perMinor: Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      description: '… per this many minor units spent',
    }),
    rounding: Type.Optional(Rounding),
  },
  { additionalProperties: false },
);

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'Unique within the program' });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const PartnerCreateSchema = Type.Object(
  {
    code: Code,
    name: Name,
    earnRate: EarnRateSchema,
    /** What the partner owes the program for each point issued at it. */
    issueValue: PointValueSchema,
    /** What the program owes the partner for each point redeemed at it (the partner's burn rate). */
    redeemValue: PointValueSchema,
  },
  { additionalProperties: false },
);
export type PartnerCreate = Static<typeof PartnerCreateSchema>;

export const PartnerPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
    earnRate: Type.Optional(EarnRateSchema),
    issueValue: Type.Optional(PointValueSchema),
    redeemValue: Type.Optional(PointValueSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PartnerPatch = Static<typeof PartnerPatchSchema>;

export const PartnerSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  code: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  earnRate: Type.Object({ points: Type.Integer(), perMinor: Type.Integer(), rounding: Rounding }),
  issueValue: PointValueSchema,
  redeemValue: PointValueSchema,
  campaignId: Type.Union([Uuid, Type.Null()], {
    description: 'The system campaign that holds the earn rule',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PartnerDto = Static<typeof PartnerSchema>;

export const SettlementQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day, in the program time zone' }),
    to: Type.String({ format: 'date', description: 'Last day (inclusive), in the program time zone' }),
  },
  { additionalProperties: false },
);

const Side = Type.Object({
  points: Type.Integer(),
  valueMinor: Type.Integer({ description: 'Points × agreed value, rounded half up to a minor unit' }),
});
export const SettlementLineSchema = Type.Object({
  partnerId: Uuid,
  code: Type.String(),
  name: Type.String(),
  issued: Type.Object(
    { ...Side.properties, value: PointValueSchema },
    { description: 'Owed by the partner' },
  ),
  redeemed: Type.Object(
    { ...Side.properties, value: PointValueSchema },
    { description: 'Owed to the partner' },
  ),
  netMinor: Type.Integer({ description: 'issued − redeemed: positive, the partner pays the program' }),
});
export const SettlementSchema = Type.Object({
  programId: Uuid,
  currency: Type.String(),
  timezone: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  periodStart: Type.String({ format: 'date-time' }),
  periodEnd: Type.String({ format: 'date-time', description: 'Exclusive' }),
  partners: Type.Array(SettlementLineSchema),
  totals: Type.Object({
    issuedPoints: Type.Integer(),
    redeemedPoints: Type.Integer(),
    issuedMinor: Type.Integer(),
    redeemedMinor: Type.Integer(),
    netMinor: Type.Integer(),
  }),
});
export type Settlement = Static<typeof SettlementSchema>;

export const PartnerKeyCreateSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
