import { type Static, Type } from 'typebox';
import { fieldInvalid } from '../../../http/problem.js';
import type { CampaignCreate } from '../../campaigns/campaigns.schemas.js';
import type { Condition, Effect } from '../../rules/rule.schemas.js';
import { defineTemplate } from '../template.types.js';

const Codes = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 500,
    uniqueItems: true,
    description,
  });

const Offer = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
    name: Type.String({ minLength: 1, maxLength: 180 }),
    percent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'Cashback, % of the eligible amount',
    }),
    capKopecks: Type.Integer({
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'At most this much cashback per purchase, kopecks; 0 = no cap',
    }),
    merchants: Codes('Merchant ids the purchase carries in `storeId`; empty = any merchant'),
    categories: Codes('Line categories that earn; empty = every line'),
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (Moscow), inclusive' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day (Moscow), inclusive' })),
    publish: Type.Boolean({ description: 'Live at once; false leaves a draft to review and publish' }),
  },
  { additionalProperties: false },
);
type OfferParams = Static<typeof Offer>;

const Params = Type.Object({
  offers: Type.Array(Offer, {
    maxItems: 100,
    default: [
      {
        code: 'tourism',
        name: 'Туристический кешбэк 20 % до 20 000 ₽ (пример, Ростуризм 2020–2022)',
        percent: 20,
        capKopecks: 2_000_000,
        merchants: [],
        categories: ['tour'],
        publish: false,
      },
      {
        code: 'retailer-3',
        name: 'Партнёр: 3 % на месяц (пример)',
        percent: 3,
        capKopecks: 0,
        merchants: ['EXAMPLE-MERCHANT'],
        categories: [],
        publish: false,
      },
    ],
    description:
      'Cashback offers, one campaign each; the defaults are example drafts (set merchants and dates)',
  }),
  confirmationDays: Type.Integer({
    minimum: 0,
    maximum: 365,
    default: 0,
    description:
      'Days before cashback is available (the partner confirms the purchase); not published (PARAM)',
  }),
});
type P = Static<typeof Params>;

function offerConditions(o: OfferParams): Condition | undefined {
  const conditions: Condition[] = [];
  if (o.merchants.length > 0) conditions.push({ kind: 'store', stores: o.merchants });
  if (o.from !== undefined || o.to !== undefined)
    conditions.push({
      kind: 'date_range',
      ...(o.from ? { from: o.from } : {}),
      ...(o.to ? { to: o.to } : {}),
    });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { kind: 'all', conditions };
}

/** One offer as its own campaign: a cashback rule at its merchants, on its days, capped per purchase. */
function offerCampaign(o: OfferParams, p: P): Omit<CampaignCreate, 'programId'> {
  const when = offerConditions(o);
  const effect: Effect = {
    kind: 'cashback_percent',
    percent: o.percent,
    wallet: 'cashback',
    ...(o.categories.length > 0 ? { match: { categories: o.categories } } : {}),
    ...(o.capKopecks > 0 ? { cap: o.capKopecks } : {}),
    pendingDays: p.confirmationDays,
  };
  return {
    name: `«Мир»: ${o.name}`,
    publish: o.publish,
    rules: [
      {
        key: o.code,
        name: o.name,
        trigger: { type: 'purchase' },
        ...(when ? { when } : {}),
        effects: [effect],
      },
    ],
  };
}

function checkOffers(offers: OfferParams[]): void {
  const seen = new Set<string>();
  offers.forEach((o, i) => {
    if (seen.has(o.code))
      throw fieldInvalid(`/params/offers/${i}/code`, 'duplicate', `${o.code} is listed twice`);
    seen.add(o.code);
    if (o.from && o.to && o.to < o.from)
      throw fieldInvalid(`/params/offers/${i}/to`, 'range', 'must not be before from');
  });
}

/**
 * The Mir card cashback programme (NSPK, «Привет, Мир!»): no points, only rubles credited to the registered card,
 * per partner offer. Each offer is a campaign with a `cashback_percent` rule into a money wallet, at its merchants
 * (`store`), on its days (`date_range`), capped per purchase; a refund takes the cashback back. The 2025 «Приветы»
 * points are left out: they burn when the issuing campaign ends, and Tessera's expiry is counted from each award.
 */
export const mirCashback = defineTemplate<P>({
  name: 'mir-cashback',
  title: 'Mir card cashback («Привет, Мир!», Russia)',
  summary:
    'Ruble cashback to the registered Mir card, per partner offer, with per-purchase caps and refund claw-back',
  confidence: 'low',
  mechanics: [
    'No points: cashback in rubles is credited to a money wallet (the registered Mir card)',
    'Each offer is a campaign: percent of the eligible lines at its merchants (storeId), between its dates, capped per purchase',
    'Example drafts: tourism cashback 20 % up to 20,000 ₽ per purchase, and a one-month 3 % retailer offer',
    'A refund claws back the cashback of the refunded lines; the 2025 «Приветы» points are not encoded',
  ],
  params: Params,
  build: (p) => {
    checkOffers(p.offers);
    return {
      program: {
        name: 'Привет, Мир!',
        currency: 'RUB',
        timezone: 'Europe/Moscow',
        pointName: 'баллы',
        defaultCountry: 'RU',
      },
      policy: { earnPoints: 0 },
      wallets: [{ code: 'cashback', name: 'Кешбэк на карту «Мир»', kind: 'money' }],
      campaigns: () => p.offers.map((o) => offerCampaign(o, p)),
    };
  },
});
