import type { Condition, RuleLimit, Schedule } from '../src/modules/rules/rule.schemas.js';
import {
  activity,
  at,
  baseRule,
  basket,
  type Case,
  type Expect,
  fixed,
  ln,
  makeRule,
  purchase,
  runTable,
} from './helpers/rules.js';

/**
 * Time in the rules evaluator: local time zones and DST nights, schedules and recurrence, and the period keys of
 * per-member limits and campaign budgets. Default zone Europe/Berlin; `basket` is at 12:00 local on Wed 2024-05-15.
 */

const tod = (from: string, to: string): Condition => ({ kind: 'time_of_day', from, to });
const buy = (iso: string) => purchase([ln('X', 'misc', 1000)], { occurredAt: at(iso) });
const DAY = 'rule:c-a:a:m1:d:2024-05-15';

/** Rule `a` (+10) with a condition at an instant: applies or not, with text its reasons must contain. */
function localTime(
  name: string,
  iso: string,
  timezone: string,
  c: Condition,
  applies: boolean,
  reason: string,
): Case {
  return {
    name: `time: ${name}`,
    rules: [makeRule('a', { when: c })],
    activity: buy(iso),
    timezone,
    expect: { applied: applies ? ['a'] : [], points: applies ? 10 : 0, reasons: { a: reason } },
  };
}

/** Rule `a` (+10) in a campaign with this schedule. */
function scheduled(
  name: string,
  schedule: Schedule,
  iso: string,
  applies: boolean,
  reason: string,
  timezone?: string,
): Case {
  return {
    name: `schedule: ${name}`,
    rules: [makeRule('a', {}, { schedule })],
    activity: buy(iso),
    ...(timezone ? { timezone } : {}),
    expect: { applied: applies ? ['a'] : [], reasons: { a: reason } },
  };
}

/** Rule `a` with limits, giving `points`, and what evaluating it must give. */
function limited(
  name: string,
  limits: RuleLimit[],
  points: number,
  usage: Case['usage'],
  expect: Expect,
  iso?: string,
): Case {
  return {
    name: `limit: ${name}`,
    rules: [makeRule('a', { limits, effects: [fixed(points)] })],
    activity: iso ? buy(iso) : basket,
    usage,
    expect,
  };
}

