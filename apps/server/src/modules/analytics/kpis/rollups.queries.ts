import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';

/** Months since January 2000 in the zone; the masks hold 512 of them (to August 2042). */
const month = (column: string, tz: string) =>
  sql`((extract(year FROM ${sql.ref(column)} AT TIME ZONE ${tz})::int - 2000) * 12
    + extract(month FROM ${sql.ref(column)} AT TIME ZONE ${tz})::int - 1)`;
const ZERO = sql`repeat('0', 512)::bit(512)`;
export const MASK_BITS = 512;

const EARN = ['earn', 'bonus', 'event', 'adjust_credit', 'return', 'cancel'];
const SPEND = ['spend', 'hold', 'release', 'hold_expired', 'adjust_debit'];

/**
 * Rebuilds a program's rollups from scratch in the caller's transaction (readers keep seeing the previous build until
 * it commits). Months outside the 512-month span are left out.
 */
export async function rebuildRollups(db: Db, programId: string, tz: string): Promise<void> {
  await sql`DELETE FROM kpi_member_months WHERE program_id = ${programId}::uuid`.execute(db);
  await sql`DELETE FROM kpi_months WHERE program_id = ${programId}::uuid`.execute(db);
  await sql`
    WITH tx AS (
      SELECT member_id, total - returned_amount AS net, ${month('occurred_at', tz)} AS m
      FROM transactions WHERE program_id = ${programId}::uuid AND total > returned_amount
    ), per AS (
      SELECT member_id, m, count(*) AS n, sum(net) AS net FROM tx WHERE member_id IS NOT NULL GROUP BY 1, 2
    ), ev AS (
      SELECT DISTINCT member_id, ${month('occurred_at', tz)} AS m FROM events WHERE program_id = ${programId}::uuid
    ), act AS (
      SELECT member_id, m FROM per UNION SELECT member_id, m FROM ev
    ), masks AS (
      SELECT coalesce(p.member_id, a.member_id) AS member_id, coalesce(p.m, a.m) AS m, p.n
      FROM per p FULL JOIN act a ON a.member_id = p.member_id AND a.m = p.m
      WHERE coalesce(p.m, a.m) BETWEEN 0 AND ${MASK_BITS - 1}
    ), members_out AS (
      INSERT INTO kpi_member_months (program_id, member_id, purchase_months, multi_months, active_months)
      SELECT ${programId}::uuid, member_id,
        coalesce(bit_or(set_bit(${ZERO}, m, 1)) FILTER (WHERE n IS NOT NULL), ${ZERO}),
        coalesce(bit_or(set_bit(${ZERO}, m, 1)) FILTER (WHERE n >= 2), ${ZERO}),
        bit_or(set_bit(${ZERO}, m, 1))
      FROM masks GROUP BY member_id
    ), all_tx AS (
      SELECT m, count(*) AS purchases, sum(net) AS revenue FROM tx GROUP BY m
    ), member_tx AS (
      SELECT m, sum(n) AS purchases, sum(net) AS revenue, count(*) AS buyers, count(*) FILTER (WHERE n >= 2) AS repeat
      FROM per GROUP BY m
    ), active AS (SELECT m, count(*) AS n FROM act GROUP BY m),
    joined AS (
      SELECT ${month('created_at', tz)} AS m, count(*) AS n FROM members
      WHERE program_id = ${programId}::uuid AND status <> 'deleted' AND merged_into IS NULL GROUP BY 1
    ), pts AS (
      SELECT ${month('j.occurred_at', tz)} AS m,
        coalesce(sum(e.amount) FILTER (WHERE j.kind = ANY(${EARN})), 0) AS earned,
        coalesce(-sum(e.amount) FILTER (WHERE j.kind = ANY(${SPEND})), 0) AS redeemed,
        coalesce(-sum(e.amount) FILTER (WHERE j.kind = 'expire'), 0) AS expired
      FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        JOIN ledger_accounts a ON a.id = e.account_id AND a.code = 'points' AND a.member_id IS NOT NULL
      WHERE j.program_id = ${programId}::uuid GROUP BY 1
    ), months AS (
      SELECT m FROM all_tx UNION SELECT m FROM active UNION SELECT m FROM joined UNION SELECT m FROM pts
    )
    INSERT INTO kpi_months (program_id, month, purchases, member_purchases, revenue, member_revenue, buyers,
      repeat_buyers, active_members, new_members, points_earned, points_redeemed, points_expired)
    SELECT ${programId}::uuid, months.m, coalesce(all_tx.purchases, 0), coalesce(member_tx.purchases, 0),
      coalesce(all_tx.revenue, 0), coalesce(member_tx.revenue, 0), coalesce(member_tx.buyers, 0),
      coalesce(member_tx.repeat, 0), coalesce(active.n, 0), coalesce(joined.n, 0), coalesce(pts.earned, 0),
      coalesce(pts.redeemed, 0), coalesce(pts.expired, 0)
    FROM months LEFT JOIN all_tx USING (m) LEFT JOIN member_tx USING (m) LEFT JOIN active USING (m)
      LEFT JOIN joined USING (m) LEFT JOIN pts USING (m)
    WHERE months.m BETWEEN 0 AND ${MASK_BITS - 1}`.execute(db);
}

export async function rollupBuiltAt(db: Db, programId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('kpi_rollups')
    .select('built_at')
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row?.built_at ?? null;
}

export async function markBuilt(db: Db, programId: string, at: Date, seconds: number): Promise<void> {
  await db
    .insertInto('kpi_rollups')
    .values({ program_id: programId, built_at: at, seconds })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ built_at: at, seconds }))
    .execute();
}

/** The months [first, last] of the rollup, one row each (missing months are zero). */
export async function rollupMonths(db: Db, programId: string, first: number, last: number) {
  return db
    .selectFrom('kpi_months')
    .selectAll()
    .where('program_id', '=', programId)
    .where('month', '>=', first)
    .where('month', '<=', last)
    .orderBy('month')
    .execute();
}

/** Distinct buyers, repeat buyers and active members over the months [first, last], exactly, from the masks. */
export async function rollupDistinct(db: Db, programId: string, first: number, last: number) {
  const mask = '0'.repeat(first) + '1'.repeat(last - first + 1) + '0'.repeat(MASK_BITS - 1 - last);
  const row = await sql<{ buyers: number; repeat: number; active: number }>`
    SELECT count(*) FILTER (WHERE (purchase_months & ${mask}::bit(512)) <> ${ZERO}) AS buyers,
      count(*) FILTER (WHERE bit_count(purchase_months & ${mask}::bit(512)) >= 2
        OR (multi_months & ${mask}::bit(512)) <> ${ZERO}) AS repeat,
      count(*) FILTER (WHERE (active_months & ${mask}::bit(512)) <> ${ZERO}) AS active
    FROM kpi_member_months WHERE program_id = ${programId}::uuid`.execute(db);
  const r = row.rows[0];
  return { buyers: Number(r?.buyers ?? 0), repeat: Number(r?.repeat ?? 0), active: Number(r?.active ?? 0) };
}
