import type { IdentityRow, MemberRow } from './members.repository.js';
import type { ConsentKind, MemberDto } from './members.schemas.js';

export function toIdentityDto(i: IdentityRow): MemberDto['identities'][number] {
  return { id: i.id, type: i.type, value: i.value, createdAt: i.created_at.toISOString() };
}

export function toMemberDto(m: MemberRow, identities: IdentityRow[]): MemberDto {
  return {
    id: m.id,
    programId: m.program_id,
    status: m.status,
    firstName: m.first_name,
    lastName: m.last_name,
    email: m.email,
    phone: m.phone,
    birthDate: m.birth_date,
    locale: m.locale,
    address: (m.address as MemberDto['address']) ?? null,
    attributes: m.attributes,
    tags: m.tags,
    consents: m.consents as Partial<Record<ConsentKind, { granted: boolean; at: string; source: string }>>,
    enrollmentChannel: m.enrollment_channel,
    identities: identities.filter((i) => i.member_id === m.id).map(toIdentityDto),
    createdAt: m.created_at.toISOString(),
    updatedAt: m.updated_at.toISOString(),
    deletedAt: m.deleted_at?.toISOString() ?? null,
  };
}