const zones: Case[] = [
  localTime(
    'Berlin spring-forward: 02:00–03:00 never happens',
    '2024-03-31T01:00:00Z',
    'Europe/Berlin',
    tod('02:00', '03:00'),
    false,
    'runs 02:00–03:00; it is 03:00',
  ),
  localTime(
    'Berlin spring-forward: a minute before is 01:59 CET',
    '2024-03-31T00:59:00Z',
    'Europe/Berlin',
    tod('01:00', '02:00'),
    true,
    'at 01:59, within 01:00–02:00',
  ),
  localTime(
    'Berlin fall-back: first 02:30 (CEST)',
    '2024-10-27T00:30:00Z',
    'Europe/Berlin',
    tod('02:00', '03:00'),
    true,
    'at 02:30, within 02:00–03:00',
  ),
  localTime(
    'Berlin fall-back: second 02:30 (CET)',
    '2024-10-27T01:30:00Z',
    'Europe/Berlin',
    tod('02:00', '03:00'),
    true,
    'at 02:30, within 02:00–03:00',
  ),
  localTime(
    'Berlin fall-back: 02:00 UTC is 03:00 CET',
    '2024-10-27T02:00:00Z',
    'Europe/Berlin',
    tod('02:00', '03:00'),
    false,
    'runs 02:00–03:00; it is 03:00',
  ),
  localTime(
    'Tokyo: 23:30 UTC is the next local day',
    '2024-05-15T23:30:00Z',
    'Asia/Tokyo',
    {
      kind: 'all',
      conditions: [
        { kind: 'date_range', from: '2024-05-16' },
        { kind: 'days_of_week', days: [4] },
      ],
    },
    true,
    'date 2024-05-16 is within 2024-05-16 to any date; on Thursday',
  ),
  localTime(
    'UTC: the same instant is still Wednesday',
    '2024-05-15T23:30:00Z',
    'UTC',
    { kind: 'days_of_week', days: [4] },
    false,
    'runs on Thursday; it is Wednesday',
  ),
  localTime(
    'Berlin 23:59 is still Wednesday',
    '2024-05-15T21:59:00Z',
    'Europe/Berlin',
    { kind: 'days_of_week', days: [3] },
    true,
    'on Wednesday',
  ),
  localTime(
    'Berlin midnight is Thursday',
    '2024-05-15T22:00:00Z',
    'Europe/Berlin',
    { kind: 'days_of_week', days: [3] },
    false,
    'runs on Wednesday; it is Thursday',
  ),
  localTime(
    'New York DST start: 07:00 UTC is 03:00 EDT',
    '2024-03-10T07:00:00Z',
    'America/New_York',
    tod('02:00', '03:00'),
    false,
    'runs 02:00–03:00; it is 03:00',
  ),
  localTime(
    'New York DST start: 06:59 UTC is 01:59 EST',
    '2024-03-10T06:59:00Z',
    'America/New_York',
    tod('01:00', '02:00'),
    true,
    'at 01:59',
  ),
  localTime(
    'time_of_day window wrapping midnight',
    '2024-05-15T23:30:00Z',
    'Europe/Berlin',
    tod('22:00', '02:00'),
    true,
    'at 01:30, within 22:00–02:00',
  ),
  localTime(
    'time_of_day end is exclusive',
    '2024-05-15T15:00:00Z',
    'Europe/Berlin',
    tod('09:00', '17:00'),
    false,
    'runs 09:00–17:00; it is 17:00',
  ),
  {
    name: 'period: Tokyo daily limit counts the local day',
    rules: [makeRule('a', { limits: [{ period: 'day', maxCount: 1 }] })],
    activity: buy('2024-05-15T23:30:00Z'),
    timezone: 'Asia/Tokyo',
    usage: [[DAY, 1, 10]],
    expect: {
      applied: ['a'],
      usage: [['rule:c-a:a:m1:d:2024-05-16', 1, 10]],
      usageKeys: ['rule:c-a:a:m1:d:2024-05-16'],
    },
  },
  ...(
    [
      ['2024-05-15T21:59:00Z', false, []],
      ['2024-05-15T22:00:00Z', true, [['rule:c-a:a:m1:d:2024-05-16', 1, 10]]],
      ['2024-10-27T22:59:00Z', true, [['rule:c-a:a:m1:d:2024-10-27', 1, 10]]],
      ['2024-10-27T23:00:00Z', true, [['rule:c-a:a:m1:d:2024-10-28', 1, 10]]],
    ] as const
  ).map(
    ([iso, applies, usage]): Case => ({
      name: `period: Berlin daily limit at ${iso} (used up on 2024-05-15)`,
      rules: [makeRule('a', { limits: [{ period: 'day', maxCount: 1 }] })],
      activity: buy(iso),
      usage: [[DAY, 1, 10]],
      expect: { applied: applies ? ['a'] : [], usage: usage.map(([k, c, p]) => [k, c, p]) },
    }),
  ),
  {
    name: 'period: New Year in New York is still 2023 locally (year, month, ISO week)',
    rules: [
      makeRule('a', {
        limits: (['year', 'month', 'week'] as const).map((period) => ({ period, maxCount: 5 })),
      }),
    ],
    activity: buy('2024-01-01T03:00:00Z'),
    timezone: 'America/New_York',
    expect: {
      usage: [
        ['rule:c-a:a:m1:y:2023', 1, 10],
        ['rule:c-a:a:m1:m:2023-12', 1, 10],
        ['rule:c-a:a:m1:w:2023-W52', 1, 10],
      ],
    },
  },
  {
    name: 'period: Monday 00:30 in Tokyo is ISO week 2025-W01',
    rules: [makeRule('a', { limits: [{ period: 'week', maxCount: 1 }] })],
    activity: buy('2024-12-29T15:30:00Z'),
    timezone: 'Asia/Tokyo',
    expect: { usage: [['rule:c-a:a:m1:w:2025-W01', 1, 10]] },
  },
  {
    name: 'period: the same instant is Sunday of 2024-W52 in Berlin',
    rules: [makeRule('a', { limits: [{ period: 'week', maxCount: 1 }] })],
    activity: buy('2024-12-29T15:30:00Z'),
    expect: { usage: [['rule:c-a:a:m1:w:2024-W52', 1, 10]] },
  },
  {
    name: 'period: a monthly budget switches at local midnight',
    rules: [makeRule('a', {}, { budget: { perPeriod: { period: 'month', points: 100 } } })],
    activity: buy('2024-05-31T22:30:00Z'),
    usage: [['budget:c-a:m:2024-05', 1, 100]],
    expect: { applied: ['a'], points: 10, usage: [['budget:c-a:m:2024-06', 1, 10]] },
  },
];

