import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { findEventType } from '../events/event-types.repository.js';
import { assertEventProperties } from '../events/event-types.service.js';
import { recordEvent } from '../events/record-event.js';
import { requestFingerprint } from '../idempotency/idempotency.service.js';
import { findMember } from '../members/members.repository.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import {
  findCodeOwner,
  findReferralCode,
  insertReferral,
  insertReferralCode,
} from './referrals.repository.js';

/** No 0/O, 1/I/L: a code read aloud or copied from a screenshot survives. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** The event type a program registers to reward referrals with its own rules (The North Face template has it). */
export const REFERRAL_EVENT_TYPE = 'referral';

function drawCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function normalizeReferralCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The member's referral code, drawn once and then stable (31^8 codes: a collision just draws again). */
export async function ensureReferralCode(
  db: Db,
  member: { id: string; tenantId: string; programId: string },
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await findReferralCode(db, member.id);
    if (existing !== undefined) return existing;
    const code = drawCode();
    if (
      await insertReferralCode(db, {
        memberId: member.id,
        tenantId: member.tenantId,
        programId: member.programId,
        code,
      })
    ) {
      return code;
    }
  }
  throw new Error(`Could not draw a free referral code for member ${member.id}`);
}

/** The portal link a member shares: the program page, carrying the code into the sign-up form. */
export function referralLink(portalSlug: string, code: string): string {
  return `/p/${encodeURIComponent(portalSlug)}?ref=${encodeURIComponent(code)}`;
}

/**
 * Whether the program's `referral` event type accepts `{ referredMemberId }`: a program may have registered it
 * with a property schema of its own, and an event it refuses must not block the friend's sign-up.
 */
async function referralEventFits(db: Db, programId: string, properties: Record<string, unknown>) {
  const type = await findEventType(db, programId, REFERRAL_EVENT_TYPE);
  if (type === undefined) return false;
  try {
    assertEventProperties(type, properties);
    return true;
  } catch (error) {
    if (error instanceof ProblemError) return false;
    throw error;
  }
}

/**
 * Records that a new member signed up with someone's referral code, in the sign-up's transaction. An unknown code,
 * a code of a member who has left, or the member's own code is ignored: a mistyped link must not stop a sign-up.
 *
 * The referrer is rewarded by the program's own rules: when the program registered a `referral` event type, a
 * `referral` event is recorded for the referrer through the events module (idempotent by the referred member), so
 * its rules award whatever they say. Either way a `member.referred` message goes to the outbox for webhooks.
 */
export async function recordReferral(
  db: Db,
  program: Program,
  rawCode: string,
  referredId: string,
  now: Date,
): Promise<string | null> {
  const code = normalizeReferralCode(rawCode);
  const referrerId = await findCodeOwner(db, program.id, code);
  if (referrerId === undefined || referrerId === referredId) return null;
  const referrer = await findMember(db, program.tenantId, referrerId);
  if (referrer === undefined || referrer.status !== 'active') return null;
  const saved = await insertReferral(db, {
    referredId,
    referrerId,
    tenantId: program.tenantId,
    programId: program.id,
    code,
    at: now,
  });
  if (!saved) return null;
  const properties = { referredMemberId: referredId };
  if (await referralEventFits(db, program.id, properties)) {
    const input = {
      type: REFERRAL_EVENT_TYPE,
      externalId: `portal-referral:${referredId}`,
      programId: program.id,
      memberId: referrerId,
      occurredAt: now.toISOString(),
      properties,
    };
    await recordEvent(db, program.tenantId, input, requestFingerprint('POST', '/v1/events', input));
  }
  await enqueueOutbox(db, [
    {
      tenantId: program.tenantId,
      programId: program.id,
      type: 'member.referred',
      payload: { referrerId, memberId: referredId, code, at: now.toISOString() },
    },
  ]);
  return referrerId;
}
