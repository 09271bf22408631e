import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { bumpSeries, findSeries, type SeriesRow } from './coupon-series.repository.js';
import { type CouponIssue, couponValues, generateCouponCode, insertCoupons } from './coupons.repository.js';

export const GENERATE_JOB = 'coupons.generate';
export const BATCH_SIZE = 500;
export const MAX_GENERATE = 1_000_000;

export interface Progress {
  generated: number;
  total: number;
}

/** What every code of the series carries: coupons copy the series' terms, so checks read one row. */
export function seriesIssue(s: SeriesRow, source: string): CouponIssue {
  return {
    tenantId: s.tenant_id,
    programId: s.program_id,
    memberId: s.member_id,
    name: s.name,
    discountType: s.discount_type,
    discountValue: Number(s.discount_value),
    minSpend: Number(s.min_spend),
    validFrom: s.valid_from,
    validUntil: s.valid_until,
    source,
    seriesId: s.id,
    maxRedemptions: s.max_redemptions,
    maxPerMember: s.max_per_member,
    skus: s.skus,
    categories: s.categories,
  };
}

/** Asks for `count` more codes: the total grows now, a background job creates them and reports progress. */
export async function requestGeneration(
  db: Db,
  tenantId: string | undefined,
  seriesId: string,
  count: number,
  enqueueJob = true,
): Promise<SeriesRow> {
  const locked = await findSeries(db, seriesId, tenantId, true);
  if (locked === undefined) throw notFound('coupon_series', seriesId);
  const series = await bumpSeries(db, seriesId, { generateTotal: count });
  if (enqueueJob) {
    await enqueue(db, {
      kind: GENERATE_JOB,
      dedupeKey: `${seriesId}:${series.generate_total}`,
      payload: { seriesId },
      maxAttempts: 10,
    });
  }
  return series;
}

/**
 * Creates up to one batch of the codes still owed, in its own transaction under the series lock, so progress is
 * visible as it goes and two workers (or a worker and the CLI) never overshoot the total. A code that collides with
 * an existing one is skipped and made up in the next batch.
 */
export async function generateBatch(db: Db, seriesId: string, size = BATCH_SIZE): Promise<Progress> {
  return db.transaction().execute(async (trx) => {
    const series = await findSeries(trx, seriesId, undefined, true);
    if (series === undefined) throw notFound('coupon_series', seriesId);
    const n = Math.min(size, series.generate_total - series.generated);
    if (n <= 0) return { generated: series.generated, total: series.generate_total };
    const issue = seriesIssue(series, `series:${series.id}`);
    const rows = Array.from({ length: n }, () => couponValues(issue, generateCouponCode()));
    const inserted = await insertCoupons(trx, rows);
    const after = await bumpSeries(trx, seriesId, { generated: inserted });
    return { generated: after.generated, total: after.generate_total };
  });
}

/** Runs batches until the series has every code it was asked for. */
export async function generateSeriesCodes(
  db: Db,
  seriesId: string,
  onProgress?: (p: Progress) => void,
): Promise<Progress> {
  for (;;) {
    const p = await generateBatch(db, seriesId);
    onProgress?.(p);
    if (p.generated >= p.total) return p;
  }
}
