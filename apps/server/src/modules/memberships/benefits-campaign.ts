import type { Db } from '../../db/database.js';
import type { CampaignDocument } from '../campaigns/campaigns.schemas.js';
import { syncSystemCampaign } from '../campaigns/system-campaign.js';
import type { Program } from '../tenants/programs.repository.js';
import { lockBenefitsCampaignId, saveBenefitsCampaignId } from './memberships.repository.js';
import type { Benefits } from './memberships.schemas.js';

export const MEMBERSHIP_BENEFITS_CAMPAIGN = 'Membership benefits';

/** The tag a live membership of a plan puts on its member; the benefits campaign's rules match on it. */
export const planTag = (code: string): string => `plan:${code}`;

/**
 * Plan earn multipliers are ordinary rules, so there is one earning mechanism and explain, dry runs and backtests
 * show them: one `member_tag` (plan:<code>) + `points_multiplier` rule per plan with a multiplier above 1.
 */
export function benefitsDocument(
  plans: { code: string; name: string; benefits: Benefits }[],
): CampaignDocument | null {
  const rules = [...plans]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .filter((p) => (p.benefits.earnMultiplier ?? 1) > 1)
    .map((p) => ({
      key: `plan-${p.code}`,
      name: `${p.name} members: ${p.benefits.earnMultiplier}× points`,
      trigger: { type: 'purchase' as const },
      when: { kind: 'member_tag' as const, tags: [planTag(p.code)], match: 'any' as const },
      effects: [{ kind: 'points_multiplier' as const, factor: p.benefits.earnMultiplier ?? 1 }],
    }));
  if (rules.length === 0) return null;
  return {
    name: MEMBERSHIP_BENEFITS_CAMPAIGN,
    description:
      'Managed by the membership plans (PUT /v1/programs/{id}/membership-plans/{code}): edits here are overwritten',
    audience: { type: 'all' },
    rules,
  };
}

/**
 * Keeps the system campaign in step with the plans: created on first need, republished when the multipliers change,
 * paused when no plan has one, resumed when one returns; a campaign ended by hand is replaced.
 */
export async function syncMembershipBenefits(
  db: Db,
  program: Program,
  plans: { code: string; name: string; benefits: Benefits }[],
  actor: string,
  now: Date,
): Promise<string | null> {
  const campaignId = await lockBenefitsCampaignId(db, program);
  const doc = benefitsDocument(plans);
  const synced = await syncSystemCampaign(db, program, campaignId, doc, actor, now);
  if (synced.created && synced.id !== null) await saveBenefitsCampaignId(db, program, synced.id);
  return synced.id;
}
