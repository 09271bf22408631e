import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildRollups } from '../src/modules/analytics/kpis/kpi-rollups.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** The KPI report over a month of hand-made activity, totals and weekly series computed by hand. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;

async function member(programId: string, enrolled: string) {
  const res = await api('POST', '/v1/members', { programId, firstName: `K${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  await ctx.db
    .updateTable('members')
    .set({ created_at: new Date(enrolled) })
    .where('id', '=', res.json().id)
    .execute();
  return res.json().id as string;
}

async function buy(programId: string, memberId: string | null, at: string, amount: number) {
  const res = await api('POST', '/v1/transactions', {
    programId,
    externalId: `KPI-${++seq}`,
    ...(memberId ? { memberId } : {}),
    occurredAt: at,
    currency: 'EUR',
    lines: [{ sku: 'X', quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
}

test('KPIs for March: members, activity, repeat rate, AOV, points and a weekly series', async () => {
  const made = await api('POST', '/v1/programs', {
    slug: 'kpis',
    name: 'KPIs',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  const p = made.json().id as string;
  assert.equal((await api('POST', '/v1/event-types/standard', { programId: p })).statusCode, 200);
  const a = await member(p, '2026-03-02T09:00:00Z');
  const b = await member(p, '2026-02-10T09:00:00Z');
  const c = await member(p, '2026-03-20T09:00:00Z');
  await buy(p, a, '2026-03-05T10:00:00+01:00', 2000);
  await buy(p, a, '2026-03-12T10:00:00+01:00', 3000);
  await buy(p, b, '2026-03-12T11:00:00+01:00', 5000);
  await buy(p, null, '2026-03-15T12:00:00+01:00', 1000);
  await buy(p, c, '2026-04-02T10:00:00+02:00', 4000); // after the range
  // 23:30 on 31 March in Berlin (21:30Z) is still March there.
  const late = await api('POST', '/v1/events', {
    programId: p,
    type: 'store_checkin',
    externalId: `KPI-E-${++seq}`,
    memberId: c,
    occurredAt: '2026-03-31T23:30:00+02:00',
    properties: { storeId: 'berlin-1' },
  });
  assert.equal(late.statusCode, 201, late.body);

  const res = await api('GET', `/v1/programs/${p}/reports/kpis?from=2026-03-01&to=2026-03-31&interval=week`);
  assert.equal(res.statusCode, 200, res.body);
  const { totals, series } = res.json();
  assert.deepEqual(
    [totals.members, totals.newMembers, totals.activeMembers, totals.engagementRate],
    [3, 2, 3, 1], // A and C enrolled in March, B before; all three active (C by the check-in)
  );
  assert.deepEqual(
    [totals.purchases, totals.memberPurchases, totals.enrolmentRate, totals.revenue, totals.buyers],
    [4, 3, 0.75, 11000, 2],
  );
  assert.equal(totals.repeatPurchaseRate, 0.5); // A bought twice, B once
  assert.equal(totals.purchaseFrequency, 1.5);
  assert.deepEqual(totals.averageOrderValue, { members: 3333, nonMembers: 1000 }); // 10,000 / 3 and 1,000 / 1
  assert.deepEqual(totals.points, { earned: 100, redeemed: 0, expired: 0 }); // 1 point per €1 on €100 of members
  assert.deepEqual(totals.liability, { points: 140, value: 140 }); // now, including C's April purchase
  assert.equal(totals.redemptionRate, 0);
  // Weeks start on Monday in Berlin: 23 Feb (holds 1 March) … 30 March.
  assert.deepEqual(
    series.map((s: { period: string }) => s.period),
    ['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'],
  );
  const week = (d: string) => series.find((s: { period: string }) => s.period === d);
  assert.deepEqual(
    [week('2026-03-09').purchases, week('2026-03-09').revenue, week('2026-03-09').repeatPurchaseRate],
    [3, 9000, 0],
  );
  assert.deepEqual([week('2026-03-02').newMembers, week('2026-03-16').newMembers], [1, 1]);
  assert.equal(week('2026-03-30').activeMembers, 1);
  assert.equal(week('2026-03-02').pointsEarned, 20);

  // Narrowed to a static segment holding only A: non-member purchases and everyone else drop out.
  const seg = await api('POST', '/v1/segments', {
    programId: p,
    code: 'just-a',
    name: 'Just A',
    kind: 'static',
  });
  assert.equal(seg.statusCode, 201, seg.body);
  const added = await api('POST', `/v1/segments/${seg.json().id}/members`, { memberIds: [a] });
  assert.ok(added.statusCode < 300, added.body);
  const onlyA = (
    await api(
      'GET',
      `/v1/programs/${p}/reports/kpis?from=2026-03-01&to=2026-03-31&interval=week&segmentId=${seg.json().id}`,
    )
  ).json();
  assert.equal(onlyA.segmentId, seg.json().id);
  assert.deepEqual(
    [
      onlyA.totals.members,
      onlyA.totals.newMembers,
      onlyA.totals.purchases,
      onlyA.totals.revenue,
      onlyA.totals.buyers,
    ],
    [1, 1, 2, 5000, 1],
  );
  assert.deepEqual(
    [onlyA.totals.repeatPurchaseRate, onlyA.totals.points.earned, onlyA.totals.liability.points],
    [1, 50, 50],
  );
  const otherSegment = await api(
    'GET',
    `/v1/programs/${p}/reports/kpis?from=2026-03-01&to=2026-03-31&segmentId=${'0'.repeat(8)}-0000-7000-8000-000000000000`,
  );
  assert.equal(otherSegment.statusCode, 404);

  // A long monthly range is answered from the rollups once they are built, with exactly the live figures.
  const long = `/v1/programs/${p}/reports/kpis?from=2026-01-01&to=2026-04-30&interval=month`;
  const live = (await api('GET', long)).json();
  assert.equal(live.source, 'live');
  await buildRollups(ctx.db, await getProgram(ctx.db, ctx.a.tenantId, p));
  const rolled = (await api('GET', long)).json();
  assert.equal(rolled.source, 'rollup');
  assert.ok(rolled.rollupBuiltAt);
  assert.deepEqual(rolled.totals, live.totals);
  assert.deepEqual(rolled.series, live.series);
  assert.deepEqual(
    rolled.series.map((s: { period: string; purchases: number }) => [s.period, s.purchases]),
    [
      ['2026-01-01', 0],
      ['2026-02-01', 0],
      ['2026-03-01', 4],
      ['2026-04-01', 1],
    ],
  );
  assert.deepEqual(
    [rolled.totals.buyers, rolled.totals.repeatPurchaseRate, rolled.totals.activeMembers],
    [3, 0.3333, 3],
  );
  // Ranges that do not start on the first of a month are widened to whole months (and say so).
  const widened = (
    await api('GET', `/v1/programs/${p}/reports/kpis?from=2026-01-15&to=2026-05-10&interval=month`)
  ).json();
  assert.equal(widened.source, 'rollup');
  assert.equal(widened.from, '2025-12-31T23:00:00.000Z'); // 1 January, Berlin
});

test('KPI ranges are validated', async () => {
  const p = ctx.a.program.id;
  const backwards = await api('GET', `/v1/programs/${p}/reports/kpis?from=2026-03-10&to=2026-03-01`);
  assert.equal(backwards.statusCode, 400);
  assert.equal(backwards.json().errors[0].field, '/to');
  const long = await api('GET', `/v1/programs/${p}/reports/kpis?from=2020-01-01&to=2026-01-01`);
  assert.equal(long.statusCode, 400);
  assert.equal(long.json().errors[0].field, '/interval');
  const bad = await api('GET', `/v1/programs/${p}/reports/kpis?from=March&to=2026-03-01`);
  assert.equal(bad.statusCode, 400);
});
