import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { requireLiveMember } from '../members/identities.service.js';
import { actingPartnerId, requireActivePartner } from '../partners/partner-access.js';
import { credit } from './credit.js';
import { debit } from './debit.js';
import { captureHold, createHold, type Hold, holdWalletCode, releaseHold } from './holds.js';
import { memberLedger, toJournalDto } from './ledger.http.js';
import {
  AdjustmentBody,
  HoldBody,
  HoldParams,
  HoldSchema,
  JournalSchema,
  MemberParams,
  SpendBody,
  TransferBody,
} from './ledger.schemas.js';
import { transfer } from './transfer.js';

const tags = ['points'];
const security = [{ bearerAuth: [] }];
const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

const holdDto = (h: Hold) => ({
  id: h.id,
  memberId: h.memberId,
  amount: h.amount,
  status: h.status,
  reference: h.reference,
  expiresAt: h.expiresAt.toISOString(),
  createdAt: h.createdAt.toISOString(),
  settledAt: h.settledAt?.toISOString() ?? null,
});

export const pointsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/members/:id/points/spend',
      {
        schema: {
          tags,
          security,
          summary: 'Pay with points',
          description:
            'Debits available points, soonest-expiring first. 409 `insufficient_points` if not enough.',
          params: MemberParams,
          body: SpendBody,
          response: { 201: JournalSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { scope, wallet } = await memberLedger(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body.wallet,
          );
          const now = new Date();
          const { amount, reference } = request.body;
          // Points burnt at a partner are owed to it at settlement; a partner key always burns at its own partner.
          const partnerId = actingPartnerId(request.auth, request.body.partnerId);
          if (partnerId !== undefined) {
            if (wallet.code !== 'points')
              throw fieldInvalid('/wallet', 'partner_wallet', 'partners accept only the main points wallet');
            await requireActivePartner(trx, request.auth.tenantId, scope.programId, partnerId);
          }
          const journal = await debit(trx, scope, {
            wallet,
            amount,
            kind: 'spend',
            counter: 'redeemed',
            now,
            occurredAt: now,
            reference: reference ?? null,
            actor: request.auth.actor,
            explanation: `${amount} ${wallet.unit} spent${reference ? ` on ${reference}` : ''}`,
            partnerId: partnerId ?? null,
          });
          return { status: 201, body: await toJournalDto(trx, journal) };
        }),
    );

    app.post(
      '/v1/members/:id/points/holds',
      {
        schema: {
          tags,
          security,
          summary: 'Hold points for a checkout (capture or release later; expires after a TTL)',
          params: MemberParams,
          body: HoldBody,
          response: { 201: HoldSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { scope, wallet } = await memberLedger(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body.wallet,
          );
          const hold = await createHold(trx, scope, {
            wallet,
            amount: request.body.amount,
            reference: request.body.reference ?? null,
            ...(request.body.ttlSeconds ? { ttlSeconds: request.body.ttlSeconds } : {}),
            now: new Date(),
          });
          return { status: 201, body: holdDto(hold) };
        }),
    );

    for (const action of ['capture', 'release'] as const) {
      app.post(
        `/v1/members/:id/points/holds/:holdId/${action}`,
        {
          schema: {
            tags,
            security,
            summary:
              action === 'capture'
                ? 'Capture a hold: the points are redeemed'
                : 'Release a hold: the points return',
            params: HoldParams,
            response: { 200: HoldSchema, ...problems },
          },
        },
        (request, reply) =>
          handleWrite(db, request, reply, async (trx) => {
            // A hold on a money wallet (store credit) settles against that wallet, not the main points wallet.
            const code = await holdWalletCode(trx, request.params.id, request.params.holdId);
            const { scope, wallet } = await memberLedger(
              trx,
              request.auth.tenantId,
              request.params.id,
              code ?? 'points',
            );
            const input = { wallet, holdId: request.params.holdId, now: new Date() };
            const hold =
              action === 'capture'
                ? await captureHold(trx, scope, input)
                : await releaseHold(trx, scope, input);
            return { status: 200, body: holdDto(hold) };
          }),
      );
    }

    app.post(
      '/v1/members/:id/points/adjustments',
      {
        schema: {
          tags,
          security,
          summary: 'Manually credit (positive) or debit (negative) points, with a reason code; audited',
          params: MemberParams,
          body: AdjustmentBody,
          response: { 201: JournalSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { scope, wallet } = await memberLedger(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body.wallet,
          );
          const { amount, reasonCode, note } = request.body;
          const now = new Date();
          const meta = {
            wallet,
            occurredAt: now,
            reason: note ? `${reasonCode}: ${note}` : reasonCode,
            actor: request.auth.actor,
            explanation: `${amount > 0 ? '+' : ''}${amount} ${wallet.unit} manual adjustment (${reasonCode})`,
          };
          const journal =
            amount > 0
              ? await credit(trx, scope, { ...meta, amount, kind: 'adjust_credit', counter: 'adjustments' })
              : await debit(trx, scope, {
                  ...meta,
                  amount: -amount,
                  kind: 'adjust_debit',
                  counter: 'adjustments',
                  now,
                });
          return { status: 201, body: await toJournalDto(trx, journal) };
        }),
    );

    app.post(
      '/v1/members/:id/points/transfers',
      {
        schema: {
          tags,
          security,
          summary:
            'Transfer available points to another member of the same program (if the program allows it)',
          params: MemberParams,
          body: TransferBody,
          response: { 201: JournalSchema, ...problems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId } = request.auth;
          const from = await memberLedger(trx, tenantId, request.params.id);
          const target = await requireLiveMember(trx, tenantId, request.body.toMemberId);
          const to = await memberLedger(trx, tenantId, target.id);
          if (to.scope.programId !== from.scope.programId) {
            throw conflict('different_program', 'Points can only be transferred within one program');
          }
          const now = new Date();
          const journal = await transfer(trx, from.scope, {
            from: from.wallet,
            to: to.wallet,
            amount: request.body.amount,
            now,
            occurredAt: now,
            reference: request.body.reference ?? null,
            actor: request.auth.actor,
            explanation: `${request.body.amount} points transferred to member ${target.id}`,
          });
          return { status: 201, body: await toJournalDto(trx, journal) };
        }),
    );
  };
