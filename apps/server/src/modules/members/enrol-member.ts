import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { onMemberEnrolled } from '../engine/lifecycle-triggers.js';
import type { Program } from '../tenants/programs.repository.js';
import { assertValidAttributes } from './attributes.js';
import { applyConsents } from './consents.js';
import { claimIdentities, type NormalizedIdentity, normalizeIdentities } from './identities.service.js';
import { toMemberDto } from './members.mapper.js';
import { insertMember, listIdentities } from './members.repository.js';
import type { MemberCreate, MemberDto } from './members.schemas.js';
import { assertSensibleProfile, canonicalLocale } from './profile.validation.js';

/** Every identity the request names: the profile email and phone count as identities too. */
export function requestedIdentities(input: MemberCreate, program: Program): NormalizedIdentity[] {
  return normalizeIdentities(
    [
      ...(input.email ? [{ type: 'email' as const, value: input.email, field: '/email' }] : []),
      ...(input.phone ? [{ type: 'phone' as const, value: input.phone, field: '/phone' }] : []),
      ...(input.identities ?? []).map((i, n) => ({ ...i, field: `/identities/${n}/value` })),
    ],
    program,
  );
}

/**
 * Enrols a member in a program. Runs inside the caller's transaction: if any identity is already taken the whole
 * enrolment rolls back and the caller gets a 409 naming the member who holds it.
 */
export async function enrolMember(
  db: Db,
  tenantId: string,
  program: Program,
  input: MemberCreate,
  now = new Date(),
): Promise<MemberDto> {
  assertSensibleProfile(input, now);
  const attributes = input.attributes ?? {};
  assertValidAttributes(program.attributeSchema, attributes);
  const identities = requestedIdentities(input, program);
  const channel = input.enrollmentChannel ?? null;
  const inserted = await insertMember(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    status: input.status ?? 'active',
    first_name: input.firstName ?? null,
    last_name: input.lastName ?? null,
    email: identities.find((i) => i.field === '/email')?.value ?? null,
    phone: identities.find((i) => i.field === '/phone')?.value ?? null,
    birth_date: input.birthDate ?? null,
    locale: canonicalLocale(input.locale),
    address: input.address ?? null,
    attributes,
    consents: applyConsents({}, input.consents, channel ?? 'api', now),
    enrollment_channel: channel,
    // Enrolled at `now`: the consents, the enrolment triggers and the tenure all date from the same moment.
    created_at: now,
    updated_at: now,
  });
  await claimIdentities(db, inserted, identities);
  const member = await onMemberEnrolled(db, program, inserted, now);
  return toMemberDto(member, await listIdentities(db, [member.id]));
}
