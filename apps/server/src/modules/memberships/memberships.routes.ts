import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { runAnnualRewards } from './annual-reward.js';
import { cancelMembership } from './cancel-membership.js';
import { toMembershipDto, toPlanDto } from './memberships.mapper.js';
import {
  findMembership,
  findPlanById,
  historyOf,
  listPlans,
  type MembershipRow,
  membershipsOfMember,
} from './memberships.repository.js';
import {
  CancelBodySchema,
  MembershipSchema,
  PaymentBodySchema,
  PlanBodySchema,
  PlanParams,
  PlanSchema,
  RewardRunBodySchema,
  RewardRunSchema,
  SubscribeBodySchema,
} from './memberships.schemas.js';
import { recordPayment } from './record-payment.js';
import { putPlan } from './save-plan.js';
import { subscribe } from './subscribe.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearerAuth: [] }];
const tags = ['memberships'];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

async function dto(db: Db, m: MembershipRow) {
  return toMembershipDto(m, await findPlanById(db, m.plan_id), await historyOf(db, [m.id]));
}

export const membershipsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/membership-plans',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'Paid membership plans of the program: price, period, trial, benefits, member reward',
          params: Id,
          response: {
            200: Type.Object({ data: Type.Array(PlanSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return { data: (await listPlans(db, program.id)).map(toPlanDto) };
      },
    );

    app.put(
      '/v1/programs/:id/membership-plans/:code',
      {
        schema: {
          tags,
          security,
          summary:
            'Create or replace a plan; its earn multiplier is kept in the "Membership benefits" campaign',
          params: PlanParams,
          body: PlanBodySchema,
          response: { 200: PlanSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const body = await handleWrite(db, request, reply, async (trx) => {
          const { id, code } = request.params;
          const row = await putPlan(trx, request.auth.tenantId, id, code, request.body, request.auth.actor);
          return { status: 200, body: toPlanDto(row) };
        });
        // The benefits campaign was republished in the transaction; evict again after commit for concurrent readers.
        forgetRuleSet(body.programId);
        return body;
      },
    );

    app.post(
      '/v1/members/:id/memberships',
      {
        schema: {
          tags,
          security,
          summary: 'Subscribe a member to a plan, with or without a trial (payment happens outside Tessera)',
          description: '409 `membership_exists` if the member already has a live membership.',
          params: Id,
          body: SubscribeBodySchema,
          response: { 201: MembershipSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const m = await subscribe(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            request.auth.actor,
          );
          return { status: 201, body: await dto(trx, m) };
        }),
    );

    app.get(
      '/v1/members/:id/memberships',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "A member's memberships, newest first, each with its state history",
          params: Id,
          response: {
            200: Type.Object({ data: Type.Array(MembershipSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const member = await requireLiveMember(db, request.auth.tenantId, request.params.id);
        const rows = await membershipsOfMember(db, member.id);
        const history = await historyOf(
          db,
          rows.map((r) => r.id),
        );
        const data = [];
        for (const m of rows) data.push(toMembershipDto(m, await findPlanById(db, m.plan_id), history));
        return { data };
      },
    );

    app.get(
      '/v1/memberships/:id',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'A membership with its state history',
          params: Id,
          response: { 200: MembershipSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const m = await findMembership(db, request.auth.tenantId, request.params.id);
        if (m === undefined) throw notFound('membership', request.params.id);
        return dto(db, m);
      },
    );

    app.post(
      '/v1/memberships/:id/payments',
      {
        schema: {
          tags,
          security,
          summary: 'Record a payment: renews a periodic membership by one period (a trial becomes active)',
          description: '409 `payment_exists` for an external id recorded before; 409 `membership_ended`.',
          params: Id,
          body: PaymentBodySchema,
          response: { 200: MembershipSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const m = await recordPayment(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            request.auth.actor,
          );
          return { status: 200, body: await dto(trx, m) };
        }),
    );

    app.post(
      '/v1/memberships/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a membership at the end of its period (default) or immediately',
          params: Id,
          body: CancelBodySchema,
          response: { 200: MembershipSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const m = await cancelMembership(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            request.auth.actor,
          );
          return { status: 200, body: await dto(trx, m) };
        }),
    );

    app.post(
      '/v1/programs/:id/membership-rewards/run',
      {
        schema: {
          tags,
          security,
          summary: "Credit a year's annual member rewards now (the yearly job does this in the issue month)",
          description: 'Idempotent per member and year: members already credited for the year are skipped.',
          params: Id,
          body: RewardRunBodySchema,
          response: { 200: RewardRunSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await getProgram(trx, request.auth.tenantId, request.params.id);
          const run = await runAnnualRewards(trx, program, request.body.year, new Date(), undefined, true);
          return { status: 200, body: run };
        }),
    );
  };
