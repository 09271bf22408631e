import type { Db } from '../../db/database.js';
import { fieldInvalid, forbidden, unprocessable } from '../../http/problem.js';
import { enrolMember } from '../members/enrol-member.js';
import { normalizeEmail } from '../members/identity.normalize.js';
import { findIdentityOwner, findMember, type MemberRow } from '../members/members.repository.js';
import type { MemberCreate } from '../members/members.schemas.js';
import type { Program } from '../tenants/programs.repository.js';
import { withoutOtherMember } from './identity-conflict.js';
import { ensureMemberCard } from './member-card.js';
import { createMemberSession } from './member-sessions.service.js';
import type { ConsentFlags, SignUp } from './portal.schemas.js';
import { ensureReferralCode, recordReferral } from './referrals.js';
import { consumeVerifiedCode, verifyCode } from './sign-in-codes.service.js';

export interface SignInResult {
  token: string;
  expiresAt: string;
  memberId: string;
  created: boolean;
}

/** The address as identities store it; the schema checked its shape, this lowercases it. */
export function portalEmail(raw: string): string {
  const result = normalizeEmail(raw);
  if (!result.ok) throw fieldInvalid('/email', 'format', `/email ${result.message}`);
  return result.value;
}

/** Consent ticks from the portal become consent records with the portal as their source. */
export function consentInput(flags: ConsentFlags | undefined): MemberCreate['consents'] {
  if (flags === undefined) return undefined;
  const out: NonNullable<MemberCreate['consents']> = {};
  for (const [kind, granted] of Object.entries(flags) as [keyof ConsentFlags, boolean | undefined][]) {
    if (granted !== undefined) out[kind] = { granted, source: 'portal' };
  }
  return out;
}

/** Enrols through the members module's own use case, exactly as `POST /v1/members` would, from the portal. */
async function signUp(db: Db, program: Program, email: string, input: SignUp, now: Date): Promise<MemberRow> {
  const dto = await enrolMember(
    db,
    program.tenantId,
    program,
    {
      email,
      ...(input.givenName !== undefined ? { firstName: input.givenName } : {}),
      ...(input.familyName !== undefined ? { lastName: input.familyName } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      consents: consentInput(input.consents),
      enrollmentChannel: 'portal',
    },
    now,
  ).catch((error: unknown) => {
    throw withoutOtherMember(error);
  });
  if (input.referralCode !== undefined) await recordReferral(db, program, input.referralCode, dto.id, now);
  const member = await findMember(db, program.tenantId, dto.id);
  if (member === undefined) throw new Error(`member ${dto.id} vanished right after enrolment`);
  return member;
}

/**
 * Signs a member in with a one-time code, or signs them up when no member of the program has the address and the
 * request carries `signUp`. The code is checked first (using up an attempt either way); everything else happens in
 * one transaction that also consumes the code, so a refusal (`sign_up_required`, a taken identity) leaves the code
 * usable for the retry. The member gets their card identity and referral code on the way in.
 */
export async function signIn(
  db: Db,
  program: Program,
  input: { email: string; code: string; signUp?: SignUp | undefined },
  now = new Date(),
): Promise<SignInResult> {
  const email = portalEmail(input.email);
  const codeId = await verifyCode(db, program.id, email, input.code, now);
  return db.transaction().execute(async (trx) => {
    // Locks the code first: of two sign-ins with one code, the second waits here and then finds it used.
    await consumeVerifiedCode(trx, codeId, now);
    const owner = await findIdentityOwner(trx, program.id, 'email', email);
    let member: MemberRow;
    let created = false;
    if (owner !== undefined) {
      const found = await findMember(trx, program.tenantId, owner.member_id);
      if (found === undefined) throw new Error(`identity owner ${owner.member_id} has no member row`);
      if (found.status !== 'active') {
        throw forbidden('member_blocked', 'This membership is blocked; contact the program to restore it');
      }
      member = found;
    } else if (input.signUp === undefined) {
      throw unprocessable(
        'sign_up_required',
        'No member of this program has this email: send the same code again with `signUp` to join',
      );
    } else {
      member = await signUp(trx, program, email, input.signUp, now);
      created = true;
    }
    await ensureMemberCard(trx, member);
    await ensureReferralCode(trx, { id: member.id, tenantId: program.tenantId, programId: program.id });
    const session = await createMemberSession(
      trx,
      { tenantId: program.tenantId, programId: program.id, memberId: member.id },
      now,
    );
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), memberId: member.id, created };
  });
}
