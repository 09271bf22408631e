import { type Static, Type } from 'typebox';
import { BenefitsSchema } from '../tiers/tiers.schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const EarnRule = Type.Object({
  name: Type.String({ description: "The rule's own name, as the marketer wrote it" }),
  text: Type.String({ description: 'Generated from the rule: what it gives and for what' }),
});

export const ProgramPageSchema = Type.Object({
  slug: Type.String({ description: 'The portal address of the program (`/p/{slug}`)' }),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  defaultCountry: Nullable(Type.String()),
  pointName: Type.String(),
  pointValue: Type.Object(
    { minor: Type.Integer(), points: Type.Integer() },
    { description: '`points` are worth `minor` units of currency' },
  ),
  earn: Type.Object({
    baseRate: Type.Object({
      points: Type.Integer(),
      perMinor: Type.Integer({ description: 'Per this much spend, minor units' }),
      text: Type.String(),
    }),
    excluded: Type.Object({ skus: Type.Array(Type.String()), categories: Type.Array(Type.String()) }),
    campaigns: Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        description: Nullable(Type.String()),
        audience: Nullable(Type.String({ description: 'Who it is for, when not everyone' })),
        rules: Type.Array(EarnRule),
      }),
      { description: 'Campaigns live now (personal offers and tier benefits are shown elsewhere)' },
    ),
    events: Type.Array(
      Type.Object({
        type: Type.String(),
        name: Type.String(),
        description: Nullable(Type.String()),
        points: Nullable(Type.Integer({ description: 'Fixed points, when the reward is a fixed amount' })),
        text: Type.String(),
      }),
      { description: 'Activities besides purchases that earn points' },
    ),
    summary: Type.Array(Type.String(), { description: 'How to earn, one plain sentence each' }),
  }),
  tiers: Nullable(
    Type.Object({
      window: Type.String(),
      windowText: Type.String({ description: 'What period counts, in words' }),
      keepText: Type.String({ description: 'How a tier is kept or lost, in words' }),
      items: Type.Array(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          rank: Type.Integer(),
          inviteOnly: Type.Boolean(),
          threshold: Nullable(
            Type.Object({
              match: Type.Union([Type.Literal('all'), Type.Literal('any')]),
              spend: Type.Optional(Type.Integer({ description: 'Minor units of currency' })),
              qualifyingPoints: Type.Optional(Type.Integer()),
              purchases: Type.Optional(Type.Integer()),
            }),
          ),
          thresholdText: Type.String(),
          benefits: BenefitsSchema,
          benefitsText: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
  rewards: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      description: Nullable(Type.String()),
      type: Type.String(),
      cost: Type.Integer(),
      text: Type.String(),
    }),
  ),
  faq: Type.Array(
    Type.Object({
      id: Type.String({ description: 'Stable key: earn, pending, expiry, tiers, redeem, returns, sign-in' }),
      question: Type.String(),
      answer: Type.String(),
    }),
  ),
});
export type ProgramPage = Static<typeof ProgramPageSchema>;
