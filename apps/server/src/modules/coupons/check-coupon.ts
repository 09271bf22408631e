import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { countMemberRedemptions, liveReservations } from './coupon-checkout.repository.js';
import {
  type BasketLine,
  type CouponTerms,
  computeDiscount,
  type LineDiscount,
  type Reason,
  termReasons,
} from './coupon-terms.js';
import { type CouponRow, findCouponByCode } from './coupons.repository.js';

export interface CheckoutRequest {
  tenantId: string;
  code: string;
  memberId?: string | undefined;
  lines: BasketLine[];
  /** The caller's own reservation (or checkout): it does not count against itself. */
  reservationId?: string | undefined;
  checkoutId?: string | undefined;
}

export interface Assessment {
  coupon: CouponRow | undefined;
  memberId: string | null;
  reasons: Reason[];
  discount: number;
  lines: LineDiscount[];
}

/** Codes are compared as typed at a till: surrounding blanks dropped, letters upper-cased. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

export const couponTerms = (c: CouponRow): CouponTerms => ({
  discountType: c.discount_type,
  discountValue: Number(c.discount_value),
  minSpend: Number(c.min_spend),
  validFrom: c.valid_from,
  validUntil: c.valid_until,
  skus: c.skus,
  categories: c.categories,
});

/**
 * Every reason the coupon cannot be used for this basket now, and the discount it gives per line. Consumes nothing;
 * with `lock` the coupon row stays locked for the caller's transaction so that what it found stays true while it
 * reserves or redeems.
 */
export async function assessCoupon(
  db: Db,
  req: CheckoutRequest,
  now: Date,
  lock: boolean,
): Promise<Assessment> {
  const memberId = req.memberId ?? null;
  if (memberId !== null) await requireLiveMember(db, req.tenantId, memberId);
  const coupon = await findCouponByCode(db, req.tenantId, normalizeCode(req.code), lock);
  if (coupon === undefined) {
    return {
      coupon,
      memberId,
      reasons: [{ code: 'not_found', message: 'No coupon has this code' }],
      discount: 0,
      lines: [],
    };
  }
  const program = await getProgram(db, req.tenantId, coupon.program_id);
  const terms = couponTerms(coupon);
  const reasons: Reason[] = [];
  if (coupon.status === 'void') reasons.push({ code: 'void', message: 'The coupon has been cancelled' });
  if (coupon.member_id !== null && memberId === null) {
    reasons.push({ code: 'member_required', message: 'The coupon is personal: identify the member' });
  } else if (coupon.member_id !== null && coupon.member_id !== memberId) {
    reasons.push({ code: 'other_member', message: 'The coupon belongs to another member' });
  }
  reasons.push(...termReasons(terms, req.lines, now, program.currency));
  reasons.push(...(await usageReasons(db, coupon, req, memberId, now)));
  const lines = computeDiscount(terms, req.lines);
  return { coupon, memberId, reasons, discount: lines.reduce((s, l) => s + l.discount, 0), lines };
}

/** Uses taken by redemptions, and held by other checkouts' live reservations, against the total and member caps. */
async function usageReasons(
  db: Db,
  coupon: CouponRow,
  req: CheckoutRequest,
  memberId: string | null,
  now: Date,
): Promise<Reason[]> {
  const reasons: Reason[] = [];
  const others = (await liveReservations(db, coupon.id, now)).filter(
    (r) => r.id !== req.reservationId && (req.checkoutId === undefined || r.checkout_id !== req.checkoutId),
  );
  const max = coupon.max_redemptions;
  if (coupon.status === 'redeemed' || (max !== null && coupon.redemptions >= max)) {
    reasons.push({ code: 'already_used', message: 'The coupon has already been used' });
  } else if (max !== null && coupon.redemptions + others.length >= max) {
    reasons.push({ code: 'reserved', message: 'The coupon is reserved by another checkout' });
  }
  if (coupon.max_per_member !== null) {
    if (memberId === null) {
      if (coupon.member_id === null) {
        reasons.push({
          code: 'member_required',
          message: 'The coupon has a per-member limit: identify the member',
        });
      }
    } else {
      const used = await countMemberRedemptions(db, coupon.id, memberId);
      const held = others.filter((r) => r.member_id === memberId).length;
      if (used + held >= coupon.max_per_member) {
        reasons.push({
          code: 'member_limit_reached',
          message: `The member has used this coupon ${used} time(s); the limit is ${coupon.max_per_member}`,
        });
      }
    }
  }
  return reasons;
}

/** The coupon, or 404 when the code is unknown (reserve and redeem cannot go on without one). */
export function requireCoupon(a: Assessment, code: string): CouponRow {
  if (a.coupon === undefined) throw notFound('coupon', normalizeCode(code));
  return a.coupon;
}
