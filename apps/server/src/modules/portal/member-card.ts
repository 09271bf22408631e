import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { issueCard } from '../members/identities.service.js';
import { luhnCheckDigit } from '../members/identity.normalize.js';
import {
  type IdentityRow,
  insertIdentityIfFree,
  listIdentities,
  type MemberRow,
} from '../members/members.repository.js';

/**
 * The member's card number when they have no card yet: 16 digits like the ones the members module issues (a
 * leading 9, 14 digits, a Luhn check digit), but derived from the member id, so it is the same on every screen
 * and device before it is registered.
 */
export function derivedCardNumber(memberId: string): string {
  const digest = createHash('sha256').update(`card:${memberId}`).digest('hex');
  const digits = (BigInt(`0x${digest}`) % 10n ** 14n).toString().padStart(14, '0');
  const body = `9${digits}`;
  return `${body}${luhnCheckDigit(body)}`;
}

/** The oldest card identity of the member (a physical card issued at a till wins over the portal's), if any. */
export function cardIdentity(identities: IdentityRow[]): IdentityRow | undefined {
  return identities.find((i) => i.type === 'card');
}

export function cardNumberOf(memberId: string, identities: IdentityRow[]): string {
  return cardIdentity(identities)?.value ?? derivedCardNumber(memberId);
}

/**
 * Registers the portal card as a card identity when the member has none, so a till scanning the barcode finds
 * the member (`GET /v1/members/lookup?type=card`). The derived number is taken when it is free; if another member
 * holds it (odds 1 in 10^14), a random one is issued.
 */
export async function ensureMemberCard(db: Db, member: MemberRow): Promise<string> {
  const existing = cardIdentity(await listIdentities(db, [member.id]));
  if (existing !== undefined) return existing.value;
  const row = await insertIdentityIfFree(db, {
    id: uuidv7(),
    tenant_id: member.tenant_id,
    program_id: member.program_id,
    member_id: member.id,
    type: 'card',
    value: derivedCardNumber(member.id),
  });
  return (row ?? (await issueCard(db, member))).value;
}
