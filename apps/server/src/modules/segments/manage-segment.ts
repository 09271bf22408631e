import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound, validationFailed } from '../../http/problem.js';
import { findProgramModels } from '../analytics/analytics.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram, resolveProgram } from '../tenants/programs.service.js';
import { compileContext, memberQuery } from './compile-condition.js';
import { assertValidCondition } from './condition-validation.js';
import { recomputeSegment } from './recompute.js';
import type { SegmentCondition } from './segment-condition.schemas.js';
import {
  codeTaken,
  deleteSegment,
  findSegment,
  insertSegment,
  type Segment,
  updateSegment,
} from './segments.repository.js';
import type { SegmentCreateInput, SegmentDto, SegmentUpdateInput } from './segments.schemas.js';

export function toSegmentDto(s: Segment): SegmentDto {
  return {
    id: s.id,
    programId: s.programId,
    code: s.code,
    name: s.name,
    description: s.description,
    kind: s.kind,
    condition: s.condition,
    size: s.size,
    computedAt: s.computedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A dynamic segment has a valid condition; a static one has none. */
function checkedCondition(
  program: Program,
  kind: Segment['kind'],
  condition: SegmentCondition | undefined,
): SegmentCondition | null {
  if (kind === 'static') {
    if (condition === undefined) return null;
    throw validationFailed('/condition is not allowed for a static segment', [
      {
        field: '/condition',
        in: 'body',
        code: 'not_allowed',
        message: 'is not allowed: a static segment lists its members',
      },
    ]);
  }
  if (condition === undefined) {
    throw validationFailed('/condition is required for a dynamic segment', [
      { field: '/condition', in: 'body', code: 'required', message: 'is required for a dynamic segment' },
    ]);
  }
  assertValidCondition(condition, program.attributeSchema);
  return condition;
}

export async function requireSegment(db: Db, tenantId: string, id: string, lock = false): Promise<Segment> {
  const segment = await findSegment(db, tenantId, id, lock);
  if (segment === undefined) throw notFound('segment', id);
  return segment;
}

/** Creates the segment and computes its membership at once (members entering fire events like any recompute). */
export async function createSegment(
  db: Db,
  tenantId: string,
  actor: string,
  input: SegmentCreateInput,
  now = new Date(),
): Promise<SegmentDto> {
  const program = await resolveProgram(db, tenantId, input.programId);
  const condition = checkedCondition(program, input.kind, input.condition);
  if (await codeTaken(db, program.id, input.code)) {
    throw conflict('segment_code_taken', `The program already has a segment with code ${input.code}`, {}, [
      { field: '/code', in: 'body', code: 'taken', message: `Code ${input.code} is in use` },
    ]);
  }
  const segment = await insertSegment(db, {
    id: uuidv7(),
    tenantId,
    programId: program.id,
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    kind: input.kind,
    condition,
  });
  await recomputeSegment(db, program, segment, now);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'segment.created',
    subjectType: 'segment',
    subjectId: segment.id,
  });
  return toSegmentDto(await requireSegment(db, tenantId, segment.id));
}

/** Replaces name, description and condition; a dynamic segment is recomputed on the new condition at once. */
export async function replaceSegment(
  db: Db,
  tenantId: string,
  actor: string,
  id: string,
  input: SegmentUpdateInput,
  now = new Date(),
): Promise<SegmentDto> {
  const current = await requireSegment(db, tenantId, id, true);
  const program = await getProgram(db, tenantId, current.programId);
  const condition = checkedCondition(program, current.kind, input.condition);
  const updated = await updateSegment(db, id, {
    name: input.name,
    description: input.description ?? null,
    condition,
  });
  if (updated.kind === 'dynamic') await recomputeSegment(db, program, updated, now);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'segment.updated',
    subjectType: 'segment',
    subjectId: id,
  });
  return toSegmentDto(await requireSegment(db, tenantId, id));
}

/**
 * Deletes the segment, its membership and its size history. Members do not "leave" a deleted segment (no events);
 * rules naming its code simply match nobody any more.
 */
export async function removeSegment(db: Db, tenantId: string, actor: string, id: string): Promise<void> {
  const segment = await requireSegment(db, tenantId, id, true);
  await deleteSegment(db, segment.id);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'segment.deleted',
    subjectType: 'segment',
    subjectId: id,
    details: { code: segment.code },
  });
}

/** How many members a condition selects now, without saving anything: the console's live count. */
export async function previewCondition(
  db: Db,
  tenantId: string,
  input: { programId?: string | undefined; condition: SegmentCondition },
  now = new Date(),
): Promise<{ members: number; metricsComputedAt: string | null }> {
  const program = await resolveProgram(db, tenantId, input.programId);
  assertValidCondition(input.condition, program.attributeSchema);
  const query = memberQuery(input.condition, await compileContext(db, program, now));
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM (${query}) x`.execute(db);
  const models = await findProgramModels(db, program.id);
  return {
    members: Number(result.rows[0]?.n ?? 0),
    metricsComputedAt: models?.refreshed_at?.toISOString() ?? null,
  };
}
