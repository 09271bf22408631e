import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Tier qualification over time: upgrades inside the purchase, reviews at period end with the downgrade policies and
 * grace, returns, rolling windows and time-zone boundaries. Each scenario runs in its own program (its own zone and
 * tier set). Money is EUR minor units; the default earn rule gives 1 point per €1.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

const LADDER = [
  { code: 'blue', name: 'Blue', rank: 0 },
  { code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 30000 } },
  { code: 'gold', name: 'Gold', rank: 2, qualification: { spend: 100000 } },
];

let seq = 0;
async function program(timezone: string, set: Record<string, unknown>): Promise<Program> {
  const res = await api('POST', '/v1/programs', {
    slug: `tiers-${++seq}`,
    name: `Tiers ${seq}`,
    currency: 'EUR',
    timezone,
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const put = await api('PUT', `/v1/programs/${id}/tiers`, set);
  assert.equal(put.statusCode, 200, put.body);
  return getProgram(ctx.db, ctx.a.tenantId, id);
}

async function member(p: Program): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `Member ${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function buy(p: Program, memberId: string, amount: number, occurredAt: string) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `tx-${++seq}`,
    programId: p.id,
    memberId,
    occurredAt,
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

async function tier(memberId: string, asOf?: string) {
  const res = await api(
    'GET',
    `/v1/members/${memberId}/tier${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`,
  );
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function history(
  memberId: string,
): Promise<{ from: string | null; to: string; reason: string; at: string }[]> {
  const res = await api('GET', `/v1/members/${memberId}/tier/history`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

const review = (p: Program, now: string) => reevaluateProgram(ctx.db, p, new Date(now));
const iso = (s: string) => new Date(s).toISOString();

test('a purchase that crosses a threshold upgrades at once, mid-period, with progress and keep figures', async () => {
  const p = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: LADDER,
  });
  const m = await member(p);
  assert.equal((await tier(m)).tier.code, 'blue', 'members start in the entry tier');
  await buy(p, m, 20000, '2025-03-01T10:00:00+01:00');
  assert.equal((await tier(m, '2025-03-02T00:00:00Z')).tier.code, 'blue');
  await buy(p, m, 15000, '2025-05-10T12:00:00+02:00');
  const t = await tier(m, '2025-06-01T00:00:00Z');
  assert.equal(t.tier.code, 'silver');
  assert.equal(t.since, iso('2025-05-10T12:00:00+02:00'));
  assert.equal(t.reviewAt, iso('2026-01-01T00:00:00+01:00'), 'reviewed at the local end of the year');
  assert.deepEqual(t.window.metrics, { spend: 35000, qualifyingPoints: 350, purchases: 2 });
  assert.equal(t.next.tier.code, 'gold');
  assert.deepEqual(t.next.requirements, [
    { metric: 'spend', required: 100000, current: 35000, remaining: 65000 },
  ]);
  assert.equal(t.next.by, iso('2026-01-01T00:00:00+01:00'));
  assert.match(t.next.explanation, /650\.00 more by 2025-12-31 to reach Gold/);
  assert.equal(t.keep.met, true);
  const h = await history(m);
  assert.deepEqual(
    h.map((x) => [x.from, x.to, x.reason]),
    [['blue', 'silver', 'upgrade']],
  );
});

test('time zones: a purchase at 23:30 local on 31 December counts for that year', async () => {
  const p = await program('America/New_York', {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: LADDER,
  });
  const late = await member(p);
  await buy(p, late, 30000, '2025-12-31T23:30:00-05:00'); // 2026-01-01T04:30Z: already next year in UTC
  const t = await tier(late, '2025-12-31T23:45:00-05:00');
  assert.equal(t.tier.code, 'silver');
  assert.equal(t.reviewAt, iso('2026-01-01T00:00:00-05:00'), 'a 2025 status, reviewed at New York midnight');
  const split = await member(p);
  await buy(p, split, 20000, '2025-12-31T23:30:00-05:00');
  await buy(p, split, 10000, '2026-01-01T00:30:00-05:00');
  assert.equal(
    (await tier(split, '2026-01-02T00:00:00Z')).tier.code,
    'blue',
    'two years, neither reaches Silver',
  );
  assert.deepEqual((await tier(split, '2026-01-01T06:00:00Z')).window.metrics.spend, 10000);
  assert.deepEqual(
    (await tier(split, '2026-01-01T04:45:00Z')).window.metrics.spend,
    20000,
    '23:45 local is 2025',
  );
});

test('rolling 12 months: older activity drops out; the status is reviewed 12 months after it was reached', async () => {
  const p = await program('Europe/Berlin', {
    window: 'rolling_12_months',
    downgrade: { policy: 'to_metric' },
    tiers: [
      { code: 'green', name: 'Green', rank: 0 },
      { code: 'gold', name: 'Gold', rank: 1, qualification: { qualifyingPoints: 300 } },
    ],
  });
  const a = await member(p);
  await buy(p, a, 20000, '2025-01-10T12:00:00+01:00');
  await buy(p, a, 10000, '2025-06-01T12:00:00+02:00');
  const ta = await tier(a, '2025-06-02T00:00:00Z');
  assert.equal(ta.tier.code, 'gold');
  assert.equal(ta.reviewAt, iso('2026-06-01T12:00:00+02:00'));
  assert.equal(ta.next, null, 'nothing above Gold');
  assert.equal(ta.keep.requirements[0].remaining, 300, 'the 12 months after reaching Gold start from zero');

  const old = await member(p);
  await buy(p, old, 20000, '2024-05-31T12:00:00+02:00');
  await buy(p, old, 10000, '2025-06-01T12:00:00+02:00');
  assert.equal(
    (await tier(old, '2025-06-02T00:00:00Z')).tier.code,
    'green',
    'a purchase 12 months old is out',
  );

  const lapsed = await member(p);
  await buy(p, lapsed, 30000, '2025-06-01T12:00:00+02:00');
  await buy(p, a, 30000, '2026-03-01T12:00:00+01:00');
  assert.equal((await review(p, '2026-06-01T09:00:00Z')).evaluated, 0, 'not due before the anniversary');
  const sweep = await review(p, '2026-06-01T10:00:00Z');
  assert.equal(sweep.evaluated, 2);
  const renewed = await tier(a, '2026-06-02T00:00:00Z');
  assert.equal(renewed.tier.code, 'gold');
  assert.equal(renewed.reviewAt, iso('2027-06-01T12:00:00+02:00'));
  assert.equal(
    (await tier(lapsed, '2026-06-02T00:00:00Z')).tier.code,
    'green',
    'its own purchase does not count twice',
  );
});

test('downgrade at period end: to what the figures support, or one level at a time', async () => {
  const toMetric = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: LADDER,
  });
  const partly = await member(toMetric);
  const idle = await member(toMetric);
  for (const m of [partly, idle]) await buy(toMetric, m, 100000, '2024-03-01T12:00:00+01:00');
  assert.equal((await review(toMetric, '2025-01-01T00:30:00+01:00')).changed, 0, '2024 figures renew Gold');
  assert.equal((await tier(idle, '2025-02-01T00:00:00Z')).reviewAt, iso('2026-01-01T00:00:00+01:00'));
  await buy(toMetric, partly, 35000, '2025-07-01T12:00:00+02:00');
  assert.equal(
    (await review(toMetric, '2025-12-31T23:59:00+01:00')).evaluated,
    0,
    'not before the year ends',
  );
  assert.equal((await review(toMetric, '2026-01-01T01:00:00+01:00')).changed, 2);
  const t = await tier(partly, '2026-01-02T00:00:00Z');
  assert.equal(t.tier.code, 'silver', '2025 spend supports Silver');
  assert.equal(t.reviewAt, iso('2027-01-01T00:00:00+01:00'));
  assert.equal(
    (await tier(idle, '2026-01-02T00:00:00Z')).tier.code,
    'blue',
    'straight to what nothing supports',
  );
  assert.equal((await tier(idle, '2026-01-02T00:00:00Z')).reviewAt, null);
  const h = await history(partly);
  assert.deepEqual(h[0], {
    from: 'gold',
    to: 'silver',
    reason: 'downgrade',
    actor: null,
    at: iso('2026-01-01T00:00:00+01:00'),
  });

  const oneLevel = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'one_level' },
    tiers: LADDER,
  });
  const m = await member(oneLevel);
  await buy(oneLevel, m, 100000, '2024-03-01T12:00:00+01:00');
  await review(oneLevel, '2025-01-01T00:30:00+01:00');
  await review(oneLevel, '2026-01-01T00:30:00+01:00');
  assert.equal(
    (await tier(m, '2026-01-02T00:00:00Z')).tier.code,
    'silver',
    'one level down despite no spend',
  );
  await review(oneLevel, '2027-01-01T00:30:00+01:00');
  assert.equal((await tier(m, '2027-01-02T00:00:00Z')).tier.code, 'blue', 'and another a year later');
  assert.deepEqual(
    (await history(m)).map((x) => x.to),
    ['blue', 'silver', 'gold'],
  );
});

test('grace months: a miss starts grace; requalifying in it keeps the tier, otherwise it drops when grace ends', async () => {
  const p = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric', graceMonths: 3 },
    tiers: LADDER,
  });
  const back = await member(p);
  const gone = await member(p);
  for (const m of [back, gone]) await buy(p, m, 100000, '2024-02-01T12:00:00+01:00');
  await review(p, '2025-01-01T00:30:00+01:00');
  assert.equal((await review(p, '2026-01-01T00:30:00+01:00')).changed, 0, 'grace, no change yet');
  const inGrace = await tier(gone, '2026-01-02T00:00:00Z');
  assert.equal(inGrace.tier.code, 'gold');
  assert.equal(inGrace.graceUntil, iso('2026-04-01T00:00:00+02:00'));
  assert.equal(inGrace.keep.by, iso('2026-04-01T00:00:00+02:00'));
  await buy(p, back, 100000, '2026-02-10T12:00:00+01:00');
  const requalified = await tier(back, '2026-02-11T00:00:00Z');
  assert.equal(requalified.graceUntil, null);
  assert.equal(requalified.reviewAt, iso('2027-01-01T00:00:00+01:00'));
  assert.equal((await review(p, '2026-03-31T23:00:00+02:00')).evaluated, 0);
  assert.equal((await review(p, '2026-04-01T00:30:00+02:00')).changed, 1);
  assert.equal((await tier(gone, '2026-04-02T00:00:00Z')).tier.code, 'blue');
  assert.equal((await tier(back, '2026-04-02T00:00:00Z')).tier.code, 'gold');
  assert.equal((await history(gone))[0]?.at, iso('2026-04-01T00:00:00+02:00'));
});

test('a return that takes spend back below the threshold: no downgrade now, counted at the review', async () => {
  const p = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: LADDER,
  });
  const returner = await member(p);
  const keeper = await member(p);
  const purchase = await buy(p, returner, 35000, '2025-04-01T12:00:00+02:00');
  await buy(p, keeper, 35000, '2025-04-01T12:00:00+02:00');
  const ret = await api('POST', `/v1/transactions/${purchase.id}/returns`, {
    externalId: `ret-${++seq}`,
    amount: 10000,
  });
  assert.equal(ret.statusCode, 201, ret.body);
  const t = await tier(returner, '2025-05-01T00:00:00Z');
  assert.equal(t.tier.code, 'silver', 'kept for now');
  assert.deepEqual(t.window.metrics, { spend: 25000, qualifyingPoints: 250, purchases: 1 });
  assert.equal(t.keep.met, false);
  assert.equal(t.keep.requirements[0].remaining, 5000);
  assert.equal(t.keep.by, iso('2026-01-01T00:00:00+01:00'));
  await review(p, '2026-01-01T00:30:00+01:00');
  assert.equal(
    (await tier(returner, '2026-01-02T00:00:00Z')).tier.code,
    'blue',
    'the return counted at the review',
  );
  assert.equal((await tier(keeper, '2026-01-02T00:00:00Z')).tier.code, 'silver');

  const whole = await buy(p, keeper, 5000, '2025-06-01T12:00:00+02:00');
  const cancel = await api('POST', `/v1/transactions/${whole.id}/cancel`, { externalId: `cancel-${++seq}` });
  assert.equal(cancel.statusCode, 201, cancel.body);
  assert.deepEqual(
    (await tier(keeper, '2025-07-01T00:00:00Z')).window.metrics,
    { spend: 35000, qualifyingPoints: 350, purchases: 1 },
    'a fully returned purchase no longer counts as a purchase',
  );
});

test('membership year: the window runs from the local enrolment date to its anniversary', async () => {
  const p = await program('Asia/Tokyo', {
    window: 'membership_year',
    downgrade: { policy: 'to_metric' },
    tiers: LADDER,
  });
  const m = await member(p);
  const res = await api('GET', `/v1/members/${m}`);
  const joined = DateTime.fromISO(res.json().createdAt as string, { zone: 'Asia/Tokyo' }).startOf('day');
  await buy(p, m, 20000, joined.minus({ hours: 1 }).toISO() as string);
  await buy(p, m, 20000, joined.plus({ hours: 1 }).toISO() as string);
  assert.equal(
    (await tier(m, joined.plus({ hours: 2 }).toISO() as string)).tier.code,
    'blue',
    'the day before is last year',
  );
  await buy(p, m, 10000, joined.plus({ months: 6 }).toISO() as string);
  const t = await tier(m, joined.plus({ months: 7 }).toISO() as string);
  assert.equal(t.tier.code, 'silver');
  assert.equal(t.reviewAt, joined.plus({ years: 1 }).toJSDate().toISOString(), 'reviewed on the anniversary');
  assert.equal(t.window.from, joined.toJSDate().toISOString());
});

test('two-decimal multipliers and percentages are accepted (floating point multiples of 0.01)', async () => {
  const p = await program('Europe/Berlin', {
    window: 'calendar_year',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'blue', name: 'Blue', rank: 0 },
      {
        code: 'gold',
        name: 'Gold',
        rank: 1,
        qualification: { spend: 1000 },
        benefits: { earnMultiplier: 1.15, discountPercent: 7.35 },
      },
    ],
  });
  const set = (await api('GET', `/v1/programs/${p.id}/tiers`)).json();
  assert.equal(set.tiers[1].benefits.earnMultiplier, 1.15);
  const finer = await api('PUT', `/v1/programs/${p.id}/tiers`, {
    window: 'calendar_year',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'blue', name: 'Blue', rank: 0 },
      {
        code: 'gold',
        name: 'Gold',
        rank: 1,
        qualification: { spend: 1000 },
        benefits: { earnMultiplier: 1.155 },
      },
    ],
  });
  assert.equal(finer.statusCode, 400);
});
