import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { getProgram } from '../tenants/programs.service.js';
import {
  claimIdentities,
  detachIdentity,
  issueCard,
  lockLiveMember,
  normalizeIdentities,
} from './identities.service.js';
import { toIdentityDto } from './members.mapper.js';
import { findIdentityOwner } from './members.repository.js';
import {
  IdentityInputSchema,
  IdentityParamsSchema,
  IdentitySchema,
  MemberIdParamsSchema,
} from './members.schemas.js';

const tags = ['identities'];
const security = [{ bearerAuth: [] }];
const writeProblems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

export const identitiesRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/members/:id/identities',
      {
        schema: {
          tags,
          security,
          summary: 'Attach an identity (email, phone, card, external id, social handle) to a member',
          params: MemberIdParamsSchema,
          body: IdentityInputSchema,
          response: { 201: IdentitySchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const member = await lockLiveMember(trx, request.auth.tenantId, request.params.id);
          const program = await getProgram(trx, request.auth.tenantId, member.program_id);
          const identities = normalizeIdentities([{ ...request.body, field: '/value' }], program);
          await claimIdentities(trx, member, identities);
          const [identity] = identities;
          const row = identity && (await findIdentityOwner(trx, program.id, identity.type, identity.value));
          if (!row) throw new Error('identity missing right after it was claimed');
          return { status: 201, body: toIdentityDto(row) };
        }),
    );

    app.delete(
      '/v1/members/:id/identities/:identityId',
      {
        schema: {
          tags,
          security,
          summary: 'Detach an identity from a member',
          params: IdentityParamsSchema,
          response: { 204: Type.Null({ description: 'Detached' }), ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          await detachIdentity(trx, request.auth.tenantId, request.params.id, request.params.identityId);
          return { status: 204, body: null };
        }),
    );

    app.post(
      '/v1/members/:id/cards',
      {
        schema: {
          tags,
          security,
          summary:
            'Issue a loyalty card number (16 digits with a Luhn check digit) for a physical or virtual card',
          params: MemberIdParamsSchema,
          response: { 201: IdentitySchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const member = await lockLiveMember(trx, request.auth.tenantId, request.params.id);
          return { status: 201, body: toIdentityDto(await issueCard(trx, member)) };
        }),
    );
  };
