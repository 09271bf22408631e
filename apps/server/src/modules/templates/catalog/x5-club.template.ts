import { type Static, Type } from 'typebox';
import { fieldInvalid } from '../../../http/problem.js';
import type { Condition, Effect, LineMatch, Rule } from '../../rules/rule.schemas.js';
import { defineTemplate } from '../template.types.js';

const Percent = (value: number, description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 100, default: value, description });
const Channels = (value: string[], description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
    minItems: 1,
    maxItems: 20,
    uniqueItems: true,
    default: value,
    description,
  });

const Params = Type.Object({
  level2MonthlySpend: Type.Integer({
    minimum: 100,
    maximum: 1_000_000_000_00,
    default: 1_000_000,
    description:
      'Level 2 target: spend in one calendar month, kopecks. Not published (PARAM); 10,000 ₽ is illustrative',
  }),
  pointValueKopecks: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 100,
    description:
      'Worth of 1 point, kopecks: most likely 1 point = 1 ₽, unconfirmed (PARAM); legacy cards: 10 points = 1 ₽',
  }),
  rounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')], {
    default: 'floor',
    description: 'How each earn rule rounds its points per receipt (PARAM)',
  }),
  level1Percent: Percent(0.5, 'Level 1 earn, % of the receipt (any chain)'),
  level2PyaterochkaPercent: Percent(1, 'Level 2 earn at Pyaterochka, % of the receipt'),
  level2PerekrestokPercent: Percent(1.5, 'Level 2 earn at Perekrestok, % of the receipt'),
  favouriteLevel1Percent: Percent(
    10,
    'Level 1: the one favourite category per chain earns this % of its lines in all',
  ),
  favouriteLevel2Percent: Percent(
    20,
    'Level 2: the three favourite categories per chain earn this % of their lines',
  ),
  favouriteCategories: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$' }), {
    minItems: 1,
    maxItems: 50,
    uniqueItems: true,
    default: [
      'dairy',
      'bakery',
      'meat',
      'fish',
      'fruit-veg',
      'coffee-tea',
      'sweets',
      'drinks',
      'household',
      'pet',
    ],
    description:
      'Line categories a member can pick as favourites (member attributes favPyaterochka1-3, favPerekrestok1-3)',
  }),
  pyaterochkaChannels: Channels(['pyaterochka', 'pyaterochka-delivery'], 'Purchase channels of Pyaterochka'),
  perekrestokChannels: Channels(['perekrestok', 'perekrestok-delivery'], 'Purchase channels of Perekrestok'),
  mnogoLososyaChannels: Channels(['mnogo-lososya'], 'Purchase channels of Mnogo Lososya'),
  mnogoLososyaLevel1Percent: Percent(0.5, 'Mnogo Lososya earn at Level 1, % of the receipt'),
  mnogoLososyaLevel2Percent: Percent(1.5, 'Mnogo Lososya earn at Level 2, % of the receipt'),
  foodruRecipePoints: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 2500,
    description: 'food.ru: points per published recipe (event foodru.recipe_published)',
  }),
  expiryMonths: Type.Integer({
    minimum: 0,
    maximum: 240,
    default: 0,
    description:
      'Points expire this many months after earning; 0 = never. Not established (PARAM; claims: 6 months, 90 days)',
  }),
});
type P = Static<typeof Params>;

const L1 = 'level-1';
const L2 = 'level-2';
const SLOTS = [1, 2, 3] as const;

