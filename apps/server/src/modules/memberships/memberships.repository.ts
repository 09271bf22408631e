import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type {
  MembershipHistoryTable,
  MembershipPaymentsTable,
  MembershipPlansTable,
  MembershipRewardsTable,
  MembershipsTable,
} from '../../db/schema.js';

export type PlanRow = Selectable<MembershipPlansTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type HistoryRow = Selectable<MembershipHistoryTable>;
export type PaymentRow = Selectable<MembershipPaymentsTable>;

export const LIVE_STATUSES = ['trialing', 'active'] as const;

export async function findPlan(db: Db, programId: string, code: string): Promise<PlanRow | undefined> {
  return db
    .selectFrom('membership_plans')
    .selectAll()
    .where('program_id', '=', programId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findPlanById(db: Db, id: string): Promise<PlanRow> {
  return db.selectFrom('membership_plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function listPlans(db: Db, programId: string): Promise<PlanRow[]> {
  return db
    .selectFrom('membership_plans')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('code')
    .execute();
}

/** Creates or replaces a plan by (program, code); its id never changes, so memberships keep pointing at it. */
export async function savePlan(db: Db, row: Insertable<MembershipPlansTable>): Promise<PlanRow> {
  const { id: _id, tenant_id: _t, program_id: _p, code: _c, ...changes } = row;
  return db
    .insertInto('membership_plans')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['program_id', 'code']).doUpdateSet({ ...changes, updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a membership unless the member already has a live one (the partial unique index decides). */
export async function insertMembership(
  db: Db,
  row: Insertable<MembershipsTable>,
): Promise<MembershipRow | undefined> {
  return db
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findMembership(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<MembershipRow | undefined> {
  const q = db.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function liveMembershipOf(db: Db, memberId: string): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('status', 'in', LIVE_STATUSES)
    .executeTakeFirst();
}

export async function membershipsOfMember(db: Db, memberId: string): Promise<MembershipRow[]> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function updateMembership(
  db: Db,
  id: string,
  changes: Updateable<MembershipsTable>,
): Promise<MembershipRow> {
  return db
    .updateTable('memberships')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertHistory(db: Db, row: Insertable<MembershipHistoryTable>): Promise<void> {
  await db.insertInto('membership_history').values(row).execute();
}

export async function historyOf(db: Db, membershipIds: string[]): Promise<HistoryRow[]> {
  if (membershipIds.length === 0) return [];
  return (
    db
      .selectFrom('membership_history')
      .selectAll()
      .where('membership_id', 'in', membershipIds)
      // In the order recorded (ids are time-ordered UUIDv7): `at` may be a job's notion of now, not the write time.
      .orderBy('id')
      .execute()
  );
}

/** Records a payment once per external id and program; undefined when that id was recorded before. */
export async function insertPayment(
  db: Db,
  row: Insertable<MembershipPaymentsTable>,
): Promise<PaymentRow | undefined> {
  return db
    .insertInto('membership_payments')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findPayment(
  db: Db,
  programId: string,
  externalId: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('membership_payments')
    .selectAll()
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/** Live memberships of a program whose period (or trial) has ended by `now`. Lifetime ones have no end. */
export async function dueMemberships(db: Db, programId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('id')
    .where('program_id', '=', programId)
    .where('status', 'in', LIVE_STATUSES)
    .where('current_period_end', '<=', now)
    .orderBy('current_period_end')
    .execute();
  return rows.map((r) => r.id);
}

export async function programsWithPlans(db: Db): Promise<{ programId: string; tenantId: string }[]> {
  return db
    .selectFrom('membership_plans')
    .select(['program_id as programId', 'tenant_id as tenantId'])
    .distinct()
    .execute();
}

/** Memberships of these plans that were live at the end of the year and are not ended by a cancellation. */
export async function rewardCandidates(
  db: Db,
  planIds: string[],
  yearEnd: Date,
): Promise<Pick<MembershipRow, 'id' | 'member_id' | 'plan_id'>[]> {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('memberships')
    .select(['id', 'member_id', 'plan_id'])
    .where('plan_id', 'in', planIds)
    .where('status', 'in', LIVE_STATUSES)
    .where('started_at', '<', yearEnd)
    .orderBy('id')
    .execute();
}

/** Claims the reward of one member and year; undefined when it was already credited. */
export async function insertReward(
  db: Db,
  row: Insertable<MembershipRewardsTable>,
): Promise<{ id: string } | undefined> {
  return db
    .insertInto('membership_rewards')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'member_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function setRewardJournal(db: Db, id: string, journalId: string): Promise<void> {
  await db.updateTable('membership_rewards').set({ journal_id: journalId }).where('id', '=', id).execute();
}

export async function rewardsOf(db: Db, memberId: string) {
  return db
    .selectFrom('membership_rewards')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('year')
    .execute();
}

/** The program's benefits campaign id, with its settings row locked so plan saves sync the campaign one at a time. */
export async function lockBenefitsCampaignId(
  db: Db,
  program: { id: string; tenantId: string },
): Promise<string | null> {
  await db
    .insertInto('membership_settings')
    .values({ program_id: program.id, tenant_id: program.tenantId, benefits_campaign_id: null })
    .onConflict((oc) => oc.column('program_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('membership_settings')
    .select('benefits_campaign_id')
    .where('program_id', '=', program.id)
    .forUpdate()
    .executeTakeFirst();
  return row?.benefits_campaign_id ?? null;
}

export async function saveBenefitsCampaignId(
  db: Db,
  program: { id: string; tenantId: string },
  campaignId: string | null,
): Promise<void> {
  await db
    .insertInto('membership_settings')
    .values({ program_id: program.id, tenant_id: program.tenantId, benefits_campaign_id: campaignId })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ benefits_campaign_id: campaignId }))
    .execute();
}
