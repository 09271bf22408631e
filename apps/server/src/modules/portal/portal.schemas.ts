import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Email = Type.String({ format: 'email', maxLength: 320 });
const Locale = Type.String({ minLength: 2, maxLength: 35, description: 'BCP 47 tag, e.g. en-GB' });

export const SlugParams = Type.Object({
  slug: Type.String({
    minLength: 1,
    maxLength: 200,
    description: "The program's slug, or `tenantSlug.programSlug` when several brands use the same slug",
  }),
});

export const CodeRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const CodeRequestedSchema = Type.Object({
  expiresInSeconds: Type.Integer({ description: 'How long the code that was sent stays valid' }),
});

/** Consents as the member ticks them in the portal; each is recorded with its time and source `portal`. */
export const ConsentFlagsSchema = Type.Object(
  {
    marketingEmail: Type.Optional(Type.Boolean()),
    sms: Type.Optional(Type.Boolean()),
    push: Type.Optional(Type.Boolean()),
    profiling: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ConsentFlags = Static<typeof ConsentFlagsSchema>;

export const SignUpSchema = Type.Object(
  {
    givenName: Type.Optional(Name),
    familyName: Type.Optional(Name),
    locale: Type.Optional(Locale),
    consents: Type.Optional(ConsentFlagsSchema),
    referralCode: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: "A member's referral code (from `?ref=` of their link); an unknown code is ignored",
      }),
    ),
  },
  { additionalProperties: false },
);
export type SignUp = Static<typeof SignUpSchema>;

export const SessionCreateBody = Type.Object(
  {
    email: Email,
    code: Type.String({ minLength: 1, maxLength: 20, description: 'The 6-digit code; spaces are ignored' }),
    signUp: Type.Optional(SignUpSchema),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`; shown once' }),
  expiresAt: DateTime,
  memberId: Uuid,
  created: Type.Boolean({ description: 'True when this sign-in enrolled the member' }),
});

const Consent = Type.Object({ granted: Type.Boolean(), at: DateTime, source: Type.String() });

export const ProfileSchema = Type.Object({
  memberId: Uuid,
  programId: Uuid,
  givenName: Nullable(Type.String()),
  familyName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  birthDate: Nullable(Type.String({ format: 'date' })),
  locale: Nullable(Type.String()),
  consents: Type.Object({
    marketingEmail: Nullable(Consent),
    sms: Nullable(Consent),
    push: Nullable(Consent),
    profiling: Nullable(Consent),
  }),
  cardNumber: Type.String({ description: '16-digit member card number (Luhn-checked), for the barcode' }),
  referralCode: Type.String(),
  referralLink: Type.String({ description: 'Path of the program page with the code: /p/{slug}?ref={code}' }),
  memberSince: DateTime,
});
export type ProfileDto = Static<typeof ProfileSchema>;

export const ProfilePatchSchema = Type.Object(
  {
    givenName: Type.Optional(Nullable(Name)),
    familyName: Type.Optional(Nullable(Name)),
    phone: Type.Optional(Nullable(Type.String({ minLength: 3, maxLength: 32 }))),
    birthDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    locale: Type.Optional(Nullable(Locale)),
    consents: Type.Optional(ConsentFlagsSchema),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'The email is the sign-in identity and is not changed here',
  },
);
export type ProfilePatch = Static<typeof ProfilePatchSchema>;
