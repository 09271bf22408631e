import type { Db } from '../../db/database.js';
import { findCampaign } from '../campaigns/campaigns.repository.js';
import type { CampaignDocument } from '../campaigns/campaigns.schemas.js';
import {
  createCampaign,
  effectiveStatus,
  publishCampaign,
  transitionCampaign,
  updateDraft,
} from '../campaigns/manage-campaign.js';
import type { Program } from '../tenants/programs.repository.js';
import { lockBenefitsCampaignId, saveBenefitsCampaignId } from './memberships.repository.js';
import type { Benefits } from './memberships.schemas.js';

export const MEMBERSHIP_BENEFITS_CAMPAIGN = 'Membership benefits';

/** The tag a live membership of a plan puts on its member; the benefits campaign's rules match on it. */
export const planTag = (code: string): string => `plan:${code}`;

/** JSON with sorted keys: the stored draft comes back from jsonb with its keys reordered. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

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
  const row = campaignId ? await findCampaign(db, program.tenantId, campaignId, true) : undefined;
  const status = row ? effectiveStatus(row, now) : undefined;
  if (row === undefined || status === 'ended') {
    if (doc === null) return row?.id ?? null;
    const created = await createCampaign(
      db,
      program.tenantId,
      { programId: program.id, ...doc, publish: true },
      actor,
      now,
    );
    await saveBenefitsCampaignId(db, program, created.id);
    return created.id;
  }
  if (doc === null) {
    if (status === 'active' || status === 'scheduled')
      await transitionCampaign(db, program.tenantId, row.id, 'pause', actor, now);
    return row.id;
  }
  if (canonical(row.draft) !== canonical(doc) || row.current_version === null) {
    await updateDraft(db, program.tenantId, row.id, doc, actor);
    await publishCampaign(db, program.tenantId, row.id, actor, now);
  }
  if (status === 'paused') await transitionCampaign(db, program.tenantId, row.id, 'resume', actor, now);
  return row.id;
}
