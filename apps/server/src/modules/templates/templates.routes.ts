import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { toProgramDto } from '../tenants/programs.service.js';
import { createProgramFromTemplate } from './create-from-template.js';
import { TEMPLATES, templateNamed } from './registry.js';
import type { ProgramTemplate } from './template.types.js';
import {
  CreatedProgramSchema,
  FromTemplateSchema,
  TemplateSchema,
  TemplateSummarySchema,
} from './templates.schemas.js';

const tags = ['programs'];
const security = [{ bearerAuth: [] }];

const summaryOf = (t: ProgramTemplate) => ({
  name: t.name,
  title: t.title,
  summary: t.summary,
  confidence: t.confidence,
});

export const templatesRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/program-templates',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'Program templates: real programs configured from their published mechanics',
          response: {
            200: Type.Object({ data: Type.Array(TemplateSummarySchema) }),
            ...problemResponses(401),
          },
        },
      },
      async () => ({ data: TEMPLATES.map(summaryOf) }),
    );

    app.get(
      '/v1/program-templates/:name',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "A template's mechanics and its parameters (JSON Schema with defaults)",
          params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: TemplateSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const t = templateNamed(request.params.name);
        if (t === undefined) throw notFound('program template', request.params.name);
        return {
          ...summaryOf(t),
          mechanics: t.mechanics,
          params: t.params as unknown as Record<string, unknown>,
        };
      },
    );

    app.post(
      '/v1/programs/from-template',
      {
        schema: {
          tags,
          security,
          summary: 'Create a program from a template, with its tiers, campaigns, rewards, plans and partners',
          body: FromTemplateSchema,
          response: { 201: CreatedProgramSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const result = await createProgramFromTemplate(
            trx,
            request.auth.tenantId,
            request.body,
            request.auth.actor,
          );
          return { status: 201, body: { ...result, program: toProgramDto(result.program) } };
        }),
    );
  };
