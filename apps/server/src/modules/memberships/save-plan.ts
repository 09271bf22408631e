import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { findWalletType } from '../ledger/wallet-types.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { tierDefinitions } from '../tiers/definitions.js';
import { syncMembershipBenefits } from './benefits-campaign.js';
import { benefitsOf } from './memberships.mapper.js';
import { listPlans, type PlanRow, savePlan } from './memberships.repository.js';
import type { PlanBody } from './memberships.schemas.js';

const twoDecimals = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;

/** What the schema cannot check: a lifetime plan has no trial, the tier exists, the reward wallet holds money. */
async function checkPlan(db: Db, programId: string, body: PlanBody): Promise<void> {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, message: string) =>
    errors.push({ field, in: 'body', code, message });
  if (body.period === 'lifetime' && (body.trialDays ?? 0) > 0)
    err('/trialDays', 'range', 'a lifetime plan has no trial: it is paid once');
  const tier = body.benefits?.tier;
  if (tier !== undefined) {
    const defs = await tierDefinitions(db, programId);
    if (defs === null || !defs.byCode.has(tier))
      err('/benefits/tier', 'unknown_tier', `tier ${tier} is not defined in the program`);
  }
  const reward = body.annualReward;
  if (reward) {
    const wallet = await findWalletType(db, programId, reward.wallet);
    if (wallet?.unit !== 'currency')
      err('/annualReward/wallet', 'unknown_wallet', `wallet ${reward.wallet} is not a declared money wallet`);
    if (!twoDecimals(reward.percent))
      err('/annualReward/percent', 'precision', 'at most 2 decimal places (whole basis points)');
  }
  if (errors.length > 0) throw validationFailed(`${errors[0]?.field} ${errors[0]?.message}`, errors);
}

/**
 * Creates or replaces a plan. Plans can change after launch: existing memberships keep their dates, and the
 * benefits campaign is republished so the new multiplier applies from now on.
 */
export async function putPlan(
  db: Db,
  tenantId: string,
  programId: string,
  code: string,
  body: PlanBody,
  actor: string,
  now = new Date(),
): Promise<PlanRow> {
  const program = await getProgram(db, tenantId, programId);
  await checkPlan(db, program.id, body);
  const row = await savePlan(db, {
    id: uuidv7(),
    tenant_id: program.tenantId,
    program_id: program.id,
    code,
    name: body.name,
    price_minor: body.price,
    currency: body.currency,
    period: body.period,
    trial_days: body.trialDays ?? 0,
    benefits: JSON.stringify(body.benefits ?? {}),
    annual_reward: body.annualReward ? JSON.stringify(body.annualReward) : null,
    active: body.active ?? true,
  });
  const plans = await listPlans(db, program.id);
  await syncMembershipBenefits(
    db,
    program,
    plans.map((p) => ({ code: p.code, name: p.name, benefits: benefitsOf(p) })),
    actor,
    now,
  );
  return row;
}
