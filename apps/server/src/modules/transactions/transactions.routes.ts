import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { EvaluationSchema } from '../campaigns/campaigns.schemas.js';
import { purchaseActivity } from '../engine/purchase-activity.js';
import { simulate } from '../engine/simulate.js';
import { SimulationQuerySchema } from '../events/events.schemas.js';
import { requestFingerprint } from '../idempotency/idempotency.service.js';
import { actingPartnerId, visibleToKey } from '../partners/partner-access.js';
import { activatePurchase } from './activate-purchase.js';
import { claimPurchase } from './claim-purchase.js';
import { preparePurchase, recordPurchase } from './record-purchase.js';
import { recordReturn } from './record-return.js';
import { toReturnDto, toTransactionDto } from './transactions.mapper.js';
import { findReturnByExternalId, findTransaction, linesOf } from './transactions.repository.js';
import {
  ClaimSchema,
  ReturnCreateSchema,
  ReturnSchema,
  TransactionCreateSchema,
  TransactionSchema,
} from './transactions.schemas.js';

const tags = ['transactions'];
const security = [{ bearerAuth: [] }];
const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CancelBody = Type.Object(
  { externalId: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const transactionsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/transactions',
      {
        schema: {
          tags,
          security,
          summary: 'Record a purchase and award its points',
          description:
            'Idempotent by `externalId` within the program: a retry answers with the recorded purchase (header ' +
            '`Idempotent-Replayed: true`); the same externalId with different content is 409 `transaction_exists`. ' +
            'Without memberId or identity the purchase is kept unclaimed and can be claimed later.',
          querystring: SimulationQuerySchema,
          body: TransactionCreateSchema,
          response: { 201: TransactionSchema, 200: EvaluationSchema, ...problems },
        },
      },
      async (request, reply) => {
        const q = request.query;
        // A partner key records at its own partner whatever the body says (naming another partner is a 403).
        const partnerId = actingPartnerId(request.auth, request.body.partnerId);
        const input = partnerId === undefined ? request.body : { ...request.body, partnerId };
        if (q.dryRun) {
          const { program, memberId, facts } = await preparePurchase(db, request.auth.tenantId, input);
          if (memberId === undefined)
            throw fieldInvalid('/memberId', 'required', 'a dry run needs the member');
          const asOf = q.asOf ? new Date(q.asOf) : undefined;
          reply.code(200);
          return simulate(db, program, memberId, purchaseActivity(facts), {
            asOf,
            draftCampaignIds: q.draftCampaignId,
          });
        }
        return handleWrite(db, request, reply, async (trx) => {
          const hash = requestFingerprint('POST', '/v1/transactions', input);
          const result = await recordPurchase(trx, request.auth.tenantId, input, hash);
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return { status: 201, body: result.body };
        });
      },
    );

    app.get(
      '/v1/transactions/:id',
      {
        schema: {
          tags,
          security,
          summary: 'A purchase with per-line points, explanations and returns',
          params: IdParams,
          response: { 200: TransactionSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const tx = await findTransaction(db, request.auth.tenantId, request.params.id);
        // Another partner's purchase does not exist for a partner key.
        if (tx === undefined || !visibleToKey(request.auth, tx.partner_id))
          throw notFound('transaction', request.params.id);
        return toTransactionDto(db, tx);
      },
    );

    app.post(
      '/v1/transactions/:id/returns',
      {
        schema: {
          tags,
          security,
          summary: 'Return items (sku + quantity) or an amount; claws back exactly the points they earned',
          params: IdParams,
          body: ReturnCreateSchema,
          response: { 201: ReturnSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const tx = await findTransaction(trx, request.auth.tenantId, request.params.id);
          if (tx === undefined || !visibleToKey(request.auth, tx.partner_id))
            throw notFound('transaction', request.params.id);
          const hash = requestFingerprint('POST', 'returns', request.body);
          const result = await recordReturn(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            hash,
          );
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return { status: 201, body: result.body };
        }),
    );

    app.post(
      '/v1/transactions/:id/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel a purchase: return everything not yet returned',
          params: IdParams,
          body: CancelBody,
          response: { 201: ReturnSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId } = request.auth;
          const tx = await findTransaction(trx, tenantId, request.params.id, true);
          if (tx === undefined || !visibleToKey(request.auth, tx.partner_id))
            throw notFound('transaction', request.params.id);
          const earlier = await findReturnByExternalId(trx, tx.program_id, request.body.externalId);
          if (earlier?.transaction_id === tx.id) {
            reply.header('idempotent-replayed', 'true');
            return { status: 201, body: toReturnDto(earlier) };
          }
          const items = (await linesOf(trx, tx.id))
            .filter((l) => l.returned_quantity < l.quantity)
            .map((l) => ({ sku: l.sku, quantity: l.quantity - l.returned_quantity }));
          if (items.length === 0)
            throw conflict('nothing_to_return', 'Everything in this purchase has already been returned');
          const body = { externalId: request.body.externalId, items };
          const hash = requestFingerprint('POST', 'returns', body);
          const result = await recordReturn(trx, tenantId, tx.id, body, hash);
          return { status: 201, body: result.body };
        }),
    );

    app.post(
      '/v1/transactions/:id/activate',
      {
        schema: {
          tags,
          security,
          summary: "Make a purchase's pending points available now (e.g. the return window was waived)",
          params: IdParams,
          response: { 200: TransactionSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await activatePurchase(trx, request.auth.tenantId, request.params.id, request.auth.actor),
        })),
    );

    app.post(
      '/v1/transactions/:id/claim',
      {
        schema: {
          tags,
          security,
          summary: 'Claim a purchase recorded without a member (receipt claim), within the claim window',
          params: IdParams,
          body: ClaimSchema,
          response: { 200: TransactionSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 200,
          body: await claimPurchase(trx, request.auth.tenantId, request.params.id, request.body),
        })),
    );
  };
