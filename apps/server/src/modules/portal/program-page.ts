import type { Db } from '../../db/database.js';
import { formatMoney } from '../../lib/money.js';
import { listCampaigns } from '../campaigns/campaigns.repository.js';
import { effectiveStatus } from '../campaigns/manage-campaign.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { listEventTypes } from '../events/event-types.repository.js';
import { getPolicy } from '../ledger/policy.js';
import { listRewards } from '../rewards/rewards.repository.js';
import type { Reward } from '../rewards/rewards.schemas.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { tierDefinitions } from '../tiers/definitions.js';
import { audienceWords, baseRateWords, type Names, pointsWords, ruleWords } from './earn-words.js';
import { portalSlugOf, programBySlug } from './portal-programs.js';
import { programFaq } from './program-faq.js';
import type { ProgramPage } from './program-page.schemas.js';
import { tiersSection } from './program-tiers-words.js';

type Earn = ProgramPage['earn'];

function rewardText(r: Reward, program: Program, names: Names): string {
  const money = (minor: number | undefined) => formatMoney(minor ?? 0, program.currency);
  const v = r.value;
  const what: Record<Reward['type'], string> = {
    amount_discount: `${money(v.amount)} off${v.minSpend ? ` a purchase of ${money(v.minSpend)} or more` : ''}`,
    percent_discount: `${v.percent ?? 0}% off${v.minSpend ? ` a purchase of ${money(v.minSpend)} or more` : ''}`,
    free_product: 'A free item',
    free_shipping: 'Free shipping',
    store_credit: `${money(v.amount)} store credit`,
    cashback: `${money(v.amount)} cashback`,
    experience: `An experience${v.event ? `: ${v.event}` : ''}`,
    charity: `A donation${v.charity ? ` to ${v.charity}` : ''}`,
    physical: 'An item delivered to you',
  };
  const tiers = r.eligibility.tiers?.map((c) => names.tiers.get(c) ?? c);
  const who = tiers && tiers.length > 0 ? ` (${tiers.join(' and ')} members)` : '';
  const how = r.autoRedeem ? ', issued automatically once you have enough' : '';
  return `${what[r.type]} for ${pointsWords(r.cost, program)}${who}${how}`;
}

/** Rules members can see: not the base rate (described from the policy), tier benefits or personal offers. */
function publicRules(rules: LiveRule[], benefitsCampaignId: string | null, active: Set<string>): LiveRule[] {
  return rules.filter(
    (r) =>
      !r.base &&
      r.ref.campaignId !== benefitsCampaignId &&
      r.campaign.offer === undefined &&
      r.campaign.audience.type !== 'segments' &&
      active.has(r.ref.campaignId),
  );
}

