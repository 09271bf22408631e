import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import { Type } from 'typebox';
import type { Db } from '../../../db/database.js';
import { fieldInvalid, notFound, problemResponses } from '../../../http/problem.js';
import { findCampaign, findVersion } from '../../campaigns/campaigns.repository.js';
import type { CampaignDocument } from '../../campaigns/campaigns.schemas.js';
import { requireSegment } from '../../segments/manage-segment.js';
import type { Program } from '../../tenants/programs.repository.js';
import { getProgram } from '../../tenants/programs.service.js';
import { incrementality } from './incrementality.js';
import { kpiReport } from './kpi-report.js';
import type { Range } from './kpis.queries.js';
import {
  CampaignReportSchema,
  CohortQuerySchema,
  CohortReportSchema,
  IncrementalityQuerySchema,
  IncrementalitySchema,
  KpiQuerySchema,
  KpiReportSchema,
  RangeQuerySchema,
} from './kpis.schemas.js';
import { campaignReport, cohortReport } from './performance-reports.js';

const MAX_DAYS = 3660;

/** `from`..`to` as local days of the program, `to` inclusive, checked for order and length. */
export function rangeOf(
  program: Program,
  q: { from: string; to: string; interval?: Range['interval'] },
): Range {
  const from = DateTime.fromISO(q.from, { zone: program.timezone });
  const to = DateTime.fromISO(q.to, { zone: program.timezone }).plus({ days: 1 });
  if (to <= from) throw fieldInvalid('/to', 'before_from', 'must not be before from');
  if (to.diff(from, 'days').days > MAX_DAYS)
    throw fieldInvalid('/to', 'range', `the range may span at most ${MAX_DAYS} days`);
  const interval = q.interval ?? 'day';
  if (interval === 'day' && to.diff(from, 'days').days > 1000) {
    throw fieldInvalid('/interval', 'too_many_points', 'a range over 1000 days needs interval week or month');
  }
  return {
    programId: program.id,
    timezone: program.timezone,
    from: from.toJSDate(),
    to: to.toJSDate(),
    interval,
  };
}

export const kpisRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/reports/kpis',
      {
        schema: {
          tags: ['analytics'],
          security: [{ bearerAuth: [] }],
          summary: 'Program KPIs for a date range, with a series per day, week or month',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          querystring: KpiQuerySchema,
          response: { 200: KpiReportSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const { segmentId } = request.query;
        if (segmentId !== undefined) {
          const segment = await requireSegment(db, program.tenantId, segmentId);
          if (segment.programId !== program.id) throw notFound('segment', segmentId);
        }
        return kpiReport(db, program, { ...rangeOf(program, request.query), segmentId });
      },
    );

    app.get(
      '/v1/programs/:id/reports/incrementality',
      {
        schema: {
          tags: ['analytics'],
          security: [{ bearerAuth: [] }],
          summary:
            'Uplift in spend and visits per member of the program (or a campaign) against its control group, with 95 % CIs',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          querystring: IncrementalityQuerySchema,
          response: { 200: IncrementalitySchema, ...problemResponses(400, 401, 404, 422) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const range = rangeOf(program, { ...request.query, interval: 'month' });
        const { campaignId } = request.query;
        if (campaignId === undefined) {
          const h =
            program.holdoutPercent > 0
              ? { unit: program.id, percent: program.holdoutPercent, what: 'program' as const }
              : null;
          return incrementality(db, program, h, range);
        }
        const campaign = await findCampaign(db, program.tenantId, campaignId);
        if (campaign === undefined || campaign.program_id !== program.id)
          throw notFound('campaign', campaignId);
        const version = campaign.current_version
          ? await findVersion(db, campaign.id, campaign.current_version)
          : undefined;
        const doc = version?.document as unknown as CampaignDocument | undefined;
        const h = doc?.holdout
          ? { unit: campaign.id, percent: doc.holdout.percent, what: 'campaign' as const }
          : null;
        return incrementality(db, program, h, range);
      },
    );

    app.get(
      '/v1/programs/:id/reports/cohorts',
      {
        schema: {
          tags: ['analytics'],
          security: [{ bearerAuth: [] }],
          summary:
            'Retention matrix: monthly first-purchase cohorts and the share buying again each month after',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          querystring: CohortQuerySchema,
          response: { 200: CohortReportSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const range = rangeOf(program, { ...request.query, interval: 'month' });
        return cohortReport(db, program, range, request.query.months ?? 12);
      },
    );

    app.get(
      '/v1/programs/:id/reports/campaigns',
      {
        schema: {
          tags: ['analytics'],
          security: [{ bearerAuth: [] }],
          summary:
            'Campaign performance: points, cost, members, purchases and revenue rewarded, and holdout uplift',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          querystring: RangeQuerySchema,
          response: { 200: CampaignReportSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return campaignReport(db, program, rangeOf(program, { ...request.query, interval: 'month' }));
      },
    );
  };
