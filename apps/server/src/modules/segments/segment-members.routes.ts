import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { requireSegment } from './manage-segment.js';
import { exportMembersCsv, memberSegments } from './member-segments.js';
import { membersPage } from './segments.repository.js';
import {
  MemberPageQuery,
  MemberPageSchema,
  MemberSegmentsSchema,
  MembersAddedSchema,
  MembersBody,
} from './segments.schemas.js';
import { addStaticMembers, removeStaticMember } from './static-members.js';

const tags = ['segments'];
const security = [{ bearerAuth: [] }];
const Id = Type.String({ format: 'uuid' });
const Params = Type.Object({ id: Id });
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415);
const readErrors = problemResponses(400, 401, 403, 404);

export const segmentMembersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/segments/:id/members',
      {
        schema: {
          tags,
          security,
          summary: 'Add members to a static segment by id or from a CSV (all or nothing)',
          description:
            'The CSV has a header line naming one of member_id, email, phone, card or external. A row naming no ' +
            'live member of the program fails the whole upload with a field error `/csv/<line>`.',
          params: Params,
          body: MembersBody,
          response: { 200: MembersAddedSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await addStaticMembers(trx, request.auth.tenantId, request.params.id, request.body),
        })),
    );

    app.delete(
      '/v1/segments/:id/members/:memberId',
      {
        schema: {
          tags,
          security,
          summary: 'Remove a member from a static segment',
          params: Type.Object({ id: Id, memberId: Id }),
          response: { 204: Type.Null({ description: 'Removed' }), ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          await removeStaticMember(trx, request.auth.tenantId, request.params.id, request.params.memberId);
          return { status: 204, body: null };
        }),
    );

    app.get(
      '/v1/segments/:id/members',
      {
        schema: {
          tags,
          security,
          summary: 'The members of a segment, a page at a time in member id order',
          params: Params,
          querystring: MemberPageQuery,
          response: { 200: MemberPageSchema, ...readErrors },
        },
      },
      async (request) => {
        const segment = await requireSegment(db, request.auth.tenantId, request.params.id);
        const { limit, cursor } = request.query;
        const rows = await membersPage(db, segment.id, cursor, limit + 1);
        const items = rows.slice(0, limit).map((r) => ({
          memberId: r.member_id,
          since: new Date(r.since).toISOString(),
        }));
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > limit && last ? last.memberId : null };
      },
    );

    app.get(
      '/v1/segments/:id/members.csv',
      {
        schema: {
          tags,
          security,
          summary: 'Export the members of a segment as CSV',
          description:
            'Columns: member_id, email, phone, first_name, last_name, since (when the member entered).',
          params: Params,
          response: {
            200: {
              description: 'CSV with a header line',
              content: { 'text/csv': { schema: Type.Unsafe<Readable>({ type: 'string' }) } },
            },
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const segment = await requireSegment(db, request.auth.tenantId, request.params.id);
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="segment-${segment.code}.csv"`);
        return reply.send(exportMembersCsv(db, segment.id));
      },
    );

    app.get(
      '/v1/members/:id/segments',
      {
        schema: {
          tags,
          security,
          summary: 'The segments a member is in, with when the member entered each',
          params: Params,
          response: { 200: MemberSegmentsSchema, ...readErrors },
        },
      },
      (request) => memberSegments(db, request.auth.tenantId, request.params.id),
    );
  };
