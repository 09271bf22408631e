import type { Db } from '../../db/database.js';
import { recordAudit } from '../audit/audit.repository.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { syncBenefitsCampaign } from './benefits-campaign.js';
import { checkTierSet, forgetTierDefinitions } from './definitions.js';
import { startRecompute } from './recompute.js';
import { lockTierSet, type RecomputeRow, saveTierSet, type TierSetRow } from './tiers.repository.js';
import type { TierSet } from './tiers.schemas.js';

/**
 * Replaces a program's tier definitions (a program is never frozen: tiers can change at any time after launch).
 * Validates the whole set first, republishes the Tier benefits campaign, and queues a recompute that applies the
 * change to every member. All in the caller's transaction: a rejected set changes nothing.
 */
export async function replaceTierSet(
  db: Db,
  tenantId: string,
  programId: string,
  set: TierSet,
  actor: string,
  now = new Date(),
): Promise<{ row: TierSetRow; recompute: RecomputeRow }> {
  const program = await getProgram(db, tenantId, programId);
  checkTierSet(set);
  const before = await lockTierSet(db, program.id);
  const campaignId = await syncBenefitsCampaign(
    db,
    program,
    set,
    before?.benefits_campaign_id ?? null,
    actor,
    now,
  );
  const row = await saveTierSet(db, {
    program_id: program.id,
    tenant_id: program.tenantId,
    version: (before?.version ?? 0) + 1,
    document: set,
    benefits_campaign_id: campaignId,
    updated_by: actor,
    updated_at: now,
  });
  forgetTierDefinitions(program.id);
  forgetRuleSet(program.id);
  const recompute = await startRecompute(db, program, row.version);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'tiers.replaced',
    subjectType: 'program',
    subjectId: program.id,
    details: { version: row.version, tiers: set.tiers.map((t) => t.code), recomputeId: recompute.id },
  });
  return { row, recompute };
}
