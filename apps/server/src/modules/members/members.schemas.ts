import { type Static, Type } from 'typebox';

export const IDENTITY_TYPES = ['email', 'phone', 'card', 'external', 'social'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];
export const CONSENT_KINDS = ['marketingEmail', 'sms', 'push', 'profiling'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

const Uuid = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AddressSchema = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);

export const ConsentInputSchema = Type.Object(
  {
    granted: Type.Boolean(),
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'When it was given; defaults to now' }),
    ),
    source: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'e.g. pos, web-signup, app' }),
    ),
  },
  { additionalProperties: false },
);

export const ConsentsInputSchema = Type.Partial(
  Type.Object(
    {
      marketingEmail: ConsentInputSchema,
      sms: ConsentInputSchema,
      push: ConsentInputSchema,
      profiling: ConsentInputSchema,
    },
    { additionalProperties: false },
  ),
);

export const IdentityInputSchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('email'),
      Type.Literal('phone'),
      Type.Literal('card'),
      Type.Literal('external'),
      Type.Literal('social'),
    ]),
    value: Type.String({
      minLength: 1,
      maxLength: 320,
      description:
        'email; phone (E.164 or national); card number; external "source:id"; social "network:handle"',
    }),
  },
  { additionalProperties: false },
);
export type IdentityInput = Static<typeof IdentityInputSchema>;

const ProfileFields = {
  firstName: Nullable(Name),
  lastName: Nullable(Name),
  email: Nullable(Type.String({ format: 'email', maxLength: 320 })),
  phone: Nullable(Type.String({ minLength: 3, maxLength: 32 })),
  birthDate: Nullable(Type.String({ format: 'date' })),
  locale: Nullable(Type.String({ minLength: 2, maxLength: 35, description: 'BCP 47 tag, e.g. en-GB' })),
  address: Nullable(AddressSchema),
};

export const MemberCreateSchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    ...Type.Partial(Type.Object(ProfileFields)).properties,
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    consents: Type.Optional(ConsentsInputSchema),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('blocked')])),
    enrollmentChannel: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: 'e.g. pos, web, app' }),
    ),
    identities: Type.Optional(Type.Array(IdentityInputSchema, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type MemberCreate = Static<typeof MemberCreateSchema>;

export const MemberPatchSchema = Type.Object(
  {
    ...Type.Partial(Type.Object(ProfileFields)).properties,
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Merged into existing attributes; null removes one',
      }),
    ),
    consents: Type.Optional(ConsentsInputSchema),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('blocked')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MemberPatch = Static<typeof MemberPatchSchema>;

export const IdentitySchema = Type.Object({
  id: Uuid,
  type: Type.String(),
  value: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const ConsentSchema = Type.Object({
  granted: Type.Boolean(),
  at: Type.String({ format: 'date-time' }),
  source: Type.String(),
});

export const MemberSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  status: Type.Union([Type.Literal('active'), Type.Literal('blocked'), Type.Literal('deleted')]),
  ...ProfileFields,
  attributes: Type.Record(Type.String(), Type.Unknown()),
  tags: Type.Array(Type.String(), { description: 'Set by rules (tag_member effects)' }),
  consents: Type.Partial(
    Type.Object({
      marketingEmail: ConsentSchema,
      sms: ConsentSchema,
      push: ConsentSchema,
      profiling: ConsentSchema,
    }),
  ),
  enrollmentChannel: Nullable(Type.String()),
  identities: Type.Array(IdentitySchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  deletedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type MemberDto = Static<typeof MemberSchema>;

export const MemberListQuerySchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('blocked'), Type.Literal('deleted')]),
    ),
    createdFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive lower bound' })),
    createdTo: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive upper bound' })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Search in name, email and phone' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type MemberListQuery = Static<typeof MemberListQuerySchema>;

export const MemberPageSchema = Type.Object({
  data: Type.Array(MemberSchema),
  nextCursor: Nullable(Type.String()),
});

export const LookupQuerySchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    type: IdentityInputSchema.properties.type,
    value: IdentityInputSchema.properties.value,
  },
  { additionalProperties: false },
);

export const MemberIdParamsSchema = Type.Object({ id: Uuid });
export const IdentityParamsSchema = Type.Object({ id: Uuid, identityId: Uuid });
