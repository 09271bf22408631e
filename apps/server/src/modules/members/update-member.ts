import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { onMemberUpdated } from '../engine/lifecycle-triggers.js';
import { recomputeMemberSegments } from '../segments/recompute.js';
import type { Program } from '../tenants/programs.repository.js';
import { assertValidAttributes } from './attributes.js';
import { applyConsents } from './consents.js';
import { claimIdentities, normalizeIdentities } from './identities.service.js';
import { toMemberDto } from './members.mapper.js';
import {
  deleteIdentityByValue,
  findMemberForUpdate,
  listIdentities,
  type MemberRow,
  updateMemberRow,
} from './members.repository.js';
import type { MemberDto, MemberPatch } from './members.schemas.js';
import { assertSensibleProfile, canonicalLocale } from './profile.validation.js';

/** Attribute patches merge; a null value removes the attribute. */
function mergeAttributes(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Replaces the profile email or phone and the identity that mirrors it; other identities of the type stay. */
async function replaceContact(
  db: Db,
  member: MemberRow,
  program: Program,
  type: 'email' | 'phone',
  value: string | null,
): Promise<string | null> {
  const current = member[type];
  if (current !== null) await deleteIdentityByValue(db, member.id, type, current);
  if (value === null) return null;
  const [identity] = normalizeIdentities([{ type, value, field: `/${type}` }], program);
  if (identity === undefined) return null;
  await claimIdentities(db, member, [identity]);
  return identity.value;
}

export async function updateMember(
  db: Db,
  tenantId: string,
  memberId: string,
  loadProgram: (programId: string) => Promise<Program>,
  patch: MemberPatch,
  now = new Date(),
): Promise<MemberDto> {
  const member = await findMemberForUpdate(db, tenantId, memberId);
  if (member === undefined) throw notFound('member', memberId);
  if (member.status === 'deleted') throw conflict('member_deleted', `Member ${memberId} has been deleted`);
  const program = await loadProgram(member.program_id);
  assertSensibleProfile(patch, now);
  const changes: Parameters<typeof updateMemberRow>[2] = {};
  if (patch.attributes !== undefined) {
    changes.attributes = mergeAttributes(member.attributes, patch.attributes);
    assertValidAttributes(program.attributeSchema, changes.attributes);
  }
  if (patch.email !== undefined)
    changes.email = await replaceContact(db, member, program, 'email', patch.email);
  if (patch.phone !== undefined)
    changes.phone = await replaceContact(db, member, program, 'phone', patch.phone);
  if (patch.firstName !== undefined) changes.first_name = patch.firstName;
  if (patch.lastName !== undefined) changes.last_name = patch.lastName;
  if (patch.birthDate !== undefined) changes.birth_date = patch.birthDate;
  if (patch.locale !== undefined) changes.locale = canonicalLocale(patch.locale);
  if (patch.address !== undefined) changes.address = patch.address;
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.consents !== undefined)
    changes.consents = applyConsents(member.consents, patch.consents, 'api', now);
  const saved = await updateMemberRow(db, member.id, changes);
  // Rules on profile completion run in this transaction and may tag the member: answer with the result.
  const updated = await onMemberUpdated(db, program, member, saved, now);
  // The member's segments follow the profile in this transaction (entries and exits fire as for any recompute).
  await recomputeMemberSegments(db, program, [member.id], now);
  return toMemberDto(updated, await listIdentities(db, [member.id]));
}
