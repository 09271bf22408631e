import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { CouponRedemptionsTable, CouponReservationsTable } from '../../db/schema.js';
import type { LineDiscount } from './coupon-terms.js';

export type ReservationRow = Selectable<CouponReservationsTable>;
export type RedemptionRow = Selectable<CouponRedemptionsTable>;

/** Reservations still holding a use at `now`; expired ones hold nothing even before the job marks them. */
export async function liveReservations(db: Db, couponId: string, now: Date): Promise<ReservationRow[]> {
  return db
    .selectFrom('coupon_reservations')
    .selectAll()
    .where('coupon_id', '=', couponId)
    .where('status', '=', 'active')
    .where('expires_at', '>', now)
    .execute();
}

export async function findReservation(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<ReservationRow | undefined> {
  let q = db
    .selectFrom('coupon_reservations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertReservation(
  db: Db,
  r: { tenantId: string; couponId: string; memberId: string | null; checkoutId: string; expiresAt: Date },
): Promise<ReservationRow> {
  return db
    .insertInto('coupon_reservations')
    .values({
      id: uuidv7(),
      tenant_id: r.tenantId,
      coupon_id: r.couponId,
      member_id: r.memberId,
      checkout_id: r.checkoutId,
      status: 'active',
      expires_at: r.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Closes an active reservation; returns it as it is afterwards (unchanged when it was already closed). */
export async function closeReservation(
  db: Db,
  id: string,
  status: 'released' | 'expired' | 'redeemed',
): Promise<ReservationRow> {
  const closed = await db
    .updateTable('coupon_reservations')
    .set({ status, closed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returningAll()
    .executeTakeFirst();
  return (
    closed ?? db.selectFrom('coupon_reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  );
}

/** Marks every reservation whose TTL ran out; returns how many. */
export async function expireReservations(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('coupon_reservations')
    .set({ status: 'expired', closed_at: now })
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findLiveRedemption(
  db: Db,
  couponId: string,
  orderId: string,
): Promise<RedemptionRow | undefined> {
  return db
    .selectFrom('coupon_redemptions')
    .selectAll()
    .where('coupon_id', '=', couponId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'redeemed')
    .executeTakeFirst();
}

export async function countMemberRedemptions(db: Db, couponId: string, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('coupon_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('coupon_id', '=', couponId)
    .where('member_id', '=', memberId)
    .where('status', '=', 'redeemed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRedemption(
  db: Db,
  r: {
    tenantId: string;
    couponId: string;
    memberId: string | null;
    orderId: string;
    reservationId: string | null;
    discount: number;
    lines: LineDiscount[];
  },
): Promise<RedemptionRow> {
  return db
    .insertInto('coupon_redemptions')
    .values({
      id: uuidv7(),
      tenant_id: r.tenantId,
      coupon_id: r.couponId,
      member_id: r.memberId,
      order_id: r.orderId,
      reservation_id: r.reservationId,
      discount: r.discount,
      lines: JSON.stringify(r.lines),
      status: 'redeemed',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The redemptions of an order (all of its coupons, or one), oldest first. */
export async function orderRedemptions(
  db: Db,
  tenantId: string,
  orderId: string,
  couponId?: string,
): Promise<RedemptionRow[]> {
  let q = db
    .selectFrom('coupon_redemptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId);
  if (couponId !== undefined) q = q.where('coupon_id', '=', couponId);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Reverses a live redemption; undefined when it was already reversed (so the caller gives the use back once). */
export async function reverseRedemption(db: Db, id: string): Promise<RedemptionRow | undefined> {
  return db
    .updateTable('coupon_redemptions')
    .set({ status: 'reversed', reversed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'redeemed')
    .returningAll()
    .executeTakeFirst();
}
