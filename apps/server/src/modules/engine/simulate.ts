import type { Db } from '../../db/database.js';
import type { EvaluationDto } from '../campaigns/campaigns.schemas.js';
import { draftsFor, type RuleSetOptions } from '../campaigns/rule-set.service.js';
import type { Activity } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { toEvaluationDto } from './effects.mapper.js';
import { evaluateActivity } from './evaluate-activity.js';

export interface SimulationOptions {
  /** Evaluate with the rules (versions and statuses) as they were at this time. */
  asOf?: Date | undefined;
  /** Use these campaigns' unpublished drafts instead of their published versions. */
  draftCampaignIds?: string[] | undefined;
}

/**
 * A dry run: the same evaluation a real purchase or event gets — live (or as-of, or draft) rules, the member, real
 * limit and budget usage — with nothing written and nothing locked. Every rule is listed, applied or not, with why.
 */
export async function simulate(
  db: Db,
  program: Program,
  memberId: string,
  activity: Activity,
  options: SimulationOptions = {},
): Promise<EvaluationDto> {
  const ruleOptions: RuleSetOptions = {};
  if (options.asOf) ruleOptions.asOf = options.asOf;
  if (options.draftCampaignIds?.length) {
    ruleOptions.drafts = await draftsFor(db, program.tenantId, program.id, options.draftCampaignIds);
  }
  const { result } = await evaluateActivity(db, program, memberId, activity, 'dry', ruleOptions);
  return toEvaluationDto(result, options.asOf ?? new Date(), true);
}
