import { DateTime } from 'luxon';
import type { Db } from '../../../db/database.js';
import type { Program } from '../../tenants/programs.repository.js';
import type { Range } from './kpis.queries.js';
import {
  MASK_BITS,
  markBuilt,
  rebuildRollups,
  rollupBuiltAt,
  rollupDistinct,
  rollupMonths,
} from './rollups.queries.js';

/** How often the rollups are rebuilt, and how old they may be and still serve the dashboard. */
export const ROLLUP_EVERY_MINUTES = 10;
const FRESH_MS = 2 * ROLLUP_EVERY_MINUTES * 60_000;
/** Ranges up to this long are always computed live from the purchases (they are cheap). */
const LIVE_DAYS = 92;

export const monthIndex = (d: DateTime) => (d.year - 2000) * 12 + d.month - 1;
const monthStart = (i: number, zone: string) =>
  DateTime.fromObject({ year: 2000 + Math.floor(i / 12), month: (i % 12) + 1, day: 1 }, { zone });

/** Rebuilds a program's rollups in one transaction and records when. */
export async function buildRollups(db: Db, program: Program, now = new Date()): Promise<number> {
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    await rebuildRollups(trx, program.id, program.timezone);
    await markBuilt(trx, program.id, now, (performance.now() - started) / 1000);
  });
  return (performance.now() - started) / 1000;
}

/**
 * The whole months a long monthly range covers, when fresh rollups can answer it: from the first day of `from`'s
 * month to the end of `to`'s month (the report says so in its from/to). Otherwise null, and the caller goes live.
 */
export async function rollupRange(db: Db, r: Range, now: Date) {
  // The rollups are program-wide: a segment's figures are always computed live.
  if (r.segmentId !== undefined) return null;
  if (r.interval !== 'month' || r.to.getTime() - r.from.getTime() <= LIVE_DAYS * 86_400_000) return null;
  const built = await rollupBuiltAt(db, r.programId);
  if (built === null || now.getTime() - built.getTime() > FRESH_MS) return null;
  const first = monthIndex(DateTime.fromJSDate(r.from, { zone: r.timezone }));
  const last = monthIndex(DateTime.fromJSDate(new Date(r.to.getTime() - 1), { zone: r.timezone }));
  if (first < 0 || last >= MASK_BITS) return null;
  return { first, last, builtAt: built };
}

/** Totals and monthly series from the rollups for months [first, last]. */
export async function rollupFigures(db: Db, r: Range, months: { first: number; last: number }) {
  const rows = await rollupMonths(db, r.programId, months.first, months.last);
  const distinct = await rollupDistinct(db, r.programId, months.first, months.last);
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, row) => s + Number(row[k]), 0);
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const series = [];
  for (let m = months.first; m <= months.last; m++) {
    const row = byMonth.get(m);
    series.push({
      period: monthStart(m, r.timezone).toISODate() ?? '',
      purchases: Number(row?.purchases ?? 0),
      revenue: Number(row?.revenue ?? 0),
      buyers: Number(row?.buyers ?? 0),
      repeatBuyers: Number(row?.repeat_buyers ?? 0),
      newMembers: Number(row?.new_members ?? 0),
      activeMembers: Number(row?.active_members ?? 0),
      earned: Number(row?.points_earned ?? 0),
      redeemed: Number(row?.points_redeemed ?? 0),
      expired: Number(row?.points_expired ?? 0),
    });
  }
  return {
    from: monthStart(months.first, r.timezone).toJSDate(),
    to: monthStart(months.last + 1, r.timezone).toJSDate(),
    purchases: {
      purchases: sum('purchases'),
      memberPurchases: sum('member_purchases'),
      revenue: sum('revenue'),
      memberRevenue: sum('member_revenue'),
      buyers: distinct.buyers,
      repeatBuyers: distinct.repeat,
    },
    points: {
      earned: sum('points_earned'),
      redeemed: sum('points_redeemed'),
      expired: sum('points_expired'),
    },
    members: { newMembers: sum('new_members'), active: distinct.active },
    series,
  };
}
