import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { campaignDto, campaignDtos } from './campaigns.mapper.js';
import { findCampaign, findVersion, listCampaigns } from './campaigns.repository.js';
import {
  CampaignCreateSchema,
  type CampaignDocument,
  CampaignDocumentSchema,
  CampaignListSchema,
  CampaignSchema,
  CampaignVersionSchema,
  TransitionSchema,
} from './campaigns.schemas.js';
import { createCampaign, publishCampaign, transitionCampaign, updateDraft } from './manage-campaign.js';
import { forgetRuleSet } from './rule-set.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['campaigns'];
const security = [{ bearerAuth: [] }];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

export const campaignsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Publishing evicts the cached rule set inside its transaction; evicting again after commit closes the gap in
    // which a concurrent reader could have cached the old set.
    const afterCommit = <T extends { programId: string }>(dto: T) => {
      forgetRuleSet(dto.programId);
      return dto;
    };

    app.get(
      '/v1/campaigns',
      {
        schema: {
          tags,
          security,
          summary: "List a program's campaigns (the base earn campaign first)",
          querystring: Type.Object({ programId: Type.Optional(Type.String({ format: 'uuid' })) }),
          response: { 200: CampaignListSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        return { items: await campaignDtos(db, await listCampaigns(db, request.auth.tenantId, program.id)) };
      },
    );

    app.get(
      '/v1/campaigns/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Get a campaign: its status, draft and published versions',
          params: IdParams,
          response: { 200: CampaignSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const row = await findCampaign(db, request.auth.tenantId, request.params.id);
        if (row === undefined) throw notFound('campaign', request.params.id);
        return campaignDto(db, row);
      },
    );

    app.get(
      '/v1/campaigns/:id/versions/:version',
      {
        schema: {
          tags,
          security,
          summary: 'Get a published (immutable) version of a campaign',
          params: Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) }),
          response: { 200: CampaignVersionSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const { id, version } = request.params;
        const row = await findCampaign(db, request.auth.tenantId, id);
        const v = row ? await findVersion(db, row.id, version) : undefined;
        if (v === undefined) throw notFound('campaign_version', `${id} v${version}`);
        return {
          id: v.id,
          campaignId: v.campaign_id,
          version: v.version,
          publishedAt: v.published_at.toISOString(),
          publishedBy: v.published_by,
          document: v.document as unknown as CampaignDocument,
        };
      },
    );

    app.post(
      '/v1/campaigns',
      {
        schema: {
          tags,
          security,
          summary: 'Create a campaign as a draft (or publish it at once with `publish: true`)',
          body: CampaignCreateSchema,
          response: { 201: CampaignSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        afterCommit(
          await handleWrite(db, request, reply, async (trx) => ({
            status: 201,
            body: await campaignDto(
              trx,
              await createCampaign(trx, request.auth.tenantId, request.body, request.auth.actor),
            ),
          })),
        ),
    );

    app.put(
      '/v1/campaigns/:id',
      {
        schema: {
          tags,
          security,
          summary: "Replace a campaign's draft; live rules change only when it is published",
          params: IdParams,
          body: CampaignDocumentSchema,
          response: { 200: CampaignSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await campaignDto(
            trx,
            await updateDraft(
              trx,
              request.auth.tenantId,
              request.params.id,
              request.body,
              request.auth.actor,
            ),
          ),
        })),
    );

    app.post(
      '/v1/campaigns/:id/publish',
      {
        schema: {
          tags,
          security,
          summary: 'Publish the draft as the next immutable version',
          params: IdParams,
          response: { 200: CampaignSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        afterCommit(
          await handleWrite(db, request, reply, async (trx) => ({
            status: 200,
            body: await campaignDto(
              trx,
              await publishCampaign(trx, request.auth.tenantId, request.params.id, request.auth.actor),
            ),
          })),
        ),
    );

    app.post(
      '/v1/campaigns/:id/status',
      {
        schema: {
          tags,
          security,
          summary: 'Pause, resume or end a campaign',
          params: IdParams,
          body: TransitionSchema,
          response: { 200: CampaignSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        afterCommit(
          await handleWrite(db, request, reply, async (trx) => ({
            status: 200,
            body: await campaignDto(
              trx,
              await transitionCampaign(
                trx,
                request.auth.tenantId,
                request.params.id,
                request.body.action,
                request.auth.actor,
              ),
            ),
          })),
        ),
    );
  };
