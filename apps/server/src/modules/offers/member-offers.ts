import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { memberSnapshot } from '../engine/member-snapshot.js';
import { requireLiveMember } from '../members/identities.service.js';
import { memberRewards } from '../rewards/redemption-view.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import { audienceIncludes, scheduleOpen } from '../rules/gates.js';
import { holdoutGate } from '../rules/holdout.js';
import { getProgram } from '../tenants/programs.service.js';
import { activationsOf } from './offer-activations.repository.js';
import { programOfferModel } from './program-offer-model.js';
import { rankOffers } from './ranking.js';
import type { Candidate } from './ranking.types.js';

export interface MemberOffer {
  kind: 'offer' | 'reward';
  id: string;
  title: string;
  description: string | null;
  item: string;
  activationRequired: boolean;
  activatedAt: string | null;
  price: number | null;
  score: number;
  reasons: string[];
}

/** The live offer campaigns open to this member now: schedule, audience and control group checked as the engine does. */
async function openOffers(db: Db, tenantId: string, memberId: string, now: Date) {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const rules = (await liveRules(db, program)).filter((r) => r.campaign.offer !== undefined);
  const snapshot = await memberSnapshot(db, tenantId, program.id, member, rules);
  const local = DateTime.fromJSDate(now, { zone: program.timezone });
  const byCampaign = new Map<string, LiveRule>();
  for (const r of rules) {
    if (byCampaign.has(r.ref.campaignId)) continue;
    const open =
      scheduleOpen(r.campaign.schedule, now, local).ok &&
      audienceIncludes(r.campaign.audience, snapshot).ok &&
      holdoutGate(r.campaign.holdouts, member.id) === null;
    if (open) byCampaign.set(r.ref.campaignId, r);
  }
  return { program, offers: [...byCampaign.values()], live: new Set(rules.map((r) => r.ref.campaignId)) };
}

/**
 * A member's next-best offers: the open offer campaigns and the rewards they can redeem now, ranked by the offer
 * scorer (category affinity, members like them by tier, popularity; docs/analytics.md) with its reasons. An offer's
 * item is its first category; a free-product reward's is the category its SKU is bought under.
 */
export async function memberOffers(
  db: Db,
  tenantId: string,
  memberId: string,
  limit: number,
  now = new Date(),
) {
  const { program, offers } = await openOffers(db, tenantId, memberId, now);
  const rewards = (await memberRewards(db, tenantId, memberId)).filter((r) => r.available);
  const activated = await activationsOf(db, memberId);
  const { model, skuCategory } = await programOfferModel(db, program, now);
  const entries = new Map<string, Omit<MemberOffer, 'score' | 'reasons'>>();
  const candidates: Candidate[] = [];
  for (const o of offers) {
    const offer = o.campaign.offer;
    if (!offer) continue;
    const item = offer.categories?.[0] ?? `offer:${o.ref.campaignId}`;
    const at = activated.get(o.ref.campaignId);
    entries.set(o.ref.campaignId, {
      kind: 'offer',
      id: o.ref.campaignId,
      title: offer.title,
      description: offer.description ?? null,
      item,
      activationRequired: offer.requiresActivation,
      activatedAt: at ? at.toISOString() : null,
      price: null,
    });
    candidates.push({ item, offerId: o.ref.campaignId, label: offer.title });
  }
  for (const r of rewards) {
    const sku = r.reward.value?.sku;
    const item = (sku && skuCategory.get(sku)) || `reward:${r.reward.code}`;
    entries.set(r.reward.id, {
      kind: 'reward',
      id: r.reward.id,
      title: r.reward.name,
      description: r.reward.description ?? null,
      item,
      activationRequired: false,
      activatedAt: null,
      price: r.price,
    });
    candidates.push({ item, offerId: r.reward.id, label: r.reward.name });
  }
  const profile = model.profiles.get(memberId) ?? { memberId, history: [] };
  const ranked = rankOffers(profile, model.stats, candidates, undefined, { limit });
  return ranked.flatMap((r) => {
    const entry = r.offerId ? entries.get(r.offerId) : undefined;
    return entry ? [{ ...entry, score: Number(r.score.toFixed(4)), reasons: r.reasons }] : [];
  });
}

export { openOffers };
