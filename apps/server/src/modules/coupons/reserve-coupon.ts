import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { type Assessment, assessCoupon, type CheckoutRequest, requireCoupon } from './check-coupon.js';
import { insertReservation, liveReservations, type ReservationRow } from './coupon-checkout.repository.js';
import type { LineDiscount, Reason } from './coupon-terms.js';

const CONFLICTS = new Set<Reason['code']>(['already_used', 'reserved', 'member_limit_reached']);

/**
 * A coupon that cannot be used here: 409 when another use took it (retrying later may work), 422 when the coupon
 * or basket itself is the problem. The code names the first reason; all of them are in `reasons`.
 */
export function rejection(reasons: Reason[]): ProblemError {
  const first = reasons[0] ?? { code: 'not_applicable', message: 'The coupon cannot be used' };
  const status = CONFLICTS.has(first.code) ? 409 : 422;
  return new ProblemError(
    status,
    `coupon_${first.code}`,
    status === 409 ? 'Conflict' : 'Unprocessable request',
    reasons.map((r) => r.message).join('; '),
    [],
    { reasons },
  );
}

export interface Reservation {
  reservation: ReservationRow;
  code: string;
  discount: number;
  lines: LineDiscount[];
}

/**
 * Holds one use of the coupon for a checkout until `ttlSeconds` pass, it is redeemed, or released. The same checkout
 * reserving again gets its live reservation back, so a retried request never holds two uses.
 */
export async function reserveCoupon(
  db: Db,
  req: CheckoutRequest & { checkoutId: string; ttlSeconds: number },
  now = new Date(),
): Promise<Reservation> {
  const a: Assessment = await assessCoupon(db, req, now, true);
  const coupon = requireCoupon(a, req.code);
  const mine = (await liveReservations(db, coupon.id, now)).find((r) => r.checkout_id === req.checkoutId);
  if (a.reasons.length > 0) throw rejection(a.reasons);
  const reservation =
    mine ??
    (await insertReservation(db, {
      tenantId: req.tenantId,
      couponId: coupon.id,
      memberId: a.memberId,
      checkoutId: req.checkoutId,
      expiresAt: new Date(now.getTime() + req.ttlSeconds * 1000),
    }));
  return { reservation, code: coupon.code, discount: a.discount, lines: a.lines };
}
