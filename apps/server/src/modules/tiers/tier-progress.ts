import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { ProblemError } from '../../http/problem.js';
import { formatMoney } from '../../lib/money.js';
import { requireLiveMember } from '../members/identities.service.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { type Definitions, meets, oneAbove, tierDefinitions, upgradesNextPeriod } from './definitions.js';
import { figures } from './qualify.js';
import { findMemberTier, type Metrics } from './tiers.repository.js';
import type { MemberTierDto, Tier } from './tiers.schemas.js';
import { currentWindow, statusWindow } from './windows.js';

type Goal = NonNullable<MemberTierDto['next']>;

export const tiersNotConfigured = (programId: string) =>
  new ProblemError(404, 'tiers_not_configured', 'Not found', `Program ${programId} has no tiers`);

const METRICS = ['spend', 'qualifyingPoints', 'purchases'] as const;

function words(metric: (typeof METRICS)[number], n: number, program: Program): string {
  if (metric === 'spend') return `spend ${formatMoney(n, program.currency)}`;
  if (metric === 'qualifyingPoints') return `earn ${n} ${program.pointName}`;
  return `make ${n} purchase${n === 1 ? '' : 's'}`;
}

/** "spend €150.00 more or earn 200 more points": what is missing for a tier's qualification, with its deadline. */
function goal(program: Program, tier: Tier, m: Metrics, by: Date | null, verb: string): Goal {
  const q = tier.qualification ?? {};
  const match = q.match ?? 'any';
  const requirements = METRICS.filter((k) => q[k] !== undefined).map((metric) => {
    const required = q[metric] as number;
    return { metric, required, current: m[metric], remaining: Math.max(0, required - m[metric]) };
  });
  const met = meets(tier.qualification, m);
  const deadline = by
    ? ` by ${DateTime.fromJSDate(new Date(by.getTime() - 1), { zone: program.timezone }).toISODate()}`
    : ' within 12 months';
  const missing = requirements
    .filter((r) => r.remaining > 0)
    .map((r) => `${words(r.metric, r.remaining, program)} more`)
    .join(match === 'all' ? ' and ' : ' or ');
  return {
    tier: { code: tier.code, name: tier.name },
    match,
    requirements,
    met,
    by: by?.toISOString() ?? null,
    explanation: met ? `Requirement for ${tier.name} met` : `${missing}${deadline} to ${verb} ${tier.name}`,
  };
}

function current(defs: Definitions, code: string): Tier {
  return defs.byCode.get(code) ?? { code, name: code, rank: -1 };
}

/**
 * A member's tier with "progress to the next tier" (the current window's figures against the next tier's
 * thresholds, by the window's end) and "to keep your tier" (the figures of the period the status is held for,
 * against its thresholds, by the day it is re-evaluated).
 */
export async function memberTierStatus(
  db: Db,
  tenantId: string,
  memberId: string,
  now = new Date(),
): Promise<MemberTierDto> {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const defs = await tierDefinitions(db, program.id);
  if (defs === null) throw tiersNotConfigured(program.id);
  const row = await findMemberTier(db, memberId);
  const tier = current(defs, row?.tier_code ?? defs.entry.code);
  const kind = defs.set.window;
  const anchor = new Date(member.created_at);
  const window = currentWindow(kind, now, program.timezone, anchor);
  const metrics = await figures(db, program, memberId, window);
  const periodic = kind !== 'rolling_12_months' && kind !== 'lifetime';
  const manual = row?.manual ?? false;
  const above = manual ? undefined : oneAbove(defs, tier.rank < 0 ? defs.entry : tier);
  const next = above ? goal(program, above, metrics, periodic ? window.to : null, 'reach') : null;
  if (next && upgradesNextPeriod(defs)) {
    // A tier reached in this window starts when it ends (only periodic windows allow next_period).
    const starts = DateTime.fromJSDate(window.to, { zone: program.timezone }).toISODate();
    next.explanation += next.met ? `; it starts ${starts}` : ` from ${starts}`;
  }
  let keep: Goal | null = null;
  if (!manual && row?.review_at && tier.qualification) {
    const until = new Date(row.review_at);
    const held = await figures(db, program, memberId, statusWindow(kind, until, program.timezone, anchor));
    keep = goal(program, tier, held, new Date(row.grace_until ?? until), 'keep');
  }
  return {
    memberId,
    programId: program.id,
    tier: { code: tier.code, name: tier.name, rank: tier.rank, benefits: tier.benefits ?? {} },
    since: new Date(row?.since ?? member.created_at).toISOString(),
    reviewAt: row?.review_at ? new Date(row.review_at).toISOString() : null,
    graceUntil: row?.grace_until ? new Date(row.grace_until).toISOString() : null,
    manual,
    currency: program.currency,
    window: {
      type: kind,
      from: window.from?.toISOString() ?? null,
      to: window.to.toISOString(),
      metrics,
    },
    next,
    keep,
  };
}
