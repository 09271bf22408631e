import { DateTime } from 'luxon';
import type { Db } from '../../../db/database.js';
import type { Program } from '../../tenants/programs.repository.js';
import { rollupFigures, rollupRange } from './kpi-rollups.js';
import {
  memberBase,
  memberBuckets,
  modelTotals,
  pointsBuckets,
  purchaseBuckets,
  type Range,
  redemptionTotals,
  storedModelTotals,
} from './kpis.queries.js';

const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(4)) : null);

/** Every bucket start from `from` to `to` in the program's zone, so charts get a point for empty periods too. */
function bucketKeys(r: Range): string[] {
  const unit = r.interval;
  let at = DateTime.fromJSDate(r.from, { zone: r.timezone }).startOf(unit === 'week' ? 'week' : unit);
  const end = DateTime.fromJSDate(r.to, { zone: r.timezone });
  const keys: string[] = [];
  while (at < end && keys.length < 1000) {
    keys.push(at.toISODate() ?? '');
    at = at.plus({ [`${unit}s`]: 1 });
  }
  return keys;
}

interface Figures {
  from: Date;
  to: Date;
  source: 'live' | 'rollup';
  rollupBuiltAt: Date | null;
  purchases: {
    purchases: number;
    memberPurchases: number;
    revenue: number;
    memberRevenue: number;
    buyers: number;
    repeatBuyers: number;
  };
  points: { earned: number; redeemed: number; expired: number };
  members: { newMembers: number; active: number };
  series: {
    period: string;
    purchases: number;
    revenue: number;
    buyers: number;
    repeatBuyers: number;
    newMembers: number;
    activeMembers: number;
    earned: number;
    redeemed: number;
    expired: number;
  }[];
}

/** The range's figures straight from purchases, events, members and the ledger. */
async function liveFigures(db: Db, r: Range): Promise<Figures> {
  const [purchases, points, members] = await Promise.all([
    purchaseBuckets(db, r),
    pointsBuckets(db, r),
    memberBuckets(db, r),
  ]);
  const zero = { purchases: 0, memberPurchases: 0, revenue: 0, memberRevenue: 0, buyers: 0, repeatBuyers: 0 };
  const total = <T extends { bucket: string }>(rows: T[], empty: Omit<T, 'bucket'>) =>
    rows.find((b) => b.bucket === 'total') ?? { bucket: 'total', ...empty };
  const p = total(purchases, zero);
  const pts = total(points, { earned: 0, redeemed: 0, expired: 0 });
  const m = total(members, { newMembers: 0, active: 0 });
  return {
    from: r.from,
    to: r.to,
    source: 'live',
    rollupBuiltAt: null,
    purchases: p,
    points: pts,
    members: m,
    series: bucketKeys(r).map((key) => {
      const pb = purchases.find((b) => b.bucket === key) ?? { bucket: key, ...zero };
      const xb = points.find((b) => b.bucket === key) ?? { earned: 0, redeemed: 0, expired: 0 };
      const mb = members.find((b) => b.bucket === key) ?? { newMembers: 0, active: 0 };
      return {
        period: key,
        ...pb,
        newMembers: mb.newMembers,
        activeMembers: mb.active,
        earned: xb.earned,
        redeemed: xb.redeemed,
        expired: xb.expired,
      };
    }),
  };
}

/**
 * The program's KPIs for a date range (definitions in docs/analytics.md), with a series per day, week or month for
 * the dashboard's charts. Long monthly ranges are answered from the rollups when they are fresh, in whole months;
 * everything else is computed live. Money is in minor units; rates are 0–1 (null when undefined).
 */
export async function kpiReport(db: Db, program: Program, r: Range, now = new Date()) {
  const months = await rollupRange(db, r, now);
  const f: Figures = months
    ? { ...(await rollupFigures(db, r, months)), source: 'rollup', rollupBuiltAt: months.builtAt }
    : await liveFigures(db, r);
  const window = { ...r, from: f.from, to: f.to };
  const [redemptions, base, models] = await Promise.all([
    redemptionTotals(db, window),
    memberBase(db, program.id, f.to, r.segmentId),
    r.segmentId === undefined ? storedModelTotals(db, program.id) : modelTotals(db, program.id, r.segmentId),
  ]);
  const p = f.purchases;
  const value = (n: number) => Math.round((n * program.pointValueMinor) / program.pointValuePoints);
  const nonMemberPurchases = p.purchases - p.memberPurchases;
  return {
    from: f.from.toISOString(),
    to: f.to.toISOString(),
    interval: r.interval,
    currency: program.currency,
    segmentId: r.segmentId ?? null,
    source: f.source,
    rollupBuiltAt: f.rollupBuiltAt ? f.rollupBuiltAt.toISOString() : null,
    totals: {
      members: base.members,
      newMembers: f.members.newMembers,
      activeMembers: f.members.active,
      engagementRate: ratio(f.members.active, base.members),
      purchases: p.purchases,
      memberPurchases: p.memberPurchases,
      enrolmentRate: ratio(p.memberPurchases, p.purchases),
      revenue: p.revenue,
      buyers: p.buyers,
      repeatPurchaseRate: ratio(p.repeatBuyers, p.buyers),
      purchaseFrequency: ratio(p.memberPurchases, p.buyers),
      averageOrderValue: {
        members: p.memberPurchases > 0 ? Math.round(p.memberRevenue / p.memberPurchases) : null,
        nonMembers:
          nonMemberPurchases > 0 ? Math.round((p.revenue - p.memberRevenue) / nonMemberPurchases) : null,
      },
      points: f.points,
      redemptionRate: ratio(f.points.redeemed, f.points.earned),
      breakageRate: ratio(f.points.expired, f.points.earned),
      redemptions: redemptions.count,
      rewardCost: value(redemptions.points),
      liability: { points: base.outstanding, value: value(base.outstanding) },
      churnRate: ratio(models.churned, models.scored),
      clvDistribution: models.clv,
    },
    series: f.series.map((s) => ({
      period: s.period,
      newMembers: s.newMembers,
      activeMembers: s.activeMembers,
      purchases: s.purchases,
      revenue: s.revenue,
      pointsEarned: s.earned,
      pointsRedeemed: s.redeemed,
      pointsExpired: s.expired,
      repeatPurchaseRate: ratio(s.repeatBuyers, s.buyers),
      redemptionRate: ratio(s.redeemed, s.earned),
    })),
  };
}
