import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { holdoutBucket, inControlGroup } from '../src/modules/rules/holdout.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Holdouts: a program or campaign control group that no rule rewards (assigned by hash, identically in the engine
 * and in SQL), and the incrementality report comparing spend and visits per member with 95 % confidence intervals.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;

async function program(slug: string) {
  const res = await api('POST', '/v1/programs', {
    slug,
    name: slug,
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function member(programId: string) {
  const res = await api('POST', '/v1/members', { programId, firstName: `H${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  // Enrolled before the May window the report looks at (the API always enrols now).
  await ctx.db
    .updateTable('members')
    .set({ created_at: new Date('2026-04-01T00:00:00Z') })
    .where('id', '=', res.json().id)
    .execute();
  return res.json().id as string;
}
async function buy(programId: string, memberId: string, amount: number, at = '2026-05-10T10:00:00+02:00') {
  const res = await api('POST', '/v1/transactions', {
    programId,
    externalId: `HO-${++seq}`,
    memberId,
    occurredAt: at,
    currency: 'EUR',
    lines: [{ sku: 'S', category: 'shoes', quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

test('the bucket is md5-based, stable and uniform enough', () => {
  assert.equal(holdoutBucket('abc', 'def'), 1261826346 % 10_000); // md5("abc:def") starts 4b35f12a
  const inControl = Array.from({ length: 10_000 }, (_, i) =>
    inControlGroup({ unit: 'u', percent: 20, what: 'program' }, `m${i}`),
  );
  const share = inControl.filter(Boolean).length / 10_000;
  assert.ok(share > 0.18 && share < 0.22, `${share}`);
});

test('a program holdout: control members earn nothing, with the reason; the report shows the uplift', async () => {
  const p = await program('holdout-program');
  const patch = await api('PATCH', `/v1/programs/${p}`, { holdoutPercent: 50 });
  assert.equal(patch.statusCode, 200, patch.body);
  assert.equal(patch.json().holdoutPercent, 50);
  const bad = await api('PATCH', `/v1/programs/${p}`, { holdoutPercent: 12.345 });
  assert.equal(bad.statusCode, 400);
  const members = await Promise.all(Array.from({ length: 16 }, () => member(p)));
  const control = members.filter((m) => inControlGroup({ unit: p, percent: 50, what: 'program' }, m));
  const treated = members.filter((m) => !control.includes(m));
  assert.ok(control.length > 0 && treated.length > 0, 'both groups are present');
  // Treated members buy twice (€30 and €50), control members once (€20).
  for (const m of treated) {
    const first = await buy(p, m, 3000);
    assert.equal(first.points.awarded, 30);
    await buy(p, m, 5000);
  }
  for (const m of control) {
    const tx = await buy(p, m, 2000);
    assert.equal(tx.points.awarded, 0);
    const explain = await api('POST', `/v1/members/${m}/explain`, {
      activity: { type: 'purchase', lines: [{ sku: 'S', quantity: 1, unitPrice: 1000 }] },
    });
    assert.match(explain.body, /control group/);
  }
  const res = await api('GET', `/v1/programs/${p}/reports/incrementality?from=2026-05-01&to=2026-05-31`);
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.deepEqual([r.treatment.members, r.control.members], [treated.length, control.length]);
  // Spend per member: every treated member €80 (no variance), every control member €20: uplift exactly €60.
  assert.deepEqual(
    [r.spendPerMember.treatmentMean, r.spendPerMember.controlMean, r.spendPerMember.uplift],
    [8000, 2000, 6000],
  );
  assert.deepEqual(r.spendPerMember.ci95, [6000, 6000]);
  assert.equal(r.spendPerMember.relativeUplift, 3);
  assert.equal(r.visitsPerMember.uplift, 1);
  assert.equal(r.spendPerMember.significant, true);
});

test('a campaign holdout withholds only that campaign; the report needs a configured holdout', async () => {
  const p = await program('holdout-campaign');
  const made = await api('POST', '/v1/campaigns', {
    programId: p,
    name: 'Double shoes',
    holdout: { percent: 40 },
    publish: true,
    rules: [
      {
        key: 'x2',
        name: '2× on shoes',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_multiplier', factor: 2 }],
      },
    ],
  });
  assert.equal(made.statusCode, 201, made.body);
  const campaignId = made.json().id;
  const members = await Promise.all(Array.from({ length: 12 }, () => member(p)));
  const spends: { control: boolean; amount: number }[] = [];
  for (const [i, m] of members.entries()) {
    const control = inControlGroup({ unit: campaignId, percent: 40, what: 'campaign' }, m);
    const amount = 1000 * (i + 1);
    const tx = await buy(p, m, amount);
    // Base earn for everyone; the campaign doubles it outside its control group only.
    assert.equal(tx.points.awarded, control ? amount / 100 : (2 * amount) / 100, `member ${i}`);
    spends.push({ control, amount });
  }
  const res = await api(
    'GET',
    `/v1/programs/${p}/reports/incrementality?from=2026-05-01&to=2026-05-31&campaignId=${campaignId}`,
  );
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
  const t = spends.filter((s) => !s.control).map((s) => s.amount);
  const c = spends.filter((s) => s.control).map((s) => s.amount);
  const se = Math.sqrt(variance(t) / t.length + variance(c) / c.length);
  assert.ok(Math.abs(r.spendPerMember.uplift - (mean(t) - mean(c))) < 1e-3);
  assert.ok(Math.abs(r.spendPerMember.ci95[0] - (mean(t) - mean(c) - 1.959964 * se)) < 1e-3);
  const none = await api('GET', `/v1/programs/${p}/reports/incrementality?from=2026-05-01&to=2026-05-31`);
  assert.equal(none.statusCode, 422);
  assert.equal(none.json().code, 'no_holdout');
});
