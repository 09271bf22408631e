import type { Db } from '../../db/database.js';
import { liveRules, type RuleSetOptions } from '../campaigns/rule-set.service.js';
import type { MemberRow } from '../members/members.repository.js';
import type { Activity, EvaluationResult, LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { memberSnapshot } from './member-snapshot.js';
import { planRules, type RulesPlan, type RunMode, runRules } from './run-rules.js';

export interface Evaluated {
  rules: LiveRule[];
  result: EvaluationResult;
}

/**
 * Live (or as-of, or draft) rules + the member (by id, or the row already read) as they are now + the activity → the
 * evaluation, with real usage.
 */
export async function evaluateActivity(
  db: Db,
  program: Program,
  member: string | MemberRow,
  activity: Activity,
  mode: RunMode,
  options: RuleSetOptions = {},
): Promise<Evaluated> {
  const rules = await liveRules(db, program, options);
  const snapshot = await memberSnapshot(db, program.tenantId, program.id, member, rules);
  const input = { rules, activity, member: snapshot, timezone: program.timezone };
  const result = await runRules(db, program.id, input, mode);
  return { rules, result };
}

/** As evaluateActivity, but only the optimistic plan: the caller consumes its usage and finishes it (see planRules). */
export async function planActivity(
  db: Db,
  program: Program,
  member: string | MemberRow,
  activity: Activity,
): Promise<{ rules: LiveRule[]; plan: RulesPlan }> {
  const rules = await liveRules(db, program);
  const snapshot = await memberSnapshot(db, program.tenantId, program.id, member, rules);
  return { rules, plan: planRules({ rules, activity, member: snapshot, timezone: program.timezone }) };
}
