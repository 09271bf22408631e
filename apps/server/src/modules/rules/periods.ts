import type { DateTime } from 'luxon';
import type { LimitPeriod } from './rule.schemas.js';

/**
 * The calendar period an instant falls in, in the program time zone, as a stable key: limits and budgets count
 * usage per key, so "per day" means the program's local day and a new week starts on the local Monday.
 */
export function periodKey(period: LimitPeriod, local: DateTime): string {
  switch (period) {
    case 'day':
      return `d:${local.toISODate()}`;
    case 'week':
      return `w:${local.toFormat("kkkk-'W'WW")}`;
    case 'month':
      return `m:${local.toFormat('yyyy-MM')}`;
    case 'year':
      return `y:${local.toFormat('yyyy')}`;
    default:
      return 'life';
  }
}

/** Per member, per rule (by its stable key, so limits carry across versions), per period. */
export function memberLimitKey(
  campaignId: string,
  ruleKey: string,
  memberId: string,
  period: string,
): string {
  return `rule:${campaignId}:${ruleKey}:${memberId}:${period}`;
}

/** Per campaign: `life` for the total budget, or the period key of the per-period budget. */
export function budgetKey(campaignId: string, period: string): string {
  return `budget:${campaignId}:${period}`;
}

const PERIOD_WORDS: Record<LimitPeriod, string> = {
  day: 'per day',
  week: 'per week',
  month: 'per month',
  year: 'per year',
  lifetime: 'in total',
};

export function describePeriod(period: LimitPeriod): string {
  return PERIOD_WORDS[period];
}
