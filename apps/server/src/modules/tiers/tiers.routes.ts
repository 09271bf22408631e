import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { noContentResponse, orNoContent } from '../../http/no-content.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { quoteCheckout } from './checkout-quote.js';
import { forgetTierDefinitions, toDefinitions } from './definitions.js';
import { assignTier, removeManualTier } from './manual-tier.js';
import { replaceTierSet } from './replace-tier-set.js';
import { memberTierStatus } from './tier-progress.js';
import {
  findRecompute,
  findTierSet,
  historyOf,
  type RecomputeRow,
  type TierSetRow,
} from './tiers.repository.js';
import {
  AssignSchema,
  HistorySchema,
  MemberTierSchema,
  QuoteRequestSchema,
  QuoteSchema,
  RecomputeSchema,
  type TierSetDto,
  TierSetDtoSchema,
  TierSetSchema,
} from './tiers.schemas.js';

const Id = Type.String({ format: 'uuid' });
const security = [{ bearerAuth: [] }];
const tags = ['tiers'];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

function toSetDto(row: TierSetRow, publicView: boolean): TierSetDto {
  const { set } = toDefinitions(row);
  return {
    programId: row.program_id,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    benefitsCampaignId: row.benefits_campaign_id,
    ...set,
    tiers: publicView ? set.tiers.filter((t) => !t.hidden) : set.tiers,
  };
}

const toRecomputeDto = (r: RecomputeRow) => ({
  id: r.id,
  programId: r.program_id,
  tierSetVersion: r.tier_set_version,
  status: r.status,
  total: r.total,
  processed: r.processed,
  changed: r.changed,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

export const tiersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/tiers',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "The program's tiers: qualification, window, downgrade policy and benefits",
          description: 'Publishable keys do not see hidden tiers. 204 when the program has no tiers (yet).',
          params: Type.Object({ id: Id }),
          response: {
            200: TierSetDtoSchema,
            204: noContentResponse('The program has no tiers'),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const row = await findTierSet(db, program.id);
        if (row === undefined) return reply.code(204).send(null);
        return toSetDto(row, request.auth.scope !== 'server');
      },
    );

    app.put(
      '/v1/programs/:id/tiers',
      {
        schema: {
          tags,
          security,
          summary: 'Replace the tier definitions; a recompute job applies them to every member',
          params: Type.Object({ id: Id }),
          body: TierSetSchema,
          response: { 200: TierSetDtoSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const body = await handleWrite(db, request, reply, async (trx) => {
          const { row, recompute } = await replaceTierSet(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            request.auth.actor,
          );
          return {
            status: 200,
            body: { ...toSetDto(row, false), recompute: { id: recompute.id, status: recompute.status } },
          };
        });
        // Evicted inside the transaction too; again after commit, closing the window for a concurrent reader.
        forgetTierDefinitions(body.programId);
        forgetRuleSet(body.programId);
        return body;
      },
    );

    app.get(
      '/v1/programs/:id/tiers/recomputes/:recomputeId',
      {
        schema: {
          tags,
          security,
          summary: 'Progress of a tier recompute',
          params: Type.Object({ id: Id, recomputeId: Id }),
          response: { 200: RecomputeSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const run = await findRecompute(db, request.params.recomputeId);
        if (run === undefined || run.program_id !== program.id)
          throw notFound('recompute', request.params.recomputeId);
        return toRecomputeDto(run);
      },
    );

    app.get(
      '/v1/members/:id/tier',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "A member's tier, progress to the next tier and what keeps the current one, with dates",
          params: Type.Object({ id: Id }),
          querystring: Type.Object({
            asOf: Type.Optional(Type.String({ format: 'date-time', description: 'Figures as of this time' })),
          }),
          response: {
            200: MemberTierSchema,
            204: noContentResponse('The program has no tiers'),
            ...problemResponses(400, 401, 404, 409),
          },
        },
      },
      async (request, reply) =>
        orNoContent(reply, ['tiers_not_configured'], () =>
          memberTierStatus(
            db,
            request.auth.tenantId,
            request.params.id,
            request.query.asOf ? new Date(request.query.asOf) : new Date(),
          ),
        ),
    );

    app.get(
      '/v1/members/:id/tier/history',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "A member's tier changes, newest first",
          params: Type.Object({ id: Id }),
          response: { 200: HistorySchema, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request) => {
        const member = await requireLiveMember(db, request.auth.tenantId, request.params.id);
        const rows = await historyOf(db, member.id);
        return {
          items: rows.map((r) => ({
            from: r.from_tier,
            to: r.to_tier,
            reason: r.reason,
            actor: r.actor,
            at: new Date(r.at).toISOString(),
          })),
        };
      },
    );

    app.put(
      '/v1/members/:id/tier',
      {
        schema: {
          tags,
          security,
          summary: 'Assign a tier by hand (invite-only tiers, status matches); kept until removed; audited',
          params: Type.Object({ id: Id }),
          body: AssignSchema,
          response: { 200: MemberTierSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          await assignTier(trx, request.auth.tenantId, request.params.id, request.body, request.auth.actor);
          return { status: 200, body: await memberTierStatus(trx, request.auth.tenantId, request.params.id) };
        }),
    );

    app.delete(
      '/v1/members/:id/tier',
      {
        schema: {
          tags,
          security,
          summary: 'Remove a manually assigned tier; the member is placed by their activity; audited',
          params: Type.Object({ id: Id }),
          response: { 200: MemberTierSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          await removeManualTier(trx, request.auth.tenantId, request.params.id, request.auth.actor);
          return { status: 200, body: await memberTierStatus(trx, request.auth.tenantId, request.params.id) };
        }),
    );

    app.post(
      '/v1/checkout/quote',
      {
        schema: {
          tags,
          security,
          summary: "Discount-card quote: the member's tier discount on each line of a basket",
          description: 'Nothing is written. Per-line discounts are rounded half up to the minor unit.',
          body: QuoteRequestSchema,
          response: { 200: QuoteSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request) => quoteCheckout(db, request.auth.tenantId, request.body),
    );
  };
