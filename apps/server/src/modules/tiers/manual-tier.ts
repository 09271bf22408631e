import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { requireLiveMember } from '../members/identities.service.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { changeTier, lockMemberWallet } from './change-tier.js';
import { type Definitions, tierDefinitions } from './definitions.js';
import { qualifyFromScratch } from './qualify.js';
import { lockMemberTier, type MemberTierRow, updateMemberTier } from './tiers.repository.js';

async function context(db: Db, tenantId: string, memberId: string) {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const defs = await tierDefinitions(db, program.id);
  if (defs === null) throw conflict('tiers_not_configured', `Program ${program.id} has no tiers`);
  await lockMemberWallet(db, program, memberId);
  const row = await lockMemberTier(db, { memberId, tenantId, programId: program.id }, defs.entry.code);
  return { program, defs, row };
}

/**
 * Assigns a tier by hand: the only way into an invite-only tier, also usable for any other (a status match). A
 * manual tier is kept, untouched by qualification and re-evaluation, until it is removed. Audited.
 */
export async function assignTier(
  db: Db,
  tenantId: string,
  memberId: string,
  input: { tier: string; reason: string },
  actor: string,
  now = new Date(),
): Promise<void> {
  const { program, defs, row } = await context(db, tenantId, memberId);
  if (!defs.byCode.has(input.tier))
    throw fieldInvalid('/tier', 'unknown_tier', `tier ${input.tier} is not defined`);
  if (row.tier_code === input.tier) {
    if (!row.manual)
      await updateMemberTier(db, memberId, { manual: true, review_at: null, grace_until: null });
  } else {
    await changeTier(db, program, row, {
      to: input.tier,
      reason: 'manual',
      at: now,
      reviewAt: null,
      manual: true,
      actor,
    });
  }
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'member.tier_assigned',
    subjectType: 'member',
    subjectId: memberId,
    details: { from: row.tier_code, to: input.tier, reason: input.reason },
  });
}

/** Removes a manual tier: the member is placed by their activity, as a recompute would. Audited. */
export async function removeManualTier(
  db: Db,
  tenantId: string,
  memberId: string,
  actor: string,
  now = new Date(),
): Promise<void> {
  const { program, defs, row } = await context(db, tenantId, memberId);
  if (!row.manual) throw conflict('tier_not_manual', `Member ${memberId} has no manually assigned tier`);
  await placeByActivity(db, program, defs, row, actor, now);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'member.tier_removed',
    subjectType: 'member',
    subjectId: memberId,
    details: { tier: row.tier_code },
  });
}

async function placeByActivity(
  db: Db,
  program: Program,
  defs: Definitions,
  row: MemberTierRow,
  actor: string,
  now: Date,
): Promise<void> {
  const placed = await qualifyFromScratch(db, program, defs, row.member_id, now);
  if (placed.tier.code === row.tier_code) {
    await updateMemberTier(db, row.member_id, { manual: false, review_at: placed.reviewAt });
    return;
  }
  await changeTier(db, program, row, {
    to: placed.tier.code,
    reason: 'manual_removed',
    at: now,
    reviewAt: placed.reviewAt,
    actor,
  });
}
