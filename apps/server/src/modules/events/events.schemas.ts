import { type Static, Type } from 'typebox';
import { EffectDtoSchema } from '../campaigns/campaigns.schemas.js';
import { IdentityInputSchema } from '../members/members.schemas.js';

const Uuid = Type.String({ format: 'uuid' });
export const EventTypeName = Type.String({
  pattern: '^[a-z][a-z0-9_.]{0,99}$',
  description: 'e.g. review_written, social_follow, survey_completed, store_checkin',
});

export const EventTypeSaveSchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    properties: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'JSON Schema (draft 2020-12 subset Ajv supports) the event properties must match; type object',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EventTypeSave = Static<typeof EventTypeSaveSchema>;

export const EventTypeSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  type: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  properties: Type.Record(Type.String(), Type.Unknown()),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type EventTypeDto = Static<typeof EventTypeSchema>;

export const EventCreateSchema = Type.Object(
  {
    type: EventTypeName,
    externalId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Unique per program: retries never double-award',
    }),
    programId: Type.Optional(Uuid),
    memberId: Type.Optional(Uuid),
    identity: Type.Optional(IdentityInputSchema),
    occurredAt: Type.String({ format: 'date-time' }),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type EventCreate = Static<typeof EventCreateSchema>;

export const EventSchema = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  programId: Uuid,
  type: Type.String(),
  memberId: Uuid,
  occurredAt: Type.String({ format: 'date-time' }),
  properties: Type.Record(Type.String(), Type.Unknown()),
  points: Type.Integer({ description: 'Main wallet points the event earned' }),
  effects: Type.Array(EffectDtoSchema),
  createdAt: Type.String({ format: 'date-time' }),
});
export type EventDto = Static<typeof EventSchema>;

export const SimulationQuerySchema = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'Evaluate only: nothing is written' })),
  asOf: Type.Optional(
    Type.String({ format: 'date-time', description: 'Dry run with the rules as of this time' }),
  ),
  draftCampaignId: Type.Optional(
    Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: 20,
      description: 'Dry run with these campaigns evaluated from their drafts',
    }),
  ),
});

/** Registered on request (`POST /v1/event-types/standard`): the value-based activities the source programs reward. */
export const STANDARD_EVENT_TYPES: { type: string; name: string; properties: Record<string, unknown> }[] = [
  {
    type: 'review_written',
    name: 'Product review written',
    properties: {
      type: 'object',
      properties: {
        sku: { type: 'string' },
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        words: { type: 'integer', minimum: 0 },
        withPhoto: { type: 'boolean' },
      },
      required: ['rating'],
    },
  },
  {
    type: 'social_follow',
    name: 'Followed on social media',
    properties: {
      type: 'object',
      properties: {
        network: {
          type: 'string',
          enum: ['instagram', 'facebook', 'tiktok', 'x', 'youtube', 'vk', 'telegram'],
        },
      },
      required: ['network'],
    },
  },
  {
    type: 'survey_completed',
    name: 'Survey completed',
    properties: {
      type: 'object',
      properties: { surveyId: { type: 'string' }, nps: { type: 'integer', minimum: 0, maximum: 10 } },
      required: ['surveyId'],
    },
  },
  {
    type: 'store_checkin',
    name: 'Checked in at a store',
    properties: { type: 'object', properties: { storeId: { type: 'string' } }, required: ['storeId'] },
  },
  {
    type: 'app_opened',
    name: 'Opened the app',
    properties: {
      type: 'object',
      properties: { platform: { type: 'string', enum: ['ios', 'android', 'web'] } },
    },
  },
  {
    type: 'newsletter_signup',
    name: 'Signed up for the newsletter',
    properties: { type: 'object', properties: {} },
  },
  {
    type: 'referral_completed',
    name: 'Referred friend made a first purchase',
    properties: {
      type: 'object',
      properties: { referredMemberId: { type: 'string' }, orderTotal: { type: 'integer', minimum: 0 } },
      required: ['referredMemberId'],
    },
  },
];
