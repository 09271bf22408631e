import { type Static, Type } from 'typebox';
import { fieldInvalid } from '../../../http/problem.js';
import type { CampaignCreate } from '../../campaigns/campaigns.schemas.js';
import type { PartnerCreate } from '../../partners/partners.schemas.js';
import type { Effect, LineMatch, Rule } from '../../rules/rule.schemas.js';
import type { BlueprintContext } from '../template.types.js';
import { defineTemplate } from '../template.types.js';

const Percent = (value: number, description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 100, default: value, description });
const Category = (value: string, description: string) =>
  Type.String({ minLength: 1, maxLength: 100, default: value, description });
const Kopecks = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000, default: 100, description });

const Partner = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    earnPercent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'Bonuses, % of the purchase',
    }),
    issueKopecks: Kopecks('What the partner pays the programme per bonus issued at it, kopecks'),
    redeemKopecks: Kopecks('What the programme pays the partner per bonus spent at it, kopecks'),
  },
  { additionalProperties: false },
);

const Params = Type.Object({
  topupPercent: Percent(3, 'Bonuses on an e-purse top-up, % of the amount'),
  topupMinimumKopecks: Type.Integer({
    minimum: 1,
    maximum: 100_000_000,
    default: 25_000,
    description: 'A top-up earns only from this amount, kopecks (250 ₽)',
  }),
  topupCategory: Category('troika-topup', 'Line category of an e-purse top-up'),
  edinyPercent: Percent(
    3,
    'Bonuses for recording a «Единый» ticket, %: rate not in the sources, assumed as top-ups',
  ),
  edinyCategory: Category('troika-ediny', 'Line category of a recorded «Единый» ticket'),
  rounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')], {
    default: 'floor',
    description: 'How earn is rounded to whole bonuses per purchase (not in the sources)',
  }),
  partners: Type.Array(Partner, {
    maxItems: 100,
    default: [
      { code: 'cafe', name: 'Кафе (пример)', earnPercent: 10, issueKopecks: 100, redeemKopecks: 100 },
      { code: 'museum', name: 'Музей (пример)', earnPercent: 5, issueKopecks: 100, redeemKopecks: 100 },
    ],
    description:
      'Partners where showing the Troika earns (announced: up to 10 %; later reports: up to 30 % / 50 % online)',
  }),
  tokensPerPartnerPurchase: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 1,
    description: 'Tokens (жетоны) per partner purchase: number not in the sources',
  }),
  eveningRideTokens: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 1,
    description:
      'Tokens for the quest "a metro ride after 21:00" (event metro.ride): number not in the sources',
  }),
  expiryMonths: Type.Integer({
    minimum: 0,
    maximum: 240,
    default: 0,
    description: 'Bonuses expire this many months after earning; 0 = never (no expiry found in the sources)',
  }),
});
type P = Static<typeof Params>;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** `percent` (2 decimals at most) of the spend in bonuses worth 1 ₽ each: an exact bonuses-per-kopecks rate. */
function rate(field: string, percent: number): { points: number; perMinor: number } {
  const bp = Math.round(percent * 100);
  if (Math.abs(percent * 100 - bp) > 1e-6)
    throw fieldInvalid(field, 'precision', 'must have at most 2 decimals');
  const d = gcd(bp, 1_000_000);
  return { points: bp / d, perMinor: 1_000_000 / d };
}

function earn(p: P, param: 'topupPercent' | 'edinyPercent', match: LineMatch): Effect {
  return { kind: 'points_per_currency', ...rate(`/params/${param}`, p[param]), rounding: p.rounding, match };
}

function partner(p: P, x: P['partners'][number], i: number): PartnerCreate {
  return {
    code: x.code,
    name: x.name,
    earnRate: { ...rate(`/params/partners/${i}/earnPercent`, x.earnPercent), rounding: p.rounding },
    issueValue: { minor: x.issueKopecks, points: 1 },
    redeemValue: { minor: x.redeemKopecks, points: 1 },
  };
}

