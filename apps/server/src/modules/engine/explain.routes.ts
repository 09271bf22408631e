import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { conflict, problemResponses } from '../../http/problem.js';
import { EvaluationSchema } from '../campaigns/campaigns.schemas.js';
import { requireLiveMember } from '../members/identities.service.js';
import type { Activity } from '../rules/evaluation.types.js';
import { getProgram } from '../tenants/programs.service.js';
import { LineInputSchema } from '../transactions/transactions.schemas.js';
import { activityLines, purchaseActivity } from './purchase-activity.js';
import { simulate } from './simulate.js';

const TRIGGERS = [
  'purchase',
  'return',
  'event',
  'enrolment',
  'profile_completed',
  'birthday',
  'anniversary',
  'tier_changed',
  'inactivity',
  'schedule',
] as const;

const ExplainSchema = Type.Object(
  {
    activity: Type.Object(
      {
        type: Type.Union(TRIGGERS.map((t) => Type.Literal(t))),
        occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: asOf, or now' })),
        lines: Type.Optional(Type.Array(LineInputSchema, { maxItems: 500 })),
        channel: Type.Optional(Type.String({ maxLength: 50 })),
        storeId: Type.Optional(Type.String({ maxLength: 100 })),
        paymentMethod: Type.Optional(Type.String({ maxLength: 50 })),
        eventType: Type.Optional(Type.String({ maxLength: 100 })),
        properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        inactiveDays: Type.Optional(Type.Integer({ minimum: 0 })),
        tier: Type.Optional(Type.String({ maxLength: 100 })),
      },
      {
        additionalProperties: false,
        description: 'A hypothetical activity: a purchase (lines), an event, a trigger',
      },
    ),
    asOf: Type.Optional(Type.String({ format: 'date-time', description: 'Rules as they were at this time' })),
    draftCampaignIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const explainRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/members/:id/explain',
      {
        schema: {
          tags: ['rules'],
          security: [{ bearerAuth: [] }],
          summary: 'Explain every rule for a member and a hypothetical activity: applied or not, and why',
          description:
            'Nothing is written. The same evaluation a real purchase or event would get, with real limits.',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: ExplainSchema,
          response: { 200: EvaluationSchema, ...problemResponses(400, 401, 404, 409, 413, 415, 422) },
        },
      },
      async (request) => {
        const member = await requireLiveMember(db, request.auth.tenantId, request.params.id);
        if (member.status === 'blocked') throw conflict('member_blocked', `Member ${member.id} is blocked`);
        const program = await getProgram(db, request.auth.tenantId, member.program_id);
        const { activity: a, asOf, draftCampaignIds } = request.body;
        const occurredAt = new Date(a.occurredAt ?? asOf ?? Date.now());
        const lines = activityLines(a.lines ?? []);
        const base = purchaseActivity(
          {
            occurredAt,
            currency: program.currency,
            channel: a.channel ?? null,
            storeId: a.storeId ?? null,
            paymentMethod: a.paymentMethod ?? null,
            lines,
          },
          a.type === 'return' ? 'return' : 'purchase',
        );
        const activity: Activity = {
          ...base,
          trigger: a.type,
          ...(a.eventType ? { eventType: a.eventType } : {}),
          ...(a.properties ? { properties: a.properties } : {}),
          ...(a.inactiveDays !== undefined ? { inactiveDays: a.inactiveDays } : {}),
          ...(a.tier ? { tier: a.tier } : {}),
        };
        return simulate(db, program, member.id, activity, {
          asOf: asOf ? new Date(asOf) : undefined,
          draftCampaignIds,
        });
      },
    );
  };
