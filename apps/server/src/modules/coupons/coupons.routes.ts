import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { fieldInvalid, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { requireLiveMember } from '../members/identities.service.js';
import { assessCoupon, normalizeCode } from './check-coupon.js';
import { memberCoupons } from './coupons.repository.js';
import {
  CouponSchema,
  RedeemSchema,
  RedemptionSchema,
  ReleaseResultSchema,
  ReleaseSchema,
  ReservationSchema,
  ReserveSchema,
  toCouponDto,
  toRedemptionDto,
  toReservationDto,
  ValidateSchema,
  ValidationResultSchema,
} from './coupons.schemas.js';
import { redeemCoupon } from './redeem-coupon.js';
import { releaseOrder, releaseReservation } from './release-coupon.js';
import { reserveCoupon } from './reserve-coupon.js';

const tags = ['coupons'];
const security = [{ bearerAuth: [] }];
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

/** A member's coupons, and the checkout operations for POS and e-commerce: validate, reserve, redeem, release. */
export const couponsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/members/:id/coupons',
      {
        config: { access: 'publishable' },
        schema: {
          tags: ['members'],
          security,
          summary: "A member's coupons, newest first",
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: {
            200: Type.Object({ items: Type.Array(CouponSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const member = await requireLiveMember(db, request.auth.tenantId, request.params.id);
        return { items: (await memberCoupons(db, request.auth.tenantId, member.id)).map(toCouponDto) };
      },
    );

    app.post(
      '/v1/coupons/validate',
      {
        schema: {
          tags,
          security,
          summary:
            'Would this coupon apply to this basket? The discount per line, or every reason not. Consumes nothing',
          body: ValidateSchema,
          response: { 200: ValidationResultSchema, ...problemResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request) => {
        const a = await assessCoupon(
          db,
          { tenantId: request.auth.tenantId, ...request.body },
          new Date(),
          false,
        );
        return {
          valid: a.reasons.length === 0,
          code: a.coupon?.code ?? normalizeCode(request.body.code),
          discount: a.discount,
          lines: a.lines,
          reasons: a.reasons,
        };
      },
    );

    app.post(
      '/v1/coupons/reserve',
      {
        schema: {
          tags,
          security,
          summary:
            'Hold one use of a coupon for a checkout until its TTL passes (same checkout again: same reservation)',
          body: ReserveSchema,
          response: { 201: ReservationSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const r = await reserveCoupon(trx, {
            tenantId: request.auth.tenantId,
            ...request.body,
            ttlSeconds: request.body.ttlSeconds ?? 900,
          });
          return { status: 201, body: toReservationDto(r.reservation, r.code, r.discount, r.lines) };
        }),
    );

    app.post(
      '/v1/coupons/redeem',
      {
        schema: {
          tags,
          security,
          summary:
            'Use a coupon for an order; idempotent by orderId (201 first, 200 with the same body after)',
          body: RedeemSchema,
          response: { 200: RedemptionSchema, 201: RedemptionSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const r = await redeemCoupon(trx, { tenantId: request.auth.tenantId, ...request.body });
          return { status: r.replayed ? 200 : 201, body: toRedemptionDto(r.redemption, r.coupon.code) };
        }),
    );

    app.post(
      '/v1/coupons/release',
      {
        schema: {
          tags,
          security,
          summary:
            "Cancel a reservation (reservationId), or undo an order's redemptions (orderId, optionally code)",
          body: ReleaseSchema,
          response: { 200: ReleaseResultSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        handleWrite<Static<typeof ReleaseResultSchema>>(db, request, reply, async (trx) => {
          const { reservationId, orderId, code } = request.body;
          const tenantId = request.auth.tenantId;
          if ((reservationId === undefined) === (orderId === undefined)) {
            throw fieldInvalid(
              '/reservationId',
              'reservation_or_order',
              'Send either reservationId or orderId',
            );
          }
          if (reservationId !== undefined) {
            const r = await releaseReservation(trx, tenantId, reservationId);
            return { status: 200, body: { reservation: { reservationId: r.id, status: r.status } } };
          }
          const undone = await releaseOrder(trx, tenantId, orderId ?? '', code);
          return {
            status: 200,
            body: { redemptions: undone.map((u) => toRedemptionDto(u.redemption, u.code)) },
          };
        }),
    );
  };
