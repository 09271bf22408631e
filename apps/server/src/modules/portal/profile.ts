import type { Db } from '../../db/database.js';
import { requireLiveMember } from '../members/identities.service.js';
import { listIdentities, type MemberRow } from '../members/members.repository.js';
import type { MemberPatch } from '../members/members.schemas.js';
import { updateMember } from '../members/update-member.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { withoutOtherMember } from './identity-conflict.js';
import { cardNumberOf } from './member-card.js';
import { consentInput } from './member-sign-in.js';
import type { ProfileDto, ProfilePatch } from './portal.schemas.js';
import { portalSlugOf } from './portal-programs.js';
import { ensureReferralCode, referralLink } from './referrals.js';

type Consents = ProfileDto['consents'];

function consentsOf(member: MemberRow): Consents {
  const c = member.consents;
  return {
    marketingEmail: c.marketingEmail ?? null,
    sms: c.sms ?? null,
    push: c.push ?? null,
    profiling: c.profiling ?? null,
  };
}

/** What the portal adds to a member's profile: the card number for the barcode and the referral link. */
export async function profileExtras(db: Db, member: MemberRow, program: Program) {
  const identities = await listIdentities(db, [member.id]);
  // Members who signed in through the portal have a code already; it is drawn here for anyone else.
  const code = await ensureReferralCode(db, {
    id: member.id,
    tenantId: program.tenantId,
    programId: program.id,
  });
  return {
    cardNumber: cardNumberOf(member.id, identities),
    referralCode: code,
    referralLink: referralLink(await portalSlugOf(db, program), code),
  };
}

/** What the member sees on their profile page: personal data, consents, the card and the referral link. */
export async function memberProfile(db: Db, tenantId: string, memberId: string): Promise<ProfileDto> {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  return {
    memberId: member.id,
    programId: member.program_id,
    givenName: member.first_name,
    familyName: member.last_name,
    email: member.email,
    phone: member.phone,
    birthDate: member.birth_date,
    locale: member.locale,
    consents: consentsOf(member),
    ...(await profileExtras(db, member, program)),
    memberSince: member.created_at.toISOString(),
  };
}

/** The portal's profile form mapped onto the members module's update use case (same checks, same triggers). */
export function toMemberPatch(patch: ProfilePatch): MemberPatch {
  const out: MemberPatch = {};
  if (patch.givenName !== undefined) out.firstName = patch.givenName;
  if (patch.familyName !== undefined) out.lastName = patch.familyName;
  if (patch.phone !== undefined) out.phone = patch.phone;
  if (patch.birthDate !== undefined) out.birthDate = patch.birthDate;
  if (patch.locale !== undefined) out.locale = patch.locale;
  const consents = consentInput(patch.consents);
  if (consents !== undefined) out.consents = consents;
  return out;
}

export async function updateProfile(
  db: Db,
  tenantId: string,
  memberId: string,
  patch: ProfilePatch,
): Promise<ProfileDto> {
  try {
    await updateMember(db, tenantId, memberId, (id) => getProgram(db, tenantId, id), toMemberPatch(patch));
  } catch (error) {
    throw withoutOtherMember(error);
  }
  return memberProfile(db, tenantId, memberId);
}
