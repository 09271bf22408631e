import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { noContentResponse, orNoContent } from '../../http/no-content.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { REFRESH_JOB } from './analytics.jobs.js';
import { distribution, findProgramModels, rfmGrid, saveAnalyticsSettings } from './analytics.repository.js';
import {
  AnalyticsSettingsSchema,
  DistributionSchema,
  LOYALTY_TYPES,
  MemberMetricsSchema,
  ModelsSchema,
  RFM_SEGMENTS,
  RfmReportSchema,
} from './analytics.schemas.js';
import { memberMetrics } from './member-metrics.js';
import { clvSettings } from './metrics/refresh-metrics.js';

const tags = ['analytics'];
const security = [{ bearerAuth: [] }];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Every known key appears (with 0 members) so charts keep a stable shape. */
function withShares(keys: readonly string[], rows: { key: string; members: number; at: Date | null }[]) {
  const total = rows.reduce((s, r) => s + r.members, 0);
  const at = rows.map((r) => r.at).find((d) => d !== null) ?? null;
  return {
    computedAt: at ? at.toISOString() : null,
    members: total,
    data: keys.map((key) => {
      const members = rows.find((r) => r.key === key)?.members ?? 0;
      return { key, members, share: total > 0 ? Number((members / total).toFixed(4)) : 0 };
    }),
  };
}

export const analyticsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/members/:id/metrics',
      {
        schema: {
          tags,
          security,
          summary:
            "A member's metrics: RFM, engagement, affinities, P(alive), churn risk, CLV and loyalty type",
          params: IdParams,
          description:
            '204 while the member has not been through a metrics refresh yet (daily, or on demand).',
          response: {
            200: MemberMetricsSchema,
            204: noContentResponse('Not computed yet'),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      (request, reply) =>
        orNoContent(reply, ['metrics_not_computed'], () =>
          memberMetrics(db, request.auth.tenantId, request.params.id),
        ),
    );

    app.post(
      '/v1/programs/:id/analytics/refresh',
      {
        schema: {
          tags,
          security,
          summary: 'Queue a refresh of every member metric and model of the program (also runs daily)',
          params: IdParams,
          response: {
            202: Type.Object({ queued: Type.Boolean({ description: 'false: a refresh is already queued' }) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await getProgram(trx, request.auth.tenantId, request.params.id);
          const queued = await enqueue(trx, {
            kind: REFRESH_JOB,
            dedupeKey: `${program.id}:manual:${Math.floor(Date.now() / 60_000)}`,
            payload: { tenantId: program.tenantId, programId: program.id },
          });
          return { status: 202, body: { queued } };
        }),
    );

    app.get(
      '/v1/programs/:id/analytics/models',
      {
        schema: {
          tags,
          security,
          summary: 'The fitted BG/NBD and Gamma-Gamma parameters and the CLV settings',
          params: IdParams,
          response: { 200: ModelsSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const row = await findProgramModels(db, program.id);
        const s = await clvSettings(db, program.id);
        return {
          settings: { discountRate: s.discountRate, margin: s.margin, clvMonths: s.months },
          refreshedAt: row?.refreshed_at ? row.refreshed_at.toISOString() : null,
          fit: row?.fit ?? null,
        };
      },
    );

    app.put(
      '/v1/programs/:id/analytics/settings',
      {
        schema: {
          tags,
          security,
          summary: 'Set the CLV discount rate, margin and horizon (applied at the next refresh)',
          params: IdParams,
          body: AnalyticsSettingsSchema,
          response: { 200: AnalyticsSettingsSchema, ...problemResponses(400, 401, 403, 404, 415) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await getProgram(trx, request.auth.tenantId, request.params.id);
          await saveAnalyticsSettings(trx, program, request.body);
          return { status: 200, body: request.body };
        }),
    );

    app.get(
      '/v1/programs/:id/analytics/rfm',
      {
        schema: {
          tags,
          security,
          summary: 'Members per RFM segment and per recency × frequency score',
          params: IdParams,
          response: { 200: RfmReportSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const rows = await distribution(db, program.id, 'rfm_segment');
        return { ...withShares(RFM_SEGMENTS, rows), grid: await rfmGrid(db, program.id) };
      },
    );

    app.get(
      '/v1/programs/:id/analytics/loyalty-types',
      {
        schema: {
          tags,
          security,
          summary: 'Members per loyalty type: devoted, captive, satisfied, convenience-seeking',
          params: IdParams,
          response: { 200: DistributionSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return withShares(LOYALTY_TYPES, await distribution(db, program.id, 'loyalty_type'));
      },
    );
  };
