import type { Db } from '../../db/database.js';

export async function findReferralCode(db: Db, memberId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('portal_referral_codes')
    .select('code')
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.code;
}

/** False when the member already has a code or the code is taken in the program (the caller draws again). */
export async function insertReferralCode(
  db: Db,
  row: { memberId: string; tenantId: string; programId: string; code: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('portal_referral_codes')
    .values({ member_id: row.memberId, tenant_id: row.tenantId, program_id: row.programId, code: row.code })
    .onConflict((oc) => oc.doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findCodeOwner(db: Db, programId: string, code: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('portal_referral_codes')
    .select('member_id')
    .where('program_id', '=', programId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.member_id;
}

/** False when the member was already recorded as referred (a member has one referrer). */
export async function insertReferral(
  db: Db,
  row: {
    referredId: string;
    referrerId: string;
    tenantId: string;
    programId: string;
    code: string;
    at: Date;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('portal_referrals')
    .values({
      referred_member_id: row.referredId,
      referrer_member_id: row.referrerId,
      tenant_id: row.tenantId,
      program_id: row.programId,
      code: row.code,
      created_at: row.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('referred_member_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Whom the member referred and who referred them: both sides, for the member's data export. */
export async function referralsOf(db: Db, memberId: string) {
  const made = await db
    .selectFrom('portal_referrals')
    .select(['referred_member_id as memberId', 'created_at as at'])
    .where('referrer_member_id', '=', memberId)
    .orderBy('created_at')
    .execute();
  const by = await db
    .selectFrom('portal_referrals')
    .select(['referrer_member_id as memberId', 'created_at as at'])
    .where('referred_member_id', '=', memberId)
    .executeTakeFirst();
  return { referred: made, referredBy: by ?? null };
}
