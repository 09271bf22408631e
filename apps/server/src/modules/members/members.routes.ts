import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { getProgram, resolveProgram } from '../tenants/programs.service.js';
import { deleteMember } from './delete-member.js';
import { enrolMember } from './enrol-member.js';
import { lookupMemberId } from './identities.service.js';
import { listMembers } from './list-members.js';
import { toMemberDto } from './members.mapper.js';
import { findMember, listIdentities } from './members.repository.js';
import {
  LookupQuerySchema,
  MemberCreateSchema,
  MemberIdParamsSchema,
  MemberListQuerySchema,
  MemberPageSchema,
  MemberPatchSchema,
  MemberSchema,
} from './members.schemas.js';
import { updateMember } from './update-member.js';

const tags = ['members'];
const security = [{ bearerAuth: [] }];
const writeProblems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

async function loadMember(db: Db, tenantId: string, id: string) {
  const member = await findMember(db, tenantId, id);
  if (member === undefined) throw notFound('member', id);
  return toMemberDto(member, await listIdentities(db, [member.id]));
}

export const membersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/members',
      {
        schema: {
          tags,
          security,
          summary: 'Enrol a member',
          description:
            'Creates a member of a program (the tenant default unless programId is given). The email, phone and ' +
            'any listed identities must be free in the program; otherwise 409 `identity_taken` names the member ' +
            'who holds them.',
          body: MemberCreateSchema,
          response: { 201: MemberSchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await resolveProgram(trx, request.auth.tenantId, request.body.programId);
          return { status: 201, body: await enrolMember(trx, request.auth.tenantId, program, request.body) };
        }),
    );

    app.get(
      '/v1/members',
      {
        schema: {
          tags,
          security,
          summary: 'List members, newest first, with filters and cursor pagination',
          querystring: MemberListQuerySchema,
          response: { 200: MemberPageSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        return listMembers(db, request.auth.tenantId, program.id, request.query);
      },
    );

    app.get(
      '/v1/members/lookup',
      {
        schema: {
          tags,
          security,
          summary: 'Find a member by any identity (email, phone, card, external id, social handle)',
          querystring: LookupQuerySchema,
          response: { 200: MemberSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { tenantId } = request.auth;
        const program = await resolveProgram(db, tenantId, request.query.programId);
        const memberId = await lookupMemberId(db, program, request.query.type, request.query.value);
        return loadMember(db, tenantId, memberId);
      },
    );

    app.get(
      '/v1/members/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Get a member with identities and consents',
          params: MemberIdParamsSchema,
          response: { 200: MemberSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => loadMember(db, request.auth.tenantId, request.params.id),
    );

    app.patch(
      '/v1/members/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Update profile, attributes, consents or status',
          params: MemberIdParamsSchema,
          body: MemberPatchSchema,
          response: { 200: MemberSchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId } = request.auth;
          const loadProgram = (programId: string) => getProgram(trx, tenantId, programId);
          return {
            status: 200,
            body: await updateMember(trx, tenantId, request.params.id, loadProgram, request.body),
          };
        }),
    );

    app.delete(
      '/v1/members/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a member: erase personal data and identities, keep a tombstone',
          params: MemberIdParamsSchema,
          response: { 200: MemberSchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await deleteMember(trx, request.auth.tenantId, request.params.id),
        })),
    );
  };