const schedules: Case[] = [
  scheduled(
    'before start',
    { start: '2024-06-01T00:00:00+02:00' },
    '2024-05-31T21:59:59Z',
    false,
    'campaign starts 2024-06-01T00:00:00+02:00',
  ),
  scheduled(
    'exactly at start',
    { start: '2024-06-01T00:00:00+02:00' },
    '2024-05-31T22:00:00Z',
    true,
    'campaign running',
  ),
  scheduled(
    'at end (exclusive)',
    { end: '2024-05-15T10:00:00Z' },
    '2024-05-15T10:00:00Z',
    false,
    'campaign ended 2024-05-15T10:00:00Z',
  ),
  scheduled(
    'just before end',
    { end: '2024-05-15T10:00:00Z' },
    '2024-05-15T09:59:59.999Z',
    true,
    'campaign running',
  ),
  scheduled(
    'weekend only, on a Wednesday',
    { recurrence: { daysOfWeek: [6, 7] } },
    '2024-05-15T10:00:00Z',
    false,
    'campaign runs on Sat, Sun; it is Wed',
  ),
  scheduled(
    'Thursdays, in Tokyo local time',
    { recurrence: { daysOfWeek: [4] } },
    '2024-05-15T23:30:00Z',
    true,
    'campaign running',
    'Asia/Tokyo',
  ),
  scheduled(
    'days of month pass',
    { recurrence: { daysOfMonth: [1, 15] } },
    '2024-05-15T10:00:00Z',
    true,
    'campaign running',
  ),
  scheduled(
    'days of month fail',
    { recurrence: { daysOfMonth: [1] } },
    '2024-05-15T10:00:00Z',
    false,
    'campaign runs on days 1 of the month; it is the 15',
  ),
  scheduled(
    'months fail',
    { recurrence: { months: [11, 12] } },
    '2024-05-15T10:00:00Z',
    false,
    'campaign runs in months 11, 12; it is month 5',
  ),
  scheduled(
    'hours wrapping midnight: 01:30',
    { recurrence: { from: '22:00', to: '02:00' } },
    '2024-05-15T23:30:00Z',
    true,
    'campaign running',
  ),
  scheduled(
    'hours wrapping midnight: 22:00 starts',
    { recurrence: { from: '22:00', to: '02:00' } },
    '2024-05-15T20:00:00Z',
    true,
    'campaign running',
  ),
  scheduled(
    'hours wrapping midnight: 02:00 ends',
    { recurrence: { from: '22:00', to: '02:00' } },
    '2024-05-16T00:00:00Z',
    false,
    'campaign runs 22:00–02:00; it is 02:00',
  ),
  scheduled(
    'hours wrapping midnight: noon',
    { recurrence: { from: '22:00', to: '02:00' } },
    '2024-05-15T10:00:00Z',
    false,
    'campaign runs 22:00–02:00; it is 12:00',
  ),
  scheduled(
    'from 18:00 without end: 17:59',
    { recurrence: { from: '18:00' } },
    '2024-05-15T15:59:00Z',
    false,
    'campaign runs 18:00–24:00; it is 17:59',
  ),
  scheduled(
    'from 18:00 without end: 23:59',
    { recurrence: { from: '18:00' } },
    '2024-05-15T21:59:00Z',
    true,
    'campaign running',
  ),
  scheduled(
    'Saturday morning in New York',
    { recurrence: { daysOfWeek: [6], from: '10:00', to: '12:00' } },
    '2024-05-18T14:30:00Z',
    true,
    'campaign running',
    'America/New_York',
  ),
  scheduled(
    'Saturday morning in New York, too early',
    { recurrence: { daysOfWeek: [6], from: '10:00', to: '12:00' } },
    '2024-05-18T13:30:00Z',
    false,
    'campaign runs 10:00–12:00; it is 09:30',
    'America/New_York',
  ),
];

