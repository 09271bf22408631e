import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** A member a scheduled trigger is due for, with the period it fires in (one firing per member and period). */
export interface Candidate {
  memberId: string;
  period: string;
  /** For inactivity: the member's last purchase. */
  lastPurchaseAt?: Date;
}

/** One page of candidates of one rule: members after `afterId` (keyset, id order) not yet fired for the period. */
export interface CandidatePage {
  tenantId: string;
  programId: string;
  campaignId: string;
  ruleKey: string;
  afterId: string | null;
  limit: number;
}

/** Members that can be rewarded: active, not deleted, not merged into another member. */
function liveMember(p: CandidatePage): RawBuilder<unknown> {
  return sql`m.tenant_id = ${p.tenantId} AND m.program_id = ${p.programId} AND m.status = 'active'
    AND m.deleted_at IS NULL AND m.merged_into IS NULL
    AND m.id > ${p.afterId ?? '00000000-0000-0000-0000-000000000000'}`;
}

/** The rule has not fired for the member in this period yet (the firing's primary key). */
function notFired(p: CandidatePage, period: RawBuilder<unknown> | string): RawBuilder<unknown> {
  return sql`NOT EXISTS (SELECT 1 FROM trigger_firings f WHERE f.campaign_id = ${p.campaignId}
    AND f.rule_key = ${p.ruleKey} AND f.member_id = m.id AND f.period = ${period})`;
}

async function fixedPeriod(
  db: Db,
  p: CandidatePage,
  period: string,
  condition: RawBuilder<unknown>,
): Promise<Candidate[]> {
  const rows = await sql<{ id: string }>`SELECT m.id FROM members m
    WHERE ${liveMember(p)} AND ${condition} AND ${notFired(p, period)}
    ORDER BY m.id LIMIT ${p.limit}`.execute(db);
  return rows.rows.map((r) => ({ memberId: r.id, period }));
}

/** Members born on one of these days of the year ('MM-DD'). */
export function birthdayCandidates(
  db: Db,
  p: CandidatePage,
  days: string[],
  period: string,
): Promise<Candidate[]> {
  return fixedPeriod(
    db,
    p,
    period,
    sql`m.birth_date IS NOT NULL AND to_char(m.birth_date, 'MM-DD') = ANY(${days}::text[])`,
  );
}

/** Members enrolled on one of these days of the year ('MM-DD', in the time zone) in an earlier year. */
export function anniversaryCandidates(
  db: Db,
  p: CandidatePage,
  days: string[],
  year: number,
  timezone: string,
  period: string,
): Promise<Candidate[]> {
  const local = sql`(m.created_at AT TIME ZONE ${timezone})`;
  return fixedPeriod(
    db,
    p,
    period,
    sql`to_char(${local}, 'MM-DD') = ANY(${days}::text[]) AND extract(year FROM ${local}) < ${year}`,
  );
}

/** Every live member (a recurring schedule rewards the whole audience). */
export function everyMemberCandidates(db: Db, p: CandidatePage, period: string): Promise<Candidate[]> {
  return fixedPeriod(db, p, period, sql`true`);
}

/**
 * Members whose last purchase was at or before `cutoff`; members who never purchased are not inactive. The period
 * is the local date of that last purchase, so a spell of inactivity fires once and a new purchase starts a new one.
 */
export async function inactiveCandidates(
  db: Db,
  p: CandidatePage,
  cutoff: Date,
  timezone: string,
): Promise<Candidate[]> {
  const period = sql`'since:' || to_char(lp.at AT TIME ZONE ${timezone}, 'YYYY-MM-DD')`;
  const rows = await sql<{ id: string; period: string; last_at: Date | string }>`
    SELECT m.id, ${period} AS period, lp.at AS last_at FROM members m
    CROSS JOIN LATERAL (SELECT max(t.occurred_at) AS at FROM transactions t WHERE t.member_id = m.id) lp
    WHERE ${liveMember(p)} AND lp.at <= ${cutoff} AND ${notFired(p, period)}
    ORDER BY m.id LIMIT ${p.limit}`.execute(db);
  return rows.rows.map((r) => ({
    memberId: r.id,
    period: r.period,
    lastPurchaseAt: new Date(r.last_at),
  }));
}

/**
 * Records that a rule fired for a member in a period. False when it already had: the caller then does nothing, so
 * a trigger fires at most once per member, rule and period however often (or concurrently) the sweep runs.
 */
export async function recordFiring(
  db: Db,
  f: { programId: string; campaignId: string; ruleKey: string; memberId: string; period: string },
): Promise<boolean> {
  const row = await db
    .insertInto('trigger_firings')
    .values({
      program_id: f.programId,
      campaign_id: f.campaignId,
      rule_key: f.ruleKey,
      member_id: f.memberId,
      period: f.period,
    })
    .onConflict((oc) => oc.columns(['campaign_id', 'rule_key', 'member_id', 'period']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the member can still be rewarded (it may have been blocked, deleted or merged since it was listed). */
export async function isLiveMember(db: Db, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('id', '=', memberId)
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
