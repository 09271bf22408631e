import { DateTime } from 'luxon';
import type { WindowType } from './tiers.schemas.js';

/** A half-open interval [from, to) of instants; `from` null = since the beginning. */
export interface Window {
  from: Date | null;
  to: Date;
}

const CALENDAR = {
  calendar_year: 'year',
  calendar_quarter: 'quarter',
  calendar_month: 'month',
} as const;

type Periodic = keyof typeof CALENDAR | 'membership_year';

const local = (at: Date, tz: string) => DateTime.fromJSDate(at, { zone: tz });

/** The membership year containing `at`: anniversaries of the enrolment's local date (29 Feb → 28 Feb). */
function membershipStart(at: Date, tz: string, enrolledAt: Date): DateTime {
  const anchor = local(enrolledAt, tz).startOf('day');
  const t = local(at, tz);
  let start = anchor.plus({ years: t.year - anchor.year });
  if (start > t) start = anchor.plus({ years: t.year - anchor.year - 1 });
  return start;
}

/** The start of the calendar (or membership) period containing `at`, in the program's zone. */
function periodStart(kind: Periodic, at: Date, tz: string, enrolledAt: Date): DateTime {
  return kind === 'membership_year'
    ? membershipStart(at, tz, enrolledAt)
    : local(at, tz).startOf(CALENDAR[kind]);
}

function plusPeriods(kind: Periodic, start: DateTime, n: number): DateTime {
  if (kind === 'calendar_quarter') return start.plus({ quarters: n });
  if (kind === 'calendar_month') return start.plus({ months: n });
  return start.plus({ years: n });
}

/**
 * The window whose activity qualifies a member at `at`: the calendar or membership period containing it, the 12
 * months up to and including it (the instant 12 months before is out, so a purchase never counts twice when a status
 * reached with it is reviewed 12 months later), or everything up to it (lifetime).
 */
export function currentWindow(kind: WindowType, at: Date, tz: string, enrolledAt: Date): Window {
  const end = new Date(at.getTime() + 1);
  if (kind === 'lifetime') return { from: null, to: end };
  if (kind === 'rolling_12_months') return { from: twelveMonthsBefore(at, tz), to: end };
  const start = periodStart(kind, at, tz, enrolledAt);
  return { from: start.toJSDate(), to: plusPeriods(kind, start, 1).toJSDate() };
}

function twelveMonthsBefore(at: Date, tz: string): Date {
  return new Date(local(at, tz).minus({ months: 12 }).toJSDate().getTime() + 1);
}

/** The period before the current one (calendar and membership windows only; null for the others). */
export function previousWindow(kind: WindowType, at: Date, tz: string, enrolledAt: Date): Window | null {
  if (kind === 'lifetime' || kind === 'rolling_12_months') return null;
  const start = periodStart(kind, at, tz, enrolledAt);
  return { from: plusPeriods(kind, start, -1).toJSDate(), to: start.toJSDate() };
}

/**
 * When a tier reached at `at` is first reviewed: at the end of the period it was reached in (calendar and membership
 * windows; the review renews it for the next period if that period's figures still support it, which they do unless
 * returns took them back), 12 months later (rolling), or never (lifetime: null).
 */
export function reviewAfterUpgrade(kind: WindowType, at: Date, tz: string, enrolledAt: Date): Date | null {
  if (kind === 'lifetime') return null;
  if (kind === 'rolling_12_months') return local(at, tz).plus({ months: 12 }).toJSDate();
  return plusPeriods(kind, periodStart(kind, at, tz, enrolledAt), 1).toJSDate();
}

/**
 * After a review at `due` (a status or grace period ending), when the resulting tier is reviewed next: at the end of
 * the period that starts (or runs) at `due`, or 12 months on (rolling).
 */
export function reviewAfterRenewal(kind: WindowType, due: Date, tz: string, enrolledAt: Date): Date | null {
  if (kind === 'lifetime') return null;
  if (kind === 'rolling_12_months') return local(due, tz).plus({ months: 12 }).toJSDate();
  return plusPeriods(kind, periodStart(kind, due, tz, enrolledAt), 1).toJSDate();
}

/** The window a status reviewed at `reviewAt` is kept by: the period (or the 12 months) ending then. */
export function statusWindow(kind: WindowType, reviewAt: Date, tz: string, enrolledAt: Date): Window {
  if (kind === 'lifetime') return { from: null, to: reviewAt };
  if (kind === 'rolling_12_months') {
    return { from: twelveMonthsBefore(reviewAt, tz), to: new Date(reviewAt.getTime() + 1) };
  }
  const start = periodStart(kind, new Date(reviewAt.getTime() - 1), tz, enrolledAt);
  return { from: start.toJSDate(), to: reviewAt };
}

export function addMonths(at: Date, months: number, tz: string): Date {
  return local(at, tz).plus({ months }).toJSDate();
}
