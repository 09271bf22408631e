import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** The cohort retention matrix and campaign performance, on hand-made history. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;

async function setup(slug: string) {
  const res = await api('POST', '/v1/programs', {
    slug,
    name: slug,
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function member(p: string) {
  const res = await api('POST', '/v1/members', { programId: p, firstName: `R${++seq}` });
  return res.json().id as string;
}
async function buy(p: string, m: string, at: string, category = 'socks', amount = 2000) {
  const res = await api('POST', '/v1/transactions', {
    programId: p,
    externalId: `RP-${++seq}`,
    memberId: m,
    occurredAt: at,
    currency: 'EUR',
    lines: [{ sku: `SKU-${category}`, category, quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
}

test('cohorts: first-purchase months and the share buying again each month after', async () => {
  const p = await setup('cohorts');
  const [a, b, c] = [await member(p), await member(p), await member(p)];
  await buy(p, a, '2026-01-10T10:00:00+01:00');
  await buy(p, a, '2026-02-10T10:00:00+01:00');
  await buy(p, a, '2026-04-10T10:00:00+02:00');
  await buy(p, b, '2026-01-31T23:30:00+01:00'); // still January in Berlin
  await buy(p, b, '2026-03-05T10:00:00+01:00');
  await buy(p, c, '2026-02-03T10:00:00+01:00');
  await buy(p, c, '2026-02-20T10:00:00+01:00'); // the same month again: month 0 only
  const res = await api('GET', `/v1/programs/${p}/reports/cohorts?from=2026-01-15&to=2026-02-28&months=3`);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().cohorts, [
    // A and B: A again in February and April, B in March.
    { cohort: '2026-01-01', members: 2, retention: [1, 0.5, 0.5, 0.5] },
    { cohort: '2026-02-01', members: 1, retention: [1, 0, 0, 0] },
  ]);
});

test('campaign performance: points, cost, members, purchases and revenue each campaign rewarded', async () => {
  const p = await setup('campaign-perf');
  const made = await api('POST', '/v1/campaigns', {
    programId: p,
    name: 'Double shoes',
    publish: true,
    rules: [
      {
        key: 'x2',
        name: '2× shoes',
        trigger: { type: 'purchase' },
        when: { kind: 'items', match: { categories: ['shoes'] }, quantifier: 'any' },
        effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['shoes'] } }],
      },
    ],
  });
  assert.equal(made.statusCode, 201, made.body);
  const [a, b] = [await member(p), await member(p)];
  await buy(p, a, '2026-05-02T10:00:00+02:00', 'shoes', 5000); // base 50 + campaign 50
  await buy(p, a, '2026-05-03T10:00:00+02:00', 'socks', 1000); // base 10
  await buy(p, b, '2026-05-04T10:00:00+02:00', 'shoes', 3000); // base 30 + campaign 30
  await buy(p, b, '2026-06-04T10:00:00+02:00', 'shoes', 3000); // outside May
  const res = await api('GET', `/v1/programs/${p}/reports/campaigns?from=2026-05-01&to=2026-05-31`);
  assert.equal(res.statusCode, 200, res.body);
  const rows = res
    .json()
    .campaigns.map((c: Record<string, unknown>) => [
      c.name,
      c.kind,
      c.points,
      c.cost,
      c.members,
      c.purchases,
      c.revenue,
    ]);
  assert.deepEqual(rows, [
    ['Base earn', 'base', 90, 90, 2, 3, 9000],
    ['Double shoes', 'standard', 80, 80, 2, 2, 8000],
  ]);
  assert.equal(res.json().campaigns[1].uplift, null);
});
