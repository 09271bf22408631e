import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveRule } from '../src/modules/rules/evaluation.types.js';
import { evaluate } from '../src/modules/rules/evaluator.js';
import {
  activity,
  baseRule,
  basket,
  type Case,
  fixed,
  ln,
  makeRule,
  member,
  pointLines,
  purchase,
  review,
  runTable,
  tier,
} from './helpers/rules.js';

/** Effects, triggers, ordering, groups, stop, audiences and explanations of the pure rules evaluator. */

const ppc = (rounding: 'floor' | 'round' | 'ceil', net: number, points: number): Case => ({
  name: `effect: points_per_currency rounds ${rounding} on ${net}`,
  rules: [makeRule('r', { effects: [{ kind: 'points_per_currency', points: 1, perMinor: 100, rounding }] })],
  activity: purchase([ln('X', null, net)]),
  expect: { points, linePoints: [points] },
});
const mult = (key: string, factor: number, extra: Partial<Case['rules'][number]['rule']> = {}) =>
  makeRule(key, { effects: [{ kind: 'points_multiplier', factor }], ...extra });

const effects: Case[] = [
  {
    name: 'effect: base rule 1 point per €1, floored and split over lines by net',
    rules: [baseRule()],
    activity: basket,
    expect: {
      points: 82,
      linePoints: [49, 13, 20],
      explains: ['+82 points: 1 point per €1.00 on €82.99 — Base earn v1'],
    },
  },
  ppc('floor', 1250, 12),
  ppc('round', 1250, 13),
  ppc('round', 1249, 12),
  ppc('ceil', 1201, 13),
  {
    name: 'effect: points_per_currency on matched lines only, with exclusions',
    rules: [
      makeRule('r', {
        effects: [
          {
            kind: 'points_per_currency',
            points: 2,
            perMinor: 100,
            match: { brands: ['Acme'], excludeCategories: ['socks'] },
          },
        ],
      }),
    ],
    activity: basket,
    expect: {
      points: 100,
      linePoints: [100, 0, 0],
      explains: ['2 points per €1.00 on €50.00 of brand Acme (except category socks)'],
    },
  },
  {
    name: 'effect: points_per_item counts quantities of matching lines',
    rules: [
      makeRule('r', {
        effects: [{ kind: 'points_per_item', points: 5, match: { categories: ['socks', 'tops'] } }],
      }),
    ],
    activity: basket,
    expect: {
      points: 25,
      linePoints: [0, 15, 10],
      explains: ['+25 points: 5 points per item × 5 (category socks or tops)'],
    },
  },
  {
    name: 'effect: points_per_item without match counts every item',
    rules: [makeRule('r', { effects: [{ kind: 'points_per_item', points: 1 }] })],
    activity: basket,
    expect: { points: 6, linePoints: [1, 3, 2] },
  },
  {
    name: 'effect: points_fixed is spread over lines by net (largest remainder)',
    rules: [makeRule('r', { effects: [fixed(100)] })],
    activity: basket,
    expect: { points: 100, linePoints: [60, 16, 24] },
  },
  {
    name: 'effect: a remainder tie goes to the earlier line',
    rules: [makeRule('r', { effects: [fixed(3)] })],
    activity: purchase([ln('A', null, 500), ln('B', null, 500)]),
    expect: { points: 3, linePoints: [2, 1] },
  },
  {
    name: 'effect: 2× multiplier doubles the base, which runs first despite priority',
    rules: [mult('x2', 2, { priority: 100 }), baseRule()],
    activity: basket,
    expect: {
      order: ['base', 'x2'],
      points: 164,
      rulePoints: { base: 82, x2: 82 },
      linePoints: [98, 26, 40],
      explains: ['+82 points: 2× points on any item (base 82)'],
    },
  },
  {
    name: 'effect: multiplier on matched lines multiplies only their base points',
    rules: [
      baseRule(),
      makeRule('x3', {
        effects: [{ kind: 'points_multiplier', factor: 3, match: { categories: ['shoes'] } }],
      }),
    ],
    activity: basket,
    expect: {
      points: 180,
      rulePoints: { x3: 98 },
      linePoints: [147, 13, 20],
      explains: ['3× points on category shoes (base 49)'],
    },
  },
  {
    name: 'effect: 1.5× multiplier floors the extra points',
    rules: [baseRule(), mult('x15', 1.5)],
    activity: purchase([ln('X', null, 1350)]),
    expect: { points: 19, rulePoints: { base: 13, x15: 6 } },
  },
  {
    name: 'effect: 1.15× multiplier is not lost to floating point (0.15 × 20 = 2.999…)',
    rules: [baseRule(), mult('x115', 1.15)],
    activity: purchase([ln('X', null, 2000)]),
    expect: { points: 23, rulePoints: { base: 20, x115: 3 } },
  },
  {
    name: 'effect: two multipliers both multiply the base, not each other',
    rules: [baseRule(), mult('x2', 2), mult('x3', 3)],
    activity: basket,
    expect: { points: 328, rulePoints: { x2: 82, x3: 164 } },
  },
  {
    name: 'effect: multiplier without a base rule has nothing to award and does not apply',
    rules: [mult('x2', 2)],
    activity: basket,
    expect: {
      applied: [],
      points: 0,
      linePoints: [0, 0, 0],
      reasons: { x2: 'not applied: no points to award (2× points on any item (base 0))' },
    },
  },
  {
    name: 'effect: a rule with nothing to award still applies for its coupon',
    rules: [
      makeRule('c', {
        effects: [
          { kind: 'points_per_currency', points: 5, perMinor: 100, match: { categories: ['bags'] } },
          { kind: 'issue_coupon', name: 'Bags 5', discount: { type: 'amount', value: 500 }, validDays: 14 },
        ],
      }),
    ],
    activity: basket,
    expect: {
      applied: ['c'],
      points: 0,
      others: [
        { kind: 'issue_coupon', name: 'Bags 5', discount: { type: 'amount', value: 500 }, validDays: 14 },
      ],
      explains: ["coupon 'Bags 5'"],
    },
  },
  {
    name: 'effect: points to another wallet stay out of the main total and lines',
    rules: [baseRule(), makeRule('m', { effects: [fixed(50, { wallet: 'miles' })] })],
    activity: basket,
    expect: {
      points: 82,
      wallets: { points: 82, miles: 50 },
      linePoints: [49, 13, 20],
      explains: ['+50 points to miles: 50 points'],
      check: (r) => assert.deepEqual(pointLines(r, 'miles'), [null]),
    },
  },
  {
    name: 'effect: pendingDays and expiresInDays pass through',
    rules: [
      makeRule('p', {
        effects: [
          fixed(10, { pendingDays: 14, expiresInDays: 365 }),
          fixed(5, { expiresInDays: null }),
          fixed(1),
        ],
      }),
    ],
    activity: basket,
    expect: {
      points: 16,
      check: (r) =>
        assert.deepEqual(
          r.effects.map((e) => (e.kind === 'points' ? [e.amount, e.pendingDays, e.expiresInDays] : null)),
          [
            [10, 14, 365],
            [5, null, null],
            [1, null, undefined],
          ],
        ),
    },
  },
  {
    name: 'effect: issue_coupon on enrolment',
    rules: [
      makeRule('w', {
        trigger: { type: 'enrolment' },
        effects: [
          {
            kind: 'issue_coupon',
            name: 'Welcome 10',
            discount: { type: 'percent', value: 10 },
            validDays: 30,
          },
        ],
      }),
    ],
    activity: activity('enrolment'),
    expect: {
      applied: ['w'],
      points: 0,
      others: [
        { kind: 'issue_coupon', name: 'Welcome 10', discount: { type: 'percent', value: 10 }, validDays: 30 },
      ],
      explains: ["coupon 'Welcome 10' (10%, valid 30 days) — Rule w — campaign 'Campaign w' v1"],
    },
  },
  {
    name: 'effect: tag_member, set_attribute and emit_event with points',
    rules: [
      makeRule('t', {
        trigger: { type: 'event', eventType: 'review.posted' },
        effects: [
          { kind: 'tag_member', tag: 'reviewer' },
          fixed(25),
          { kind: 'set_attribute', key: 'last_review', value: '2024-05-15' },
          { kind: 'emit_event', type: 'review.rewarded', data: { stars: 5 } },
        ],
      }),
    ],
    activity: review({ stars: 5 }),
    expect: {
      points: 25,
      linePoints: [],
      others: [
        { kind: 'tag_member', tag: 'reviewer' },
        { kind: 'set_attribute', key: 'last_review', value: '2024-05-15' },
        { kind: 'emit_event', type: 'review.rewarded', data: { stars: 5 } },
      ],
      explains: [
        '+25 points: 25 points',
        'tagged reviewer',
        'set last_review = 2024-05-15',
        'event review.rewarded emitted',
      ],
      check: (r) => assert.deepEqual(pointLines(r, 'points'), [null]),
    },
  },
];

