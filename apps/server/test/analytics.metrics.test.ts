import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { refreshProgramMetrics } from '../src/modules/analytics/metrics/refresh-metrics.js';
import { bgNbdPAlive } from '../src/modules/analytics/models/bg-nbd.js';
import { importHistory } from '../src/modules/imports/import-history.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';
import { sharedData } from './helpers/shared-data.js';

/**
 * Member metrics, RFM, engagement, loyalty types and model predictions from a refresh. The first scenario is small
 * enough to compute every score by hand (see the comments); the second fits the models on imported CDNOW history.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
let seq = 0;

async function newProgram(slug: string, timezone = 'Europe/Berlin'): Promise<Program> {
  const res = await api('POST', '/v1/programs', { slug, name: slug, currency: 'EUR', timezone });
  assert.equal(res.statusCode, 201, res.body);
  return getProgram(ctx.db, ctx.a.tenantId, res.json().id);
}

async function member(p: Program, enrolledDaysAgo: number): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `M${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  // History, as if the member had enrolled then (the API always enrols now).
  await ctx.db
    .updateTable('members')
    .set({ created_at: new Date(ago(enrolledDaysAgo)) })
    .where('id', '=', res.json().id)
    .execute();
  return res.json().id;
}

async function buy(p: Program, memberId: string, daysAgo: number, amount: number, category: string) {
  const res = await api('POST', '/v1/transactions', {
    programId: p.id,
    externalId: `AM-${++seq}`,
    memberId,
    occurredAt: ago(daysAgo),
    currency: 'EUR',
    channel: 'pos',
    lines: [{ sku: `SKU-${category}`, category, quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function event(p: Program, memberId: string, type: string, daysAgo: number, properties: object) {
  const res = await api('POST', '/v1/events', {
    programId: p.id,
    type,
    externalId: `EV-${++seq}`,
    memberId,
    occurredAt: ago(daysAgo),
    properties,
  });
  assert.equal(res.statusCode, 201, res.body);
}

test('a refresh scores RFM, engagement and loyalty types exactly as documented', async () => {
  const p = await newProgram('metrics-rfm');
  assert.equal((await api('POST', '/v1/event-types/standard', { programId: p.id })).statusCode, 200);
  const a = await member(p, 200);
  const b = await member(p, 200);
  const c = await member(p, 30);
  const d = await member(p, 300);
  const e = await member(p, 60);
  const f = await member(p, 10);
  // A: 6 purchases of €50, three shoes and three socks, the last one day ago; NPS 10 two days ago.
  for (const [i, days] of [50, 40, 30, 20, 10, 1].entries())
    await buy(p, a, days, 5000, i % 2 === 0 ? 'shoes' : 'socks');
  await event(p, a, 'survey_completed', 2, { surveyId: 'S', nps: 10 });
  // B: 5 purchases of €30 over two categories, the last five days ago; NPS 3.
  for (const [i, days] of [45, 35, 25, 15, 5].entries())
    await buy(p, b, days, 3000, i % 2 === 0 ? 'coats' : 'hats');
  await event(p, b, 'survey_completed', 6, { surveyId: 'S', nps: 3 });
  // C: one €20 purchase ten days ago and a 5-star review.
  await buy(p, c, 10, 2000, 'shoes');
  await event(p, c, 'review_written', 9, { rating: 5 });
  // D: one €10 purchase 200 days ago. E: €40 thirty days ago, and €40 twenty days ago, returned in full.
  await buy(p, d, 200, 1000, 'socks');
  await buy(p, e, 30, 4000, 'hats');
  const returned = await buy(p, e, 20, 4000, 'hats');
  const ret = await api('POST', `/v1/transactions/${returned}/returns`, {
    externalId: `R-${++seq}`,
    items: [{ sku: 'SKU-hats', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);

  const result = await refreshProgramMetrics(ctx.db, p, new Date());
  assert.equal(result.members, 6);
  assert.equal(result.fit.status, 'skipped');

  // Percent-rank quintiles over the five buyers, score = min(5, 1 + ⌊5 × rank⌋):
  //   R by last purchase: D (200 d) 1, E (30 d) 2, C (10 d) 3, B (5 d) 4, A (1 d) 5
  //   F by purchases: C, D, E (1 each; E's returned purchase does not count) 1, B (5) 4, A (6) 5
  //   M by net spend: D €10 1, C €20 2, E €40 3, B €150 4, A €300 5
  // FM = round((F + M) / 2): A 5, B 4, C 2 (1.5 rounds up), D 1, E 2.
  const expected: Record<string, [number, number, number, string, string | null]> = {
    [a]: [5, 5, 5, 'champions', 'devoted'], // R≥4, FM≥4; frequent, 2 categories, 200 days, promoter
    [b]: [4, 4, 4, 'champions', 'captive'], // frequent and tenured, but a detractor
    [c]: [3, 1, 2, 'potential_loyalists', 'satisfied'], // R≥3, FM≥2; rare buyer with a 5-star review
    [d]: [1, 1, 1, 'lost', 'convenience'],
    [e]: [2, 1, 3, 'about_to_sleep', 'convenience'],
  };
  for (const [id, [r, fq, m, segment, type]] of Object.entries(expected)) {
    const res = await api('GET', `/v1/members/${id}/metrics`);
    assert.equal(res.statusCode, 200, res.body);
    const got = res.json();
    assert.deepEqual(
      [got.rfm.r, got.rfm.f, got.rfm.m, got.rfm.segment, got.loyaltyType],
      [r, fq, m, segment, type],
      id,
    );
  }
  const am = (await api('GET', `/v1/members/${a}/metrics`)).json();
  assert.deepEqual(
    [am.frequency, am.monetary, am.averageOrderValue, am.recencyDays, am.tenureDays],
    [6, 30000, 5000, 1, 200],
  );
  assert.deepEqual(am.categoryAffinities, [
    { category: 'shoes', share: 0.5 },
    { category: 'socks', share: 0.5 },
  ]);
  assert.equal(am.preferredChannel, 'pos');
  assert.equal(am.points.earned, 300); // 1 point per €1 on €300
  // Engagement: 40·e^(−1/90) = 39.56 for the purchase a day ago, + 30 for 6 purchases in 90 days,
  // + 15·1/3 = 5 for one event, no redemption: 74.56 → 75.
  assert.equal(am.engagementScore, 75);
  assert.equal(am.pAlive, null);
  const em = (await api('GET', `/v1/members/${e}/metrics`)).json();
  assert.deepEqual([em.frequency, em.monetary, em.points.earned], [1, 4000, 40]);

  const fm = (await api('GET', `/v1/members/${f}/metrics`)).json();
  assert.deepEqual(
    [fm.frequency, fm.rfm.segment, fm.loyaltyType, fm.engagementScore],
    [0, 'no_purchases', null, 0],
  );

  const rfm = (await api('GET', `/v1/programs/${p.id}/analytics/rfm`)).json();
  const count = (k: string) => rfm.data.find((x: { key: string }) => x.key === k)?.members;
  assert.deepEqual(
    ['champions', 'potential_loyalists', 'lost', 'about_to_sleep', 'no_purchases', 'at_risk'].map(count),
    [2, 1, 1, 1, 1, 0],
  );
  assert.equal(rfm.grid.find((g: { r: number; f: number }) => g.r === 5 && g.f === 5).monetary, 30000);
  const types = (await api('GET', `/v1/programs/${p.id}/analytics/loyalty-types`)).json();
  assert.deepEqual(
    types.data.map((t: { key: string; members: number }) => [t.key, t.members]),
    [
      ['devoted', 1],
      ['captive', 1],
      ['satisfied', 1],
      ['convenience', 2],
    ],
  );
});

test('models fitted on imported history give P(alive), churn risk and CLV that follow the settings', async () => {
  const p = await newProgram('metrics-models', 'UTC');
  const sample = sharedData('cdnow', 'CDNOW_sample.txt');
  const file = join(tmpdir(), `cdnow-part-${process.pid}.txt`);
  writeFileSync(file, readFileSync(sample, 'utf8').split('\r\n').slice(0, 1500).join('\r\n'));
  try {
    await importHistory(ctx.db, p, { path: file, format: 'cdnow' });
  } finally {
    rmSync(file, { force: true });
  }
  const asOf = new Date('1997-09-30T23:00:00Z');
  const first = await refreshProgramMetrics(ctx.db, p, asOf);
  assert.equal(first.fit.status, 'fitted');
  if (first.fit.status !== 'fitted') return;
  const models = (await api('GET', `/v1/programs/${p.id}/analytics/models`)).json();
  assert.equal(models.fit.bgNbd.r, first.fit.bgNbd.r);
  assert.deepEqual(models.settings, { discountRate: 0.1, margin: 0.3, clvMonths: 12 });

  // Customer 00004 bought on 1997-01-01, -01-18, -08-02 (and later, outside the window): x = 2, tX = 30.43, T = 38.86.
  const owner = await api('GET', `/v1/members/lookup?type=external&value=cdnow:00004&programId=${p.id}`);
  const id = owner.json().id;
  const m = (await api('GET', `/v1/members/${id}/metrics`)).json();
  const pAlive = bgNbdPAlive(first.fit.bgNbd, { x: 2, tX: 213 / 7, T: 272 / 7 });
  assert.ok(Math.abs(m.pAlive - pAlive) < 1e-9, `${m.pAlive} vs ${pAlive}`);
  assert.ok(Math.abs(m.churnRisk - (1 - pAlive)) < 1e-9);
  assert.ok(m.expectedPurchases90d > 0 && m.clv > 0);

  const put = await api('PUT', `/v1/programs/${p.id}/analytics/settings`, {
    discountRate: 0.1,
    margin: 0.6,
    clvMonths: 12,
  });
  assert.equal(put.statusCode, 200, put.body);
  const bad = await api('PUT', `/v1/programs/${p.id}/analytics/settings`, {
    discountRate: 2,
    margin: 0.6,
    clvMonths: 12,
  });
  assert.equal(bad.statusCode, 400);
  await refreshProgramMetrics(ctx.db, p, asOf);
  const doubled = (await api('GET', `/v1/members/${id}/metrics`)).json();
  assert.ok(Math.abs(doubled.clv - 2 * m.clv) <= 1, `${doubled.clv} vs 2 × ${m.clv}`);

  // The dashboard's churn rate and CLV distribution are the last refresh's figures, stored with the fit: equal to
  // the members' own predictions, and unmoved by anything but the next refresh.
  const kpis = async () =>
    (
      await api('GET', `/v1/programs/${p.id}/reports/kpis?from=1997-01-01&to=1997-09-30&interval=month`)
    ).json().totals;
  const scored = await ctx.db
    .selectFrom('member_metrics')
    .select(['churn_risk', 'clv'])
    .where('program_id', '=', p.id)
    .where('churn_risk', 'is not', null)
    .execute();
  const churned = scored.filter((r) => (r.churn_risk ?? 0) > 0.5).length;
  const before = await kpis();
  assert.ok(churned > 0 && churned < scored.length);
  assert.equal(before.churnRate, Number((churned / scored.length).toFixed(4)));
  const inBucket = (from: number, to: number | null) =>
    scored.filter((r) => r.clv !== null && (from === 0 || r.clv >= from) && (to === null || r.clv < to))
      .length;
  for (const b of before.clvDistribution) assert.equal(b.members, inBucket(b.from, b.to), JSON.stringify(b));
  await ctx.db
    .updateTable('member_metrics')
    .set({ churn_risk: 0.99 })
    .where('program_id', '=', p.id)
    .execute();
  assert.deepEqual(await kpis(), before);
  await refreshProgramMetrics(ctx.db, p, asOf);
  assert.deepEqual(await kpis(), before);

  const queued = await api('POST', `/v1/programs/${p.id}/analytics/refresh`);
  assert.equal(queued.statusCode, 202, queued.body);
  assert.equal(queued.json().queued, true);
});

test('metrics of a member before any refresh are an empty 204; an unknown member is a 404', async () => {
  const p = await newProgram('metrics-none');
  const m = await member(p, 1);
  const res = await api('GET', `/v1/members/${m}/metrics`);
  assert.equal(res.statusCode, 204);
  assert.equal(res.body, '');
  const unknown = await api('GET', '/v1/members/01900000-0000-7000-8000-000000000000/metrics');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'member_not_found');
});