const limits: Case[] = [
  limited('daily count used up', [{ period: 'day', maxCount: 1 }], 10, [[DAY, 1, 10]], {
    applied: [],
    usage: [],
    usageKeys: [DAY],
    reasons: {
      a: ['on purchase', 'not applied: limit reached: applies at most 1× per day per member (used 1)'],
    },
  }),
  limited('weekly count left', [{ period: 'week', maxCount: 3 }], 10, [['rule:c-a:a:m1:w:2024-W20', 2, 20]], {
    applied: ['a'],
    usage: [['rule:c-a:a:m1:w:2024-W20', 1, 10]],
  }),
  limited(
    'monthly points cap',
    [{ period: 'month', maxPoints: 100 }],
    50,
    [['rule:c-a:a:m1:m:2024-05', 3, 80]],
    {
      points: 20,
      linePoints: [12, 3, 5],
      usage: [['rule:c-a:a:m1:m:2024-05', 1, 20]],
      reasons: { a: ['20 of 100 points per month left', 'capped from 50 to 20 points by limits and budget'] },
    },
  ),
  limited(
    'yearly points used up',
    [{ period: 'year', maxPoints: 500 }],
    50,
    [['rule:c-a:a:m1:y:2024', 9, 500]],
    {
      applied: [],
      points: 0,
      reasons: { a: 'limit reached: at most 500 points per year per member' },
    },
  ),
  limited('once in a lifetime, first time', [{ period: 'lifetime', maxCount: 1 }], 10, [], {
    applied: ['a'],
    usage: [['rule:c-a:a:m1:life', 1, 10]],
  }),
  limited(
    'two limits on one rule',
    [
      { period: 'day', maxCount: 2 },
      { period: 'lifetime', maxPoints: 1000 },
    ],
    50,
    [
      [DAY, 1, 10],
      ['rule:c-a:a:m1:life', 40, 990],
    ],
    {
      points: 10,
      usage: [
        [DAY, 1, 10],
        ['rule:c-a:a:m1:life', 1, 10],
      ],
      usageKeys: [DAY, 'rule:c-a:a:m1:life'],
    },
  ),
  {
    name: 'limit: two rules of a campaign count under their own keys',
    rules: [
      makeRule(
        'a',
        { priority: 10, limits: [{ period: 'day', maxPoints: 30 }], effects: [fixed(50)] },
        { campaignId: 'c-s' },
      ),
      makeRule(
        'b',
        { limits: [{ period: 'day', maxPoints: 30 }], effects: [fixed(20)] },
        { campaignId: 'c-s' },
      ),
    ],
    activity: basket,
    usage: [['rule:c-s:b:m1:d:2024-05-15', 2, 25]],
    expect: {
      rulePoints: { a: 30, b: 5 },
      usage: [
        ['rule:c-s:a:m1:d:2024-05-15', 1, 30],
        ['rule:c-s:b:m1:d:2024-05-15', 1, 5],
      ],
    },
  },
  {
    name: 'limit: a shared limit is one counter for all the campaign rules that share it',
    rules: [
      makeRule(
        'a',
        { priority: 10, limits: [{ period: 'day', maxPoints: 30, shared: true }], effects: [fixed(20)] },
        { campaignId: 'c-s' },
      ),
      makeRule(
        'b',
        { limits: [{ period: 'day', maxPoints: 30, shared: true }], effects: [fixed(20)] },
        { campaignId: 'c-s' },
      ),
    ],
    activity: basket,
    usage: [['rule:c-s:*:m1:d:2024-05-15', 1, 5]],
    expect: {
      rulePoints: { a: 20, b: 5 },
      // One delta per rule on the one key; the usage repository sums them per key before it writes.
      usage: [
        ['rule:c-s:*:m1:d:2024-05-15', 1, 20],
        ['rule:c-s:*:m1:d:2024-05-15', 1, 5],
      ],
    },
  },
  {
    name: 'limit: a capped base rule is what multipliers multiply',
    rules: [
      { ...baseRule(), rule: { ...baseRule().rule, limits: [{ period: 'day', maxPoints: 50 }] } },
      makeRule('x2', { effects: [{ kind: 'points_multiplier', factor: 2 }] }),
    ],
    activity: basket,
    expect: {
      points: 100,
      rulePoints: { base: 50, x2: 50 },
      linePoints: [60, 16, 24],
      usage: [['rule:c-base:base:m1:d:2024-05-15', 1, 50]],
    },
  },
];

