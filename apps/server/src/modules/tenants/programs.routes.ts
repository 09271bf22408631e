import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { ProgramCreateSchema, ProgramPatchSchema, ProgramSchema } from './programs.schemas.js';
import { createProgram, getProgram, listPrograms, patchProgram, toProgramDto } from './programs.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['programs'];
const security = [{ bearerAuth: [] }];

export const programsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "List the tenant's programs",
          response: { 200: Type.Object({ data: Type.Array(ProgramSchema) }), ...problemResponses(401) },
        },
      },
      async (request) => ({ data: (await listPrograms(db, request.auth.tenantId)).map(toProgramDto) }),
    );

    app.get(
      '/v1/programs/:id',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'Get a program',
          params: IdParams,
          response: { 200: ProgramSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => toProgramDto(await getProgram(db, request.auth.tenantId, request.params.id)),
    );

    app.post(
      '/v1/programs',
      {
        schema: {
          tags,
          security,
          summary: 'Create a program',
          body: ProgramCreateSchema,
          response: { 201: ProgramSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 201,
          body: toProgramDto(await createProgram(trx, request.auth.tenantId, request.body)),
        })),
    );

    app.patch(
      '/v1/programs/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Change a program (name, time zone, point name and value, attribute schema)',
          params: IdParams,
          body: ProgramPatchSchema,
          response: { 200: ProgramSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: toProgramDto(await patchProgram(trx, request.auth.tenantId, request.params.id, request.body)),
        })),
    );
  };
