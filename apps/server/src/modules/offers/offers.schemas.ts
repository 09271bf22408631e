import { Type } from 'typebox';

export const MemberOfferSchema = Type.Object({
  kind: Type.Union([Type.Literal('offer'), Type.Literal('reward')]),
  id: Type.String({ format: 'uuid', description: 'Campaign id of an offer, reward id of a reward' }),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  item: Type.String({
    description: 'What the ranking matched: a category, or offer:/reward: with its id or code',
  }),
  activationRequired: Type.Boolean(),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  price: Type.Union([Type.Integer(), Type.Null()], {
    description: "A reward's price in points for this member",
  }),
  score: Type.Number(),
  reasons: Type.Array(Type.String(), { description: 'Why it is ranked here, strongest first' }),
});

export const ActivationSchema = Type.Object({
  campaignId: Type.String({ format: 'uuid' }),
  memberId: Type.String({ format: 'uuid' }),
  activatedAt: Type.String({ format: 'date-time' }),
});
