import { DateTime } from 'luxon';
import type { Db } from '../../../db/database.js';
import type { Program } from '../../tenants/programs.repository.js';
import {
  memberBase,
  memberBuckets,
  modelTotals,
  pointsBuckets,
  purchaseBuckets,
  type Range,
  redemptionTotals,
} from './kpis.queries.js';

const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(4)) : null);
const CLV_EDGES = [0, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000];

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

/**
 * The program's KPIs for a date range (definitions in docs/analytics.md), with a series per day, week or month for
 * the dashboard's charts. Money is in minor units of the program currency; rates are 0–1 (null when undefined).
 */
export async function kpiReport(db: Db, program: Program, r: Range) {
  const [purchases, points, members, redemptions, base, models] = await Promise.all([
    purchaseBuckets(db, r),
    pointsBuckets(db, r),
    memberBuckets(db, r),
    redemptionTotals(db, r),
    memberBase(db, program.id, r.to),
    modelTotals(db, program.id, CLV_EDGES),
  ]);
  const zero = { purchases: 0, memberPurchases: 0, revenue: 0, memberRevenue: 0, buyers: 0, repeatBuyers: 0 };
  const p = purchases.find((b) => b.bucket === 'total') ?? { bucket: 'total', ...zero };
  const pts = points.find((b) => b.bucket === 'total') ?? {
    bucket: 'total',
    earned: 0,
    redeemed: 0,
    expired: 0,
  };
  const m = members.find((b) => b.bucket === 'total') ?? { bucket: 'total', newMembers: 0, active: 0 };
  const value = (n: number) => Math.round((n * program.pointValueMinor) / program.pointValuePoints);
  const nonMemberPurchases = p.purchases - p.memberPurchases;
  return {
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    interval: r.interval,
    currency: program.currency,
    totals: {
      members: base.members,
      newMembers: m.newMembers,
      activeMembers: m.active,
      engagementRate: ratio(m.active, base.members),
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
      points: { earned: pts.earned, redeemed: pts.redeemed, expired: pts.expired },
      redemptionRate: ratio(pts.redeemed, pts.earned),
      breakageRate: ratio(pts.expired, pts.earned),
      redemptions: redemptions.count,
      rewardCost: value(redemptions.points),
      liability: { points: base.outstanding, value: value(base.outstanding) },
      churnRate: ratio(models.churned, models.scored),
      clvDistribution: models.clv,
    },
    series: bucketKeys(r).map((key) => {
      const pb = purchases.find((b) => b.bucket === key) ?? { bucket: key, ...zero };
      const xb = points.find((b) => b.bucket === key) ?? { earned: 0, redeemed: 0, expired: 0 };
      const mb = members.find((b) => b.bucket === key) ?? { newMembers: 0, active: 0 };
      return {
        period: key,
        newMembers: mb.newMembers,
        activeMembers: mb.active,
        purchases: pb.purchases,
        revenue: pb.revenue,
        pointsEarned: xb.earned,
        pointsRedeemed: xb.redeemed,
        pointsExpired: xb.expired,
        repeatPurchaseRate: ratio(pb.repeatBuyers, pb.buyers),
        redemptionRate: ratio(xb.redeemed, xb.earned),
      };
    }),
  };
}
