import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { getProgram, resolveProgram } from '../tenants/programs.service.js';
import {
  createSegment,
  previewCondition,
  removeSegment,
  replaceSegment,
  requireSegment,
  toSegmentDto,
} from './manage-segment.js';
import { recomputeSegment } from './recompute.js';
import { segmentMembersRoutes } from './segment-members.routes.js';
import { listSegments, listSizes } from './segments.repository.js';
import {
  ListQuery,
  PreviewBody,
  PreviewDtoSchema,
  RecomputeDtoSchema,
  SegmentCreateBody,
  SegmentDtoSchema,
  SegmentUpdateBody,
  SizesQuery,
  SizesSchema,
} from './segments.schemas.js';

const tags = ['segments'];
const security = [{ bearerAuth: [] }];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415);
const readErrors = problemResponses(400, 401, 403, 404);

export const segmentsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/segments',
      {
        schema: {
          tags,
          security,
          summary: 'Create a dynamic (condition) or static (uploaded list) segment',
          description:
            'A dynamic segment is computed at once from its condition; members entering it emit `segment.entered`.',
          body: SegmentCreateBody,
          response: { 201: SegmentDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 201,
          body: await createSegment(trx, request.auth.tenantId, request.auth.actor, request.body),
        })),
    );

    app.get(
      '/v1/segments',
      {
        schema: {
          tags,
          security,
          summary: "The program's segments with their current sizes",
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(SegmentDtoSchema) }), ...readErrors },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        return { items: (await listSegments(db, program.id, request.query.kind)).map(toSegmentDto) };
      },
    );

    app.post(
      '/v1/segments/preview',
      {
        schema: {
          tags,
          security,
          summary: 'Count the members a condition selects now, without saving a segment (live count)',
          body: PreviewBody,
          response: { 200: PreviewDtoSchema, ...problemResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      (request) => previewCondition(db, request.auth.tenantId, request.body),
    );

    app.get(
      '/v1/segments/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One segment',
          params: Params,
          response: { 200: SegmentDtoSchema, ...readErrors },
        },
      },
      async (request) => toSegmentDto(await requireSegment(db, request.auth.tenantId, request.params.id)),
    );

    app.put(
      '/v1/segments/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Replace name, description and condition (a dynamic segment is recomputed at once)',
          params: Params,
          body: SegmentUpdateBody,
          response: { 200: SegmentDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await replaceSegment(
            trx,
            request.auth.tenantId,
            request.auth.actor,
            request.params.id,
            request.body,
          ),
        })),
    );

    app.delete(
      '/v1/segments/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a segment with its membership and size history (no segment.left events)',
          params: Params,
          response: { 204: Type.Null({ description: 'Deleted' }), ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          await removeSegment(trx, request.auth.tenantId, request.auth.actor, request.params.id);
          return { status: 204, body: null };
        }),
    );

    app.post(
      '/v1/segments/:id/recompute',
      {
        schema: {
          tags,
          security,
          summary: 'Recompute the membership now (it is also recomputed hourly and when members change)',
          params: Params,
          response: { 200: RecomputeDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const segment = await requireSegment(trx, request.auth.tenantId, request.params.id);
          const program = await getProgram(trx, request.auth.tenantId, segment.programId);
          const r = await recomputeSegment(trx, program, segment, new Date());
          return { status: 200, body: { ...r, computedAt: r.computedAt.toISOString() } };
        }),
    );

    app.get(
      '/v1/segments/:id/sizes',
      {
        schema: {
          tags,
          security,
          summary: 'The size of the segment per local day (the last size of each day)',
          params: Params,
          querystring: SizesQuery,
          response: { 200: SizesSchema, ...readErrors },
        },
      },
      async (request) => {
        const segment = await requireSegment(db, request.auth.tenantId, request.params.id);
        const rows = await listSizes(db, segment.id, request.query.from, request.query.to);
        return { items: rows.map((r) => ({ day: r.day, size: Number(r.size) })) };
      },
    );

    await app.register(segmentMembersRoutes(db));
  };
