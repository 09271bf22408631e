import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { requireLiveMember } from '../members/identities.service.js';
import { segmentsOfMember } from './segments.repository.js';

/** Reading membership: a member's segments (for the rules and the API) and a segment's members as CSV. */

/**
 * The codes of the segments a member is in now: what rules see as `member.segments` (`member_segment` conditions,
 * segment audiences). Other modules read membership through this function, never from the tables.
 */
export async function memberSegmentCodes(db: Db, memberId: string): Promise<string[]> {
  const rows = await sql<{ code: string }>`SELECT s.code FROM segment_members sm
    JOIN segments s ON s.id = sm.segment_id WHERE sm.member_id = ${memberId}::uuid ORDER BY s.code`.execute(
    db,
  );
  return rows.rows.map((r) => r.code);
}

/** The segments of a member of this tenant, with when the member entered each. */
export async function memberSegments(db: Db, tenantId: string, memberId: string) {
  await requireLiveMember(db, tenantId, memberId);
  const rows = await segmentsOfMember(db, memberId);
  return {
    items: rows.map((r) => ({
      segmentId: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      since: new Date(r.since).toISOString(),
    })),
  };
}

const EXPORT_COLUMNS = ['member_id', 'email', 'phone', 'first_name', 'last_name', 'since'] as const;
const PAGE = 1000;

/** The segment's members a page at a time in id order (keyset), so memory stays flat however large it is. */
async function* memberRows(db: Db, segmentId: string): AsyncGenerator<(string | null)[]> {
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('segment_members as sm')
      .innerJoin('members as m', 'm.id', 'sm.member_id')
      .select(['sm.member_id', 'sm.since', 'm.email', 'm.phone', 'm.first_name', 'm.last_name'])
      .where('sm.segment_id', '=', segmentId);
    if (after !== null) q = q.where('sm.member_id', '>', after);
    const page = await q.orderBy('sm.member_id').limit(PAGE).execute();
    for (const r of page) {
      yield [r.member_id, r.email, r.phone, r.first_name, r.last_name, new Date(r.since).toISOString()];
    }
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return;
    after = last.member_id;
  }
}

/**
 * The members of a segment as CSV (RFC 4180, header line, UTF-8), streamed. Pages are read one after another, not in
 * one snapshot: a member moving in or out during a long export may be missing from it or listed after leaving.
 */
export function exportMembersCsv(db: Db, segmentId: string): Readable {
  return pipeline(
    Readable.from(memberRows(db, segmentId)),
    stringify({ header: true, columns: [...EXPORT_COLUMNS] }),
    () => undefined,
  );
}