/** Top-ups of at least the minimum and recorded «Единый» tickets earn bonuses on their own lines. */
function transitCampaign(p: P): Omit<CampaignCreate, 'programId'> {
  const topup = { categories: [p.topupCategory] };
  return {
    name: 'Тройка: бонусы за пополнение и «Единый»',
    rules: [
      {
        key: 'topup',
        name: `${p.topupPercent} % за пополнение кошелька от ${p.topupMinimumKopecks / 100} ₽`,
        trigger: { type: 'purchase' },
        when: { kind: 'items_total', match: topup, measure: 'net', op: 'gte', value: p.topupMinimumKopecks },
        effects: [earn(p, 'topupPercent', topup)],
      },
      {
        key: 'ediny',
        name: `${p.edinyPercent} % за запись «Единого»`,
        trigger: { type: 'purchase' },
        effects: [earn(p, 'edinyPercent', { categories: [p.edinyCategory] })],
      },
    ],
  };
}

/** Tokens (a second points wallet): per partner purchase, and for the evening metro ride quest. */
function tokenCampaign(p: P, ctx: BlueprintContext): Omit<CampaignCreate, 'programId'> {
  const partners = Object.values(ctx.partners);
  const tokens = (points: number): Effect => ({
    kind: 'points_fixed',
    points,
    wallet: 'tokens',
    expiresInDays: null,
  });
  const rules: Rule[] = [
    {
      key: 'evening-ride',
      name: 'Квест: поездка в метро после 21:00',
      trigger: { type: 'event', eventType: 'metro.ride' },
      when: { kind: 'time_of_day', from: '21:00', to: '05:00' },
      effects: [tokens(p.eveningRideTokens)],
    },
  ];
  if (partners.length > 0)
    rules.unshift({
      key: 'partner-purchase',
      name: 'Покупка у партнёра',
      trigger: { type: 'purchase' },
      when: { kind: 'partner', partners },
      effects: [tokens(p.tokensPerPartnerPurchase)],
    });
  return { name: 'Город: жетоны', rules };
}

/**
 * Moscow «Город» for the Troika card (launched June 2018; may be discontinued): bonuses worth 1 ₽ for e-purse
 * top-ups of 250 ₽ or more (a purchase line of the top-up category) and for recorded «Единый» tickets, and at partners
 * through the partners module; spent on top-ups and at partners. Tokens are a second wallet; the levels they raise
 * are not encoded (tiers qualify on spend and main-wallet points, and the level rates are unknown).
 */
export const troikaGorod = defineTemplate<P>({
  name: 'troika-gorod',
  title: 'Moscow «Город» for the Troika card (Russia)',
  summary:
    '3 % in bonuses on Troika e-purse top-ups from 250 ₽, partner earn and burn, tokens; may be discontinued',
  confidence: 'low',
  mechanics: [
    '3 % back in bonuses (1 bonus = 1 ₽) on each e-purse top-up of 250 ₽ or more: a purchase line of category troika-topup',
    'Bonuses for recording a «Единый» ticket (rate PARAM, assumed 3 %)',
    'Partners (example list, PARAM rates up to 10 %): earn and burn at partners, settled per partner',
    'Bonuses are spent on top-ups or at partners; no cash-out',
    'Tokens (жетоны) in a second wallet per partner purchase and for a metro ride after 21:00; levels are not encoded',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'Город',
      currency: 'RUB',
      timezone: 'Europe/Moscow',
      pointName: 'бонусы',
      pointValue: { minor: 100, points: 1 },
      defaultCountry: 'RU',
    },
    policy: {
      earnPoints: 0,
      ...(p.expiryMonths > 0 ? { expiryMode: 'after_earn' as const, expiryMonths: p.expiryMonths } : {}),
    },
    wallets: [{ code: 'tokens', name: 'Жетоны', kind: 'points' }],
    eventTypes: [
      {
        type: 'metro.ride',
        name: 'Metro ride',
        description: 'A ride paid with the Troika (validator tap), reported by the transit operator',
        properties: { type: 'object', properties: { station: { type: 'string' } } },
      },
    ],
    partners: p.partners.map((x, i) => partner(p, x, i)),
    campaigns: (ctx) => [transitCampaign(p), tokenCampaign(p, ctx)],
  }),
});
