import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, ProblemError, validationFailed } from '../../http/problem.js';
import { normalizeIdentity } from '../members/identity.normalize.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { requireSegment } from './manage-segment.js';
import { adjustSize, listenersOf, moveMembers } from './membership.js';
import type { Segment } from './segments.repository.js';
import type { MembersInput } from './segments.schemas.js';

/**
 * Static membership: member ids, or a CSV naming members by id or by an identity. All or nothing: every row must
 * name a live member of the segment's program, or the request fails with one field error per bad row (`/memberIds/3`,
 * or `/csv/7` for line 7 of the CSV, the header being line 1) and nothing is written.
 */
const CSV_COLUMNS = ['member_id', 'email', 'phone', 'card', 'external'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ERRORS = 100;

interface Row {
  field: string;
  /** For messages: "line 7" or "item 3". */
  where: string;
  value: string;
}

const csvError = (code: string, message: string) =>
  validationFailed(`/csv ${message}`, [{ field: '/csv', in: 'body', code, message }]);

function readCsv(text: string): { column: CsvColumn; rows: Row[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw csvError('csv', `is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = (records[0]?.record ?? []).map((h) => h.toLowerCase());
  const index = header.findIndex((h) => (CSV_COLUMNS as readonly string[]).includes(h));
  const column = header[index] as CsvColumn | undefined;
  if (column === undefined) throw csvError('header', `needs a header with one of ${CSV_COLUMNS.join(', ')}`);
  const rows = records.slice(1).map((r) => ({
    field: `/csv/${r.info.lines}`,
    where: `line ${r.info.lines}`,
    value: r.record[index] ?? '',
  }));
  if (rows.length === 0) throw csvError('empty', 'has no member rows after the header');
  return { column, rows };
}

function fail(errors: FieldError[]): never {
  const first = errors[0];
  throw new ProblemError(
    400,
    'validation_failed',
    'Request validation failed',
    `${errors.length} row(s) name no member of the program${first ? `; first: ${first.message}` : ''}`,
    errors.slice(0, MAX_ERRORS),
  );
}

/** Each row's member id; rows naming nobody (or nobody alive) are collected as errors. */
async function resolveRows(db: Db, program: Program, column: CsvColumn, rows: Row[]): Promise<string[]> {
  const errors: FieldError[] = [];
  const keys = rows.map((row) => {
    if (column === 'member_id') {
      return UUID.test(row.value)
        ? { row, key: row.value.toLowerCase(), why: '' }
        : { row, key: null, why: `"${row.value}" is not a member id` };
    }
    const n = normalizeIdentity(column, row.value, program.defaultCountry);
    return n.ok ? { row, key: n.value, why: '' } : { row, key: null, why: `${column} ${n.message}` };
  });
  const wanted = [...new Set(keys.flatMap((k) => (k.key === null ? [] : [k.key])))];
  const found = new Map<string, string>();
  if (wanted.length > 0) {
    const lookup =
      column === 'member_id'
        ? sql<{ key: string; id: string }>`SELECT m.id::text AS key, m.id FROM members m
            WHERE m.program_id = ${program.id}::uuid AND m.id = ANY(${wanted}::uuid[])
              AND m.status <> 'deleted' AND m.merged_into IS NULL`
        : sql<{ key: string; id: string }>`SELECT i.value AS key, m.id FROM member_identities i
            JOIN members m ON m.id = i.member_id
            WHERE i.program_id = ${program.id}::uuid AND i.type = ${column} AND i.value = ANY(${wanted}::text[])
              AND m.status <> 'deleted' AND m.merged_into IS NULL`;
    for (const r of (await lookup.execute(db)).rows) found.set(r.key, r.id);
  }
  const ids: string[] = [];
  for (const { row, key, why } of keys) {
    const id = key === null ? undefined : found.get(key);
    if (id !== undefined) ids.push(id);
    else {
      const message = `${row.where}: ${why || `no member with ${column} ${row.value || '(empty)'}`}`;
      errors.push({ field: row.field, in: 'body', code: 'unknown_member', message });
    }
  }
  if (errors.length > 0) fail(errors);
  return [...new Set(ids)];
}

async function staticSegment(db: Db, tenantId: string, id: string): Promise<Segment> {
  const segment = await requireSegment(db, tenantId, id, true);
  if (segment.kind !== 'static') {
    throw conflict(
      'segment_not_static',
      `Segment ${segment.code} is dynamic: its members follow its condition and cannot be listed`,
    );
  }
  return segment;
}

export async function addStaticMembers(
  db: Db,
  tenantId: string,
  segmentId: string,
  input: MembersInput,
  now = new Date(),
): Promise<{ added: number; alreadyMembers: number; size: number }> {
  if ((input.memberIds === undefined) === (input.csv === undefined)) {
    const message = 'give exactly one of memberIds and csv';
    throw validationFailed(message, [{ field: '/memberIds', in: 'body', code: 'one_of', message }]);
  }
  const segment = await staticSegment(db, tenantId, segmentId);
  const program = await getProgram(db, tenantId, segment.programId);
  const { column, rows } =
    input.csv !== undefined
      ? readCsv(input.csv)
      : {
          column: 'member_id' as const,
          rows: (input.memberIds ?? []).map((value, i) => ({
            field: `/memberIds/${i}`,
            where: `item ${i}`,
            value,
          })),
        };
  const ids = await resolveRows(db, program, column, rows);
  const moved = await moveMembers(
    db,
    segment,
    { target: sql`SELECT unnest(${ids}::uuid[]) AS id`, scope: sql`false` },
    now,
    await listenersOf(db, program, segment.code),
  );
  await adjustSize(db, program, segment.id, moved, now);
  return {
    added: moved.entered,
    alreadyMembers: ids.length - moved.entered,
    size: segment.size + moved.entered,
  };
}

export async function removeStaticMember(
  db: Db,
  tenantId: string,
  segmentId: string,
  memberId: string,
  now = new Date(),
): Promise<void> {
  const segment = await staticSegment(db, tenantId, segmentId);
  const program = await getProgram(db, tenantId, segment.programId);
  const moved = await moveMembers(
    db,
    segment,
    { target: sql`SELECT NULL::uuid AS id WHERE false`, scope: sql`sm.member_id = ${memberId}::uuid` },
    now,
    await listenersOf(db, program, segment.code),
  );
  if (moved.left === 0) {
    throw new ProblemError(
      404,
      'segment_member_not_found',
      'Not found',
      `Member ${memberId} is not in segment ${segment.code}`,
    );
  }
  await adjustSize(db, program, segment.id, moved, now);
}
