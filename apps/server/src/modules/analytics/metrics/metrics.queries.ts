import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { Program } from '../../tenants/programs.repository.js';

/**
 * Analytics queries (they read across the modules' tables by design, read-only). One statement rebuilds a program's
 * member_metrics from purchases, ledger entries, events and redemptions, then RFM scores, named segments, engagement
 * and loyalty types are derived in place. Rules (documented in docs/analytics.md):
 * - purchases and spend are net of returns; a fully returned purchase does not count;
 * - RFM scores are quintiles by percent rank among members who bought (ties share a score): 5 = most recent, most
 *   frequent, highest spend;
 * - engagement (0–100) = 40 × e^(−days since last activity / 90) + 30 × min(1, purchases in 90 days / 6)
 *   + 15 × min(1, events in 90 days / 3) + 15 if a reward was redeemed in 180 days.
 */
/**
 * Fresh planner statistics for the tables the refresh reads. The embedded database has no autovacuum, so without this
 * its planner believes freshly filled tables are empty and picks nested loops that take minutes instead of a second.
 * ANALYZE samples a fixed number of rows, so it stays cheap on large tables.
 */
export async function analyzeSources(db: Db): Promise<void> {
  await sql`ANALYZE members, transactions, transaction_lines, ledger_accounts, ledger_entries, ledger_journals, events,
    reward_redemptions, member_metrics`.execute(db);
}

