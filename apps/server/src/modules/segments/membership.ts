import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import type { Segment } from './segments.repository.js';

/**
 * The one statement that moves members in and out of a segment. Given the members who should be in it (`target`)
 * among those in `scope` (a predicate over the membership row `sm`), it inserts the newcomers, deletes those in
 * scope who no longer belong, and for each of them writes a `segment.entered` / `segment.left` outbox message and,
 * when a live rule listens, a `segment_changes` row for the trigger runner: all or nothing, in the caller's
 * transaction. Set-based, so 100,000 members cost one round trip.
 */
export interface MembershipChange {
  target: RawBuilder<unknown>;
  scope: RawBuilder<unknown>;
}

export interface Moved {
  entered: number;
  left: number;
}

/** Which changes of a segment some live rule listens to (`segment_entered` / `segment_left` with its code). */
export interface Listeners {
  entered: boolean;
  left: boolean;
}

const byRuleSet = new WeakMap<LiveRule[], LiveRule[]>();

/** The live segment trigger rules of the program (cached per rule set, which liveRules keeps while nothing changes). */
export async function segmentTriggerRules(db: Db, program: Program): Promise<LiveRule[]> {
  const all = await liveRules(db, program);
  let found = byRuleSet.get(all);
  if (found === undefined) {
    found = all.filter(
      (r) => r.rule.trigger.type === 'segment_entered' || r.rule.trigger.type === 'segment_left',
    );
    byRuleSet.set(all, found);
  }
  return found;
}

export async function listenersOf(db: Db, program: Program, code: string): Promise<Listeners> {
  const rules = await segmentTriggerRules(db, program);
  const listens = (type: string) =>
    rules.some((r) => {
      const t = r.rule.trigger;
      return t.type === type && 'segments' in t && t.segments.includes(code);
    });
  return { entered: listens('segment_entered'), left: listens('segment_left') };
}

export async function moveMembers(
  db: Db,
  segment: Segment,
  change: MembershipChange,
  at: Date,
  listeners: Listeners,
): Promise<Moved> {
  const s = segment;
  const result = await sql<{ entered: number; exited: number }>`
    WITH target AS MATERIALIZED (${change.target}),
    entered AS (
      INSERT INTO segment_members (segment_id, member_id, since)
      SELECT ${s.id}::uuid, t.id, ${at}::timestamptz FROM target t
      ON CONFLICT DO NOTHING RETURNING member_id
    ), gone AS (
      DELETE FROM segment_members sm WHERE sm.segment_id = ${s.id}::uuid AND ${change.scope}
        AND NOT EXISTS (SELECT 1 FROM target t WHERE t.id = sm.member_id)
      RETURNING sm.member_id
    ), changes AS (
      SELECT member_id, 'entered'::text AS change FROM entered
      UNION ALL SELECT member_id, 'left'::text FROM gone
    ), messages AS (
      INSERT INTO outbox (tenant_id, program_id, type, payload)
      SELECT ${s.tenantId}::uuid, ${s.programId}::uuid, 'segment.' || c.change,
        jsonb_build_object('memberId', c.member_id, 'segmentId', ${s.id}::text, 'segment', ${s.code}::text,
          'at', ${at.toISOString()}::text)
      FROM changes c ORDER BY c.member_id
      RETURNING 1
    ), queued AS (
      INSERT INTO segment_changes (tenant_id, program_id, segment_code, member_id, change, at)
      SELECT ${s.tenantId}::uuid, ${s.programId}::uuid, ${s.code}::text, c.member_id, c.change, ${at}::timestamptz
      FROM changes c
      WHERE (c.change = 'entered' AND ${listeners.entered}::boolean) OR (c.change = 'left' AND ${listeners.left}::boolean)
      ORDER BY c.member_id
      RETURNING 1
    )
    SELECT count(*) FILTER (WHERE change = 'entered') AS entered,
      count(*) FILTER (WHERE change = 'left') AS exited
    FROM changes`.execute(db);
  const row = result.rows[0];
  return { entered: Number(row?.entered ?? 0), left: Number(row?.exited ?? 0) };
}

/** The local date of an instant in the program's time zone: sizes over time are kept per local day. */
export function localDay(program: Program, at: Date): string {
  return DateTime.fromJSDate(at, { zone: program.timezone }).toISODate() ?? at.toISOString().slice(0, 10);
}

/**
 * After a partial recompute or an upload: the size moves by what moved (a counter, so concurrent partial changes
 * add up without counting the table), and today's size follows.
 */
export async function adjustSize(
  db: Db,
  program: Program,
  segmentId: string,
  moved: Moved,
  at: Date,
): Promise<void> {
  const delta = moved.entered - moved.left;
  // Nothing moved: leave the row alone, so member updates do not queue on the segment row for nothing.
  if (delta === 0) return;
  const row = await sql<{ size: number }>`UPDATE segments SET size = size + ${delta}::int
    WHERE id = ${segmentId}::uuid RETURNING size`.execute(db);
  const size = Number(row.rows[0]?.size ?? 0);
  await db
    .insertInto('segment_sizes')
    .values({ segment_id: segmentId, day: localDay(program, at), size })
    .onConflict((oc) => oc.columns(['segment_id', 'day']).doUpdateSet({ size }))
    .execute();
}

/** The current members of a static segment who are still members of the program (not deleted, not merged). */
export function staticTarget(segmentId: string, scope: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`SELECT sm.member_id AS id FROM segment_members sm JOIN members m ON m.id = sm.member_id
    WHERE sm.segment_id = ${segmentId}::uuid AND ${scope} AND m.status <> 'deleted' AND m.merged_into IS NULL`;
}
