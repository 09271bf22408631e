import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { memberMetrics } from '../analytics/member-metrics.js';
import { memberCoupons } from '../coupons/coupons.repository.js';
import { toCouponDto } from '../coupons/coupons.schemas.js';
import { memberJournals } from '../ledger/journals.repository.js';
import { toJournalDtos } from '../ledger/ledger.http.js';
import { requireLiveMember } from '../members/identities.service.js';
import { toMemberDto } from '../members/members.mapper.js';
import { listIdentities } from '../members/members.repository.js';
import { activationsOf } from '../offers/offer-activations.repository.js';
import { toRedemptionDto } from '../rewards/redemption-view.js';
import { memberRedemptions } from '../rewards/rewards.repository.js';
import { memberSegments } from '../segments/member-segments.js';
import { getProgram } from '../tenants/programs.service.js';
import { historyOf } from '../tiers/tiers.repository.js';
import { memberBalance } from './member-ledger.js';
import { sessionsOfMember } from './member-sessions.repository.js';
import { memberTier } from './member-tier.js';
import { profileExtras } from './profile.js';
import { referralsOf } from './referrals.repository.js';

/** Far more ledger lines than any member has; the export is one document, not a page. */
const ALL_JOURNALS = 100_000;

/** Metrics exist only after the program's first analytics refresh; before that there is nothing to export. */
async function metricsOrNull(db: Db, tenantId: string, memberId: string) {
  try {
    return await memberMetrics(db, tenantId, memberId);
  } catch (error) {
    if (error instanceof ProblemError && error.code === 'metrics_not_computed') return null;
    throw error;
  }
}

/**
 * Everything Tessera holds about the member ("download my data", GDPR art. 15 and 20), read through each module's
 * own interface: profile with identities and consents, points with the full explained ledger, tier and its
 * history, coupons, redemptions, offer activations, segments, computed metrics, referrals and portal sessions.
 */
export async function exportMemberData(db: Db, tenantId: string, memberId: string, now = new Date()) {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const identities = await listIdentities(db, [member.id]);
  const journals = await memberJournals(db, program.id, member.id, ALL_JOURNALS);
  const redemptions = [];
  for (const r of await memberRedemptions(db, tenantId, member.id)) {
    redemptions.push(await toRedemptionDto(db, tenantId, r));
  }
  const activations = await activationsOf(db, member.id);
  return {
    exportedAt: now.toISOString(),
    program: { id: program.id, slug: program.slug, name: program.name, currency: program.currency },
    profile: toMemberDto(member, identities),
    portal: await profileExtras(db, member, program),
    balance: await memberBalance(db, tenantId, member.id, now),
    ledger: await toJournalDtos(db, journals),
    tier: {
      ...(await memberTier(db, tenantId, member.id, now)),
      history: (await historyOf(db, member.id)).map((h) => ({
        from: h.from_tier,
        to: h.to_tier,
        reason: h.reason,
        at: new Date(h.at).toISOString(),
      })),
    },
    coupons: (await memberCoupons(db, tenantId, member.id)).map(toCouponDto),
    redemptions,
    offerActivations: [...activations.entries()].map(([campaignId, at]) => ({
      campaignId,
      activatedAt: at.toISOString(),
    })),
    segments: (await memberSegments(db, tenantId, member.id)).items,
    metrics: await metricsOrNull(db, tenantId, member.id),
    referrals: await referralsOf(db, member.id).then((r) => ({
      referred: r.referred.map((x) => ({ memberId: x.memberId, at: x.at.toISOString() })),
      referredBy: r.referredBy
        ? { memberId: r.referredBy.memberId, at: r.referredBy.at.toISOString() }
        : null,
    })),
    sessions: (await sessionsOfMember(db, member.id)).map((s) => ({
      createdAt: s.created_at.toISOString(),
      lastSeenAt: s.last_seen_at?.toISOString() ?? null,
      expiresAt: s.expires_at.toISOString(),
      revokedAt: s.revoked_at?.toISOString() ?? null,
    })),
  };
}
