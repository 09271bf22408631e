import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';

export interface GroupStats {
  members: number;
  spendMean: number;
  spendVariance: number;
  visitsMean: number;
  visitsVariance: number;
}

/**
 * Net spend and purchases per member in the window, summarised for the control group and for everyone else. The
 * control test is the engine's (rules/holdout.ts) in SQL: md5("<unit>:<member>"), first 32 bits, mod 10,000, below
 * percent × 100. Members enrolled before the window's end count, whether or not they bought (intention to treat).
 */
export async function holdoutGroups(
  db: Db,
  q: { programId: string; unit: string; percent: number; from: Date; to: Date },
): Promise<{ control: GroupStats; treatment: GroupStats }> {
  const threshold = Math.round(q.percent * 100);
  const rows = await sql<Record<string, unknown>>`
    WITH m AS (
      SELECT id, (('x' || substr(md5(${q.unit} || ':' || id::text), 1, 8))::bit(32)::bigint % 10000) < ${threshold}
        AS control
      FROM members WHERE program_id = ${q.programId}::uuid AND created_at < ${q.to} AND status <> 'deleted'
        AND merged_into IS NULL
    ), s AS (
      SELECT m.id, m.control, coalesce(sum(t.total - t.returned_amount), 0) AS spend, count(t.id) AS visits
      FROM m LEFT JOIN transactions t ON t.member_id = m.id AND t.program_id = ${q.programId}::uuid
        AND t.occurred_at >= ${q.from} AND t.occurred_at < ${q.to} AND t.total > t.returned_amount
      GROUP BY m.id, m.control
    )
    SELECT control, count(*) AS n, avg(spend) AS spend_mean, coalesce(var_samp(spend), 0) AS spend_var,
      avg(visits) AS visits_mean, coalesce(var_samp(visits), 0) AS visits_var
    FROM s GROUP BY control`.execute(db);
  const empty: GroupStats = { members: 0, spendMean: 0, spendVariance: 0, visitsMean: 0, visitsVariance: 0 };
  const pick = (control: boolean): GroupStats => {
    const r = rows.rows.find((x) => x.control === control);
    if (!r) return empty;
    return {
      members: Number(r.n),
      spendMean: Number(r.spend_mean),
      spendVariance: Number(r.spend_var),
      visitsMean: Number(r.visits_mean),
      visitsVariance: Number(r.visits_var),
    };
  };
  return { control: pick(true), treatment: pick(false) };
}
