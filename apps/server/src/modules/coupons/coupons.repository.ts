import { randomInt } from 'node:crypto';
import type { Selectable } from 'kysely';
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
}

export async function issueCoupon(db: Db, c: CouponIssue): Promise<CouponRow> {
  return db
    .insertInto('coupons')
    .values({
      id: uuidv7(),
      tenant_id: c.tenantId,
      program_id: c.programId,
      member_id: c.memberId,
      code: generateCouponCode(),
      name: c.name,
      discount_type: c.discountType,
      discount_value: c.discountValue,
      min_spend: c.minSpend,
      valid_from: c.validFrom,
      valid_until: c.validUntil,
      status: 'issued',
      source: c.source,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
