import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import type { LedgerScope } from '../ledger/scope.js';
import type { Activity, LiveRule } from '../rules/evaluation.types.js';
import { scheduleOpen } from '../rules/gates.js';
import { periodKey } from '../rules/periods.js';
import type { Trigger } from '../rules/rule.schemas.js';
import type { Program } from '../tenants/programs.repository.js';
import { applyEffects } from './apply-effects.js';
import { memberSnapshot } from './member-snapshot.js';
import { runRules } from './run-rules.js';
import {
  anniversaryCandidates,
  birthdayCandidates,
  type Candidate,
  type CandidatePage,
  everyMemberCandidates,
  inactiveCandidates,
  isLiveMember,
  recordFiring,
} from './trigger-candidates.repository.js';

const DAY_MS = 86_400_000;

export type ScheduledTrigger = Extract<
  Trigger,
  { type: 'birthday' | 'anniversary' | 'inactivity' | 'schedule' }
>;
type ScheduleTrigger = Extract<Trigger, { type: 'schedule' }>;

const SCHEDULED = new Set<Trigger['type']>(['birthday', 'anniversary', 'inactivity', 'schedule']);

/** Triggers that no request sets off: a sweep finds the members they are due for. */
export function isScheduledTrigger(t: Trigger): t is ScheduledTrigger {
  return SCHEDULED.has(t.type);
}

/** The days of the year ('MM-DD') celebrated on this local date: Feb 29 birthdays on Feb 28 of a common year. */
export function celebratedDays(local: DateTime): string[] {
  const today = local.toFormat('MM-dd');
  return today === '02-28' && !local.isInLeapYear ? [today, '02-29'] : [today];
}

/**
 * Whether a recurring schedule fires on this local date: every day; on its ISO weekday (default Monday); on its day
 * of the month (default the 1st; the last day when the month is shorter); on January 1.
 */
export function scheduleDue(t: ScheduleTrigger, local: DateTime): boolean {
  switch (t.every) {
    case 'day':
      return true;
    case 'week':
      return local.weekday === (t.day ?? 1);
    case 'month':
      return local.day === Math.min(t.day ?? 1, local.daysInMonth ?? 31);
    case 'year':
      return local.month === 1 && local.day === 1;
  }
}

const EVERY_WORD: Record<ScheduleTrigger['every'], string> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
};

/** A rule due today: how to list its members (a page at a time) and how a firing reads in the ledger. */
interface Due {
  page(db: Db, p: CandidatePage): Promise<Candidate[]>;
  subject(c: Candidate): string;
}

function dueToday(t: ScheduledTrigger, tz: string, local: DateTime, now: Date): Due | null {
  const year = periodKey('year', local);
  switch (t.type) {
    case 'birthday':
      return {
        page: (db, p) => birthdayCandidates(db, p, celebratedDays(local), year),
        subject: () => `birthday ${local.year}`,
      };
    case 'anniversary':
      return {
        page: (db, p) => anniversaryCandidates(db, p, celebratedDays(local), local.year, tz, year),
        subject: () => `anniversary ${local.year}`,
      };
    case 'inactivity':
      return {
        page: (db, p) => inactiveCandidates(db, p, new Date(now.getTime() - t.days * DAY_MS), tz),
        subject: (c) => `no purchase ${c.period.replace(':', ' ')}`,
      };
    case 'schedule': {
      if (!scheduleDue(t, local)) return null;
      const period = periodKey(t.every, local);
      return {
        page: (db, p) => everyMemberCandidates(db, p, period),
        subject: () => `${EVERY_WORD[t.every]} reward ${period.slice(2)}`,
      };
    }
  }
}

export interface TriggerSweep {
  /** Rules that were due and swept. */
  rules: number;
  /** Firings recorded now (members the rules were evaluated for). */
  fired: number;
  /** Of those, the ones where the rule applied (its conditions, limits and budget allowed it). */
  applied: number;
  failed: number;
  errors: string[];
}

export interface SweepOptions {
  /** Members listed per query; memory stays bounded by it. */
  batchSize?: number;
}