const budget = (total?: number, perPeriod?: { period: 'day' | 'week' | 'month'; points: number }) => ({
  campaignId: 'c-s',
  budget: { ...(total ? { total } : {}), ...(perPeriod ? { perPeriod } : {}) },
});
const budgets: Case[] = [
  {
    name: 'budget: total caps the last award',
    rules: [makeRule('a', { effects: [fixed(100)] }, budget(1000))],
    activity: basket,
    usage: [['budget:c-s:life', 30, 950]],
    expect: {
      points: 50,
      usage: [['budget:c-s:life', 1, 50]],
      reasons: { a: 'capped from 100 to 50 points' },
    },
  },
  {
    name: 'budget: total exhausted',
    rules: [makeRule('a', { effects: [fixed(100)] }, budget(1000))],
    activity: basket,
    usage: [['budget:c-s:life', 30, 1000]],
    expect: {
      applied: [],
      usage: [],
      reasons: { a: 'not applied: campaign budget exhausted (1000 points total)' },
    },
  },
  {
    name: 'budget: per week caps below the total',
    rules: [makeRule('a', { effects: [fixed(100)] }, budget(10000, { period: 'week', points: 500 }))],
    activity: basket,
    usage: [['budget:c-s:w:2024-W20', 9, 480]],
    expect: {
      points: 20,
      usage: [
        ['budget:c-s:life', 1, 20],
        ['budget:c-s:w:2024-W20', 1, 20],
      ],
    },
  },
  {
    name: 'budget: per day exhausted',
    rules: [makeRule('a', { effects: [fixed(100)] }, budget(undefined, { period: 'day', points: 300 }))],
    activity: basket,
    usage: [['budget:c-s:d:2024-05-15', 3, 300]],
    expect: { applied: [], reasons: { a: 'campaign budget exhausted (300 points per day)' } },
  },
  {
    name: 'budget: per day counts the local day in Tokyo',
    rules: [makeRule('a', { effects: [fixed(100)] }, budget(undefined, { period: 'day', points: 300 }))],
    activity: buy('2024-05-15T23:30:00Z'),
    timezone: 'Asia/Tokyo',
    usage: [['budget:c-s:d:2024-05-15', 3, 300]],
    expect: { points: 100, usage: [['budget:c-s:d:2024-05-16', 1, 100]] },
  },
  {
    name: 'budget: shared by two rules of a campaign in one evaluation',
    rules: [
      makeRule('a', { priority: 10, effects: [fixed(50)] }, budget(100)),
      makeRule('b', { effects: [fixed(50)] }, budget(100)),
    ],
    activity: basket,
    usage: [['budget:c-s:life', 2, 40]],
    expect: {
      rulePoints: { a: 50, b: 10 },
      usage: [
        ['budget:c-s:life', 1, 50],
        ['budget:c-s:life', 1, 10],
      ],
      usageKeys: ['budget:c-s:life'],
    },
  },
  {
    name: 'budget: the first rule of a campaign exhausts it for the second',
    rules: [
      makeRule('a', { priority: 10, effects: [fixed(80)] }, budget(100)),
      makeRule('b', { effects: [fixed(50)] }, budget(100)),
    ],
    activity: basket,
    usage: [['budget:c-s:life', 2, 40]],
    expect: {
      applied: ['a'],
      rulePoints: { a: 60 },
      reasons: { b: 'campaign budget exhausted (100 points total)' },
    },
  },
  {
    name: 'budget: an exhausted budget does not stop a rule that gives no points',
    rules: [
      makeRule(
        'a',
        { trigger: { type: 'birthday' }, effects: [{ kind: 'tag_member', tag: 'bday' }] },
        budget(100),
      ),
    ],
    activity: activity('birthday'),
    usage: [['budget:c-s:life', 2, 100]],
    expect: {
      applied: ['a'],
      others: [{ kind: 'tag_member', tag: 'bday' }],
      usage: [['budget:c-s:life', 1, 0]],
    },
  },
  {
    name: 'budget: member limit and budget, the tighter wins',
    rules: [
      makeRule('a', { limits: [{ period: 'day', maxPoints: 30 }], effects: [fixed(50)] }, budget(1000)),
    ],
    activity: basket,
    usage: [['budget:c-s:life', 9, 980]],
    expect: {
      points: 20,
      usage: [
        ['rule:c-s:a:m1:d:2024-05-15', 1, 20],
        ['budget:c-s:life', 1, 20],
      ],
    },
  },
];

runTable([...zones, ...schedules, ...limits, ...budgets]);
