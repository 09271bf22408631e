import type { TObject } from 'typebox';
import type { CampaignCreate } from '../campaigns/campaigns.schemas.js';
import type { LedgerPolicy } from '../ledger/policy.js';
import type { PlanBody } from '../memberships/memberships.schemas.js';
import type { PartnerCreate } from '../partners/partners.schemas.js';
import type { RewardInput } from '../rewards/rewards.schemas.js';
import type { ProgramCreate } from '../tenants/programs.schemas.js';
import type { TierSet } from '../tiers/tiers.schemas.js';

/** Ids of what the blueprint created before its campaigns, for rules that must name them (partner conditions). */
export interface BlueprintContext {
  /** Partner id by partner code. */
  partners: Record<string, string>;
}

/**
 * Everything a template configures in a new program, expressed in the modules' own input types so that each part is
 * validated by the module that owns it, exactly as if it had arrived through the API.
 */
export interface ProgramBlueprint {
  program: Omit<ProgramCreate, 'slug'>;
  /** Ledger policy fields that differ from the defaults; the earn fields publish the base rule. */
  policy?: Partial<LedgerPolicy>;
  wallets?: { code: string; name: string; kind: 'points' | 'money' }[];
  eventTypes?: { type: string; name: string; description?: string; properties?: Record<string, unknown> }[];
  tiers?: TierSet;
  partners?: PartnerCreate[];
  plans?: { code: string; plan: PlanBody }[];
  /** Published at once unless `publish: false` (left as drafts for the marketer to schedule). */
  campaigns?: (ctx: BlueprintContext) => Omit<CampaignCreate, 'programId'>[];
  rewards?: Omit<RewardInput, 'programId'>[];
}

export type Confidence = 'high' | 'medium' | 'low';

/**
 * A program template: the published mechanics of a real program, with the values no source pins down exposed as
 * parameters (a TypeBox object schema whose defaults are the documented choices).
 */
export interface ProgramTemplate<P = Record<string, unknown>> {
  /** Stable identifier used by `--template` and the API, e.g. `starbucks`. */
  name: string;
  title: string;
  summary: string;
  confidence: Confidence;
  /** The mechanics this template encodes, one line each (shown by `tessera programs templates`). */
  mechanics: string[];
  params: TObject;
  build(params: P): ProgramBlueprint;
}

/** Lets a template declare a typed `build` and still be listed with the others. */
export function defineTemplate<P>(template: ProgramTemplate<P>): ProgramTemplate {
  return template as unknown as ProgramTemplate;
}
