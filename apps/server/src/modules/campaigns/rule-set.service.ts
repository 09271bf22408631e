import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { SettledCache } from '../../lib/settled-cache.js';
import { getPolicy } from '../ledger/policy.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import type { Holdout } from '../rules/holdout.js';
import type { Program } from '../tenants/programs.repository.js';
import { ensureBaseCampaign } from './base-rule.js';
import { findCampaign, versionsLiveAt } from './campaigns.repository.js';
import type { CampaignDocument } from './campaigns.schemas.js';

/** A campaign version's rules as the evaluator takes them. */
export function toLiveRules(
  campaign: { id: string; kind: 'standard' | 'base' },
  version: { id: string; version: number },
  doc: CampaignDocument,
  program?: Pick<Program, 'id' | 'holdoutPercent'>,
): LiveRule[] {
  const holdouts: Holdout[] = [];
  if (program && program.holdoutPercent > 0) {
    holdouts.push({ unit: program.id, percent: program.holdoutPercent, what: 'program' });
  }
  if (doc.holdout) holdouts.push({ unit: campaign.id, percent: doc.holdout.percent, what: 'campaign' });
  const gates = {
    schedule: doc.schedule ?? {},
    audience: doc.audience ?? { type: 'all' as const },
    budget: doc.budget ?? null,
    ...(holdouts.length > 0 ? { holdouts } : {}),
    ...(doc.offer
      ? { offer: { ...doc.offer, requiresActivation: doc.offer.requiresActivation !== false } }
      : {}),
  };
  return doc.rules.map((rule) => ({
    ref: {
      campaignId: campaign.id,
      campaignName: doc.name,
      versionId: version.id,
      version: version.version,
      ruleKey: rule.key,
      ruleName: rule.name,
    },
    rule,
    campaign: gates,
    base: campaign.kind === 'base',
  }));
}

export interface RuleSetOptions {
  /** Evaluate as of this time: the versions then published and the statuses then set. Default: now. */
  asOf?: Date;
  /** Campaigns evaluated from their unpublished draft instead of their published version (dry runs, backtests). */
  drafts?: {
    id: string;
    kind: 'standard' | 'base';
    currentVersion: number | null;
    document: CampaignDocument;
  }[];
}

// The program's holdout is part of the rules (a gate on each), so a cached set is only reused for the same holdout.
const current = new SettledCache<{ rules: LiveRule[]; holdoutPercent: number }>(5_000);

/**
 * The rules live for a program: every rule of the latest published version of each campaign that was scheduled or
 * active at the time. The current set is cached per process (see SettledCache); publishing evicts it here at once.
 */
export async function liveRules(db: Db, program: Program, options: RuleSetOptions = {}): Promise<LiveRule[]> {
  const plain = options.asOf === undefined && options.drafts === undefined;
  if (plain) {
    const hit = current.get(program.id);
    if (hit && hit.holdoutPercent === program.holdoutPercent) return hit.rules;
  }
  await ensureBaseCampaign(db, program, await getPolicy(db, program.id));
  const at = options.asOf ?? new Date();
  const rows = await versionsLiveAt(db, program.id, at);
  const drafted = new Set(options.drafts?.map((d) => d.id));
  const rules: LiveRule[] = [];
  let changedAt = new Date(0);
  for (const r of rows) {
    for (const t of [r.publishedAt, r.lastStatusAt])
      if (t && new Date(t) > changedAt) changedAt = new Date(t);
    if (drafted.has(r.campaignId) || (r.status !== 'active' && r.status !== 'scheduled')) continue;
    const doc = r.document as unknown as CampaignDocument;
    rules.push(
      ...toLiveRules(
        { id: r.campaignId, kind: r.kind },
        { id: r.versionId, version: r.version },
        doc,
        program,
      ),
    );
  }
  for (const d of options.drafts ?? []) {
    rules.push(
      ...toLiveRules(d, { id: `draft:${d.id}`, version: (d.currentVersion ?? 0) + 1 }, d.document, program),
    );
  }
  return plain
    ? current.remember(program.id, { rules, holdoutPercent: program.holdoutPercent }, changedAt).rules
    : rules;
}

export function forgetRuleSet(programId: string): void {
  current.forget(programId);
}

/** Loads campaigns' unpublished drafts to evaluate instead of their published versions. */
export async function draftsFor(
  db: Db,
  tenantId: string,
  programId: string,
  ids: string[],
): Promise<NonNullable<RuleSetOptions['drafts']>> {
  const out: NonNullable<RuleSetOptions['drafts']> = [];
  for (const id of new Set(ids)) {
    const row = await findCampaign(db, tenantId, id);
    if (row === undefined || row.program_id !== programId) throw notFound('campaign', id);
    out.push({
      id: row.id,
      kind: row.kind,
      currentVersion: row.current_version,
      document: row.draft as unknown as CampaignDocument,
    });
  }
  return out;
}
