import type { Db } from '../../db/database.js';
import { liveRules, type RuleSetOptions } from '../campaigns/rule-set.service.js';
import type { Activity, EvaluationResult, LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { memberSnapshot } from './member-snapshot.js';
import { type RunMode, runRules } from './run-rules.js';

export interface Evaluated {
  rules: LiveRule[];
  result: EvaluationResult;
}

/** Live (or as-of, or draft) rules + the member as they are now + the activity → the evaluation, with real usage. */
export async function evaluateActivity(
  db: Db,
  program: Program,
  memberId: string,
  activity: Activity,
  mode: RunMode,
  options: RuleSetOptions = {},
): Promise<Evaluated> {
  const rules = await liveRules(db, program, options);
  const member = await memberSnapshot(db, program.tenantId, program.id, memberId, rules);
  const result = await runRules(
    db,
    program.id,
    { rules, activity, member, timezone: program.timezone },
    mode,
  );
  return { rules, result };
}
