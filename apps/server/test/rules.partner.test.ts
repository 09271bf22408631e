import { BASE_EARN_GROUP } from '../src/modules/campaigns/base-rule.js';
import { basket, type Case, makeRule, purchase, runTable, shoes } from './helpers/rules.js';

/**
 * The `partner` condition and how a coalition partner's earn rule replaces the base rate: both are rules of the base
 * campaign in one exclusive group, the partner's at a higher priority, so at the partner only its rate applies and
 * multipliers still build on it.
 */
const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';

const base = makeRule(
  'base',
  {
    name: 'Base earn',
    group: BASE_EARN_GROUP,
    effects: [{ kind: 'points_per_currency', points: 1, perMinor: 100 }],
  },
  { base: true, campaign: 'Base earn', campaignId: 'c-base' },
);
const partnerEarn = makeRule(
  'partner-cafe',
  {
    name: 'Cafe: 5 points per 100 minor units',
    when: { kind: 'partner', partners: [P1] },
    priority: 100,
    group: BASE_EARN_GROUP,
    effects: [{ kind: 'points_per_currency', points: 5, perMinor: 100 }],
  },
  { base: true, campaign: 'Base earn', campaignId: 'c-base' },
);
const double = makeRule('double', { effects: [{ kind: 'points_multiplier', factor: 2 }] });

const cases: Case[] = [
  {
    name: 'partner condition passes at a listed partner',
    rules: [makeRule('a', { when: { kind: 'partner', partners: [P2, P1] } })],
    activity: { ...basket, partnerId: P1 },
    expect: { applied: ['a'], points: 10, reasons: { a: `at partner ${P1}` } },
  },
  {
    name: 'partner condition fails at another partner',
    rules: [makeRule('a', { when: { kind: 'partner', partners: [P1] } })],
    activity: { ...basket, partnerId: P2 },
    expect: { applied: [], points: 0, reasons: { a: `requires partner ${P1}; it is ${P2}` } },
  },
  {
    name: 'partner condition fails without a partner',
    rules: [makeRule('a', { when: { kind: 'partner', partners: [P1] } })],
    activity: basket,
    expect: { applied: [], points: 0, reasons: { a: `requires partner ${P1}` } },
  },
  {
    name: 'at the partner its rate replaces the base rate (exclusive group)',
    rules: [base, partnerEarn],
    activity: { ...basket, partnerId: P1 },
    // €82.99 at 5 points per €1 = 414.95, floored.
    expect: {
      applied: ['partner-cafe'],
      points: 414,
      reasons: { base: `exclusive group '${BASE_EARN_GROUP}' already applied` },
    },
  },
  {
    name: 'elsewhere the base rate applies and the partner rule does not',
    rules: [base, partnerEarn],
    activity: { ...basket, partnerId: P2 },
    expect: { applied: ['base'], points: 82 },
  },
  {
    name: 'a multiplier builds on the partner rate',
    rules: [base, partnerEarn, double],
    activity: { ...purchase([shoes]), partnerId: P1 },
    // €50.00 × 5 = 250, doubled by the multiplier: +250.
    expect: { applied: ['partner-cafe', 'double'], points: 500 },
  },
];

runTable(cases);
