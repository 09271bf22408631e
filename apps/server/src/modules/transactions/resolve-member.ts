import type { Db } from '../../db/database.js';
import { conflict, validationFailed } from '../../http/problem.js';
import { lookupMemberId, requireLiveMember } from '../members/identities.service.js';
import type { MemberRow } from '../members/members.repository.js';
import type { IdentityInput } from '../members/members.schemas.js';
import type { Program } from '../tenants/programs.repository.js';

/**
 * The member a purchase belongs to, named by id or by any identity (card, email, phone, external id). Undefined when
 * the request names nobody: the purchase is kept and can be claimed later.
 */
export async function resolvePurchaser(
  db: Db,
  tenantId: string,
  program: Program,
  input: { memberId?: string | undefined; identity?: IdentityInput | undefined },
): Promise<string | undefined> {
  return (await resolvePurchaserRow(db, tenantId, program, input))?.id;
}

/** As resolvePurchaser, with the member row (rules read it, and reading it twice costs a round trip). */
export async function resolvePurchaserRow(
  db: Db,
  tenantId: string,
  program: Program,
  input: { memberId?: string | undefined; identity?: IdentityInput | undefined },
): Promise<MemberRow | undefined> {
  if (input.memberId !== undefined && input.identity !== undefined) {
    throw validationFailed('Name the member by memberId or by identity, not both', [
      { field: '/identity', in: 'body', code: 'oneOf', message: 'must not be given together with memberId' },
    ]);
  }
  const memberId =
    input.memberId ??
    (input.identity
      ? await lookupMemberId(db, program, input.identity.type, input.identity.value)
      : undefined);
  if (memberId === undefined) return undefined;
  const member = await requireLiveMember(db, tenantId, memberId);
  if (member.program_id !== program.id) {
    throw conflict('member_not_in_program', `Member ${memberId} belongs to another program`);
  }
  if (member.status === 'blocked')
    throw conflict('member_blocked', `Member ${memberId} is blocked and cannot earn`);
  return member;
}