const simpleTriggers = ['enrolment', 'profile_completed', 'birthday', 'anniversary'] as const;
const triggers: Case[] = [
  ...simpleTriggers.map(
    (t): Case => ({
      name: `trigger: ${t}`,
      rules: simpleTriggers.map((k) => makeRule(k, { trigger: { type: k } })),
      activity: activity(t),
      expect: {
        applied: [t],
        points: 10,
        reasons: { [t === 'birthday' ? 'anniversary' : 'birthday']: `, not ${t.replace('_', ' ')}` },
      },
    }),
  ),
  {
    name: 'trigger: purchase rule ignores a return',
    rules: [makeRule('p'), makeRule('r', { trigger: { type: 'return' } })],
    activity: { ...basket, trigger: 'return' },
    expect: { applied: ['r'], reasons: { p: 'runs on purchase, not return', r: 'on return' } },
  },
  {
    name: 'trigger: event with the right type',
    rules: [makeRule('e', { trigger: { type: 'event', eventType: 'review.posted' } })],
    activity: review({}),
    expect: { applied: ['e'], reasons: { e: 'on event review.posted' } },
  },
  {
    name: 'trigger: event with another type',
    rules: [makeRule('e', { trigger: { type: 'event', eventType: 'review.posted' } })],
    activity: activity('event', { eventType: 'app.opened' }),
    expect: { applied: [], reasons: { e: 'runs on event review.posted, not event app.opened' } },
  },
  {
    name: 'trigger: tier_changed to a listed tier',
    rules: [makeRule('t', { trigger: { type: 'tier_changed', toTiers: ['Gold', 'Platinum'] } })],
    activity: activity('tier_changed', { tier: 'Gold' }),
    expect: { applied: ['t'], reasons: { t: 'on reaching tier Gold or Platinum' } },
  },
  {
    name: 'trigger: tier_changed to another tier',
    rules: [makeRule('t', { trigger: { type: 'tier_changed', toTiers: ['Gold', 'Platinum'] } })],
    activity: activity('tier_changed', { tier: 'Silver' }),
    expect: { applied: [], reasons: { t: 'runs on reaching tier Gold or Platinum; new tier is Silver' } },
  },
  {
    name: 'trigger: tier_changed without toTiers takes any tier',
    rules: [makeRule('t', { trigger: { type: 'tier_changed' } })],
    activity: activity('tier_changed', { tier: 'Bronze' }),
    expect: { applied: ['t'], reasons: { t: 'on a tier change' } },
  },
  {
    name: 'trigger: inactivity after enough days',
    rules: [makeRule('i', { trigger: { type: 'inactivity', days: 30 } })],
    activity: activity('inactivity', { inactiveDays: 30 }),
    expect: { applied: ['i'], reasons: { i: 'on 30 days without a purchase' } },
  },
  {
    name: 'trigger: inactivity too early',
    rules: [makeRule('i', { trigger: { type: 'inactivity', days: 30 } })],
    activity: activity('inactivity', { inactiveDays: 20 }),
    expect: { applied: [], reasons: { i: 'runs after 30 days without a purchase; it has been 20' } },
  },
  {
    name: 'trigger: schedule',
    rules: [makeRule('s', { trigger: { type: 'schedule', every: 'month', day: 1 } }), makeRule('p')],
    activity: activity('schedule'),
    expect: { applied: ['s'], reasons: { s: 'on every month', p: 'runs on purchase, not schedule' } },
  },
  {
    name: 'trigger: schedule rule ignores a purchase',
    rules: [makeRule('s', { trigger: { type: 'schedule', every: 'week' } })],
    activity: basket,
    expect: { applied: [], reasons: { s: 'runs on every week, not purchase' } },
  },
];

