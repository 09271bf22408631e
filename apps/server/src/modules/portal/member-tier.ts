import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { memberTierStatus } from '../tiers/tier-progress.js';
import type { MemberTierDto } from '../tiers/tiers.schemas.js';
import type { TierView } from './member-portal.schemas.js';

type Goal = NonNullable<MemberTierDto['next']>;

const UNITS = { spend: 'money', qualifyingPoints: 'points', purchases: 'purchases' } as const;

/**
 * A goal as the portal shows it: numbers, not sentences, so that the web app can say "€120 more to Gold, by
 * 31 Dec" in the member's language. `by` is the last local day: the tiers module's deadline is exclusive.
 */
function goal(g: Goal | null, timezone: string): TierView['next'] {
  if (g === null) return null;
  return {
    tier: g.tier,
    met: g.met,
    match: g.match,
    requirements: g.requirements.map((r) => ({ ...r, unit: UNITS[r.metric] })),
    by:
      g.by === null
        ? null
        : DateTime.fromMillis(new Date(g.by).getTime() - 1, { zone: timezone }).toISODate(),
    explanation: g.explanation,
  };
}

/** The member's tier and progress, from the tiers module's own status (`GET /v1/members/{id}/tier`). */
export async function memberTier(
  db: Db,
  tenantId: string,
  memberId: string,
  now = new Date(),
): Promise<TierView> {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const base = { currency: program.currency, pointName: program.pointName };
  let status: MemberTierDto;
  try {
    status = await memberTierStatus(db, tenantId, memberId, now);
  } catch (error) {
    if (error instanceof ProblemError && error.code === 'tiers_not_configured') {
      return {
        configured: false,
        ...base,
        tier: null,
        since: null,
        reviewAt: null,
        window: null,
        next: null,
        keep: null,
      };
    }
    throw error;
  }
  return {
    configured: true,
    ...base,
    tier: status.tier,
    since: status.since,
    reviewAt: status.reviewAt,
    window: status.window,
    next: goal(status.next, program.timezone),
    keep: goal(status.keep, program.timezone),
  };
}
