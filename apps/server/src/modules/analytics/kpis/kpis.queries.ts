import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { StoredModelTotals } from '../../../db/schema.js';

/**
 * Analytics queries behind the KPI dashboard (read-only, across modules by design). Each reads one table's rows in
 * the range once, through the (program_id, occurred_at) indexes; buckets are local calendar periods of the program.
 */
export interface Range {
  programId: string;
  timezone: string;
  from: Date;
  to: Date;
  interval: 'day' | 'week' | 'month';
  /** Only the members of this segment (its current members); purchases without a member then drop out. */
  segmentId?: string | undefined;
}

/** `AND <column> IN (the segment's members)` when the range names a segment, else nothing. */
const inSegment = (column: string, segmentId: string | undefined) =>
  segmentId === undefined
    ? sql``
    : sql`AND ${sql.ref(column)} IN (SELECT member_id FROM segment_members WHERE segment_id = ${segmentId}::uuid)`;

const EARN = ['earn', 'bonus', 'event', 'adjust_credit', 'return', 'cancel'];
const SPEND = ['spend', 'hold', 'release', 'hold_expired', 'adjust_debit'];

export interface PurchaseBucket {
  bucket: string;
  purchases: number;
  memberPurchases: number;
  revenue: number;
  memberRevenue: number;
  buyers: number;
  repeatBuyers: number;
}

/** Purchases per bucket and for the whole range (bucket 'total'): counts, net revenue, buyers and repeat buyers. */
export async function purchaseBuckets(db: Db, r: Range): Promise<PurchaseBucket[]> {
  const rows = await sql<Record<string, string | number>>`
    WITH t AS (
      SELECT member_id, total - returned_amount AS net,
        date_trunc(${r.interval}, occurred_at AT TIME ZONE ${r.timezone})::date::text AS bucket
      FROM transactions
      WHERE program_id = ${r.programId}::uuid AND occurred_at >= ${r.from} AND occurred_at < ${r.to}
        AND total > returned_amount ${inSegment('member_id', r.segmentId)}
    ), per AS (
      SELECT GROUPING(bucket) AS g, coalesce(bucket, 'total') AS bucket, member_id, count(*) AS n, sum(net) AS net
      FROM t GROUP BY GROUPING SETS ((bucket, member_id), (member_id))
    )
    SELECT bucket, sum(n) AS purchases, sum(n) FILTER (WHERE member_id IS NOT NULL) AS member_purchases,
      sum(net) AS revenue, sum(net) FILTER (WHERE member_id IS NOT NULL) AS member_revenue,
      count(member_id) AS buyers, count(member_id) FILTER (WHERE n >= 2) AS repeat_buyers
    FROM per GROUP BY bucket ORDER BY bucket`.execute(db);
  return rows.rows.map((x) => ({
    bucket: String(x.bucket),
    purchases: Number(x.purchases ?? 0),
    memberPurchases: Number(x.member_purchases ?? 0),
    revenue: Number(x.revenue ?? 0),
    memberRevenue: Number(x.member_revenue ?? 0),
    buyers: Number(x.buyers ?? 0),
    repeatBuyers: Number(x.repeat_buyers ?? 0),
  }));
}

export interface PointsBucket {
  bucket: string;
  earned: number;
  redeemed: number;
  expired: number;
}

/** Main-wallet points of members per bucket and in total, by the kind of journal that moved them. */
export async function pointsBuckets(db: Db, r: Range): Promise<PointsBucket[]> {
  const rows = await sql<Record<string, string | number>>`
    SELECT coalesce(bucket, 'total') AS bucket,
      sum(amount) FILTER (WHERE kind = ANY(${EARN})) AS earned,
      -sum(amount) FILTER (WHERE kind = ANY(${SPEND})) AS redeemed,
      -sum(amount) FILTER (WHERE kind = 'expire') AS expired
    FROM (
      SELECT date_trunc(${r.interval}, j.occurred_at AT TIME ZONE ${r.timezone})::date::text AS bucket, j.kind, e.amount
      FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        JOIN ledger_accounts a ON a.id = e.account_id AND a.code = 'points' AND a.member_id IS NOT NULL
      WHERE j.program_id = ${r.programId}::uuid AND j.occurred_at >= ${r.from} AND j.occurred_at < ${r.to}
        ${inSegment('a.member_id', r.segmentId)}
    ) moves
    GROUP BY ROLLUP (bucket)`.execute(db);
  return rows.rows.map((x) => ({
    bucket: String(x.bucket),
    earned: Number(x.earned ?? 0),
    redeemed: Number(x.redeemed ?? 0),
    expired: Number(x.expired ?? 0),
  }));
}

