import type { Db } from '../../db/database.js';
import { BASE_EARN_GROUP, changeBaseRules } from '../campaigns/base-rule.js';
import type { CampaignDocument } from '../campaigns/campaigns.schemas.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { getPolicy } from '../ledger/policy.js';
import type { Program } from '../tenants/programs.repository.js';
import type { PartnerRow } from './partners.repository.js';

type Rule = CampaignDocument['rules'][number];

const ruleKey = (p: Pick<PartnerRow, 'code'>) => `partner-${p.code}`.slice(0, 64);

/**
 * A partner's earn rate is a rule of the program's base campaign: `partner` condition, points per currency unit,
 * in the base rule's exclusive group at a higher priority. So at the partner its rate replaces the base rate, and
 * everything that builds on base points (tier multipliers, campaign multipliers, explain, dry runs, backtests) works
 * unchanged. A suspended partner has no rule: its purchases are refused before the rules run.
 */
export function partnerRule(p: PartnerRow): Rule {
  return {
    key: ruleKey(p),
    name: `${p.name}: ${p.earn_points} point${p.earn_points === 1 ? '' : 's'} per ${p.earn_per_minor} minor units`,
    trigger: { type: 'purchase' },
    when: { kind: 'partner', partners: [p.id] },
    effects: [
      {
        kind: 'points_per_currency',
        points: p.earn_points,
        perMinor: p.earn_per_minor,
        rounding: p.earn_rounding,
      },
    ],
    priority: 100,
    group: BASE_EARN_GROUP,
  };
}

/** The base rule must claim its group for partners' rules to replace it (older base documents lack the group). */
function withBaseGroup(rules: Rule[]): Rule[] {
  return rules.map((r) => (r.key === 'base' && r.group === undefined ? { ...r, group: BASE_EARN_GROUP } : r));
}

/**
 * Publishes the next version of the base campaign with the partner's rule replaced (or removed when the partner
 * does not earn). The base campaign row is locked, so concurrent partner changes publish one after another.
 * Returns the base campaign's id.
 */
export async function syncPartnerRule(
  db: Db,
  program: Program,
  partner: PartnerRow,
  actor: string,
  now = new Date(),
): Promise<string> {
  const key = ruleKey(partner);
  const earns = partner.status === 'active';
  const id = await changeBaseRules(
    db,
    program,
    await getPolicy(db, program.id),
    (rules) => {
      const others = withBaseGroup(rules.filter((r) => r.key !== key));
      return earns ? [...others, partnerRule(partner)] : others;
    },
    actor,
    now,
  );
  forgetRuleSet(program.id);
  return id;
}
