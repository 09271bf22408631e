import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { toMemberDto } from './members.mapper.js';
import { deleteAllIdentities, findMemberForUpdate, updateMemberRow } from './members.repository.js';
import type { MemberDto } from './members.schemas.js';

/**
 * Deletes a member the way privacy law expects: personal data and identities are erased, the row stays as a
 * tombstone so that history owned by other modules (purchases, ledger entries) still points at something.
 * Deleting twice returns the same tombstone.
 */
export async function deleteMember(
  db: Db,
  tenantId: string,
  memberId: string,
  now = new Date(),
): Promise<MemberDto> {
  const member = await findMemberForUpdate(db, tenantId, memberId);
  if (member === undefined) throw notFound('member', memberId);
  if (member.status === 'deleted') return toMemberDto(member, []);
  await deleteAllIdentities(db, member.id);
  const erased = await updateMemberRow(db, member.id, {
    status: 'deleted',
    first_name: null,
    last_name: null,
    email: null,
    phone: null,
    birth_date: null,
    locale: null,
    address: null,
    attributes: {},
    tags: [],
    consents: {},
    deleted_at: now,
  });
  return toMemberDto(erased, []);
}
