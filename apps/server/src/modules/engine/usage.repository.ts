import { sql } from 'kysely';
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
 * Locks the usage rows of these keys (creating missing ones) in key order, for the rest of the transaction: the
 * limits and budgets read now cannot be consumed by anyone else until this transaction commits or rolls back.
 */
export async function lockUsage(db: Db, programId: string, keys: string[]): Promise<Usage> {
  const out: Usage = new Map();
  if (keys.length === 0) return out;
  const sorted = [...new Set(keys)].sort();
  await sql`INSERT INTO rule_usage (program_id, key)
    SELECT ${programId}::uuid, k FROM unnest(${sorted}::text[]) AS k ORDER BY k
    ON CONFLICT (program_id, key) DO NOTHING`.execute(db);
  const rows = await sql<{ key: string; count: string; points: string }>`
    SELECT key, count, points FROM rule_usage WHERE program_id = ${programId} AND key = ANY(${sorted}::text[])
    ORDER BY key FOR UPDATE`.execute(db);
  for (const r of rows.rows) out.set(r.key, { count: Number(r.count), points: Number(r.points) });
  return out;
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
