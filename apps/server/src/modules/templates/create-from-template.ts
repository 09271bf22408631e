import type { Db } from '../../db/database.js';
import { ProblemError, validationFailed } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { ensureBaseCampaign, publishBaseRule } from '../campaigns/base-rule.js';
import { createCampaign } from '../campaigns/manage-campaign.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { registerEventType } from '../events/event-types.service.js';
import { DEFAULT_POLICY, getPolicy, type LedgerPolicy, savePolicy } from '../ledger/policy.js';
import { saveWalletType } from '../ledger/wallet-types.repository.js';
import { putPlan } from '../memberships/save-plan.js';
import { createPartner } from '../partners/manage-partner.js';
import { createReward } from '../rewards/manage-reward.js';
import type { Program } from '../tenants/programs.repository.js';
import { createProgram } from '../tenants/programs.service.js';
import { replaceTierSet } from '../tiers/replace-tier-set.js';
import { findTemplate } from './registry.js';
import type { ProgramBlueprint } from './template.types.js';
import { resolveParams } from './template-params.js';

export interface CreateFromTemplateInput {
  template: string;
  slug: string;
  name?: string | undefined;
  params?: Record<string, unknown> | undefined;
}

export interface CreatedProgram {
  program: Program;
  template: string;
  params: Record<string, unknown>;
  created: {
    wallets: string[];
    eventTypes: string[];
    tiers: string[];
    partners: { code: string; id: string }[];
    plans: string[];
    campaigns: { id: string; name: string; status: string }[];
    rewards: { id: string; code: string }[];
  };
}

/**
 * A part of the blueprint refused by its module is a template defect, or parameters that contradict each other
 * (e.g. a Gold threshold above Reserve's). The caller sees which part and why, with the module's own fields under it.
 */
async function part<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ProblemError) || error.status >= 500) throw error;
    throw validationFailed(
      `The template's ${name} cannot be created with these parameters: ${error.detail}`,
      [
        { field: '/params', in: 'body', code: 'template_conflict', message: `${name}: ${error.detail}` },
        ...error.errors.map((e) => ({ ...e, field: `/${name}${e.field}` })),
      ],
    );
  }
}

/**
 * Creates a program from a template, with everything the template configures, in the caller's transaction: a
 * refusal anywhere leaves nothing behind. Order matters: tiers before rewards and plans that name them, partners
 * before the campaigns whose rules name their ids.
 */
export async function createProgramFromTemplate(
  db: Db,
  tenantId: string,
  input: CreateFromTemplateInput,
  actor: string,
): Promise<CreatedProgram> {
  const template = findTemplate(input.template);
  const params = resolveParams(template, input.params);
  const blueprint: ProgramBlueprint = template.build(params);
  const program = await createProgram(db, tenantId, {
    ...blueprint.program,
    slug: input.slug,
    name: input.name ?? blueprint.program.name,
  });
  const created: CreatedProgram['created'] = {
    wallets: [],
    eventTypes: [],
    tiers: [],
    partners: [],
    plans: [],
    campaigns: [],
    rewards: [],
  };
  const policy: LedgerPolicy = { ...DEFAULT_POLICY, ...blueprint.policy };
  await part('policy', async () => {
    await ensureBaseCampaign(db, program, await getPolicy(db, program.id));
    await savePolicy(db, tenantId, program.id, policy);
    await publishBaseRule(db, program, policy, actor);
  });
  for (const w of blueprint.wallets ?? []) {
    await saveWalletType(db, program.id, {
      code: w.code,
      name: w.name,
      unit: w.kind === 'money' ? 'currency' : 'points',
    });
    created.wallets.push(w.code);
  }
  for (const t of blueprint.eventTypes ?? []) {
    await part('eventTypes', () => registerEventType(db, program, t.type, t));
    created.eventTypes.push(t.type);
  }
  if (blueprint.tiers) {
    const set = blueprint.tiers;
    await part('tiers', () => replaceTierSet(db, tenantId, program.id, set, actor));
    created.tiers = set.tiers.map((t) => t.code);
  }
  const partnerIds: Record<string, string> = {};
  for (const p of blueprint.partners ?? []) {
    const row = await part('partners', () => createPartner(db, tenantId, program.id, p, actor));
    partnerIds[p.code] = row.id;
    created.partners.push({ code: p.code, id: row.id });
  }
  for (const { code, plan } of blueprint.plans ?? []) {
    await part('plans', () => putPlan(db, tenantId, program.id, code, plan, actor));
    created.plans.push(code);
  }
  for (const c of blueprint.campaigns?.({ partners: partnerIds }) ?? []) {
    const row = await part('campaigns', () =>
      createCampaign(db, tenantId, { ...c, programId: program.id, publish: c.publish ?? true }, actor),
    );
    created.campaigns.push({ id: row.id, name: row.name, status: row.status });
  }
  for (const r of blueprint.rewards ?? []) {
    const reward = await part('rewards', () =>
      createReward(db, tenantId, actor, { ...r, programId: program.id }),
    );
    created.rewards.push({ id: reward.id, code: reward.code });
  }
  forgetRuleSet(program.id);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'program.created_from_template',
    subjectType: 'program',
    subjectId: program.id,
    details: { template: template.name, params },
  });
  return { program, template: template.name, params, created };
}
