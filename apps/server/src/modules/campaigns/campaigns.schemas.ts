import { type Static, Type } from 'typebox';
import { AudienceSchema, BudgetSchema, RuleSchema, ScheduleSchema } from '../rules/rule.schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The editable campaign document: what a draft holds and what publishing freezes into a version. */
export const CampaignDocumentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    schedule: Type.Optional(ScheduleSchema),
    audience: Type.Optional(AudienceSchema),
    budget: Type.Optional(BudgetSchema),
    holdout: Type.Optional(
      Type.Object(
        {
          percent: Type.Number({
            exclusiveMinimum: 0,
            maximum: 50,
            description:
              'Percent of members (2 decimals) randomly held out as a control group to measure uplift',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    offer: Type.Optional(
      Type.Object(
        {
          title: Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'What the member sees, e.g. "3× points on kids’ clothing"',
          }),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          categories: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
              maxItems: 20,
              description:
                'Product categories the offer is about: the ranking matches them to what the member buys',
            }),
          ),
          requiresActivation: Type.Optional(
            Type.Boolean({ default: true, description: 'Only members who activated the offer are rewarded' }),
          ),
        },
        { additionalProperties: false, description: 'Shows the campaign to members as a personal offer' },
      ),
    ),
    rules: Type.Array(RuleSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type CampaignDocument = Static<typeof CampaignDocumentSchema>;

export const CampaignCreateSchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    ...CampaignDocumentSchema.properties,
    publish: Type.Optional(Type.Boolean({ description: 'Publish version 1 at once' })),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreateSchema>;

export const CampaignStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('active'),
  Type.Literal('paused'),
  Type.Literal('ended'),
]);
export type CampaignStatusValue = Static<typeof CampaignStatus>;

export const VersionSummarySchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Nullable(Type.String()),
});

export const CampaignSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  kind: Type.Union([Type.Literal('standard'), Type.Literal('base')]),
  name: Type.String(),
  description: Nullable(Type.String()),
  status: CampaignStatus,
  currentVersion: Nullable(Type.Integer()),
  draft: Type.Unsafe<CampaignDocument>(Type.Object({}, { additionalProperties: true })),
  draftChanged: Type.Boolean({ description: 'The draft differs from the published version' }),
  versions: Type.Array(VersionSummarySchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CampaignDto = Static<typeof CampaignSchema>;

export const CampaignVersionSchema = Type.Object({
  ...VersionSummarySchema.properties,
  campaignId: Uuid,
  document: Type.Unsafe<CampaignDocument>(Type.Object({}, { additionalProperties: true })),
});

export const CampaignListSchema = Type.Object({ items: Type.Array(CampaignSchema) });

export const TransitionSchema = Type.Object(
  { action: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('end')]) },
  { additionalProperties: false },
);

const RuleRefSchema = Type.Object({
  campaignId: Uuid,
  campaignName: Type.String(),
  versionId: Type.String(),
  version: Type.Integer({ description: '0 for an unpublished draft' }),
  ruleKey: Type.String(),
  ruleName: Type.String(),
});

export const EffectDtoSchema = Type.Object({
  rule: RuleRefSchema,
  kind: Type.String({ description: 'points, issue_coupon, tag_member, set_attribute or emit_event' }),
  wallet: Type.Optional(Type.String()),
  points: Type.Optional(Type.Integer()),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  explanation: Type.String(),
});
export type EffectDto = Static<typeof EffectDtoSchema>;

export const RuleOutcomeSchema = Type.Object({
  rule: RuleRefSchema,
  applied: Type.Boolean(),
  points: Type.Integer(),
  reasons: Type.Array(Type.String()),
});

export const EvaluationSchema = Type.Object({
  dryRun: Type.Boolean(),
  asOf: Type.String({ format: 'date-time' }),
  points: Type.Integer({ description: 'Main wallet points in total' }),
  linePoints: Type.Array(Type.Integer()),
  effects: Type.Array(EffectDtoSchema),
  rules: Type.Array(RuleOutcomeSchema),
});
export type EvaluationDto = Static<typeof EvaluationSchema>;
