import type { DateTime } from 'luxon';
import type { LimitPeriod } from './rule.schemas.js';

/**
 * The calendar period an instant falls in, in the program time zone, as a stable key: limits and budgets count
 * usage per key, so "per day" means the program's local day and a new week starts on the local Monday.
 */
export function periodKey(period: LimitPeriod, local: DateTime): string {
  // Built from Luxon's cached calendar fields rather than its formatter: this runs for every limit of every rule.
  switch (period) {
    case 'day':
      return `d:${local.toISODate()}`;
    case 'week':
      return `w:${pad(local.weekYear, 4)}-W${pad(local.weekNumber, 2)}`;
    case 'month':
      return `m:${pad(local.year, 4)}-${pad(local.month, 2)}`;
    case 'year':
      return `y:${pad(local.year, 4)}`;
    default:
      return 'life';
  }
}

/** Zero-padded like Luxon's `kkkk`/`yyyy`/`WW`/`MM` tokens (a sign first for negative years). */
function pad(n: number, width: number): string {
  return n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0');
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
