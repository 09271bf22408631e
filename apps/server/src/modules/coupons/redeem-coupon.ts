import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { assessCoupon, type CheckoutRequest, requireCoupon } from './check-coupon.js';
import {
  closeReservation,
  findLiveRedemption,
  findReservation,
  insertRedemption,
  type RedemptionRow,
} from './coupon-checkout.repository.js';
import { addRedemptions, type CouponRow } from './coupons.repository.js';
import { rejection } from './reserve-coupon.js';

export interface Redemption {
  redemption: RedemptionRow;
  coupon: CouponRow;
  replayed: boolean;
}

/**
 * Uses the coupon for an order. Idempotent by order id: the coupon row is locked first, so a repeat (even a
 * concurrent one) finds the live redemption and answers with it; and racing orders for the last use are
 * serialised on that lock, so exactly one of them gets it.
 */
export async function redeemCoupon(
  db: Db,
  req: CheckoutRequest & { orderId: string },
  now = new Date(),
): Promise<Redemption> {
  const a = await assessCoupon(db, req, now, true);
  const coupon = requireCoupon(a, req.code);
  const existing = await findLiveRedemption(db, coupon.id, req.orderId);
  if (existing !== undefined) return { redemption: existing, coupon, replayed: true };

  let reservationId: string | null = null;
  if (req.reservationId !== undefined) {
    const reservation = await findReservation(db, req.tenantId, req.reservationId, true);
    if (reservation === undefined || reservation.coupon_id !== coupon.id) {
      throw notFound('reservation', req.reservationId);
    }
    if (reservation.status === 'redeemed') {
      throw conflict(
        'reservation_redeemed',
        `Reservation ${reservation.id} was already used for another order`,
      );
    }
    // A released or lapsed reservation holds nothing any more; the redemption stands on its own if a use is free.
    if (reservation.status === 'active') reservationId = reservation.id;
  }
  if (a.reasons.length > 0) throw rejection(a.reasons);

  if (reservationId !== null) await closeReservation(db, reservationId, 'redeemed');
  await addRedemptions(db, coupon, 1);
  const redemption = await insertRedemption(db, {
    tenantId: req.tenantId,
    couponId: coupon.id,
    memberId: a.memberId,
    orderId: req.orderId,
    reservationId,
    discount: a.discount,
    lines: a.lines,
  });
  return { redemption, coupon, replayed: false };
}
