import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { findMemberMetrics } from './analytics.repository.js';
import type { MemberMetricsDto } from './analytics.schemas.js';

const DAY_MS = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: number | null) => (v === null ? null : Number(v));

/** A member's metrics as of the program's last refresh; recency and tenure are counted to that moment. */
export async function memberMetrics(db: Db, tenantId: string, memberId: string): Promise<MemberMetricsDto> {
  await requireLiveMember(db, tenantId, memberId);
  const m = await findMemberMetrics(db, tenantId, memberId);
  if (m === undefined) {
    throw new ProblemError(
      404,
      'metrics_not_computed',
      'Not found',
      `Metrics for member ${memberId} have not been computed yet; they are refreshed daily, or run POST /v1/programs/{id}/analytics/refresh`,
    );
  }
  const at = m.computed_at;
  return {
    memberId: m.member_id,
    computedAt: at.toISOString(),
    recencyDays: m.last_purchase_at
      ? Math.floor((at.getTime() - m.last_purchase_at.getTime()) / DAY_MS)
      : null,
    tenureDays: Math.max(0, Math.floor((at.getTime() - m.member_created_at.getTime()) / DAY_MS)),
    frequency: m.purchases,
    purchaseDays: m.purchase_days,
    monetary: Number(m.monetary),
    averageOrderValue: Number(m.aov),
    firstPurchaseAt: iso(m.first_purchase_at),
    lastPurchaseAt: iso(m.last_purchase_at),
    lastActivityAt: iso(m.last_activity_at),
    points: {
      earned: Number(m.points_earned),
      spent: Number(m.points_spent),
      expired: Number(m.points_expired),
    },
    redemptions: m.redemptions,
    events: m.events,
    engagementScore: m.engagement_score,
    categoryAffinities: m.categories.map((c) => ({ category: c.category, share: Number(c.share) })),
    categoryCount: m.category_count,
    preferredChannel: m.preferred_channel,
    preferredStore: m.preferred_store,
    rfm: { r: m.rfm_r, f: m.rfm_f, m: m.rfm_m, segment: m.rfm_segment },
    pAlive: num(m.p_alive),
    churnRisk: num(m.churn_risk),
    expectedPurchases90d: num(m.expected_purchases_90d),
    clv: m.clv === null ? null : Number(m.clv),
    loyaltyType: m.loyalty_type,
    attitude: { nps: m.nps, averageRating: num(m.avg_rating), referrals: m.referrals },
  };
}