async function earnSection(
  db: Db,
  program: Program,
  names: Names & { tierMultipliers: Map<string, number>; eventDescriptions: Map<string, string | null> },
  benefitsCampaignId: string | null,
) {
  const policy = await getPolicy(db, program.id);
  const now = new Date();
  const rows = await listCampaigns(db, program.tenantId, program.id);
  const active = new Set(rows.filter((r) => effectiveStatus(r, now) === 'active').map((r) => r.id));
  const descriptions = new Map(rows.map((r) => [r.id, r.description]));
  const rules = publicRules(await liveRules(db, program), benefitsCampaignId, active);
  const campaigns = new Map<string, Earn['campaigns'][number]>();
  for (const r of rules) {
    const text = ruleWords(r.rule, program, names);
    if (text === null) continue;
    const entry = campaigns.get(r.ref.campaignId) ?? {
      id: r.ref.campaignId,
      name: r.ref.campaignName,
      description: descriptions.get(r.ref.campaignId) ?? null,
      audience: audienceWords(r.campaign.audience, names),
      rules: [],
    };
    entry.rules.push({ name: r.rule.name, text });
    campaigns.set(r.ref.campaignId, entry);
  }
  const events = new Map<string, Earn['events'][number]>();
  for (const r of rules) {
    const t = r.rule.trigger;
    if (t.type !== 'event' || !r.rule.effects.some((e) => e.kind.startsWith('points_'))) continue;
    const text = ruleWords(r.rule, program, names) ?? '';
    const fixed = r.rule.effects.length === 1 && r.rule.effects[0]?.kind === 'points_fixed' && !r.rule.when;
    const seen = events.get(t.eventType);
    if (seen) {
      seen.points = null;
      seen.text = `${seen.text}; ${text}`;
      continue;
    }
    const effect = r.rule.effects[0];
    events.set(t.eventType, {
      type: t.eventType,
      name: names.events.get(t.eventType) ?? t.eventType,
      description: names.eventDescriptions.get(t.eventType) ?? null,
      points: fixed && effect?.kind === 'points_fixed' ? effect.points : null,
      text,
    });
  }
  const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  const multipliers = [...names.tierMultipliers.entries()].map(([tier, factor]) =>
    sentence(`${tier} members earn ${factor}× ${program.pointName} on purchases`),
  );
  // Rules that differ only in their conditions (a birthday coupon per tier) read the same: say it once.
  const summary = [
    ...new Set([
      sentence(`earn ${baseRateWords(policy, program)}`),
      ...multipliers,
      ...[...campaigns.values()].flatMap((c) =>
        c.rules.map((r) => sentence(`${r.text}${c.audience ? ` ${c.audience}` : ''}`)),
      ),
    ]),
  ];
  return {
    policy,
    earn: {
      baseRate: {
        points: policy.earnPoints,
        perMinor: policy.earnPerMinor,
        text: baseRateWords(policy, program),
      },
      excluded: { skus: policy.excludedSkus, categories: policy.excludedCategories },
      campaigns: [...campaigns.values()],
      events: [...events.values()],
      summary,
    } satisfies Earn,
  };
}

/**
 * The public program page (`/p/{slug}`), generated entirely from the program's configuration — ledger policy,
 * live campaigns, event types, tiers and rewards — so it changes when the program does and never promises more.
 */
export async function programPage(db: Db, slug: string): Promise<ProgramPage> {
  const program = await programBySlug(db, slug);
  const defs = await tierDefinitions(db, program.id);
  const eventTypes = await listEventTypes(db, program.id);
  const names: Names = {
    events: new Map(eventTypes.map((e) => [e.type, e.name])),
    tiers: new Map((defs?.ordered ?? []).map((t) => [t.code, t.name])),
  };
  const visible = (defs?.ordered ?? []).filter((t) => !t.hidden && (t.benefits?.earnMultiplier ?? 1) > 1);
  const multipliers = new Map(visible.map((t) => [t.name, t.benefits?.earnMultiplier ?? 1]));
  const { policy, earn } = await earnSection(
    db,
    program,
    {
      ...names,
      tierMultipliers: multipliers,
      eventDescriptions: new Map(eventTypes.map((e) => [e.type, e.description])),
    },
    defs?.benefitsCampaignId ?? null,
  );
  const now = new Date();
  const rewards = (await listRewards(db, program.id, 'active')).filter(
    (r) =>
      (r.validUntil === null || r.validUntil > now) && (r.stockTotal === null || r.stockUsed < r.stockTotal),
  );
  const tiers = tiersSection(defs, program);
  return {
    slug: await portalSlugOf(db, program),
    name: program.name,
    currency: program.currency,
    timezone: program.timezone,
    defaultCountry: program.defaultCountry,
    pointName: program.pointName,
    pointValue: { minor: program.pointValueMinor, points: program.pointValuePoints },
    earn,
    tiers,
    rewards: rewards.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      description: r.description,
      type: r.type,
      cost: r.cost,
      text: rewardText(r, program, names),
    })),
    faq: programFaq(program, policy, defs, tiers, rewards[0]?.cost ?? null),
  };
}
