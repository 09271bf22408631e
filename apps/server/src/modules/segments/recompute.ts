import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { type CompileContext, compileContext, memberQuery } from './compile-condition.js';
import {
  adjustSize,
  listenersOf,
  localDay,
  type MembershipChange,
  type Moved,
  moveMembers,
  staticTarget,
} from './membership.js';
import { countMembers, listSegments, recordSize, type Segment } from './segments.repository.js';

export interface RecomputeResult extends Moved {
  size: number;
  computedAt: Date;
}

/** Runs in the caller's transaction, or in a new one: a recompute's changes, events and size commit together. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Who should be in the segment among the members in scope (a predicate on `m` for dynamic, `sm` for static). */
function change(cc: CompileContext, segment: Segment, scope: Scope | null): MembershipChange {
  if (segment.kind === 'static' || segment.condition === null) {
    const within = scope?.members ?? sql`true`;
    return { target: staticTarget(segment.id, within), scope: within };
  }
  return {
    target: memberQuery(segment.condition, cc, scope?.profiles ?? null),
    scope: scope?.members ?? sql`true`,
  };
}

/** The members a partial recompute looks at, as a predicate on the member row `m` and on the membership row `sm`. */
interface Scope {
  profiles: RawBuilder<unknown>;
  members: RawBuilder<unknown>;
}

const byIds = (ids: string[]): Scope => ({
  profiles: sql`m.id = ANY(${ids}::uuid[])`,
  members: sql`sm.member_id = ANY(${ids}::uuid[])`,
});

/**
 * Recomputes one segment for every member, set-based: a dynamic segment from its condition, a static one by
 * dropping members who were deleted or merged. Records the size of the local day. Concurrent full recomputes of one
 * segment queue behind each other (advisory lock), so their entries and exits are never counted twice.
 */
export async function recomputeSegment(
  db: Db,
  program: Program,
  segment: Segment,
  now: Date,
): Promise<RecomputeResult> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('segment:' || ${segment.id}::text))`.execute(trx);
    const moved = await moveMembers(
      trx,
      segment,
      change(await compileContext(trx, program, now), segment, null),
      now,
      await listenersOf(trx, program, segment.code),
    );
    const size = await countMembers(trx, segment.id);
    await recordSize(trx, segment.id, size, now, localDay(program, now));
    return { ...moved, size, computedAt: now };
  });
}

/**
 * Recomputes every segment of the program (only the dynamic ones if asked), each in its own transaction unless the
 * caller's: after a metrics refresh, inside the refresh's transaction, so members move on the figures it wrote.
 */
export async function recomputeProgramSegments(
  db: Db,
  program: Program,
  now: Date,
  only?: Segment['kind'],
): Promise<Moved> {
  const total: Moved = { entered: 0, left: 0 };
  for (const segment of await listSegments(db, program.id, only)) {
    const r = await recomputeSegment(db, program, segment, now);
    total.entered += r.entered;
    total.left += r.left;
  }
  return total;
}

/**
 * Recomputes the given members' membership of every segment of the program: after a member changes. Each segment is
 * one statement narrowed to these members; the size moves by the difference. Runs in the caller's transaction when
 * there is one (a profile update), so the member's segments change with the member.
 */
export async function recomputeMemberSegments(
  db: Db,
  program: Program,
  memberIds: string[],
  now: Date,
): Promise<Moved> {
  const total: Moved = { entered: 0, left: 0 };
  if (memberIds.length === 0) return total;
  const segments = await listSegments(db, program.id);
  if (segments.length === 0) return total;
  return inTransaction(db, async (trx) => {
    const cc = await compileContext(trx, program, now);
    for (const segment of segments) {
      const moved = await moveMembers(
        trx,
        segment,
        change(cc, segment, byIds(memberIds)),
        now,
        await listenersOf(trx, program, segment.code),
      );
      await adjustSize(trx, program, segment.id, moved, now);
      total.entered += moved.entered;
      total.left += moved.left;
    }
    return total;
  });
}

/**
 * Members change in many places (profile updates, tags and attributes set by rules, memberships, deletion, merges);
 * each of them touches `members.updated_at`. The sweep recomputes the segments of the members changed since the last
 * sweep began, less an overlap, so a change committed a little after its timestamp is still picked up (each change
 * is looked at by a few sweeps; recomputing an unchanged member moves nothing). The watermark is on the database
 * clock, independent of the `now` the recompute counts recency to.
 */
const OVERLAP = '5 minutes';
/** Beyond this many changed members (an import), one full recompute is cheaper than an id list per segment. */
const FULL_RECOMPUTE_ABOVE = 5000;

export interface Sweep extends Moved {
  members: number;
}

export async function sweepChangedMembers(db: Db, program: Program, now: Date): Promise<Sweep> {
  const state = await db
    .selectFrom('segment_sweeps')
    .select('members_seen_until')
    .where('program_id', '=', program.id)
    .executeTakeFirst();
  const since = state?.members_seen_until ?? new Date(0);
  const clock = await sql<{ next: Date }>`SELECT clock_timestamp() - ${OVERLAP}::interval AS next`.execute(
    db,
  );
  const next = clock.rows[0]?.next ?? since;
  const changed = await sql<{ id: string }>`SELECT id FROM members
    WHERE program_id = ${program.id}::uuid AND updated_at >= ${since}::timestamptz`.execute(db);
  const ids = changed.rows.map((r) => r.id);
  const moved =
    ids.length > FULL_RECOMPUTE_ABOVE
      ? await recomputeProgramSegments(db, program, now)
      : await recomputeMemberSegments(db, program, ids, now);
  await db
    .insertInto('segment_sweeps')
    .values({ program_id: program.id, tenant_id: program.tenantId, members_seen_until: next })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ members_seen_until: next }))
    .execute();
  return { members: ids.length, ...moved };
}
