import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  Activity,
  ActivityLine,
  EvaluationResult,
  LiveRule,
  MemberSnapshot,
} from '../../src/modules/rules/evaluation.types.js';
import { evaluate } from '../../src/modules/rules/evaluator.js';
import type {
  Audience,
  Budget,
  Condition,
  Effect,
  Rule,
  Schedule,
} from '../../src/modules/rules/rule.schemas.js';

/** Builders and a table runner for the rules evaluator tests. */

export interface CampaignOptions {
  campaign?: string;
  campaignId?: string;
  version?: number;
  base?: boolean;
  schedule?: Schedule;
  audience?: Audience;
  budget?: Budget | null;
}

/** A live rule; defaults: on purchase, +10 points, campaign "Campaign <key>" v1 open to all, no budget. */
export function makeRule(key: string, r: Partial<Rule> = {}, c: CampaignOptions = {}): LiveRule {
  const rule: Rule = {
    key,
    name: r.name ?? `Rule ${key}`,
    trigger: { type: 'purchase' },
    effects: [{ kind: 'points_fixed', points: 10 }],
    ...r,
  };
  return {
    ref: {
      campaignId: c.campaignId ?? `c-${key}`,
      campaignName: c.campaign ?? `Campaign ${key}`,
      versionId: `v-${key}`,
      version: c.version ?? 1,
      ruleKey: key,
      ruleName: rule.name,
    },
    rule,
    campaign: {
      schedule: c.schedule ?? {},
      audience: c.audience ?? { type: 'all' },
      budget: c.budget ?? null,
    },
    base: c.base ?? false,
  };
}

/** The program's base rule: 1 point per `perMinor` minor units. */
export const baseRule = (perMinor = 100) =>
  makeRule(
    'base',
    { name: 'Base earn', effects: [{ kind: 'points_per_currency', points: 1, perMinor }] },
    { base: true, campaign: 'Base earn', campaignId: 'c-base' },
  );

export const fixed = (points: number, extra: Partial<Extract<Effect, { kind: 'points_fixed' }>> = {}) =>
  ({ kind: 'points_fixed', points, ...extra }) as const;

export function ln(
  sku: string,
  category: string | null,
  net: number,
  quantity = 1,
  brand: string | null = null,
) {
  return { sku, category, brand, quantity, unitPrice: Math.round(net / quantity), discount: 0, net };
}

export const AT = new Date('2024-05-15T10:00:00Z'); // a Wednesday

export function purchase(lines: ActivityLine[], extra: Partial<Activity> = {}): Activity {
  const total = lines.reduce((s, l) => s + l.net, 0);
  return {
    trigger: 'purchase',
    occurredAt: AT,
    currency: 'EUR',
    channel: 'web',
    storeId: 's1',
    paymentMethod: 'card',
    lines,
    subtotal: total,
    discount: 0,
    total,
    ...extra,
  };
}

export const activity = (trigger: Activity['trigger'], extra: Partial<Activity> = {}): Activity => ({
  trigger,
  occurredAt: AT,
  ...extra,
});

export const at = (iso: string) => new Date(iso);

export const shoes = ln('SH-1', 'shoes', 5000, 1, 'Acme');
export const socks = ln('SO-1', 'socks', 1299, 3, 'Acme');
export const tee = ln('TE-1', 'tops', 2000, 2, 'Other');
/** €82.99 at 12:00 Berlin time on a Wednesday; base 1 point per €1 gives 82 points, per line [49, 13, 20]. */
export const basket = purchase([shoes, socks, tee]);
export const review = (properties: Record<string, unknown>) =>
  activity('event', { eventType: 'review.posted', properties });
export const tier = (...tiers: string[]): Condition => ({ kind: 'member_tier', tiers });
export const category = (...categories: string[]): Condition => ({
  kind: 'items',
  match: { categories },
  quantifier: 'any',
});

export function member(extra: Partial<MemberSnapshot> = {}): MemberSnapshot {
  return {
    id: 'm1',
    enrolledAt: new Date('2023-01-15T09:00:00Z'),
    birthDate: '1990-06-01',
    attributes: {},
    tier: 'Silver',
    segments: [],
    tags: [],
    consents: {},
    counters: { purchases: 5, events: 2, lifetimePoints: 1200, balance: 300 },
    ...extra,
  };
}

/** The per-line split of each points effect in a wallet. */
export const pointLines = (r: EvaluationResult, wallet: string) =>
  r.effects.flatMap((e) => (e.kind === 'points' && e.wallet === wallet ? [e.lines] : []));

