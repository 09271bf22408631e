import { randomInt } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { CouponsTable } from '../../db/schema.js';

export type CouponRow = Selectable<CouponsTable>;

// Crockford-style alphabet without 0/O, 1/I/L: codes are read aloud and typed at tills.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** 12 random symbols from a CSPRNG (about 59 bits): unguessable, grouped XXXX-XXXX-XXXX for reading. */
export function generateCouponCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export interface CouponIssue {
  tenantId: string;
  programId: string;
  memberId: string | null;
  name: string;
  discountType: 'percent' | 'amount';
  discountValue: number;
  minSpend: number;
  validFrom: Date;
  validUntil: Date;
  source: string;
  /** Imported codes bring their own; otherwise one is generated. */
  code?: string;
  seriesId?: string | null;
  /** Total uses; null = unlimited. Defaults to single use. */
  maxRedemptions?: number | null;
  maxPerMember?: number | null;
  skus?: string[];
  categories?: string[];
}

export function couponValues(
  c: CouponIssue,
  code = c.code ?? generateCouponCode(),
): Insertable<CouponsTable> {
  return {
    id: uuidv7(),
    tenant_id: c.tenantId,
    program_id: c.programId,
    member_id: c.memberId,
    code,
    name: c.name,
    discount_type: c.discountType,
    discount_value: c.discountValue,
    min_spend: c.minSpend,
    valid_from: c.validFrom,
    valid_until: c.validUntil,
    status: 'issued',
    source: c.source,
    series_id: c.seriesId ?? null,
    max_redemptions: c.maxRedemptions === undefined ? 1 : c.maxRedemptions,
    max_per_member: c.maxPerMember ?? null,
    skus: c.skus ?? [],
    categories: c.categories ?? [],
  };
}

export async function issueCoupon(db: Db, c: CouponIssue): Promise<CouponRow> {
  return db.insertInto('coupons').values(couponValues(c)).returningAll().executeTakeFirstOrThrow();
}

/** Inserts many coupons, skipping codes the tenant already has; returns how many went in. */
export async function insertCoupons(db: Db, rows: Insertable<CouponsTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('coupons')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Which of these codes the tenant already has. */
export async function existingCodes(db: Db, tenantId: string, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('coupons')
    .select('code')
    .where('tenant_id', '=', tenantId)
    .where('code', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** The coupon with this code, optionally locked: every check that may consume a use holds this lock. */
export async function findCouponByCode(
  db: Db,
  tenantId: string,
  code: string,
  lock = false,
): Promise<CouponRow | undefined> {
  let q = db.selectFrom('coupons').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function lockCoupon(db: Db, id: string): Promise<CouponRow> {
  return db.selectFrom('coupons').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** Counts a use (or gives one back); a coupon whose uses are all taken reads as redeemed. */
export async function addRedemptions(db: Db, coupon: CouponRow, delta: 1 | -1): Promise<void> {
  const count = coupon.redemptions + delta;
  const full = coupon.max_redemptions !== null && count >= coupon.max_redemptions;
  await db
    .updateTable('coupons')
    .set({
      redemptions: count,
      ...(coupon.status === 'void' ? {} : { status: full ? 'redeemed' : 'issued' }),
    })
    .where('id', '=', coupon.id)
    .execute();
}

export async function seriesCoupons(
  db: Db,
  seriesId: string,
  after: string | undefined,
  limit: number,
): Promise<CouponRow[]> {
  let q = db.selectFrom('coupons').selectAll().where('series_id', '=', seriesId);
  if (after !== undefined) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

export async function memberCoupons(db: Db, tenantId: string, memberId: string): Promise<CouponRow[]> {
  return db
    .selectFrom('coupons')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .execute();
}
