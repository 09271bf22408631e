import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SegmentsTable } from '../../db/schema.js';
import type { SegmentCondition } from './segment-condition.schemas.js';

export interface Segment {
  id: string;
  tenantId: string;
  programId: string;
  code: string;
  name: string;
  description: string | null;
  kind: 'dynamic' | 'static';
  condition: SegmentCondition | null;
  size: number;
  computedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function toSegment(r: Selectable<SegmentsTable>): Segment {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    programId: r.program_id,
    code: r.code,
    name: r.name,
    description: r.description,
    kind: r.kind,
    condition: r.condition as SegmentCondition | null,
    size: Number(r.size),
    computedAt: r.computed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertSegment(
  db: Db,
  s: Pick<Segment, 'id' | 'tenantId' | 'programId' | 'code' | 'name' | 'description' | 'kind' | 'condition'>,
): Promise<Segment> {
  const row = await db
    .insertInto('segments')
    .values({
      id: s.id,
      tenant_id: s.tenantId,
      program_id: s.programId,
      code: s.code,
      name: s.name,
      description: s.description,
      kind: s.kind,
      condition: s.condition === null ? null : JSON.stringify(s.condition),
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSegment(row);
}

export async function updateSegment(
  db: Db,
  id: string,
  changes: { name: string; description: string | null; condition: SegmentCondition | null },
): Promise<Segment> {
  const row = await db
    .updateTable('segments')
    .set({
      name: changes.name,
      description: changes.description,
      condition: changes.condition === null ? null : JSON.stringify(changes.condition),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSegment(row);
}

/** The segment of this tenant, optionally locked (FOR UPDATE) against a concurrent edit or delete. */
export async function findSegment(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<Segment | undefined> {
  let q = db.selectFrom('segments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toSegment(row);
}

export async function codeTaken(db: Db, programId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('segments')
    .select('id')
    .where('program_id', '=', programId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listSegments(
  db: Db,
  programId: string,
  kind?: Segment['kind'] | undefined,
): Promise<Segment[]> {
  let q = db.selectFrom('segments').selectAll().where('program_id', '=', programId);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.orderBy('code').execute()).map(toSegment);
}

export async function deleteSegment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('segments').where('id', '=', id).execute();
}

/** Stores the size and when it was computed, and the size of the local day (one row per day: the last wins). */
export async function recordSize(
  db: Db,
  segmentId: string,
  size: number,
  at: Date,
  day: string,
): Promise<void> {
  await db.updateTable('segments').set({ size, computed_at: at }).where('id', '=', segmentId).execute();
  await db
    .insertInto('segment_sizes')
    .values({ segment_id: segmentId, day, size })
    .onConflict((oc) => oc.columns(['segment_id', 'day']).doUpdateSet({ size }))
    .execute();
}

export async function countMembers(db: Db, segmentId: string): Promise<number> {
  const row = await db
    .selectFrom('segment_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('segment_id', '=', segmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of members in member id order (keyset: ids after the cursor). */
export async function membersPage(db: Db, segmentId: string, after: string | undefined, limit: number) {
  let q = db.selectFrom('segment_members').select(['member_id', 'since']).where('segment_id', '=', segmentId);
  if (after) q = q.where('member_id', '>', after);
  return q.orderBy('member_id').limit(limit).execute();
}

export async function listSizes(db: Db, segmentId: string, from?: string, to?: string) {
  let q = db.selectFrom('segment_sizes').select(['day', 'size']).where('segment_id', '=', segmentId);
  if (from) q = q.where('day', '>=', from);
  if (to) q = q.where('day', '<=', to);
  return q.orderBy('day').execute();
}

export async function segmentsOfMember(db: Db, memberId: string) {
  return db
    .selectFrom('segment_members')
    .innerJoin('segments', 'segments.id', 'segment_members.segment_id')
    .select(['segments.id', 'segments.code', 'segments.name', 'segments.kind', 'segment_members.since'])
    .where('segment_members.member_id', '=', memberId)
    .orderBy('segments.code')
    .execute();
}
