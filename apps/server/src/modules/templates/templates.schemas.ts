import { type Static, Type } from 'typebox';
import { ProgramSchema } from '../tenants/programs.schemas.js';

const AnyObject = Type.Record(Type.String(), Type.Unknown());

export const TemplateSummarySchema = Type.Object({
  name: Type.String({ description: 'Pass as `template` to create a program' }),
  title: Type.String(),
  summary: Type.String(),
  confidence: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')], {
    description: 'How well the published sources pin the mechanics down (see docs/templates.md)',
  }),
});

export const TemplateSchema = Type.Object({
  ...TemplateSummarySchema.properties,
  mechanics: Type.Array(Type.String()),
  params: Type.Unsafe<Record<string, unknown>>(
    Type.Object(
      {},
      { additionalProperties: true, description: 'JSON Schema of the parameters, with defaults' },
    ),
  ),
});
export type TemplateDto = Static<typeof TemplateSchema>;

export const FromTemplateSchema = Type.Object(
  {
    template: Type.String({ minLength: 1, maxLength: 64, description: 'A template name, e.g. starbucks' }),
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "Default: the template's" }),
    ),
    params: Type.Optional(AnyObject),
  },
  { additionalProperties: false },
);

const Ref = Type.Object({ id: Type.String({ format: 'uuid' }), code: Type.String() });

export const CreatedProgramSchema = Type.Object({
  program: ProgramSchema,
  template: Type.String(),
  params: AnyObject,
  created: Type.Object({
    wallets: Type.Array(Type.String()),
    eventTypes: Type.Array(Type.String()),
    tiers: Type.Array(Type.String()),
    partners: Type.Array(Ref),
    plans: Type.Array(Type.String()),
    campaigns: Type.Array(
      Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), status: Type.String() }),
    ),
    rewards: Type.Array(Ref),
  }),
});