export async function rebuildMemberMetrics(db: Db, program: Program, now: Date): Promise<number> {
  const tz = program.timezone;
  await sql`DELETE FROM member_metrics WHERE program_id = ${program.id}::uuid`.execute(db);
  const result = await sql`
    WITH m AS (
      SELECT id, tenant_id, created_at FROM members
      WHERE program_id = ${program.id}::uuid AND status <> 'deleted' AND merged_into IS NULL
    ), tx AS (
      SELECT t.member_id, t.occurred_at, t.total - t.returned_amount AS net, t.channel, t.store_id,
        (t.occurred_at AT TIME ZONE ${tz})::date AS day
      FROM transactions t JOIN m ON m.id = t.member_id
      WHERE t.program_id = ${program.id}::uuid AND t.total > t.returned_amount AND t.occurred_at <= ${now}
    ), p AS (
      SELECT member_id, count(*) AS purchases, count(DISTINCT day) AS purchase_days, sum(net) AS monetary,
        min(occurred_at) AS first_at, max(occurred_at) AS last_at,
        count(*) FILTER (WHERE occurred_at > ${now}::timestamptz - interval '90 days') AS recent,
        mode() WITHIN GROUP (ORDER BY channel) AS channel, mode() WITHIN GROUP (ORDER BY store_id) AS store
      FROM tx GROUP BY member_id
    ), cat AS (
      SELECT member_id, category, sum(net) AS net,
        row_number() OVER (PARTITION BY member_id ORDER BY sum(net) DESC, category) AS rank
      FROM (
        SELECT t.member_id, l.category, l.net * (l.quantity - l.returned_quantity) / greatest(l.quantity, 1) AS net
        FROM transaction_lines l JOIN transactions t ON t.id = l.transaction_id JOIN m ON m.id = t.member_id
        WHERE t.program_id = ${program.id}::uuid AND l.category IS NOT NULL AND t.occurred_at <= ${now}
      ) lines WHERE net > 0 GROUP BY member_id, category
    ), cats AS (
      SELECT member_id, count(*) AS category_count,
        jsonb_agg(jsonb_build_object('category', category, 'share', round(net::numeric / NULLIF(total, 0), 4))
          ORDER BY rank) FILTER (WHERE rank <= 5) AS top
      FROM (SELECT *, sum(net) OVER (PARTITION BY member_id) AS total FROM cat) c GROUP BY member_id
    ), pts AS (
      SELECT a.member_id,
        sum(e.amount) FILTER (WHERE j.kind IN ('earn', 'bonus', 'event', 'adjust_credit', 'return', 'cancel')) AS earned,
        -sum(e.amount) FILTER (WHERE j.kind IN ('spend', 'hold', 'release', 'hold_expired', 'adjust_debit')) AS spent,
        -sum(e.amount) FILTER (WHERE j.kind = 'expire') AS expired,
        max(j.occurred_at) FILTER (WHERE j.kind IN ('spend', 'hold')) AS last_spend
      FROM ledger_accounts a JOIN ledger_entries e ON e.account_id = a.id JOIN ledger_journals j ON j.id = e.journal_id
      JOIN m ON m.id = a.member_id
      WHERE a.program_id = ${program.id}::uuid AND a.code = 'points' AND j.occurred_at <= ${now}
      GROUP BY a.member_id
    ), ev AS (
      SELECT e.member_id, count(*) AS events, max(e.occurred_at) AS last_at,
        count(*) FILTER (WHERE e.occurred_at > ${now}::timestamptz - interval '90 days') AS recent,
        (array_agg((e.properties->>'nps')::int ORDER BY e.occurred_at DESC)
          FILTER (WHERE e.type = 'survey_completed' AND e.properties ? 'nps'))[1] AS nps,
        avg((e.properties->>'rating')::numeric) FILTER (WHERE e.type = 'review_written') AS rating,
        count(*) FILTER (WHERE e.type = 'referral_completed') AS referrals
      FROM events e JOIN m ON m.id = e.member_id
      WHERE e.program_id = ${program.id}::uuid AND e.occurred_at <= ${now}
      GROUP BY e.member_id
    ), rd AS (
      SELECT r.member_id, count(*) AS redemptions, max(r.created_at) AS last_at
      FROM reward_redemptions r JOIN m ON m.id = r.member_id
      WHERE r.program_id = ${program.id}::uuid AND r.cancelled_at IS NULL AND r.created_at <= ${now}
      GROUP BY r.member_id
    )
    INSERT INTO member_metrics (member_id, tenant_id, program_id, first_purchase_at, last_purchase_at,
      last_activity_at, purchases, purchase_days, monetary, aov, points_earned, points_spent, points_expired,
      redemptions, events, engagement_score, categories, category_count, preferred_channel, preferred_store,
      rfm_segment, nps, avg_rating, referrals, computed_at)
    SELECT m.id, m.tenant_id, ${program.id}::uuid, p.first_at, p.last_at,
      nullif(greatest(p.last_at, ev.last_at, rd.last_at, pts.last_spend, '-infinity'::timestamptz), '-infinity'),
      coalesce(p.purchases, 0), coalesce(p.purchase_days, 0), coalesce(p.monetary, 0),
      coalesce(round(p.monetary::numeric / nullif(p.purchases, 0)), 0),
      coalesce(pts.earned, 0), coalesce(pts.spent, 0), coalesce(pts.expired, 0),
      coalesce(rd.redemptions, 0), coalesce(ev.events, 0),
      round(
        40 * coalesce(exp(-extract(epoch FROM ${now}::timestamptz
          - greatest(p.last_at, ev.last_at, rd.last_at, pts.last_spend)) / 86400 / 90), 0)
        + 30 * least(1, coalesce(p.recent, 0) / 6.0) + 15 * least(1, coalesce(ev.recent, 0) / 3.0)
        + CASE WHEN rd.last_at > ${now}::timestamptz - interval '180 days' THEN 15 ELSE 0 END),
      coalesce(cats.top, '[]'::jsonb), coalesce(cats.category_count, 0), p.channel, p.store,
      CASE WHEN p.purchases IS NULL THEN 'no_purchases' ELSE 'unscored' END,
      ev.nps, ev.rating, coalesce(ev.referrals, 0), ${now}
    FROM m LEFT JOIN p ON p.member_id = m.id LEFT JOIN cats ON cats.member_id = m.id
      LEFT JOIN pts ON pts.member_id = m.id LEFT JOIN ev ON ev.member_id = m.id LEFT JOIN rd ON rd.member_id = m.id`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/**
 * RFM quintiles (ties share a score) and the named segments, first match wins (R = recency score, FM = the rounded
 * mean of the frequency and monetary scores): champions R≥4 FM≥4; loyal R≥3 FM≥3; new customers R≥4 F=1;
 * potential loyalists R≥3 FM≥2; cannot lose them R≤2 FM=5; at risk R≤2 FM≥3; need attention R=3; about to sleep
 * R=2; hibernating R=1 FM=2; lost otherwise.
 */
export async function scoreRfm(db: Db, programId: string): Promise<void> {
  await sql`
    WITH ranked AS (
      SELECT member_id,
        least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY last_purchase_at)))::smallint AS r,
        least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY purchases)))::smallint AS f,
        least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary)))::smallint AS m
      FROM member_metrics WHERE program_id = ${programId}::uuid AND purchases > 0
    ), named AS (
      SELECT member_id, r, f, m, round((f + m) / 2.0) AS fm FROM ranked
    )
    UPDATE member_metrics mm SET rfm_r = n.r, rfm_f = n.f, rfm_m = n.m,
      rfm_segment = CASE
        WHEN n.r >= 4 AND n.fm >= 4 THEN 'champions'
        WHEN n.r >= 3 AND n.fm >= 3 THEN 'loyal'
        WHEN n.r >= 4 AND n.f = 1 THEN 'new_customers'
        WHEN n.r >= 3 AND n.fm >= 2 THEN 'potential_loyalists'
        WHEN n.r <= 2 AND n.fm = 5 THEN 'cannot_lose_them'
        WHEN n.r <= 2 AND n.fm >= 3 THEN 'at_risk'
        WHEN n.r = 3 THEN 'need_attention'
        WHEN n.r = 2 THEN 'about_to_sleep'
        WHEN n.r = 1 AND n.fm = 2 THEN 'hibernating'
        ELSE 'lost' END
    FROM named n WHERE mm.member_id = n.member_id`.execute(db);
}

/**
 * The four loyalty types of the source documents, behaviour × attitude. Behaviour is high for a member with an RFM
 * frequency score of 4 or 5, at least 90 days of membership and purchases in at least 2 categories. Attitude is high
 * for an NPS promoter (9–10; the latest survey answer decides when there is one), otherwise for an average review
 * rating of 4 or more or a referral. devoted = high/high, captive = high behaviour without attitude, satisfied =
 * attitude without behaviour, convenience = neither. Members who never bought have no type.
 */
export async function classifyLoyalty(db: Db, programId: string, now: Date): Promise<void> {
  await sql`
    WITH scored AS (
      SELECT mm.member_id,
        coalesce(mm.rfm_f >= 4, false) AND mm.category_count >= 2
          AND mem.created_at <= ${now}::timestamptz - interval '90 days' AS behaviour,
        CASE WHEN mm.nps IS NOT NULL THEN mm.nps >= 9
          ELSE coalesce(mm.avg_rating >= 4, false) OR mm.referrals > 0 END AS attitude
      FROM member_metrics mm JOIN members mem ON mem.id = mm.member_id
      WHERE mm.program_id = ${programId}::uuid AND mm.purchases > 0
    )
    UPDATE member_metrics mm SET loyalty_type = CASE
        WHEN s.behaviour AND s.attitude THEN 'devoted' WHEN s.behaviour THEN 'captive'
        WHEN s.attitude THEN 'satisfied' ELSE 'convenience' END
    FROM scored s
    WHERE mm.member_id = s.member_id`.execute(db);
}
