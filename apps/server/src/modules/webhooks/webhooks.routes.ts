import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  deactivateEndpoint,
  deliveriesOf,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
} from './webhooks.repository.js';

const tags = ['webhooks'];
const security = [{ bearerAuth: [] }];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const EndpointSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  eventTypes: Type.Array(Type.String(), { description: 'Empty: every event type' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const CreatedSchema = Type.Object({
  ...EndpointSchema.properties,
  secret: Type.String({ description: 'Signing secret, shown only now: verify `webhook-signature` with it' }),
});
const DeliverySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const toDto = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.event_types,
  createdAt: e.created_at.toISOString(),
});

export const webhooksRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/webhooks',
      {
        schema: {
          tags,
          security,
          summary:
            'Subscribe an HTTPS endpoint to events (signed as Standard Webhooks, retried with backoff)',
          body: Type.Object(
            {
              url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
              description: Type.Optional(Type.String({ maxLength: 500 })),
              eventTypes: Type.Optional(
                Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_.]{0,99}$' }), {
                  maxItems: 100,
                  uniqueItems: true,
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: CreatedSchema, ...problemResponses(400, 401, 403, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const row = await insertEndpoint(trx, {
            id: uuidv7(),
            tenant_id: request.auth.tenantId,
            url: request.body.url,
            description: request.body.description ?? null,
            secret: `whsec_${randomBytes(24).toString('base64url')}`,
            event_types: request.body.eventTypes ?? [],
          });
          await recordAudit(trx, {
            tenantId: request.auth.tenantId,
            actor: request.auth.actor,
            action: 'webhook.created',
            subjectType: 'webhook',
            subjectId: row.id,
            details: { url: row.url },
          });
          return { status: 201, body: { ...toDto(row), secret: row.secret } };
        }),
    );

    app.get(
      '/v1/webhooks',
      {
        schema: {
          tags,
          security,
          summary: 'List active webhook endpoints',
          response: { 200: Type.Object({ items: Type.Array(EndpointSchema) }), ...problemResponses(401) },
        },
      },
      async (request) => ({ items: (await listEndpoints(db, request.auth.tenantId)).map(toDto) }),
    );

    app.delete(
      '/v1/webhooks/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Unsubscribe an endpoint (pending deliveries to it stop)',
          params: IdParams,
          response: { 200: EndpointSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const row = await deactivateEndpoint(trx, request.auth.tenantId, request.params.id);
          if (row === undefined) throw notFound('webhook', request.params.id);
          return { status: 200, body: toDto(row) };
        }),
    );

    app.get(
      '/v1/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          security,
          summary: 'Recent deliveries to an endpoint, newest first, with their status and last error',
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(DeliverySchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const endpoint = await findEndpoint(db, request.auth.tenantId, request.params.id);
        if (endpoint === undefined) throw notFound('webhook', request.params.id);
        const rows = await deliveriesOf(db, endpoint.id, 100);
        return {
          items: rows.map((d) => ({
            id: d.id,
            type: d.type,
            status: d.status,
            attempts: d.attempts,
            responseStatus: d.response_status,
            lastError: d.last_error,
            nextAttemptAt: d.next_attempt_at.toISOString(),
            deliveredAt: d.delivered_at?.toISOString() ?? null,
          })),
        };
      },
    );
  };
