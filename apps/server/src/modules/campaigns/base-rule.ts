import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { LedgerPolicy } from '../ledger/policy.js';
import type { Program } from '../tenants/programs.repository.js';
import {
  findBaseCampaign,
  findCampaign,
  insertBaseCampaign,
  insertVersion,
  recordStatus,
  updateCampaign,
} from './campaigns.repository.js';
import type { CampaignDocument } from './campaigns.schemas.js';

export const BASE_CAMPAIGN_NAME = 'Base earn';
/** The exclusive group of the base earn rule: a rule of the base campaign in it earns instead of the base rate. */
export const BASE_EARN_GROUP = 'base-earn';

/**
 * The default rule: the program's earn rate as a plain rule (points per currency unit, minus excluded SKUs and
 * categories). There is one earning mechanism; the policy's earn fields are a shortcut that publishes this rule.
 */
export function baseDocument(policy: LedgerPolicy): CampaignDocument {
  const exclusions = {
    ...(policy.excludedSkus.length > 0 ? { excludeSkus: policy.excludedSkus } : {}),
    ...(policy.excludedCategories.length > 0 ? { excludeCategories: policy.excludedCategories } : {}),
  };
  return {
    name: BASE_CAMPAIGN_NAME,
    description: 'The program earn rate, applied to every purchase',
    audience: { type: 'all' },
    rules: [
      {
        key: 'base',
        name: BASE_CAMPAIGN_NAME,
        trigger: { type: 'purchase' },
        // Coalition partners' earn rules share this group at a higher priority: at a partner, its rate replaces this.
        group: BASE_EARN_GROUP,
        effects: [
          {
            kind: 'points_per_currency',
            points: policy.earnPoints,
            perMinor: policy.earnPerMinor,
            rounding: policy.earnRounding,
            ...(Object.keys(exclusions).length > 0 ? { match: exclusions } : {}),
          },
        ],
      },
    ],
  };
}

/**
 * Creates the program's base campaign on first use, published as of the program's creation so that history replayed
 * "as of" any time since then earns as it did. Safe under concurrency: the second creator finds the first one's row.
 */
export async function ensureBaseCampaign(db: Db, program: Program, policy: LedgerPolicy): Promise<void> {
  if (await findBaseCampaign(db, program.id)) return;
  const document = baseDocument(policy);
  const row = await insertBaseCampaign(db, {
    id: uuidv7(),
    tenant_id: program.tenantId,
    program_id: program.id,
    kind: 'base',
    name: document.name,
    description: document.description ?? null,
    status: 'active',
    draft: document as unknown as Record<string, unknown>,
    current_version: 1,
  });
  if (row === undefined) return;
  await insertVersion(db, {
    id: uuidv7(),
    campaign_id: row.id,
    version: 1,
    document: document as unknown as Record<string, unknown>,
    published_at: program.createdAt,
    published_by: 'system',
  });
  await recordStatus(db, row.id, 'active', program.createdAt, 'system');
}

/** Publishes the policy's earn fields as a new version of the base rule (keeping any other base rules as they are). */
export async function publishBaseRule(
  db: Db,
  program: Program,
  policy: LedgerPolicy,
  actor: string,
  now = new Date(),
) {
  const fresh = baseDocument(policy);
  await changeBaseRules(
    db,
    program,
    policy,
    (rules) => [...fresh.rules, ...rules.filter((r) => r.key !== 'base')],
    actor,
    now,
  );
}

/**
 * Publishes the next version of the base campaign with its rules changed by `change` (the earn rate, a partner's
 * rule …), under the campaign's row lock so concurrent changes get consecutive versions. Returns the campaign id.
 * The caller evicts the cached rule set (forgetRuleSet), as every publisher does.
 */
export async function changeBaseRules(
  db: Db,
  program: Program,
  policy: LedgerPolicy,
  change: (rules: CampaignDocument['rules']) => CampaignDocument['rules'],
  actor: string,
  now = new Date(),
): Promise<string> {
  await ensureBaseCampaign(db, program, policy);
  const found = await findBaseCampaign(db, program.id);
  const base = found ? await findCampaign(db, program.tenantId, found.id, true) : undefined;
  if (base === undefined) throw new Error(`program ${program.id} has no base campaign`);
  const current = base.draft as unknown as CampaignDocument;
  const document: CampaignDocument = { ...current, rules: change(current.rules) };
  const version = (base.current_version ?? 0) + 1;
  await insertVersion(db, {
    id: uuidv7(),
    campaign_id: base.id,
    version,
    document: document as unknown as Record<string, unknown>,
    published_at: now,
    published_by: actor,
  });
  await updateCampaign(db, base.id, { draft: document, current_version: version });
  return base.id;
}
