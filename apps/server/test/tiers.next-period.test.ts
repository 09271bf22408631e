import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { runRecompute } from '../src/modules/tiers/recompute.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * `upgradeAt: next_period` (X5 Club style): a month's spend sets the next month's tier. Purchases never move a member
 * up; the review when the month ends does, and the running month's purchases never keep or raise the tier before
 * it ends. Programs run in Europe/Moscow (UTC+3 all year), RUB in kopecks; the base rule gives 1 point per 1 ₽ and
 * Level 2 doubles it, so the points show which tier each purchase earned at.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

const levels = (target: number) => [
  { code: 'level-1', name: 'Level 1', rank: 0 },
  {
    code: 'level-2',
    name: 'Level 2',
    rank: 1,
    qualification: { spend: target },
    benefits: { earnMultiplier: 2 },
  },
];
const monthly = (extra: object = {}) => ({
  window: 'calendar_month',
  upgradeAt: 'next_period',
  downgrade: { policy: 'to_metric' },
  tiers: levels(1_000_000),
  ...extra,
});

let seq = 0;
async function program(set: object): Promise<Program> {
  const res = await api('POST', '/v1/programs', {
    slug: `next-period-${++seq}`,
    name: `Next period ${seq}`,
    currency: 'RUB',
    timezone: 'Europe/Moscow',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const put = await api('PUT', `/v1/programs/${id}/tiers`, set);
  assert.equal(put.statusCode, 200, put.body);
  return getProgram(ctx.db, ctx.a.tenantId, id);
}

async function member(p: Program): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

/** A purchase of `rub` roubles; returns the points it earned. */
async function buy(p: Program, memberId: string, rub: number, occurredAt: string): Promise<number> {
  const res = await api('POST', '/v1/transactions', {
    externalId: `np-${++seq}`,
    programId: p.id,
    memberId,
    occurredAt,
    currency: 'RUB',
    lines: [{ sku: 'GROCERY', quantity: 1, unitPrice: rub * 100 }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().points.awarded as number;
}

async function tier(memberId: string, asOf: string) {
  const res = await api('GET', `/v1/members/${memberId}/tier?asOf=${encodeURIComponent(asOf)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function history(memberId: string): Promise<[string | null, string, string, string][]> {
  const res = await api('GET', `/v1/members/${memberId}/tier/history`);
  assert.equal(res.statusCode, 200, res.body);
  return res
    .json()
    .items.map((h: { from: string | null; to: string; reason: string; at: string }) => [
      h.from,
      h.to,
      h.reason,
      h.at,
    ]);
}

const review = (p: Program, now: string) => reevaluateProgram(ctx.db, p, new Date(now));
const iso = (s: string) => new Date(s).toISOString();
const FEB_1 = iso('2026-02-01T00:00:00+03:00');
const MAR_1 = iso('2026-03-01T00:00:00+03:00');
const APR_1 = iso('2026-04-01T00:00:00+03:00');

test("a month's spend sets the next month's tier: no upgrade mid-month, the month-end review applies it", async () => {
  const p = await program(monthly());
  const m = await member(p);
  const keeps = await member(p);
  assert.equal(await buy(p, m, 6_000, '2026-01-10T12:00:00+03:00'), 6_000);
  assert.equal(await buy(p, m, 5_000, '2026-01-20T12:00:00+03:00'), 5_000, 'crosses 10,000 ₽ at Level 1');
  assert.equal(await buy(p, m, 1_000, '2026-01-25T12:00:00+03:00'), 1_000, 'still Level 1 for January');
  const jan = await tier(m, '2026-01-26T00:00:00+03:00');
  assert.equal(jan.tier.code, 'level-1');
  assert.equal(jan.reviewAt, FEB_1, 'the review that applies Level 2 is scheduled for the month end');
  assert.equal(jan.next.met, true);
  assert.match(jan.next.explanation, /Requirement for Level 2 met; it starts 2026-02-01/);
  assert.deepEqual(await history(m), []);

  assert.equal(
    await buy(p, keeps, 10_000, '2026-01-31T23:59:00+03:00'),
    10_000,
    'Moscow 31 Jan counts for Jan',
  );
  assert.equal((await tier(keeps, '2026-02-01T00:00:00+03:00')).tier.code, 'level-1');
  assert.equal((await review(p, '2026-01-31T23:59:59+03:00')).evaluated, 0, 'not before the month ends');
  const sweep = await review(p, '2026-02-01T00:30:00+03:00');
  assert.deepEqual([sweep.evaluated, sweep.changed], [2, 2]);
  const feb = await tier(m, '2026-02-02T00:00:00+03:00');
  assert.deepEqual([feb.tier.code, feb.since, feb.reviewAt], ['level-2', FEB_1, MAR_1]);
  assert.deepEqual(await history(m), [['level-1', 'level-2', 'upgrade', FEB_1]]);

  // February: Level 2 earns double. 4,000 ₽ does not keep it for March; 12,000 ₽ does.
  assert.equal(await buy(p, m, 4_000, '2026-02-05T12:00:00+03:00'), 8_000);
  assert.equal(await buy(p, keeps, 12_000, '2026-02-05T12:00:00+03:00'), 24_000);
  const keep = (await tier(m, '2026-02-06T00:00:00+03:00')).keep;
  assert.deepEqual([keep.met, keep.requirements[0].remaining, keep.by], [false, 600_000, MAR_1]);
  assert.deepEqual((await review(p, '2026-03-01T00:30:00+03:00')).changed, 1);
  const down = await tier(m, '2026-03-02T00:00:00+03:00');
  assert.deepEqual([down.tier.code, down.reviewAt], ['level-1', null]);
  assert.equal((await history(m))[0]?.[2], 'downgrade');
  const kept = await tier(keeps, '2026-03-02T00:00:00+03:00');
  assert.deepEqual([kept.tier.code, kept.since, kept.reviewAt], ['level-2', FEB_1, APR_1]);
  assert.equal(await buy(p, m, 1_000, '2026-03-03T12:00:00+03:00'), 1_000, 'Level 1 again in March');
});

test('a late review decides on the finished month only; the running month schedules the next review', async () => {
  const p = await program(monthly());
  const m = await member(p);
  await buy(p, m, 10_000, '2026-01-15T12:00:00+03:00');
  await review(p, '2026-02-01T00:30:00+03:00');
  assert.equal((await tier(m, '2026-02-02T00:00:00+03:00')).tier.code, 'level-2');
  // Nothing in February; on 2 March (before the review has run) 10,000 ₽ again, at the Level 2 rate.
  assert.equal(await buy(p, m, 10_000, '2026-03-02T12:00:00+03:00'), 20_000);
  await review(p, '2026-03-03T00:00:00+03:00');
  const march = await tier(m, '2026-03-03T00:00:00+03:00');
  assert.deepEqual(
    [march.tier.code, march.since, march.reviewAt],
    ['level-1', MAR_1, APR_1],
    "February's figures decide March; March's spend is reviewed at its end",
  );
  await review(p, '2026-04-01T00:30:00+03:00');
  const april = await tier(m, '2026-04-02T00:00:00+03:00');
  assert.deepEqual([april.tier.code, april.since], ['level-2', APR_1]);
});

test('grace: a miss starts grace, and requalifying during it keeps the tier without waiting for the month end', async () => {
  const p = await program(monthly({ downgrade: { policy: 'to_metric', graceMonths: 1 } }));
  const m = await member(p);
  await buy(p, m, 10_000, '2026-01-15T12:00:00+03:00');
  await review(p, '2026-02-01T00:30:00+03:00');
  assert.equal((await review(p, '2026-03-01T00:30:00+03:00')).changed, 0, 'February missed: grace');
  const grace = await tier(m, '2026-03-02T00:00:00+03:00');
  assert.deepEqual([grace.tier.code, grace.graceUntil], ['level-2', APR_1]);
  await buy(p, m, 10_000, '2026-03-10T12:00:00+03:00');
  const back = await tier(m, '2026-03-11T00:00:00+03:00');
  assert.deepEqual([back.tier.code, back.graceUntil, back.reviewAt], ['level-2', null, APR_1]);
  await review(p, '2026-04-01T00:30:00+03:00');
  assert.equal((await tier(m, '2026-04-02T00:00:00+03:00')).reviewAt, iso('2026-05-01T00:00:00+03:00'));
});

test('a changed tier set: the last month places members now, the running month is reviewed at its end', async () => {
  const p = await program(monthly());
  const lastMonth = await member(p);
  const thisMonth = await member(p);
  await buy(p, lastMonth, 6_000, '2026-01-20T12:00:00+03:00');
  await buy(p, thisMonth, 6_000, '2026-02-10T12:00:00+03:00');
  assert.equal((await review(p, '2026-02-01T00:30:00+03:00')).evaluated, 0, '6,000 ₽ reached nothing');
  const put = await api('PUT', `/v1/programs/${p.id}/tiers`, monthly({ tiers: levels(500_000) }));
  assert.equal(put.statusCode, 200, put.body);
  const run = await runRecompute(ctx.db, put.json().recompute.id, new Date('2026-02-15T12:00:00+03:00'));
  assert.deepEqual([run.status, run.processed, run.changed], ['done', 2, 1]);
  const a = await tier(lastMonth, '2026-02-16T00:00:00+03:00');
  assert.deepEqual([a.tier.code, a.reviewAt], ['level-2', MAR_1], "January's 6,000 ₽ now qualifies");
  const b = await tier(thisMonth, '2026-02-16T00:00:00+03:00');
  assert.deepEqual([b.tier.code, b.reviewAt], ['level-1', MAR_1], "February's counts from March");
  await review(p, '2026-03-01T00:30:00+03:00');
  assert.equal((await tier(lastMonth, '2026-03-02T00:00:00+03:00')).tier.code, 'level-1');
  assert.equal((await tier(thisMonth, '2026-03-02T00:00:00+03:00')).tier.code, 'level-2');
});

test('next_period needs a window with a next period; the set shows the option', async () => {
  const res = await api('POST', '/v1/programs', {
    slug: 'next-period-bad',
    name: 'Bad',
    currency: 'RUB',
    timezone: 'Europe/Moscow',
  });
  const id = res.json().id as string;
  for (const window of ['rolling_12_months', 'lifetime']) {
    const bad = await api('PUT', `/v1/programs/${id}/tiers`, monthly({ window }));
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(
      bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [['/upgradeAt', 'window_not_periodic']],
    );
  }
  const wrong = await api('PUT', `/v1/programs/${id}/tiers`, monthly({ upgradeAt: 'later' }));
  assert.equal(wrong.statusCode, 400, wrong.body);
  assert.equal(wrong.json().errors[0].field, '/upgradeAt');
  assert.equal((await api('PUT', `/v1/programs/${id}/tiers`, monthly())).statusCode, 200);
  assert.equal((await api('GET', `/v1/programs/${id}/tiers`)).json().upgradeAt, 'next_period');
});
