import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { type ApiKeyRow, listApiKeys } from './api-keys.repository.js';
import { createApiKey, forgetApiKey, revokeKey } from './api-keys.service.js';

const ApiKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  scope: Type.Union([Type.Literal('server'), Type.Literal('publishable')]),
  prefix: Type.String({ description: 'The first characters of the secret, to recognise a key' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  partnerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'A partner key acts only for this coalition partner',
  }),
});
const CreatedApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  secret: Type.String({ description: 'Shown only in this response; store it safely' }),
});
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Type.Union([Type.Literal('server'), Type.Literal('publishable')]),
  },
  { additionalProperties: false },
);

function toDto(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    scope: k.scope,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    partnerId: k.partnerId,
  };
}

const tags = ['api-keys'];
const security = [{ bearerAuth: [] }];

export const apiKeysRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/api-keys',
      {
        schema: {
          tags,
          security,
          summary: "List the tenant's API keys (never their secrets)",
          response: { 200: Type.Object({ data: Type.Array(ApiKeySchema) }), ...problemResponses(401, 403) },
        },
      },
      async (request) => ({ data: (await listApiKeys(db, request.auth.tenantId)).map(toDto) }),
    );

    app.post(
      '/v1/api-keys',
      {
        schema: {
          tags,
          security,
          summary: 'Create an API key; the secret is returned once',
          body: CreateBody,
          response: { 201: CreatedApiKeySchema, ...problemResponses(400, 401, 403, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const key = await createApiKey(trx, { tenantId: request.auth.tenantId, ...request.body });
          return { status: 201, body: { ...toDto(key), secret: key.secret } };
        }),
    );

    app.delete(
      '/v1/api-keys/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Revoke an API key; it stops working immediately',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: ApiKeySchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const body = await handleWrite(db, request, reply, async (trx) => {
          const key = await revokeKey(trx, request.auth.tenantId, request.params.id);
          if (key === undefined) throw notFound('api_key', request.params.id);
          return { status: 200, body: toDto(key) };
        });
        // Committed now: a request that re-cached the key while the revocation was in flight is dropped too.
        forgetApiKey(request.params.id);
        return body;
      },
    );
  };
