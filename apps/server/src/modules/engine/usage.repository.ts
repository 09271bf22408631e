import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { UsageDelta } from '../rules/evaluation.types.js';

export type Usage = Map<string, { count: number; points: number }>;

export async function readUsage(db: Db, programId: string, keys: string[]): Promise<Usage> {
  const out: Usage = new Map();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('rule_usage')
    .select(['key', 'count', 'points'])
    .where('program_id', '=', programId)
    .where('key', 'in', keys)
    .execute();
  for (const r of rows) out.set(r.key, { count: Number(r.count), points: Number(r.points) });
  return out;
}

/**
 * The statement that locks the usage rows of these keys in key order (creating missing ones) and adds `add` to them,
 * returning their usage after. A purchase embeds it in its insert statement (see transactions' insertPurchase).
 */
export function lockAndAddUsageSql(programId: string, add: Usage): RawBuilder<UsageAfter> {
  const keys = [...add.keys()].sort();
  const counts = keys.map((k) => add.get(k)?.count ?? 0);
  const points = keys.map((k) => add.get(k)?.points ?? 0);
  return sql<UsageAfter>`
    INSERT INTO rule_usage (program_id, key, count, points)
    SELECT ${programId}::uuid, v.key, v.count, v.points
    FROM unnest(${keys}::text[], ${counts}::bigint[], ${points}::bigint[]) AS v(key, count, points) ORDER BY v.key
    ON CONFLICT (program_id, key) DO UPDATE
      SET count = rule_usage.count + EXCLUDED.count, points = rule_usage.points + EXCLUDED.points
    RETURNING key, count, points`;
}

export interface UsageAfter {
  key: string;
  count: string | number;
  points: string | number;
}

/** The usage before an addition, from the rows after it. */
export function usageBefore(add: Usage, after: UsageAfter[]): Usage {
  const out: Usage = new Map();
  for (const r of after) {
    const added = add.get(r.key) ?? { count: 0, points: 0 };
    out.set(r.key, { count: Number(r.count) - added.count, points: Number(r.points) - added.points });
  }
  return out;
}

/**
 * Locks the usage rows of these keys in key order (creating missing ones) and adds `add` to them, in one statement;
 * returns the usage as it was before. The rows stay locked for the rest of the transaction, so the limits and budgets
 * read here cannot be consumed by anyone else until it commits or rolls back.
 */
export async function lockAndAddUsage(db: Db, programId: string, add: Usage): Promise<Usage> {
  if (add.size === 0) return new Map();
  const rows = await lockAndAddUsageSql(programId, add).execute(db);
  return usageBefore(add, rows.rows);
}

/** Adds what an evaluation consumed; the rows were locked by lockUsage in this transaction. */
export async function addUsage(db: Db, programId: string, deltas: UsageDelta[]): Promise<void> {
  const byKey = new Map<string, { count: number; points: number }>();
  for (const d of deltas) {
    const s = byKey.get(d.key) ?? { count: 0, points: 0 };
    byKey.set(d.key, { count: s.count + d.count, points: s.points + d.points });
  }
  if (byKey.size === 0) return;
  const keys = [...byKey.keys()];
  await sql`UPDATE rule_usage SET count = rule_usage.count + v.count, points = rule_usage.points + v.points
    FROM unnest(${keys}::text[], ${keys.map((k) => byKey.get(k)?.count ?? 0)}::bigint[],
      ${keys.map((k) => byKey.get(k)?.points ?? 0)}::bigint[]) AS v(key, count, points)
    WHERE rule_usage.program_id = ${programId} AND rule_usage.key = v.key`.execute(db);
}

/**
 * Deletes usage rows of day, week and month periods that ended well in the past (a margin of a few days covers every
 * time zone): no evaluation reads them again. Year and lifetime rows, and budgets' `life` rows, are kept.
 */
export async function purgePastUsage(db: Db, now: Date): Promise<number> {
  const day = (offsetDays: number) =>
    new Date(now.getTime() - offsetDays * 86_400_000).toISOString().slice(0, 10);
  const result = await sql`
    DELETE FROM rule_usage WHERE
      (key ~ ':d:[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND right(key, 10) < ${day(3)})
      OR (key ~ ':m:[0-9]{4}-[0-9]{2}$' AND right(key, 7) < ${day(40).slice(0, 7)})
      OR (key ~ ':w:[0-9]{4}-W[0-9]{2}$' AND right(key, 8) < ${DateTime.fromJSDate(now, { zone: 'UTC' }).minus({ days: 10 }).toFormat("kkkk-'W'WW")})`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
