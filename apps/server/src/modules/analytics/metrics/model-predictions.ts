import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { Program } from '../../tenants/programs.repository.js';
import { type BgNbdParams, bgNbdConditionalExpected, bgNbdPAlive, fitBgNbd } from '../models/bg-nbd.js';
import { discountedClv } from '../models/clv.js';
import type { CustomerSummary } from '../models/customer-summary.js';
import { fitGammaGamma, type GammaGammaParams, gammaGammaExpectedSpend } from '../models/gamma-gamma.js';

/** Fewer repeat buyers than this give no meaningful fit; the model columns then stay empty. */
export const MIN_REPEAT_BUYERS = 20;

export interface ClvSettings {
  discountRate: number;
  margin: number;
  months: number;
}

export type ModelFit =
  | {
      status: 'fitted';
      customers: number;
      repeatBuyers: number;
      bgNbd: BgNbdParams & { logLikelihood: number };
      gammaGamma: GammaGammaParams;
      clv: ClvSettings;
    }
  | { status: 'skipped'; reason: string; customers: number; repeatBuyers: number };

/**
 * Each buyer's history in weeks, by local purchase day (same-day purchases merged, as the models assume):
 * x = repeat days, tX = first to last day, T = first day to today; mean = average net value of the repeat days.
 */
export async function buyerHistories(db: Db, program: Program, now: Date): Promise<CustomerSummary[]> {
  const rows = await sql<{
    member_id: string;
    first: number;
    last: number;
    days: number;
    total: number;
    first_total: number;
    today: number;
  }>`
    WITH d AS (
      SELECT t.member_id, (t.occurred_at AT TIME ZONE ${program.timezone})::date AS day, sum(t.total - t.returned_amount) AS net
      FROM transactions t JOIN member_metrics mm ON mm.member_id = t.member_id
      WHERE t.program_id = ${program.id}::uuid AND t.total > t.returned_amount AND t.occurred_at <= ${now}
      GROUP BY 1, 2
    )
    SELECT member_id, min(day) - DATE '2000-01-01' AS first, max(day) - DATE '2000-01-01' AS last, count(*) AS days,
      sum(net) AS total, (array_agg(net ORDER BY day))[1] AS first_total,
      (${now}::timestamptz AT TIME ZONE ${program.timezone})::date - DATE '2000-01-01' AS today
    FROM d GROUP BY member_id`.execute(db);
  return rows.rows.map((r) => {
    const x = Number(r.days) - 1;
    return {
      id: r.member_id,
      x,
      tX: (Number(r.last) - Number(r.first)) / 7,
      T: (Number(r.today) - Number(r.first)) / 7,
      mean: x > 0 ? (Number(r.total) - Number(r.first_total)) / x : 0,
      holdoutX: 0,
    };
  });
}

const WEEKS_90_DAYS = 90 / 7;

/**
 * Fits BG/NBD and Gamma-Gamma on the program's own history and writes each buyer's P(alive), expected purchases in
 * the next 90 days, churn risk (1 − P(alive)) and discounted CLV (minor units) into member_metrics.
 */
export async function predictMembers(
  db: Db,
  program: Program,
  now: Date,
  clv: ClvSettings,
): Promise<ModelFit> {
  const rows = await buyerHistories(db, program, now);
  const repeatBuyers = rows.filter((r) => r.x > 0).length;
  if (repeatBuyers < MIN_REPEAT_BUYERS) {
    return {
      status: 'skipped',
      reason: `needs ${MIN_REPEAT_BUYERS} repeat buyers, has ${repeatBuyers}`,
      customers: rows.length,
      repeatBuyers,
    };
  }
  const bg = fitBgNbd(rows);
  const gg = fitGammaGamma(rows);
  const options = { months: clv.months, annualDiscountRate: clv.discountRate, margin: clv.margin };
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((row) => {
      const pAlive = bgNbdPAlive(bg.params, row);
      const spend = gammaGammaExpectedSpend(gg.params, row);
      const value = discountedClv((t) => bgNbdConditionalExpected(bg.params, row, t), spend, options);
      const expected = bgNbdConditionalExpected(bg.params, row, WEEKS_90_DAYS);
      // A prediction the numerics could not produce is stored as unknown, never as NaN.
      const known = (v: number) => (Number.isFinite(v) ? v : null);
      const clv = known(value);
      return sql`(${row.id}::uuid, ${known(pAlive)}::float8, ${known(expected)}::float8,
        ${clv === null ? null : Math.round(clv)}::bigint)`;
    });
    await sql`
      UPDATE member_metrics mm SET p_alive = v.p, churn_risk = 1 - v.p, expected_purchases_90d = v.e, clv = v.c
      FROM (VALUES ${sql.join(values)}) AS v(id, p, e, c) WHERE mm.member_id = v.id`.execute(db);
  }
  return {
    status: 'fitted',
    customers: rows.length,
    repeatBuyers,
    bgNbd: { ...bg.params, logLikelihood: bg.logLikelihood },
    gammaGamma: gg.params,
    clv,
  };
}
