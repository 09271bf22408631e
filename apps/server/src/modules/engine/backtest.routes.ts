import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { fieldInvalid, notFound, problemResponses } from '../../http/problem.js';
import { findCampaign } from '../campaigns/campaigns.repository.js';
import { draftsFor } from '../campaigns/rule-set.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { backtest } from './backtest.js';

const Scenario = Type.Object({
  points: Type.Integer(),
  members: Type.Integer({ description: 'Members who would earn points' }),
  cost: Type.Object({ minor: Type.Integer(), currency: Type.String(), formatted: Type.String() }),
  byCampaign: Type.Array(
    Type.Object({ campaignId: Type.String(), name: Type.String(), points: Type.Integer() }),
  ),
});

const BacktestSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  purchases: Type.Integer(),
  events: Type.Integer(),
  live: Scenario,
  draft: Scenario,
  difference: Type.Object({ points: Type.Integer(), costMinor: Type.Integer() }),
  biggestChanges: Type.Array(
    Type.Object({
      memberId: Type.String(),
      live: Type.Integer(),
      draft: Type.Integer(),
      difference: Type.Integer(),
    }),
  ),
});

const MAX_WINDOW_DAYS = 3 * 366;

export const backtestRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/campaigns/:id/backtest',
      {
        schema: {
          tags: ['campaigns'],
          security: [{ bearerAuth: [] }],
          summary: "Replay past purchases and events against the campaign's draft, next to the live rules",
          description:
            'Nothing is written. Reports points issued, members affected and cost at the program point value under ' +
            'the live rules and with this campaign taken from its draft, and the members whose points change most.',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
          response: { 200: BacktestSchema, ...problemResponses(400, 401, 404, 413, 415) },
        },
      },
      async (request) => {
        const tenantId = request.auth.tenantId;
        const row = await findCampaign(db, tenantId, request.params.id);
        if (row === undefined) throw notFound('campaign', request.params.id);
        const from = new Date(request.body.from);
        const to = new Date(request.body.to);
        if (to <= from) throw fieldInvalid('/to', 'range', 'must be after from');
        if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
          throw fieldInvalid('/to', 'range', `a backtest covers at most ${MAX_WINDOW_DAYS} days`);
        }
        const program = await getProgram(db, tenantId, row.program_id);
        const drafts = await draftsFor(db, tenantId, program.id, [row.id]);
        return backtest(db, program, { from, to }, drafts);
      },
    );
  };
