import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { validationFailed } from '../../http/problem.js';
import { partnerMovements } from '../ledger/partner-journals.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import { listPartners } from './partners.repository.js';
import type { PointValue, Settlement } from './partners.schemas.js';

/** points × minor ÷ per, rounded half away from zero, in integers (BigInt: the product may pass 2^53). */
export function pointsValue(points: number, value: PointValue): number {
  const sign = points < 0 ? -1n : 1n;
  const numerator = BigInt(Math.abs(points)) * BigInt(value.minor) * 2n + BigInt(value.points);
  return Number((sign * numerator) / (2n * BigInt(value.points)));
}

const queryInvalid = (field: string, code: string, message: string) =>
  validationFailed(`${field} ${message}`, [{ field, in: 'query', code, message }]);

/** [start of `from`, start of the day after `to`) in the program's time zone, as instants. */
export function settlementPeriod(program: Pick<Program, 'timezone'>, from: string, to: string) {
  const start = DateTime.fromISO(from, { zone: program.timezone }).startOf('day');
  const last = DateTime.fromISO(to, { zone: program.timezone }).startOf('day');
  if (!start.isValid) throw queryInvalid('/from', 'format', 'must be a date (YYYY-MM-DD)');
  if (!last.isValid) throw queryInvalid('/to', 'format', 'must be a date (YYYY-MM-DD)');
  if (last < start) throw queryInvalid('/to', 'range', 'must not be before from');
  return { start: start.toJSDate(), end: last.plus({ days: 1 }).toJSDate() };
}

/**
 * What each partner and the program owe each other for a period: points issued at the partner (net of returns) at
 * the agreed issue value, against points redeemed there at the agreed redeem value. The points are sums of the
 * program accounts' ledger entries over the journals the partner caused, dated by the journal's occurred_at, so
 * the report ties out to the ledger by construction; money is rounded once per partner and side.
 */
export async function partnerSettlement(
  db: Db,
  program: Program,
  from: string,
  to: string,
): Promise<Settlement> {
  const { start, end } = settlementPeriod(program, from, to);
  const moved = new Map((await partnerMovements(db, program.id, start, end)).map((m) => [m.partnerId, m]));
  const partners = (await listPartners(db, program.tenantId, program.id)).map((p) => {
    const m = moved.get(p.id);
    const issueValue = { minor: p.issue_value_minor, points: p.issue_value_points };
    const redeemValue = { minor: p.redeem_value_minor, points: p.redeem_value_points };
    const issued = {
      points: m?.issued ?? 0,
      valueMinor: pointsValue(m?.issued ?? 0, issueValue),
      value: issueValue,
    };
    const redeemed = {
      points: m?.redeemed ?? 0,
      valueMinor: pointsValue(m?.redeemed ?? 0, redeemValue),
      value: redeemValue,
    };
    return {
      partnerId: p.id,
      code: p.code,
      name: p.name,
      issued,
      redeemed,
      netMinor: issued.valueMinor - redeemed.valueMinor,
    };
  });
  const sum = (f: (l: (typeof partners)[number]) => number) => partners.reduce((s, l) => s + f(l), 0);
  return {
    programId: program.id,
    currency: program.currency,
    timezone: program.timezone,
    from,
    to,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    partners,
    totals: {
      issuedPoints: sum((l) => l.issued.points),
      redeemedPoints: sum((l) => l.redeemed.points),
      issuedMinor: sum((l) => l.issued.valueMinor),
      redeemedMinor: sum((l) => l.redeemed.valueMinor),
      netMinor: sum((l) => l.netMinor),
    },
  };
}
