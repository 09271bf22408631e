import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { requireLiveMember } from '../members/identities.service.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { cancelRedemption } from './cancel-redemption.js';
import { moveFulfilment } from './fulfilment.js';
import { createReward, replaceReward, toRewardDto } from './manage-reward.js';
import { redeemReward } from './redeem-reward.js';
import { memberRewards, toRedemptionDto } from './redemption-view.js';
import { findRedemption, findReward, listRewards, memberRedemptions } from './rewards.repository.js';
import {
  FulfilmentBody,
  MemberRewardSchema,
  RedeemBody,
  RedemptionDtoSchema,
  RewardBody,
  RewardDtoSchema,
} from './rewards.schemas.js';

const Id = Type.String({ format: 'uuid' });
const security = [{ bearerAuth: [] }];
const tags = ['rewards'];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const readErrors = problemResponses(400, 401, 403, 404);

export const rewardsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/rewards',
      {
        schema: {
          tags,
          security,
          summary: 'Add a reward to the catalog',
          body: RewardBody,
          response: { 201: RewardDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const reward = await createReward(trx, request.auth.tenantId, request.auth.actor, request.body);
          return { status: 201, body: toRewardDto(reward) };
        }),
    );

    app.get(
      '/v1/rewards',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "The program's rewards catalog",
          querystring: Type.Object({
            programId: Type.Optional(Id),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
          }),
          response: { 200: Type.Object({ items: Type.Array(RewardDtoSchema) }), ...readErrors },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        const status = request.auth.scope === 'server' ? request.query.status : 'active';
        return { items: (await listRewards(db, program.id, status)).map(toRewardDto) };
      },
    );

    app.get(
      '/v1/rewards/:id',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'One reward',
          params: Type.Object({ id: Id }),
          response: { 200: RewardDtoSchema, ...readErrors },
        },
      },
      async (request) => {
        const reward = await findReward(db, request.auth.tenantId, request.params.id);
        if (reward === undefined) throw notFound('reward', request.params.id);
        return toRewardDto(reward);
      },
    );

    app.put(
      '/v1/rewards/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Replace a reward definition (stock already redeemed stays counted)',
          params: Type.Object({ id: Id }),
          body: RewardBody,
          response: { 200: RewardDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const reward = await replaceReward(
            trx,
            request.auth.tenantId,
            request.auth.actor,
            request.params.id,
            request.body,
          );
          return { status: 200, body: toRewardDto(reward) };
        }),
    );

    app.get(
      '/v1/members/:id/rewards',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'Which rewards this member can redeem now, at what price, and why not the others',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Object({ items: Type.Array(MemberRewardSchema) }), ...readErrors },
        },
      },
      async (request) => ({ items: await memberRewards(db, request.auth.tenantId, request.params.id) }),
    );

    app.post(
      '/v1/members/:id/rewards/:rewardId/redeem',
      {
        schema: {
          tags,
          security,
          summary:
            'Redeem a reward for points: debit and coupon, credit or fulfilment record in one transaction',
          description:
            '409 `insufficient_points` or `reward_unavailable` (with `reasons`) when the member cannot have it; ' +
            'nothing is written then. A reused `reference` returns the existing redemption with 200.',
          params: Type.Object({ id: Id, rewardId: Id }),
          body: Type.Optional(RedeemBody),
          response: { 201: RedemptionDtoSchema, 200: RedemptionDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { redemption, replayed } = await redeemReward(trx, {
            tenantId: request.auth.tenantId,
            memberId: request.params.id,
            rewardId: request.params.rewardId,
            reference: request.body?.reference,
            shippingAddress: request.body?.shippingAddress,
            actor: request.auth.actor,
          });
          return {
            status: replayed ? 200 : 201,
            body: await toRedemptionDto(trx, request.auth.tenantId, redemption),
          };
        }),
    );

    app.get(
      '/v1/members/:id/redemptions',
      {
        schema: {
          tags,
          security,
          summary: "The member's reward redemptions, newest first (up to 200)",
          params: Type.Object({ id: Id }),
          response: { 200: Type.Object({ items: Type.Array(RedemptionDtoSchema) }), ...readErrors },
        },
      },
      async (request) => {
        const { tenantId } = request.auth;
        const member = await requireLiveMember(db, tenantId, request.params.id);
        const rows = await memberRedemptions(db, tenantId, member.id);
        const items = [];
        for (const r of rows) items.push(await toRedemptionDto(db, tenantId, r));
        return { items };
      },
    );

    app.get(
      '/v1/redemptions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'A reward redemption with its coupon, credit or fulfilment record',
          params: Type.Object({ id: Id }),
          response: { 200: RedemptionDtoSchema, ...readErrors },
        },
      },
      async (request) => {
        const row = await findRedemption(db, request.auth.tenantId, request.params.id);
        if (row === undefined) throw notFound('redemption', request.params.id);
        return toRedemptionDto(db, request.auth.tenantId, row);
      },
    );

    app.post(
      '/v1/redemptions/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary:
            'Cancel a redemption: points back to the lots they came from, coupon voided, fulfilment cancelled',
          params: Type.Object({ id: Id }),
          body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) })),
          response: { 200: RedemptionDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId, actor } = request.auth;
          const row = await cancelRedemption(
            trx,
            tenantId,
            request.params.id,
            actor,
            request.body?.note ?? null,
          );
          return { status: 200, body: await toRedemptionDto(trx, tenantId, row) };
        }),
    );

    app.post(
      '/v1/redemptions/:id/fulfilment',
      {
        schema: {
          tags,
          security,
          summary: 'Move a fulfilment forward (shipped, delivered) or cancel it; audited',
          params: Type.Object({ id: Id }),
          body: FulfilmentBody,
          response: { 200: RedemptionDtoSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId, actor } = request.auth;
          await moveFulfilment(trx, tenantId, request.params.id, request.body, actor);
          const row = await findRedemption(trx, tenantId, request.params.id);
          if (row === undefined) throw notFound('redemption', request.params.id);
          return { status: 200, body: await toRedemptionDto(trx, tenantId, row) };
        }),
    );
  };
