import type { Db } from '../../db/database.js';
import { validationFailed } from '../../http/problem.js';
import { toMemberDto } from './members.mapper.js';
import { listIdentities, listMemberRows } from './members.repository.js';
import type { MemberDto, MemberListQuery } from './members.schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Cursors are opaque to clients; inside they hold the last id of the page (ids are time-ordered). */
const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(id)) {
    throw validationFailed('cursor is not one this API returned', [
      { field: '/cursor', in: 'query', code: 'cursor', message: 'is not a valid cursor' },
    ]);
  }
  return id;
}

export async function listMembers(
  db: Db,
  tenantId: string,
  programId: string,
  query: MemberListQuery,
): Promise<{ data: MemberDto[]; nextCursor: string | null }> {
  const rows = await listMemberRows(db, {
    tenantId,
    programId,
    status: query.status,
    createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
    createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
    q: query.q,
    beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const identities = await listIdentities(
    db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    data: page.map((r) => toMemberDto(r, identities)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}