/** New members per bucket (and in total), and active members: a purchase or an event in the bucket. */
export async function memberBuckets(
  db: Db,
  r: Range,
): Promise<{ bucket: string; newMembers: number; active: number }[]> {
  const rows = await sql<Record<string, string | number>>`
    WITH joined AS (
      SELECT date_trunc(${r.interval}, created_at AT TIME ZONE ${r.timezone})::date::text AS bucket, count(*) AS n
      FROM members WHERE program_id = ${r.programId}::uuid AND created_at >= ${r.from} AND created_at < ${r.to}
        AND status <> 'deleted' AND merged_into IS NULL ${inSegment('id', r.segmentId)}
      GROUP BY 1
    ), activity AS (
      SELECT member_id, date_trunc(${r.interval}, occurred_at AT TIME ZONE ${r.timezone})::date::text AS bucket
      FROM transactions WHERE program_id = ${r.programId}::uuid AND occurred_at >= ${r.from} AND occurred_at < ${r.to}
        AND member_id IS NOT NULL ${inSegment('member_id', r.segmentId)}
      UNION
      SELECT member_id, date_trunc(${r.interval}, occurred_at AT TIME ZONE ${r.timezone})::date::text
      FROM events WHERE program_id = ${r.programId}::uuid AND occurred_at >= ${r.from} AND occurred_at < ${r.to}
        ${inSegment('member_id', r.segmentId)}
    ), active AS (
      SELECT coalesce(bucket, 'total') AS bucket, count(DISTINCT member_id) AS n FROM activity
      GROUP BY GROUPING SETS ((bucket), ())
    )
    SELECT coalesce(a.bucket, j.bucket) AS bucket, coalesce(j.n, 0) AS new_members, coalesce(a.n, 0) AS active
    FROM active a FULL JOIN (SELECT bucket, n FROM joined UNION ALL SELECT 'total', coalesce(sum(n), 0) FROM joined) j
      ON j.bucket = a.bucket`.execute(db);
  return rows.rows.map((x) => ({
    bucket: String(x.bucket),
    newMembers: Number(x.new_members),
    active: Number(x.active),
  }));
}

/** Redemptions in the range and the points they cost (cancelled ones excluded). */
export async function redemptionTotals(db: Db, r: Range): Promise<{ count: number; points: number }> {
  const row = await sql<{ n: number; points: number }>`
    SELECT count(*) AS n, coalesce(sum(cost), 0) AS points FROM reward_redemptions
    WHERE program_id = ${r.programId}::uuid AND created_at >= ${r.from} AND created_at < ${r.to} AND status = 'issued'
      ${inSegment('member_id', r.segmentId)}`.execute(db);
  return { count: Number(row.rows[0]?.n ?? 0), points: Number(row.rows[0]?.points ?? 0) };
}

/** Members enrolled by `at`, and what they hold now (cached balances, net of debt). */
export async function memberBase(
  db: Db,
  programId: string,
  at: Date,
  segmentId?: string,
): Promise<{ members: number; outstanding: number }> {
  const row = await sql<{ members: number; outstanding: number }>`
    SELECT (SELECT count(*) FROM members WHERE program_id = ${programId}::uuid AND created_at < ${at}
        AND status <> 'deleted' AND merged_into IS NULL ${inSegment('id', segmentId)}) AS members,
      (SELECT coalesce(sum(balance - debt), 0) FROM ledger_accounts
        WHERE program_id = ${programId}::uuid AND code = 'points' AND member_id IS NOT NULL
        ${inSegment('member_id', segmentId)}) AS outstanding`.execute(db);
  return { members: Number(row.rows[0]?.members ?? 0), outstanding: Number(row.rows[0]?.outstanding ?? 0) };
}

/** The CLV distribution's bucket edges, in minor units. */
export const CLV_EDGES = [0, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000];

/**
 * From the last metrics refresh: churn (buyers whose P(alive) < ½) and the CLV distribution over `edges`, in one scan
 * of the metrics (the refresh stores the program-wide figures, so the dashboard computes them live only per segment).
 */
export async function modelTotals(
  db: Db,
  programId: string,
  segmentId?: string,
  edges = CLV_EDGES,
): Promise<StoredModelTotals> {
  // width_bucket gives 0 below the first edge, i for [edges[i-1], edges[i]), and edges.length at or above the last.
  const buckets = Array.from(
    { length: edges.length + 1 },
    (_, b) => sql`count(*) FILTER (WHERE width_bucket(clv, ${edges}::bigint[]) = ${b}::int)`,
  );
  const row = await sql<{ scored: number; churned: number; buckets: number[] }>`
    SELECT count(*) FILTER (WHERE churn_risk IS NOT NULL) AS scored, count(*) FILTER (WHERE churn_risk > 0.5) AS churned,
      ARRAY[${sql.join(buckets)}] AS buckets
    FROM member_metrics WHERE program_id = ${programId}::uuid ${inSegment('member_id', segmentId)}`.execute(
    db,
  );
  const first = row.rows[0];
  const byBucket = (i: number) => Number(first?.buckets[i] ?? 0);
  const clv = edges.map((lower, i) => ({
    from: lower,
    to: edges[i + 1] ?? null,
    members: byBucket(i + 1) + (i === 0 ? byBucket(0) : 0),
  }));
  return { scored: Number(first?.scored ?? 0), churned: Number(first?.churned ?? 0), clv };
}

/** The program-wide figures the last refresh stored; computed live when no refresh has stored them yet. */
export async function storedModelTotals(db: Db, programId: string): Promise<StoredModelTotals> {
  const row = await db
    .selectFrom('program_models')
    .select('model_totals')
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row?.model_totals ?? modelTotals(db, programId);
}
