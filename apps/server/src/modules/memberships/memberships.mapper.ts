import type { HistoryRow, MembershipRow, PlanRow } from './memberships.repository.js';
import type { AnnualReward, Benefits, MembershipDto, PlanDto } from './memberships.schemas.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export const benefitsOf = (plan: PlanRow): Benefits => plan.benefits as Benefits;
export const annualRewardOf = (plan: PlanRow): AnnualReward | null =>
  plan.annual_reward as AnnualReward | null;

export function toPlanDto(p: PlanRow): PlanDto {
  return {
    id: p.id,
    programId: p.program_id,
    code: p.code,
    name: p.name,
    price: Number(p.price_minor),
    currency: p.currency,
    period: p.period,
    trialDays: p.trial_days,
    benefits: benefitsOf(p),
    annualReward: annualRewardOf(p),
    active: p.active,
  };
}

export function toMembershipDto(m: MembershipRow, plan: PlanRow, history: HistoryRow[]): MembershipDto {
  return {
    id: m.id,
    memberId: m.member_id,
    programId: m.program_id,
    plan: { code: plan.code, name: plan.name, period: plan.period },
    status: m.status,
    startedAt: iso(m.started_at),
    trialEndsAt: isoOrNull(m.trial_ends_at),
    currentPeriodStart: iso(m.current_period_start),
    currentPeriodEnd: isoOrNull(m.current_period_end),
    cancelAtPeriodEnd: m.cancel_at_period_end,
    cancelledAt: isoOrNull(m.cancelled_at),
    endedAt: isoOrNull(m.ended_at),
    benefits: benefitsOf(plan),
    history: history
      .filter((h) => h.membership_id === m.id)
      .map((h) => ({
        event: h.event,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        periodEnd: isoOrNull(h.period_end),
        actor: h.actor,
        at: iso(h.at),
        details: h.details,
      })),
  };
}
