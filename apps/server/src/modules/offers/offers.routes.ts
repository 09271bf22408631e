import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { activateOffer } from './activate-offer.js';
import { memberOffers } from './member-offers.js';
import { ActivationSchema, MemberOfferSchema } from './offers.schemas.js';

const tags = ['offers'];
const security = [{ bearerAuth: [] }];
const MemberParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const offersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/members/:id/offers',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary:
            "The member's next-best offers: open offers and redeemable rewards, ranked, with the reasons",
          params: MemberParams,
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ data: Type.Array(MemberOfferSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => ({
        data: await memberOffers(db, request.auth.tenantId, request.params.id, request.query.limit),
      }),
    );

    app.post(
      '/v1/members/:id/offers/:campaignId/activate',
      {
        schema: {
          tags,
          security,
          summary: 'Activate a personal offer for the member; its rules reward them from now on (idempotent)',
          params: Type.Object({
            id: Type.String({ format: 'uuid' }),
            campaignId: Type.String({ format: 'uuid' }),
          }),
          body: Type.Optional(
            Type.Object(
              {
                channel: Type.Optional(
                  Type.String({ minLength: 1, maxLength: 50, description: 'e.g. app, web, pos' }),
                ),
              },
              { additionalProperties: false },
            ),
          ),
          response: {
            200: ActivationSchema,
            201: ActivationSchema,
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const a = await activateOffer(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.params.campaignId,
            request.auth.actor,
            request.body?.channel ?? null,
          );
          return {
            status: a.created ? 201 : 200,
            body: { campaignId: a.campaignId, memberId: a.memberId, activatedAt: a.activatedAt },
          };
        }),
    );
  };
