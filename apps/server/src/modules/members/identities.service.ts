import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, notFound, validationFailed } from '../../http/problem.js';
import type { Program } from '../tenants/programs.repository.js';
import { generateCardNumber, normalizeIdentity } from './identity.normalize.js';
import {
  deleteIdentity,
  findIdentityOwner,
  findMember,
  findMemberForUpdate,
  type IdentityRow,
  insertIdentityIfFree,
  type MemberRow,
  updateMemberRow,
} from './members.repository.js';
import type { IdentityInput, IdentityType } from './members.schemas.js';

export interface NormalizedIdentity {
  type: IdentityType;
  value: string;
  /** Where the value came from in the request, for error messages. */
  field: string;
}

/** Normalises every identity and reports all invalid ones at once. */
export function normalizeIdentities(
  inputs: (IdentityInput & { field: string })[],
  program: Pick<Program, 'defaultCountry'>,
): NormalizedIdentity[] {
  const errors: FieldError[] = [];
  const out: NormalizedIdentity[] = [];
  for (const input of inputs) {
    const result = normalizeIdentity(input.type, input.value, program.defaultCountry);
    if (!result.ok)
      errors.push({ field: input.field, in: 'body', code: input.type, message: result.message });
    else if (!out.some((o) => o.type === input.type && o.value === result.value)) {
      out.push({ type: input.type, value: result.value, field: input.field });
    }
  }
  if (errors.length > 0) {
    const first = errors[0];
    throw validationFailed(first ? `${first.field} ${first.message}` : 'invalid identity', errors);
  }
  return out;
}

/**
 * Attaches identities to a member inside the caller's transaction; a taken one aborts it with a 409. They are
 * claimed in one global order (type, value) so that two requests naming the same identities in a different order
 * wait for each other instead of deadlocking.
 */
export async function claimIdentities(
  db: Db,
  member: MemberRow,
  identities: NormalizedIdentity[],
): Promise<void> {
  const ordered = [...identities].sort((a, b) =>
    a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.type < b.type ? -1 : 1,
  );
  for (const identity of ordered) {
    const row = await insertIdentityIfFree(db, {
      id: uuidv7(),
      tenant_id: member.tenant_id,
      program_id: member.program_id,
      member_id: member.id,
      type: identity.type,
      value: identity.value,
    });
    if (row !== undefined) continue;
    const owner = await findIdentityOwner(db, member.program_id, identity.type, identity.value);
    if (owner?.member_id === member.id) continue;
    throw conflict(
      'identity_taken',
      `The ${identity.type} ${identity.value} already belongs to member ${owner?.member_id ?? '(unknown)'}`,
      { existingMemberId: owner?.member_id ?? null },
      [{ field: identity.field, in: 'body', code: 'unique', message: `already belongs to another member` }],
    );
  }
}

function assertLive(member: MemberRow | undefined, memberId: string): MemberRow {
  if (member === undefined) throw notFound('member', memberId);
  if (member.status === 'deleted') throw conflict('member_deleted', `Member ${memberId} has been deleted`);
  return member;
}

/** The member, if it exists in this tenant and is not deleted. Does not lock: for reads and other modules. */
export async function requireLiveMember(db: Db, tenantId: string, memberId: string): Promise<MemberRow> {
  return assertLive(await findMember(db, tenantId, memberId), memberId);
}

/**
 * The live member, locked for the rest of the transaction: identity changes take this lock so that a concurrent
 * deletion cannot miss an identity attached meanwhile.
 */
export async function lockLiveMember(db: Db, tenantId: string, memberId: string): Promise<MemberRow> {
  return assertLive(await findMemberForUpdate(db, tenantId, memberId), memberId);
}

export async function detachIdentity(
  db: Db,
  tenantId: string,
  memberId: string,
  identityId: string,
): Promise<void> {
  const member = await lockLiveMember(db, tenantId, memberId);
  const removed = await deleteIdentity(db, memberId, identityId);
  if (removed === undefined) throw notFound('identity', identityId);
  // The profile email or phone mirrors its identity: without the identity it could be claimed by someone else.
  if (removed.type === 'email' && member.email === removed.value)
    await updateMemberRow(db, memberId, { email: null });
  if (removed.type === 'phone' && member.phone === removed.value)
    await updateMemberRow(db, memberId, { phone: null });
}

/** Issues a new loyalty card number; a collision with an existing card (1 in 10^14 per card) just draws again. */
export async function issueCard(db: Db, member: MemberRow): Promise<IdentityRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insertIdentityIfFree(db, {
      id: uuidv7(),
      tenant_id: member.tenant_id,
      program_id: member.program_id,
      member_id: member.id,
      type: 'card',
      value: generateCardNumber(),
    });
    if (row !== undefined) return row;
  }
  throw new Error('Could not draw a free card number in 5 attempts');
}

export async function lookupMemberId(
  db: Db,
  program: Program,
  type: IdentityType,
  rawValue: string,
): Promise<string> {
  const [identity] = normalizeIdentities([{ type, value: rawValue, field: '/value' }], program);
  const owner = identity && (await findIdentityOwner(db, program.id, identity.type, identity.value));
  if (!owner) throw notFound('member', `${type}:${rawValue}`);
  return owner.member_id;
}
