import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';

export interface Bucket {
  label: string;
  points: number;
  valueMinor: number;
}

export interface LiabilityReport {
  programId: string;
  asOf: string;
  currency: string;
  pointValue: { minor: number; points: number };
  outstanding: { points: number; debt: number; net: number; valueMinor: number };
  byAge: Bucket[];
  byExpiryMonth: Bucket[];
  breakage: {
    cohorts: {
      cohort: string;
      earned: number;
      expired: number;
      remaining: number;
      closed: boolean;
      rate: number | null;
    }[];
    closedEarned: number;
    closedExpired: number;
    rate: number | null;
  };
}

const AGE_BUCKETS = [
  { label: '0-30 days', max: 30 },
  { label: '31-90 days', max: 90 },
  { label: '91-180 days', max: 180 },
  { label: '181-365 days', max: 365 },
  { label: 'over 365 days', max: Number.POSITIVE_INFINITY },
];

/**
 * Outstanding points of the main wallet by age and by expiry month, valued at the program's point value, and
 * breakage (expired ÷ earned) per monthly earn cohort; only closed cohorts (no points left anywhere) count towards
 * the breakage rate, since open ones can still expire or be spent.
 */
export async function liabilityReport(db: Db, program: Program, now: Date): Promise<LiabilityReport> {
  const value = (points: number) => Math.round((points * program.pointValueMinor) / program.pointValuePoints);
  const zone = program.timezone;
  const open = await sql<{ remaining: number; earned_at: Date; expires_at: Date | null }>`
    SELECT l.remaining, l.earned_at, l.expires_at FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account_id
    WHERE a.program_id = ${program.id} AND a.code = 'points' AND l.remaining > 0`.execute(db);
  const debt = await sql<{ n: number }>`
    SELECT COALESCE(SUM(debt), 0) AS n FROM ledger_accounts WHERE program_id = ${program.id} AND code = 'points'`.execute(
    db,
  );
  const byAge = AGE_BUCKETS.map((b) => ({ label: b.label, points: 0, valueMinor: 0 }));
  const byExpiry = new Map<string, number>();
  let points = 0;
  for (const lot of open.rows) {
    const remaining = Number(lot.remaining);
    points += remaining;
    const age = (now.getTime() - lot.earned_at.getTime()) / 86_400_000;
    const bucket = byAge[AGE_BUCKETS.findIndex((b) => age <= b.max)];
    if (bucket) bucket.points += remaining;
    const month = lot.expires_at
      ? (DateTime.fromJSDate(lot.expires_at, { zone }).toFormat('yyyy-MM') ?? 'never')
      : 'never';
    byExpiry.set(month, (byExpiry.get(month) ?? 0) + remaining);
  }
  for (const b of byAge) b.valueMinor = value(b.points);
  const owed = Number(debt.rows[0]?.n ?? 0);
  return {
    programId: program.id,
    asOf: now.toISOString(),
    currency: program.currency,
    pointValue: { minor: program.pointValueMinor, points: program.pointValuePoints },
    outstanding: { points, debt: owed, net: points - owed, valueMinor: value(points - owed) },
    byAge,
    byExpiryMonth: [...byExpiry.entries()]
      .sort(([a], [b]) => (a === 'never' ? 1 : b === 'never' ? -1 : a.localeCompare(b)))
      .map(([label, p]) => ({ label, points: p, valueMinor: value(p) })),
    breakage: await breakage(db, program, now),
  };
}

async function breakage(db: Db, program: Program, now: Date): Promise<LiabilityReport['breakage']> {
  // Each credited lot is a root; lots that merges and transfers split off it belong to its cohort.
  const rows = await sql<{
    root: string;
    amount: number;
    earned_at: Date;
    remaining: number;
    expired: number;
  }>`
    WITH RECURSIVE tree AS (
      SELECT l.id, l.id AS root FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account_id
      WHERE a.program_id = ${program.id} AND a.code = 'points' AND l.origin_lot_id IS NULL
      UNION ALL
      SELECT c.id, t.root FROM ledger_lots c JOIN tree t ON c.origin_lot_id = t.id
    )
    SELECT r.id AS root, r.amount, r.earned_at,
      (SELECT COALESCE(SUM(l.remaining), 0) FROM tree t JOIN ledger_lots l ON l.id = t.id WHERE t.root = r.id) AS remaining,
      (SELECT COALESCE(SUM(-m.amount), 0) FROM tree t JOIN ledger_lot_movements m ON m.lot_id = t.id
         JOIN ledger_journals j ON j.id = m.journal_id WHERE t.root = r.id AND j.kind = 'expire') AS expired
    FROM ledger_lots r WHERE r.id IN (SELECT root FROM tree)`.execute(db);
  const cohorts = new Map<string, { earned: number; expired: number; remaining: number }>();
  for (const r of rows.rows) {
    const key = DateTime.fromJSDate(r.earned_at, { zone: program.timezone }).toFormat('yyyy-MM');
    const c = cohorts.get(key) ?? { earned: 0, expired: 0, remaining: 0 };
    c.earned += Number(r.amount);
    c.expired += Number(r.expired);
    c.remaining += Number(r.remaining);
    cohorts.set(key, c);
  }
  const thisMonth = DateTime.fromJSDate(now, { zone: program.timezone }).toFormat('yyyy-MM');
  const list = [...cohorts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohort, c]) => {
      const closed = c.remaining === 0 && cohort < thisMonth;
      return { cohort, ...c, closed, rate: c.earned > 0 ? c.expired / c.earned : null };
    });
  const closed = list.filter((c) => c.closed);
  const closedEarned = closed.reduce((s, c) => s + c.earned, 0);
  const closedExpired = closed.reduce((s, c) => s + c.expired, 0);
  return {
    cohorts: list,
    closedEarned,
    closedExpired,
    rate: closedEarned > 0 ? closedExpired / closedEarned : null,
  };
}
