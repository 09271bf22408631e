import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { mergeMembers } from './merge-members.js';

const MergeResultSchema = Type.Object({
  survivorId: Type.String({ format: 'uuid' }),
  duplicateId: Type.String({ format: 'uuid' }),
  identitiesMoved: Type.Integer(),
  transactionsMoved: Type.Integer(),
  walletsMerged: Type.Array(Type.Object({ wallet: Type.String(), amount: Type.Integer() })),
});

export const mergeRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/members/:id/merge',
      {
        schema: {
          tags: ['members'],
          security: [{ bearerAuth: [] }],
          summary: 'Merge a duplicate profile into this member (irreversible, audited)',
          description:
            'Moves identities, points lots with their expiry dates, debt and purchase history from `duplicateId` to ' +
            'this member; the duplicate is kept as a tombstone with `mergedInto`.',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { duplicateId: Type.String({ format: 'uuid' }) },
            { additionalProperties: false },
          ),
          response: { 200: MergeResultSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await mergeMembers(trx, request.auth.tenantId, {
            survivorId: request.params.id,
            duplicateId: request.body.duplicateId,
            actor: request.auth.actor,
          }),
        })),
    );
  };