/**
 * Fires the live birthday, anniversary, inactivity and schedule rules of a program that are due at `now` (in the
 * program time zone); the rules are those live at the time of the call (the job passes the current time). Each (rule, member, period) fires at most once: its firing is recorded in the short
 * transaction that evaluates the rule for the member and applies the effects, so a re-run, a crash half-way or
 * a second worker never rewards twice. One member failing does not stop the others; failures are counted and
 * the members are retried by the next sweep (nothing of theirs was recorded).
 */
export async function fireScheduledTriggers(
  db: Db,
  program: Program,
  now = new Date(),
  options: SweepOptions = {},
): Promise<TriggerSweep> {
  const sweep: TriggerSweep = { rules: 0, fired: 0, applied: 0, failed: 0, errors: [] };
  const rules = (await liveRules(db, program)).filter((r) => isScheduledTrigger(r.rule.trigger));
  if (rules.length === 0) return sweep;
  const local = DateTime.fromJSDate(now, { zone: program.timezone });
  const scope = await ledgerScope(db, program);
  const limit = options.batchSize ?? 500;
  for (const lr of rules) {
    // A campaign outside its dates or hours fires nothing and records nothing: a later sweep in its hours fires.
    if (!scheduleOpen(lr.campaign.schedule, now, local).ok) continue;
    const due = dueToday(lr.rule.trigger as ScheduledTrigger, program.timezone, local, now);
    if (due === null) continue;
    sweep.rules++;
    const only: [LiveRule] = [lr];
    let afterId: string | null = null;
    for (;;) {
      const page = await due.page(db, {
        tenantId: program.tenantId,
        programId: program.id,
        campaignId: lr.ref.campaignId,
        ruleKey: lr.ref.ruleKey,
        afterId,
        limit,
      });
      for (const c of page) {
        try {
          const outcome = await fireOne(db, program, scope, only, c, now, due.subject(c));
          if (outcome !== 'skipped') sweep.fired++;
          if (outcome === 'applied') sweep.applied++;
        } catch (error) {
          sweep.failed++;
          if (sweep.errors.length < 10) {
            const message = error instanceof Error ? error.message : String(error);
            sweep.errors.push(`${lr.ref.campaignId}:${lr.ref.ruleKey} member ${c.memberId}: ${message}`);
          }
        }
      }
      const last = page[page.length - 1];
      if (page.length < limit || last === undefined) break;
      afterId = last.memberId;
    }
  }
  return sweep;
}

/** Records the firing and, if it is new, evaluates the one rule for the member and applies what it gives. */
async function fireOne(
  db: Db,
  program: Program,
  scope: LedgerScope,
  rules: [LiveRule],
  c: Candidate,
  now: Date,
  subject: string,
): Promise<'skipped' | 'fired' | 'applied'> {
  const { ref, rule } = rules[0];
  return db.transaction().execute(async (trx) => {
    if (!(await isLiveMember(trx, c.memberId))) return 'skipped';
    const fresh = await recordFiring(trx, {
      programId: program.id,
      campaignId: ref.campaignId,
      ruleKey: ref.ruleKey,
      memberId: c.memberId,
      period: c.period,
    });
    if (!fresh) return 'skipped';
    const activity: Activity = {
      trigger: rule.trigger.type,
      occurredAt: now,
      ...(c.lastPurchaseAt
        ? { inactiveDays: Math.floor((now.getTime() - c.lastPurchaseAt.getTime()) / DAY_MS) }
        : {}),
    };
    const member = await memberSnapshot(trx, program.tenantId, program.id, c.memberId, rules);
    const result = await runRules(
      trx,
      program.id,
      { rules, activity, member, timezone: program.timezone },
      'apply',
    );
    if (!result.outcomes.some((o) => o.applied)) return 'fired';
    await applyEffects(
      trx,
      {
        scope,
        memberId: c.memberId,
        reference: `trigger:${ref.campaignId}:${ref.ruleKey}:${c.period}`,
        subject,
        occurredAt: now,
        idempotencyKey: `trigger:${ref.campaignId}:${ref.ruleKey}:${c.memberId}:${c.period}`,
        journalKind: 'bonus',
      },
      result,
    );
    return 'applied';
  });
}
