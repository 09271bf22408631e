import type { Db } from '../../db/database.js';
import type { CampaignDocument } from '../campaigns/campaigns.schemas.js';
import { syncSystemCampaign } from '../campaigns/system-campaign.js';
import type { Program } from '../tenants/programs.repository.js';
import type { TierSet } from './tiers.schemas.js';

export const BENEFITS_CAMPAIGN_NAME = 'Tier benefits';

/**
 * Tier earn multipliers are ordinary rules, so there is one earning mechanism and explain, dry runs and backtests
 * show them: one `member_tier` + `points_multiplier` rule per tier with a multiplier above 1.
 */
export function benefitsDocument(set: TierSet): CampaignDocument | null {
  const rules = [...set.tiers]
    .sort((a, b) => a.rank - b.rank)
    .filter((t) => (t.benefits?.earnMultiplier ?? 1) > 1)
    .map((t) => ({
      key: `tier-${t.code}`,
      name: `${t.name}: ${t.benefits?.earnMultiplier}× points`,
      trigger: { type: 'purchase' as const },
      when: { kind: 'member_tier' as const, tiers: [t.code] },
      effects: [{ kind: 'points_multiplier' as const, factor: t.benefits?.earnMultiplier ?? 1 }],
    }));
  if (rules.length === 0) return null;
  return {
    name: BENEFITS_CAMPAIGN_NAME,
    description: 'Managed by the tier definitions (PUT /v1/programs/{id}/tiers): edits here are overwritten',
    audience: { type: 'all' },
    rules,
  };
}

/**
 * Keeps the system campaign in step with the tier set: created on first need, republished when the multipliers
 * change, paused when no tier has one (a campaign needs a rule), resumed when they return. An ended campaign (ended
 * by hand) is replaced by a new one. Returns the campaign's id, if there is one.
 */
export async function syncBenefitsCampaign(
  db: Db,
  program: Program,
  set: TierSet,
  campaignId: string | null,
  actor: string,
  now: Date,
): Promise<string | null> {
  const doc = benefitsDocument(set);
  return (await syncSystemCampaign(db, program, campaignId, doc, actor, now)).id;
}