export interface Expect {
  /** Main-wallet points. */
  points?: number;
  /** Keys of the rules that applied, in evaluation order. */
  applied?: string[];
  /** Keys of all rules, in evaluation order. */
  order?: string[];
  rulePoints?: Record<string, number>;
  /** Per rule key, text its reasons (joined with " / ") must contain. */
  reasons?: Record<string, string | string[]>;
  /** Text that some effect explanation must contain. */
  explains?: string[];
  linePoints?: number[];
  /** Exact usage deltas: [key, count, points]. */
  usage?: [string, number, number][];
  usageKeys?: string[];
  /** Points per wallet over all point effects. */
  wallets?: Record<string, number>;
  /** The non-points effects, exactly. */
  others?: Effect[];
  check?: (r: EvaluationResult) => void;
}

export interface Case {
  name: string;
  rules: LiveRule[];
  activity: Activity;
  member?: MemberSnapshot;
  /** Usage snapshot: [key, count, points]. */
  usage?: [string, number, number][];
  timezone?: string;
  expect: Expect;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function runCase(c: Case): EvaluationResult {
  const r = evaluate({
    rules: c.rules,
    activity: c.activity,
    member: c.member ?? member(),
    timezone: c.timezone ?? 'Europe/Berlin',
    usage: new Map((c.usage ?? []).map(([key, count, points]) => [key, { count, points }])),
  });
  const e = c.expect;
  const keys = (list: typeof r.outcomes) => list.map((o) => o.ref.ruleKey);
  const reasonsOf = (key: string) => {
    const o = r.outcomes.find((x) => x.ref.ruleKey === key);
    assert.ok(o, `no outcome for rule ${key}`);
    return o.reasons.join(' / ');
  };
  if (e.points !== undefined) assert.equal(r.points, e.points, 'main wallet points');
  if (e.applied) assert.deepEqual(keys(r.outcomes.filter((o) => o.applied)), e.applied, 'applied rules');
  if (e.order) assert.deepEqual(keys(r.outcomes), e.order, 'evaluation order');
  for (const [key, points] of Object.entries(e.rulePoints ?? {})) {
    assert.equal(r.outcomes.find((o) => o.ref.ruleKey === key)?.points, points, `points of ${key}`);
  }
  for (const [key, want] of Object.entries(e.reasons ?? {})) {
    const text = reasonsOf(key);
    for (const w of [want].flat()) assert.ok(text.includes(w), `reasons of ${key}: "${text}" lacks "${w}"`);
  }
  const explanations = r.effects.map((x) => x.explanation);
  for (const w of e.explains ?? []) {
    assert.ok(
      explanations.some((x) => x.includes(w)),
      `no explanation contains "${w}": ${explanations.join(' | ')}`,
    );
  }
  if (e.linePoints) assert.deepEqual(r.linePoints, e.linePoints, 'line points');
  if (e.usage) {
    assert.deepEqual(
      r.usage.map((u) => [u.key, u.count, u.points]),
      e.usage,
      'usage deltas',
    );
  }
  if (e.usageKeys) assert.deepEqual(r.usageKeys, e.usageKeys, 'usage keys');
  if (e.wallets) {
    const wallets: Record<string, number> = {};
    for (const x of r.effects)
      if (x.kind === 'points') wallets[x.wallet] = (wallets[x.wallet] ?? 0) + x.amount;
    assert.deepEqual(wallets, e.wallets, 'points per wallet');
  }
  if (e.others) {
    assert.deepEqual(
      r.effects.flatMap((x) => (x.kind === 'other' ? [x.effect] : [])),
      e.others,
      'other effects',
    );
  }
  // Invariants of every evaluation.
  for (const x of r.effects) {
    if (x.kind === 'points' && x.lines) assert.equal(sum(x.lines), x.amount, 'effect lines add up');
    assert.ok(x.explanation.includes(`v${x.ref.version}`), 'explanation names the version');
  }
  for (const o of r.outcomes) {
    const mine = r.effects.filter((x) => x.ref === o.ref);
    assert.equal(sum(mine.map((x) => (x.kind === 'points' ? x.amount : 0))), o.points, 'outcome points');
    if (!o.applied) assert.equal(mine.length, 0, `${o.ref.ruleKey} did not apply yet has effects`);
    assert.ok(o.reasons.length > 0 && o.reasons.every((s) => s.length > 3), 'every outcome has reasons');
  }
  const lines = c.activity.lines ?? [];
  assert.equal(r.linePoints.length, lines.length);
  if (lines.length > 0 && lines.every((l) => l.net > 0))
    assert.equal(sum(r.linePoints), r.points, 'lines sum');
  e.check?.(r);
  return r;
}

export function runTable(cases: Case[]) {
  const names = new Set<string>();
  for (const c of cases) {
    assert.ok(!names.has(c.name), `duplicate case name ${c.name}`);
    names.add(c.name);
    test(c.name, () => {
      runCase(c);
    });
  }
}
