import { type Static, Type } from 'typebox';
import { fieldInvalid } from '../../../http/problem.js';
import type { PartnerCreate } from '../../partners/partners.schemas.js';
import { defineTemplate } from '../template.types.js';

const Kopecks = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000, default: 100, description });

const Partner = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    earnPercent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'Bonuses earned at the partner, % of the purchase (replaces the base rate there)',
    }),
    issueKopecks: Kopecks('What the partner pays the programme per bonus issued at it, kopecks'),
    redeemKopecks: Kopecks('What the programme pays the partner per bonus spent at it, kopecks'),
  },
  { additionalProperties: false },
);

const Params = Type.Object({
  basePercent: Type.Number({
    exclusiveMinimum: 0,
    maximum: 100,
    default: 0.5,
    description: 'Bonuses on card purchases outside partners, % (about 0.5 % per the sources; PARAM)',
  }),
  rounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')], {
    default: 'floor',
    description: 'How earn is rounded to whole bonuses per purchase',
  }),
  partners: Type.Array(Partner, {
    maxItems: 100,
    default: [
      { code: 'fuel', name: 'АЗС (пример)', earnPercent: 5, issueKopecks: 100, redeemKopecks: 100 },
      { code: 'cinema', name: 'Кино (пример)', earnPercent: 10, issueKopecks: 100, redeemKopecks: 100 },
      {
        code: 'online-store',
        name: 'Интернет-магазин (пример)',
        earnPercent: 30,
        issueKopecks: 100,
        redeemKopecks: 100,
      },
    ],
    description:
      'Partner offers: illustrative examples (sources say partner offers reach 30 %); set real partners and agreed values',
  }),
  expiryMonths: Type.Integer({
    minimum: 0,
    maximum: 240,
    default: 24,
    description:
      'Bonuses expire this many months after accrual; 0 = never. Claims vary (2 years is one); not verified',
  }),
});
type P = Static<typeof Params>;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * `percent` (2 decimals at most) of the spend in bonuses worth 1 ₽ (100 kopecks) each, as an exact
 * bonuses-per-kopecks rate. Finer percents are the caller's field error at `field`.
 */
function rate(field: string, percent: number): { points: number; perMinor: number } {
  const bp = Math.round(percent * 100);
  if (Math.abs(percent * 100 - bp) > 1e-6)
    throw fieldInvalid(field, 'precision', 'must have at most 2 decimals');
  const perMinor = 10_000 * 100;
  const d = gcd(bp, perMinor);
  return { points: bp / d, perMinor: perMinor / d };
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

/**
 * СберСпасибо: a bank's coalition programme. Bonuses (1 bonus = 1 ₽ at partners) accrue on card purchases at a
 * small base rate and at partner offer rates; they are spent at partners, which settle with the programme. The
 * sources are thin (confidence low), so every number is a parameter and the privilege levels are left out.
 */
export const sberSpasibo = defineTemplate<P>({
  name: 'sber-spasibo',
  title: 'Sber «СберСпасибо» (Russia)',
  summary:
    'Bank coalition bonuses: about 0.5 % on card purchases, partner offers, spent at partners as 1 bonus = 1 ₽',
  confidence: 'low',
  mechanics: [
    'Base earn on card purchases: 0.5 % in bonuses (PARAM), 1 bonus = 1 ₽',
    'Partners (an example list, PARAM): each with its own offer rate, which replaces the base rate at the partner',
    'Bonuses are spent at partners; each partner settles issued and redeemed bonuses at its agreed values',
    'Expiry: 24 months after accrual (PARAM, unverified); privilege levels are not encoded (current structure unknown)',
  ],
  params: Params,
  build: (p) => {
    const seen = new Set<string>();
    p.partners.forEach((x, i) => {
      if (seen.has(x.code))
        throw fieldInvalid(`/params/partners/${i}/code`, 'duplicate', `${x.code} is listed twice`);
      seen.add(x.code);
    });
    const base = rate('/params/basePercent', p.basePercent);
    return {
      program: {
        name: 'СберСпасибо',
        currency: 'RUB',
        timezone: 'Europe/Moscow',
        pointName: 'бонусы',
        pointValue: { minor: 100, points: 1 },
        defaultCountry: 'RU',
      },
      policy: {
        earnPoints: base.points,
        earnPerMinor: base.perMinor,
        earnRounding: p.rounding,
        ...(p.expiryMonths > 0 ? { expiryMode: 'after_earn' as const, expiryMonths: p.expiryMonths } : {}),
      },
      partners: p.partners.map((x, i) => partner(p, x, i)),
    };
  },
});
