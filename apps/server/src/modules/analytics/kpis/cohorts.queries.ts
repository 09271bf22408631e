import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';

/**
 * Monthly cohorts by first purchase (local month) in [from, to), and for each cohort how many of its members bought
 * again in each later month, up to `months` months after (analytics query, read only).
 */
export async function cohortCounts(
  db: Db,
  q: { programId: string; timezone: string; from: Date; to: Date; months: number },
) {
  const rows = await sql<{ cohort: string; offset: number; members: number }>`
    WITH bought AS (
      SELECT member_id, date_trunc('month', occurred_at AT TIME ZONE ${q.timezone})::date AS month
      FROM transactions
      WHERE program_id = ${q.programId}::uuid AND member_id IS NOT NULL AND total > returned_amount
      GROUP BY 1, 2
    ), firsts AS (
      SELECT member_id, min(month) AS cohort FROM bought GROUP BY member_id
    ), offsets AS (
      SELECT f.cohort, ((extract(year FROM b.month) - extract(year FROM f.cohort)) * 12
        + extract(month FROM b.month) - extract(month FROM f.cohort))::int AS month_offset
      FROM firsts f JOIN bought b ON b.member_id = f.member_id
      WHERE f.cohort >= date_trunc('month', ${q.from}::timestamptz AT TIME ZONE ${q.timezone})::date
        AND f.cohort < (${q.to}::timestamptz AT TIME ZONE ${q.timezone})::date
    )
    SELECT cohort::text AS cohort, month_offset AS "offset", count(*) AS members FROM offsets
    WHERE month_offset <= ${q.months}
    GROUP BY 1, 2
    ORDER BY 1, 2`.execute(db);
  return rows.rows.map((r) => ({ cohort: r.cohort, offset: Number(r.offset), members: Number(r.members) }));
}

/**
 * Per campaign, what its rules gave in the window: points (main wallet of members, by the ledger entries that carry
 * the campaign's versions), members rewarded, and the purchases they rewarded with their net revenue.
 */
export async function campaignTotals(db: Db, q: { programId: string; from: Date; to: Date }) {
  const rows = await sql<{
    campaign_id: string;
    name: string;
    kind: string;
    points: number;
    members: number;
    purchases: number;
    revenue: number;
  }>`
    WITH issued AS (
      SELECT v.campaign_id, j.id AS journal_id, j.member_id, e.amount
      FROM ledger_entries e
        JOIN ledger_accounts a ON a.id = e.account_id AND a.code = 'points' AND a.member_id IS NOT NULL
        JOIN ledger_journals j ON j.id = e.journal_id
        JOIN campaign_versions v ON v.id = e.campaign_version_id
      WHERE j.program_id = ${q.programId}::uuid AND j.occurred_at >= ${q.from} AND j.occurred_at < ${q.to}
    ), per AS (
      SELECT campaign_id, sum(amount) AS points, count(DISTINCT member_id) AS members FROM issued GROUP BY campaign_id
    ), tx AS (
      SELECT DISTINCT i.campaign_id, t.id, t.total - t.returned_amount AS net
      FROM issued i JOIN transactions t ON t.earn_journal_id = i.journal_id
    )
    SELECT c.id AS campaign_id, c.name, c.kind, coalesce(per.points, 0) AS points, coalesce(per.members, 0) AS members,
      (SELECT count(*) FROM tx WHERE tx.campaign_id = c.id) AS purchases,
      (SELECT coalesce(sum(net), 0) FROM tx WHERE tx.campaign_id = c.id) AS revenue
    FROM campaigns c LEFT JOIN per ON per.campaign_id = c.id
    WHERE c.program_id = ${q.programId}::uuid AND c.current_version IS NOT NULL
    ORDER BY coalesce(per.points, 0) DESC, c.name`.execute(db);
  return rows.rows.map((r) => ({
    campaignId: r.campaign_id,
    name: r.name,
    kind: r.kind,
    points: Number(r.points),
    members: Number(r.members),
    purchases: Number(r.purchases),
    revenue: Number(r.revenue),
  }));
}
