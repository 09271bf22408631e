import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { EvaluationSchema } from '../campaigns/campaigns.schemas.js';
import { simulate } from '../engine/simulate.js';
import { requestFingerprint } from '../idempotency/idempotency.service.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { listEventTypes } from './event-types.repository.js';
import { registerEventType, toEventTypeDto } from './event-types.service.js';
import { findEvent } from './events.repository.js';
import {
  EventCreateSchema,
  EventSchema,
  EventTypeName,
  EventTypeSaveSchema,
  EventTypeSchema,
  SimulationQuerySchema,
  STANDARD_EVENT_TYPES,
} from './events.schemas.js';
import { eventActivity, recordEvent, resolveEvent, toEventDto } from './record-event.js';

const tags = ['events'];
const security = [{ bearerAuth: [] }];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const ProgramQuery = Type.Object({ programId: Type.Optional(Type.String({ format: 'uuid' })) });

export const eventsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/event-types',
      {
        schema: {
          tags,
          security,
          summary: 'List the event types registered in a program',
          querystring: ProgramQuery,
          response: {
            200: Type.Object({ items: Type.Array(EventTypeSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        return { items: (await listEventTypes(db, program.id)).map(toEventTypeDto) };
      },
    );

    app.put(
      '/v1/event-types/:type',
      {
        schema: {
          tags,
          security,
          summary: 'Register an event type (or change its name and property schema)',
          params: Type.Object({ type: EventTypeName }),
          body: EventTypeSaveSchema,
          response: { 200: EventTypeSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await resolveProgram(trx, request.auth.tenantId, request.body.programId);
          return {
            status: 200,
            body: toEventTypeDto(await registerEventType(trx, program, request.params.type, request.body)),
          };
        }),
    );

    app.post(
      '/v1/event-types/standard',
      {
        schema: {
          tags,
          security,
          summary:
            'Register the standard event types (reviews, social follows, surveys, check-ins, referrals …)',
          body: Type.Optional(ProgramQuery),
          response: { 200: Type.Object({ items: Type.Array(EventTypeSchema) }), ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await resolveProgram(trx, request.auth.tenantId, request.body?.programId);
          const items = [];
          for (const t of STANDARD_EVENT_TYPES) {
            items.push(
              toEventTypeDto(
                await registerEventType(trx, program, t.type, { name: t.name, properties: t.properties }),
              ),
            );
          }
          return { status: 200, body: { items } };
        }),
    );

    app.post(
      '/v1/events',
      {
        schema: {
          tags,
          security,
          summary:
            'Record a custom event (review, follow, survey, check-in …) and apply the rules it triggers',
          description:
            'Idempotent by `externalId` within the program. With `dryRun=true` nothing is written: the answer (200) ' +
            'is the evaluation of every rule, optionally `asOf` another time or with draft campaigns.',
          querystring: SimulationQuerySchema,
          body: EventCreateSchema,
          response: { 201: EventSchema, 200: EvaluationSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const q = request.query;
        if (q.dryRun) {
          const { program, memberId } = await resolveEvent(db, request.auth.tenantId, request.body);
          const asOf = q.asOf ? new Date(q.asOf) : undefined;
          const at = asOf ?? new Date(request.body.occurredAt);
          const activity = eventActivity(
            request.body.type,
            new Date(request.body.occurredAt),
            request.body.properties ?? {},
          );
          const body = await simulate(db, program, memberId, activity, {
            asOf,
            draftCampaignIds: q.draftCampaignId,
          });
          reply.code(200);
          return { ...body, asOf: at.toISOString() };
        }
        return handleWrite(db, request, reply, async (trx) => {
          const hash = requestFingerprint('POST', '/v1/events', request.body);
          const result = await recordEvent(trx, request.auth.tenantId, request.body, hash);
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return { status: 201, body: result.body };
        });
      },
    );

    app.get(
      '/v1/events/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Get a recorded event with what it earned',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: EventSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const row = await findEvent(db, request.auth.tenantId, request.params.id);
        if (row === undefined) throw notFound('event', request.params.id);
        return toEventDto(row);
      },
    );
  };
