import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { normalizeCode } from './check-coupon.js';
import {
  closeReservation,
  findReservation,
  orderRedemptions,
  type RedemptionRow,
  type ReservationRow,
  reverseRedemption,
} from './coupon-checkout.repository.js';
import { addRedemptions, findCouponByCode, lockCoupon } from './coupons.repository.js';

/** Cancels a reservation (the checkout was abandoned). Releasing it again answers the same. */
export async function releaseReservation(db: Db, tenantId: string, id: string): Promise<ReservationRow> {
  const found = await findReservation(db, tenantId, id);
  if (found === undefined) throw notFound('reservation', id);
  await lockCoupon(db, found.coupon_id);
  const reservation = await closeReservation(db, id, 'released');
  if (reservation.status === 'redeemed') {
    throw conflict(
      'reservation_redeemed',
      `Reservation ${id} was redeemed; release the order's redemption to give the use back`,
    );
  }
  return reservation;
}

/**
 * Undoes an order's redemptions (all of its coupons, or the one with `code`) when the order is cancelled, giving
 * each use back. Already reversed ones are reported as they are, so a retried cancellation changes nothing.
 */
export async function releaseOrder(
  db: Db,
  tenantId: string,
  orderId: string,
  code?: string,
): Promise<{ redemption: RedemptionRow; code: string }[]> {
  let couponId: string | undefined;
  if (code !== undefined) {
    const coupon = await findCouponByCode(db, tenantId, normalizeCode(code));
    if (coupon === undefined) throw notFound('coupon', normalizeCode(code));
    couponId = coupon.id;
  }
  const redemptions = await orderRedemptions(db, tenantId, orderId, couponId);
  if (redemptions.length === 0) throw notFound('redemption', orderId);
  const out: { redemption: RedemptionRow; code: string }[] = [];
  for (const r of redemptions) {
    // Same lock order as redeem (coupon first), so a cancellation racing a redemption cannot deadlock with it.
    const coupon = await lockCoupon(db, r.coupon_id);
    const reversed = await reverseRedemption(db, r.id);
    if (reversed !== undefined) await addRedemptions(db, coupon, -1);
    out.push({ redemption: reversed ?? r, code: coupon.code });
  }
  return out;
}