/** A percent parameter as whole basis points; finer than 2 decimals is the caller's field error. */
function basisPoints(param: keyof P, percent: number): number {
  const bp = Math.round(percent * 100);
  if (Math.abs(percent * 100 - bp) > 1e-6)
    throw fieldInvalid(`/params/${param}`, 'precision', 'must have at most 2 decimals');
  return bp;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** `bp` basis points of the spend in points worth `pointValueKopecks`: an exact points-per-kopecks ratio. */
function earn(bp: number, p: P, match?: LineMatch): Effect {
  const perMinor = 10_000 * p.pointValueKopecks;
  const d = gcd(bp, perMinor);
  return {
    kind: 'points_per_currency',
    points: bp / d,
    perMinor: perMinor / d,
    rounding: p.rounding,
    ...(match ? { match } : {}),
  };
}

const all = (conditions: Condition[]): Condition => ({ kind: 'all', conditions });
const tier = (code: string): Condition => ({ kind: 'member_tier', tiers: [code] });
const channel = (channels: string[]): Condition => ({ kind: 'channel', channels });
const favourite = (key: string, category: string): Condition => ({
  kind: 'member_attribute',
  key,
  op: 'eq',
  value: category,
});
const onPurchase = (
  key: string,
  name: string,
  when: Condition | undefined,
  effect: Effect,
  extra = {},
): Rule => ({
  key,
  name,
  trigger: { type: 'purchase' },
  ...(when ? { when } : {}),
  effects: [effect],
  ...extra,
});

interface Chain {
  name: string;
  attribute: string;
  channels: string[];
  level2: number;
}

function chains(p: P): Chain[] {
  return [
    {
      name: 'Пятёрочка',
      attribute: 'favPyaterochka',
      channels: p.pyaterochkaChannels,
      level2: p.level2PyaterochkaPercent,
    },
    {
      name: 'Перекрёсток',
      attribute: 'favPerekrestok',
      channels: p.perekrestokChannels,
      level2: p.level2PerekrestokPercent,
    },
  ];
}

/** The receipt rate by level and chain: one exclusive group, the most specific rule first. */
function levelRules(p: P): Rule[] {
  const ml = channel(p.mnogoLososyaChannels);
  const [pyat, perek] = [channel(p.pyaterochkaChannels), channel(p.perekrestokChannels)];
  const rows: [string, string, Condition | undefined, keyof P, number][] = [
    ['l2-perekrestok', 'Уровень 2 в Перекрёстке', all([tier(L2), perek]), 'level2PerekrestokPercent', 30],
    ['l2-pyaterochka', 'Уровень 2 в Пятёрочке', all([tier(L2), pyat]), 'level2PyaterochkaPercent', 30],
    ['l2-mnogo-lososya', 'Уровень 2 в «Много лосося»', all([tier(L2), ml]), 'mnogoLososyaLevel2Percent', 30],
    ['l1-mnogo-lososya', 'Уровень 1 в «Много лосося»', ml, 'mnogoLososyaLevel1Percent', 20],
    ['level-1', 'Уровень 1', undefined, 'level1Percent', 10],
  ];
  return rows.map(([key, name, when, param, priority]) =>
    onPurchase(key, name, when, earn(basisPoints(param, p[param] as number), p), {
      group: 'x5-level-rate',
      priority,
    }),
  );
}

/**
 * Favourite categories of one chain: per category, a Level 1 rule (the member's first pick) and a Level 2 rule (any of
 * three picks). Each earns the favourite rate *minus* the level's receipt rate on the matching lines, so with the
 * level rule those lines earn the favourite rate in all (each rule rounds on its own).
 */
function favouriteRules(chain: Chain, p: P): Rule[] {
  const diff = (param: keyof P, favourite: number, base: number) => {
    const bp = basisPoints(param, favourite) - Math.round(base * 100);
    if (bp <= 0)
      throw fieldInvalid(`/params/${param}`, 'below_base', 'must be above the receipt rate it replaces');
    return bp;
  };
  const l1 = diff('favouriteLevel1Percent', p.favouriteLevel1Percent, p.level1Percent);
  const l2 = diff('favouriteLevel2Percent', p.favouriteLevel2Percent, chain.level2);
  const at = channel(chain.channels);
  return p.favouriteCategories.flatMap((category) => [
    onPurchase(
      `l1-${category}`,
      `Уровень 1: любимая категория ${category}`,
      all([tier(L1), at, favourite(`${chain.attribute}1`, category)]),
      earn(l1, p, { categories: [category] }),
    ),
    onPurchase(
      `l2-${category}`,
      `Уровень 2: любимая категория ${category}`,
      all([
        tier(L2),
        at,
        { kind: 'any', conditions: SLOTS.map((n) => favourite(`${chain.attribute}${n}`, category)) },
      ]),
      earn(l2, p, { categories: [category] }),
    ),
  ]);
}

/**
 * X5 Club: one points account for Pyaterochka, Perekrestok and X5's services. Two levels set by each calendar month's
 * spend for the next month; receipt rates by level and chain; favourite categories the member picks in the app
 * (profile attributes the app sets monthly); food.ru recipes as events. The Base earn rule earns nothing: every rate
 * is a rule of the level campaign, so no two rates add up with separate rounding on the same receipt.
 */
export const x5Club = defineTemplate<P>({
  name: 'x5-club',
  title: 'X5 Club (Russia)',
  summary:
    'Pyaterochka + Perekrestok points: two monthly levels, 0.5% / 1% / 1.5% back, favourite categories at 10% / 20%',
  confidence: 'medium',
  mechanics: [
    'Levels: Level 1 by default; Level 2 for the next calendar month after a month whose spend reaches the target (PARAM)',
    'Receipt earn in points: Level 1 0.5%; Level 2 1% at Pyaterochka, 1.5% at Perekrestok (chain = purchase channel)',
    'Favourite categories: 1 per chain at Level 1 (10%), 3 per chain at Level 2 (20%), picked monthly in the app',
    'Express delivery earns as its chain; Mnogo Lososya 0.5% / 1.5% by level; food.ru: 2,500 points per published recipe',
    '1 point = 1 ₽ (PARAM), rounding and expiry PARAMs; the redemption cap at the till is left to the POS',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'X5 Club',
      currency: 'RUB',
      timezone: 'Europe/Moscow',
      pointName: 'баллы',
      pointValue: { minor: p.pointValueKopecks, points: 1 },
      defaultCountry: 'RU',
      attributeSchema: chains(p).flatMap((c) =>
        SLOTS.map((n) => ({
          key: `${c.attribute}${n}`,
          type: 'string' as const,
          enum: p.favouriteCategories,
          description: `${c.name}: favourite category ${n} this month (${n === 1 ? 'Level 1 and 2' : 'Level 2 only'})`,
        })),
      ),
    },
    policy: {
      earnPoints: 0,
      ...(p.expiryMonths > 0 ? { expiryMode: 'after_earn' as const, expiryMonths: p.expiryMonths } : {}),
    },
    eventTypes: [
      {
        type: 'foodru.recipe_published',
        name: 'food.ru: recipe published',
        properties: { type: 'object', properties: { recipeId: { type: 'string' } }, required: ['recipeId'] },
      },
    ],
    tiers: {
      window: 'calendar_month',
      upgradeAt: 'next_period',
      downgrade: { policy: 'to_metric' },
      tiers: [
        { code: L1, name: 'Уровень 1', rank: 0 },
        { code: L2, name: 'Уровень 2', rank: 1, qualification: { spend: p.level2MonthlySpend } },
      ],
    },
    campaigns: () => [
      { name: 'X5 Club: баллы за чек по уровню', rules: levelRules(p) },
      ...chains(p).map((c) => ({
        name: `X5 Club: любимые категории — ${c.name}`,
        rules: favouriteRules(c, p),
      })),
      {
        name: 'food.ru: баллы за рецепт',
        rules: [
          {
            key: 'recipe',
            name: 'Опубликованный рецепт на food.ru',
            trigger: { type: 'event', eventType: 'foodru.recipe_published' },
            effects: [{ kind: 'points_fixed', points: p.foodruRecipePoints }],
          },
        ],
      },
    ],
  }),
});
