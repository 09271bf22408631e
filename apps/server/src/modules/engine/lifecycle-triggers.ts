import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { findJournalByKey } from '../ledger/journals.repository.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { findMember, type MemberRow } from '../members/members.repository.js';
import type { Activity, LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { applyEffects } from './apply-effects.js';
import { memberSnapshot } from './member-snapshot.js';
import { runRules } from './run-rules.js';
import { recordFiring } from './trigger-candidates.repository.js';

type Profile = Pick<MemberRow, 'first_name' | 'last_name' | 'email' | 'phone' | 'birth_date'>;

/** A complete profile: name, email, phone and birth date all given. */
export function profileComplete(m: Profile): boolean {
  return [m.first_name, m.last_name, m.email, m.phone, m.birth_date].every(
    (v) => v !== null && v !== undefined && v !== '',
  );
}

interface LifecycleRules {
  enrolment: LiveRule[];
  profileCompleted: LiveRule[];
}

/** Per rule set (liveRules returns the same cached array while nothing changes), its lifecycle rules. */
const byRuleSet = new WeakMap<LiveRule[], LifecycleRules>();

async function lifecycleRules(db: Db, program: Program): Promise<LifecycleRules> {
  const rules = await liveRules(db, program);
  let found = byRuleSet.get(rules);
  if (found === undefined) {
    found = {
      enrolment: rules.filter((r) => r.rule.trigger.type === 'enrolment'),
      profileCompleted: rules.filter((r) => r.rule.trigger.type === 'profile_completed'),
    };
    byRuleSet.set(rules, found);
  }
  return found;
}

/** Evaluates these rules for the member on the activity and applies what applies, in the caller's transaction. */
async function fire(
  db: Db,
  program: Program,
  memberId: string,
  rules: LiveRule[],
  activity: Activity,
  words: { reference: string; subject: string; idempotencyKey: () => Promise<string> },
): Promise<boolean> {
  const member = await memberSnapshot(db, program.tenantId, program.id, memberId, rules);
  const result = await runRules(
    db,
    program.id,
    { rules, activity, member, timezone: program.timezone },
    'apply',
  );
  if (!result.outcomes.some((o) => o.applied)) return false;
  await applyEffects(
    db,
    {
      scope: await ledgerScope(db, program),
      memberId,
      reference: words.reference,
      subject: words.subject,
      occurredAt: activity.occurredAt,
      idempotencyKey: await words.idempotencyKey(),
      journalKind: 'bonus',
    },
    result,
  );
  return true;
}

/**
 * Fires the profile_completed rules that have not fired for the member yet: each at most once per member, ever
 * (a firing with period `once`), even if the profile is emptied and completed again.
 */
async function fireProfileCompleted(
  db: Db,
  program: Program,
  memberId: string,
  rules: LiveRule[],
  now: Date,
): Promise<boolean> {
  const fresh: LiveRule[] = [];
  for (const lr of rules) {
    const recorded = await recordFiring(db, {
      programId: program.id,
      campaignId: lr.ref.campaignId,
      ruleKey: lr.ref.ruleKey,
      memberId,
      period: 'once',
    });
    if (recorded) fresh.push(lr);
  }
  const first = fresh[0];
  if (first === undefined) return false;
  const key = `profile_completed:${memberId}`;
  return fire(
    db,
    program,
    memberId,
    fresh,
    { trigger: 'profile_completed', occurredAt: now },
    {
      reference: key,
      subject: 'completing the profile',
      // A rule published after the member first completed the profile fires on a later completion: its own journal.
      idempotencyKey: async () =>
        (await findJournalByKey(db, program.id, key))
          ? `${key}:${first.ref.campaignId}:${first.ref.ruleKey}`
          : key,
    },
  );
}

/** The member as the rules left it (a rule may have tagged it or set an attribute). */
async function reloaded(db: Db, member: MemberRow, changed: boolean): Promise<MemberRow> {
  return changed ? ((await findMember(db, member.tenant_id, member.id)) ?? member) : member;
}

/**
 * For a member just enrolled, in the enrolment's transaction: the live enrolment rules, and the profile_completed
 * rules when the member enrols with a complete profile. Costs one cached lookup when no such rule is live. Returns
 * the member as it is afterwards.
 */
export async function onMemberEnrolled(
  db: Db,
  program: Program,
  member: MemberRow,
  now: Date,
): Promise<MemberRow> {
  if (member.status !== 'active') return member;
  const rules = await lifecycleRules(db, program);
  let changed = false;
  if (rules.enrolment.length > 0) {
    const key = `enrolment:${member.id}`;
    changed = await fire(
      db,
      program,
      member.id,
      rules.enrolment,
      { trigger: 'enrolment', occurredAt: now },
      { reference: key, subject: 'joining', idempotencyKey: async () => key },
    );
  }
  if (rules.profileCompleted.length > 0 && profileComplete(member)) {
    changed = (await fireProfileCompleted(db, program, member.id, rules.profileCompleted, now)) || changed;
  }
  return reloaded(db, member, changed);
}

/**
 * For a member just updated, in the update's transaction: the profile_completed rules if this update completed the
 * profile. Returns the member as it is afterwards.
 */
export async function onMemberUpdated(
  db: Db,
  program: Program,
  before: Profile,
  after: MemberRow,
  now: Date,
): Promise<MemberRow> {
  if (after.status !== 'active' || profileComplete(before) || !profileComplete(after)) return after;
  const rules = await lifecycleRules(db, program);
  if (rules.profileCompleted.length === 0) return after;
  return reloaded(db, after, await fireProfileCompleted(db, program, after.id, rules.profileCompleted, now));
}
