import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { activateOffer } from '../offers/activate-offer.js';
import { memberOffers } from '../offers/member-offers.js';
import { ActivationSchema, MemberOfferSchema } from '../offers/offers.schemas.js';
import {
  OfferParams,
  PortalCouponSchema,
  PortalRedemptionSchema,
  PortalRewardsSchema,
  RewardParams,
} from './member-portal.schemas.js';
import { portalCoupons, portalRedeem, portalRewards } from './member-rewards.js';
import { memberWrite, portalMember } from './member-write.js';

const tags = ['portal'];
const security = [{ bearerAuth: [] }];
const config = { access: 'member' as const };
const readErrors = problemResponses(400, 401, 403, 409);
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

/** What the member can get: the rewards catalog and redemption, their coupons, and personal offers. */
export const portalRewardsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/portal/me/rewards',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'The rewards catalog with my price, whether I can afford it and why not',
          response: { 200: PortalRewardsSchema, ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return portalRewards(db, m.tenantId, m.memberId);
      },
    );

    app.post(
      '/v1/portal/me/rewards/:id/redeem',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Redeem a reward: points debited and the coupon issued in one step',
          description:
            'Send an `Idempotency-Key` to make retries safe: the same key replays the first answer. 409 ' +
            '`insufficient_points` or `reward_unavailable` (with `reasons`) when the member cannot have it.',
          params: RewardParams,
          response: { 201: PortalRedemptionSchema, 200: PortalRedemptionSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        memberWrite(db, request, reply, async (trx, m) => ({
          status: 201,
          body: await portalRedeem(trx, {
            tenantId: m.tenantId,
            memberId: m.memberId,
            rewardId: request.params.id,
            actor: m.actor,
          }),
        })),
    );

    app.get(
      '/v1/portal/me/coupons',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'My coupons, newest first, with what each is worth and whether it can be used now',
          response: { 200: Type.Object({ items: Type.Array(PortalCouponSchema) }), ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return portalCoupons(db, m.tenantId, m.memberId);
      },
    );

    app.get(
      '/v1/portal/me/offers',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'My personal offers (to activate) and rewards I can redeem, ranked for me',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(MemberOfferSchema) }), ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return { items: await memberOffers(db, m.tenantId, m.memberId, request.query.limit) };
      },
    );

    app.post(
      '/v1/portal/me/offers/:campaignId/activate',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Activate a personal offer: from now on its rules reward me (idempotent)',
          params: OfferParams,
          response: { 201: ActivationSchema, 200: ActivationSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        memberWrite(db, request, reply, async (trx, m) => {
          const a = await activateOffer(
            trx,
            m.tenantId,
            m.memberId,
            request.params.campaignId,
            m.actor,
            'portal',
          );
          return {
            status: a.created ? 201 : 200,
            body: { campaignId: a.campaignId, memberId: a.memberId, activatedAt: a.activatedAt },
          };
        }),
    );
  };
