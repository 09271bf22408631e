import i18next from 'i18next';
import { type KpiReport, shiftDate, todayIn } from '../lib.js';

export type RangeKey = '30d' | '12m';

export interface KpiQuery {
  from: string;
  to: string;
  interval: 'day' | 'month';
}

/** The two ranges the dashboard offers, as days of the program's own calendar. */
export function rangeQuery(range: RangeKey, timezone: string, now = new Date()): KpiQuery {
  const to = todayIn(timezone, now);
  if (range === '30d') return { from: shiftDate(to, { days: -29 }), to, interval: 'day' };
  // Twelve whole calendar months, the current one included (and still running).
  const firstOfMonth = `${to.slice(0, 8)}01`;
  return { from: shiftDate(firstOfMonth, { months: -11 }), to, interval: 'month' };
}

/** "Mar 2025" for monthly buckets, "12 Mar" for daily ones, in the interface language. */
export function periodLabel(period: string, interval: string): string {
  const [y, m, d] = period.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const options: Intl.DateTimeFormatOptions =
    interval === 'month'
      ? { month: 'short', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(i18next.language, options).format(date);
}

export interface KpiRow extends Record<string, unknown> {
  label: string;
  members: number;
  newMembers: number;
  activeMembers: number;
  pointsEarned: number;
  pointsRedeemed: number;
  pointsExpired: number;
  revenue: number;
  repeatPurchaseRate: number | null;
  redemptionRate: number | null;
}

/**
 * Chart rows from a KPI report. The series carries new members per period and the totals the member count at the
 * end of the range, so the count at the end of each earlier period is that total less the members who joined after
 * it (both count only members who still exist, so the two agree).
 */
export function kpiRows(report: KpiReport): KpiRow[] {
  const rows: KpiRow[] = [];
  let members = report.totals.members;
  for (let i = report.series.length - 1; i >= 0; i--) {
    const s = report.series[i];
    if (s === undefined) continue;
    rows.unshift({
      label: periodLabel(s.period, report.interval),
      members,
      newMembers: s.newMembers,
      activeMembers: s.activeMembers,
      pointsEarned: s.pointsEarned,
      pointsRedeemed: s.pointsRedeemed,
      pointsExpired: s.pointsExpired,
      revenue: s.revenue,
      repeatPurchaseRate: s.repeatPurchaseRate,
      redemptionRate: s.redemptionRate,
    });
    members -= s.newMembers;
  }
  return rows;
}