const gold = member({ tier: 'Gold', segments: ['students'] });
const ordering: Case[] = [
  {
    name: 'order: base first, then higher priority first',
    rules: [makeRule('a'), makeRule('b', { priority: 10 }), makeRule('c', { priority: -5 }), baseRule()],
    activity: basket,
    expect: { order: ['base', 'b', 'a', 'c'], applied: ['base', 'b', 'a', 'c'], points: 112 },
  },
  {
    name: 'order: equal priority ties break on campaign name, then rule key',
    rules: [
      makeRule('a', {}, { campaign: 'Zeta' }),
      makeRule('c', {}, { campaign: 'Alpha' }),
      makeRule('b', {}, { campaign: 'Alpha' }),
    ],
    activity: basket,
    expect: { order: ['b', 'c', 'a'] },
  },
  {
    name: 'group: only the highest-priority applying rule of a group',
    rules: [
      makeRule('g2', { group: 'welcome', effects: [fixed(30)] }),
      makeRule('g1', { group: 'welcome', priority: 10, effects: [fixed(50)] }),
      makeRule('o'),
    ],
    activity: basket,
    expect: {
      applied: ['g1', 'o'],
      points: 60,
      reasons: { g2: "skipped: exclusive group 'welcome' already applied by 'Rule g1'" },
    },
  },
  {
    name: 'group: a rule that fails its condition leaves the group open',
    rules: [
      makeRule('g1', { group: 'welcome', priority: 10, effects: [fixed(50)], when: tier('Gold') }),
      makeRule('g2', { group: 'welcome', effects: [fixed(30)] }),
    ],
    activity: basket,
    expect: { applied: ['g2'], points: 30, reasons: { g1: 'requires tier Gold; member is Silver' } },
  },
  {
    name: 'group: a rule refused by its limit leaves the group open',
    rules: [
      makeRule('g1', {
        group: 'welcome',
        priority: 10,
        effects: [fixed(50)],
        limits: [{ period: 'lifetime', maxCount: 1 }],
      }),
      makeRule('g2', { group: 'welcome', effects: [fixed(30)] }),
    ],
    activity: basket,
    usage: [['rule:c-g1:g1:m1:life', 1, 50]],
    expect: {
      applied: ['g2'],
      points: 30,
      reasons: { g1: 'limit reached: applies at most 1× in total per member (used 1)' },
    },
  },
  {
    name: 'group: a rule with nothing to award leaves its group and daily count alone',
    rules: [
      makeRule('g1', {
        group: 'shoes',
        priority: 10,
        limits: [{ period: 'day', maxCount: 1 }],
        effects: [
          { kind: 'points_per_currency', points: 5, perMinor: 100, match: { categories: ['shoes'] } },
        ],
      }),
      makeRule('g2', { group: 'shoes', effects: [fixed(15)] }),
    ],
    activity: purchase([ln('SO-1', 'socks', 1299, 3)]),
    expect: {
      applied: ['g2'],
      points: 15,
      usage: [],
      usageKeys: [],
      reasons: { g1: 'not applied: no points to award (5 points per €1.00 on €0.00 of category shoes)' },
    },
  },
  {
    name: 'stop: an applying stop rule skips every later rule',
    rules: [
      baseRule(),
      makeRule('s', { priority: 10, stop: true, effects: [fixed(40)] }),
      makeRule('l', { priority: 5 }),
    ],
    activity: basket,
    expect: {
      applied: ['base', 's'],
      points: 122,
      reasons: { l: "skipped: 'Rule s' applied and stops further rules" },
    },
  },
  {
    name: 'stop: a stop rule that does not apply stops nothing',
    rules: [makeRule('s', { priority: 10, stop: true, when: tier('Gold') }), makeRule('l')],
    activity: basket,
    expect: { applied: ['l'], points: 10 },
  },
  {
    name: 'audience: tiers admits a listed tier',
    rules: [makeRule('a', {}, { audience: { type: 'tiers', tiers: ['Gold'] } })],
    activity: basket,
    member: gold,
    expect: { applied: ['a'], reasons: { a: 'open to tier Gold' } },
  },
  {
    name: 'audience: tiers refuses another tier',
    rules: [makeRule('a', {}, { audience: { type: 'tiers', tiers: ['Gold'] } })],
    activity: basket,
    expect: { applied: [], reasons: { a: 'campaign is for tier Gold; member is Silver' } },
  },
  {
    name: 'audience: tiers refuses a member without tier',
    rules: [makeRule('a', {}, { audience: { type: 'tiers', tiers: ['Gold'] } })],
    activity: basket,
    member: member({ tier: null }),
    expect: { applied: [], reasons: { a: 'member is in no tier' } },
  },
  {
    name: 'audience: segments admits a member of one',
    rules: [makeRule('a', {}, { audience: { type: 'segments', segments: ['seniors', 'students'] } })],
    activity: basket,
    member: gold,
    expect: { applied: ['a'], reasons: { a: 'member is in segment students' } },
  },
  {
    name: 'audience: segments refuses others',
    rules: [makeRule('a', {}, { audience: { type: 'segments', segments: ['seniors', 'students'] } })],
    activity: basket,
    expect: { applied: [], reasons: { a: 'campaign is for segment seniors or students; member is in none' } },
  },
  {
    name: 'audience: all',
    rules: [makeRule('a')],
    activity: basket,
    expect: { applied: ['a'], reasons: { a: ['on purchase', 'campaign running', 'open to all members'] } },
  },
  {
    name: 'explanation: names rule, campaign and version',
    rules: [
      baseRule(),
      makeRule(
        'shoes2x',
        {
          name: 'Double on shoes',
          effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['shoes'] } }],
        },
        { campaign: 'Spring shoes', version: 3 },
      ),
    ],
    activity: basket,
    expect: {
      points: 131,
      explains: [
        "+49 points: 2× points on category shoes (base 49) — Double on shoes — campaign 'Spring shoes' v3",
      ],
    },
  },
];

runTable([...effects, ...triggers, ...ordering]);

test('order: a rule set evaluated again re-sorts when a rule changes priority', () => {
  const rules = [makeRule('a', { group: 'g' }), makeRule('b', { group: 'g' })];
  const applied = () =>
    evaluate({ rules, activity: basket, member: member(), timezone: 'UTC', usage: new Map() })
      .outcomes.filter((o) => o.applied)
      .map((o) => o.ref.ruleKey);
  assert.deepEqual(applied(), ['a']);
  rules[1] = makeRule('b', { group: 'g', priority: 1 });
  assert.deepEqual(applied(), ['b']);
  const second = rules[0] as LiveRule;
  rules[0] = { ...second, rule: { ...second.rule, priority: 2 } };
  assert.deepEqual(applied(), ['a']);
  rules.push(makeRule('c', { group: 'g', priority: 3 }));
  assert.deepEqual(applied(), ['c']);
  (rules[2] as LiveRule).rule.priority = -1; // edited in place
  assert.deepEqual(applied(), ['a']);
  rules[0] = makeRule('a', { group: 'other', priority: 2 }); // same sort fields, another rule
  assert.deepEqual(applied(), ['a', 'b']);
});
