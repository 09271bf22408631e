import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runJobsTick } from '../src/maintenance.js';
import {
  generateBatch,
  generateSeriesCodes,
  requestGeneration,
} from '../src/modules/coupons/generate-codes.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/** Coupon series: definitions, imported pools (all or nothing, duplicates refused) and bulk generation. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown, key = ctx.a.key) =>
  call(ctx.app, key, method, url, body);
const DAY = 86_400_000;
const silent = { info: () => {}, error: () => {} };

async function series(terms: Record<string, unknown> = {}, key = ctx.a.key): Promise<string> {
  const res = await api(
    'POST',
    '/v1/coupon-series',
    {
      name: 'Spring campaign',
      discount: { type: 'percent', value: 15 },
      minSpend: 2000,
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + 30 * DAY).toISOString(),
      ...terms,
    },
    key,
  );
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

test('a series is defined with checked terms and is visible to its tenant only', async () => {
  const id = await series({ skus: ['A'], categories: ['b'], maxRedemptions: 2, maxPerMember: 1 });
  const got = await api('GET', `/v1/coupon-series/${id}`);
  assert.equal(got.statusCode, 200);
  assert.equal(got.json().maxRedemptions, 2);
  assert.deepEqual(got.json().generation, { generated: 0, total: 0, done: true });
  assert.equal((await api('GET', `/v1/coupon-series/${id}`, undefined, ctx.b.key)).statusCode, 404);
  assert.equal((await api('GET', '/v1/coupon-series')).json().items.length, 1);

  const overPercent = await api('POST', '/v1/coupon-series', {
    name: 'x',
    discount: { type: 'percent', value: 150 },
    validFrom: new Date().toISOString(),
    validUntil: new Date(Date.now() + DAY).toISOString(),
  });
  assert.equal(overPercent.statusCode, 400);
  assert.equal(overPercent.json().errors[0].field, '/discount/value');
  const backwards = await api('POST', '/v1/coupon-series', {
    name: 'x',
    discount: { type: 'amount', value: 100 },
    validFrom: new Date().toISOString(),
    validUntil: new Date(Date.now() - DAY).toISOString(),
  });
  assert.equal(backwards.statusCode, 400);
  assert.equal(backwards.json().errors[0].field, '/validUntil');
  assert.equal(await countRows(ctx.db, 'coupon_series'), 1, 'refused definitions wrote nothing');
});

test('importing a pool: duplicates and existing codes are refused by name, and nothing is imported', async () => {
  const id = await series();
  const url = `/v1/coupon-series/${id}/codes:import`;
  const before = await countRows(ctx.db, 'coupons');

  const dup = await api('POST', url, { codes: ['VIP-100', 'VIP-101', 'vip-100 '] });
  assert.equal(dup.statusCode, 400, dup.body);
  assert.deepEqual(
    dup.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [['/codes/2', 'duplicate_code']],
  );
  const bad = await api('POST', url, { codes: ['OK-CODE', 'no spaces'] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].code, 'invalid_code');
  assert.equal(await countRows(ctx.db, 'coupons'), before);

  const ok = await api('POST', url, { codes: ['VIP-100', 'VIP-101'] });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().imported, 2);
  assert.equal(ok.json().series.imported, 2);

  const clash = await api('POST', url, { codes: ['VIP-102', 'vip-101'] });
  assert.equal(clash.statusCode, 409, clash.body);
  assert.equal(clash.json().code, 'coupon_codes_exist');
  assert.deepEqual(
    clash.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [['/codes/1', 'code_exists']],
  );
  assert.equal(await countRows(ctx.db, 'coupons'), before + 2, 'VIP-102 was not imported either');

  const csv = await api('POST', url, { csv: 'code\r\nCSV-001\n"CSV-002",first batch\n\nCSV-003\n' });
  assert.equal(csv.statusCode, 201, csv.body);
  assert.equal(csv.json().imported, 3);
  const csvDup = await api('POST', url, { csv: 'code\nCSV-900\nCSV-900\n' });
  assert.equal(csvDup.statusCode, 400);
  assert.match(csvDup.json().errors[0].message, /line 3.*listed twice.*line 2/);
  assert.equal((await api('POST', url, { codes: [] })).statusCode, 400);
  assert.equal((await api('POST', url, { codes: ['A-1'], csv: 'B-1' })).statusCode, 400);

  // Codes are unique per tenant: another brand may use the same code, and learns nothing about this one.
  const other = await series({}, ctx.b.key);
  const theirs = await api(
    'POST',
    `/v1/coupon-series/${other}/codes:import`,
    { codes: ['VIP-100'] },
    ctx.b.key,
  );
  assert.equal(theirs.statusCode, 201, theirs.body);
  assert.equal((await api('POST', url, { codes: ['X-1-Y'] }, ctx.b.key)).statusCode, 404);

  const codes = await api('GET', `/v1/coupon-series/${id}/codes?limit=4`);
  assert.equal(codes.statusCode, 200);
  assert.deepEqual(
    codes.json().items.map((c: { code: string }) => c.code),
    ['VIP-100', 'VIP-101', 'CSV-001', 'CSV-002'],
  );
  const rest = await api('GET', `/v1/coupon-series/${id}/codes?limit=4&after=${codes.json().next}`);
  assert.deepEqual(
    rest.json().items.map((c: { code: string }) => c.code),
    ['CSV-003'],
  );
  assert.equal(rest.json().next, null);
  assert.equal(codes.json().items[0].minSpend, 2000);
  assert.equal(codes.json().items[0].seriesId, id);
});

test('bulk generation of 2,000 unique codes runs as a job and reports its progress', async () => {
  const id = await series({ maxRedemptions: 1 });
  const asked = await api('POST', `/v1/coupon-series/${id}/generate`, { count: 2000 });
  assert.equal(asked.statusCode, 202, asked.body);
  assert.deepEqual(asked.json().generation, { generated: 0, total: 2000, done: false });
  assert.equal((await api('POST', `/v1/coupon-series/${id}/generate`, { count: 0 })).statusCode, 400);

  await generateBatch(ctx.db, id);
  const partway = await api('GET', `/v1/coupon-series/${id}`);
  assert.deepEqual(partway.json().generation, { generated: 500, total: 2000, done: false });

  await runJobsTick(ctx.db, silent, 'test');
  const done = await api('GET', `/v1/coupon-series/${id}`);
  assert.deepEqual(done.json().generation, { generated: 2000, total: 2000, done: true });
  const rows = await ctx.db
    .selectFrom('coupons')
    .select(['code', 'min_spend'])
    .where('series_id', '=', id)
    .execute();
  assert.equal(rows.length, 2000);
  assert.equal(new Set(rows.map((r) => r.code)).size, 2000, 'every code is unique');
  for (const r of rows) {
    assert.match(r.code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    assert.equal(Number(r.min_spend), 2000);
  }
  const one = rows[0]?.code ?? '';
  const check = await api('POST', '/v1/coupons/validate', {
    code: one.toLowerCase(),
    lines: [{ sku: 'A', quantity: 1, unitPrice: 4000 }],
  });
  assert.equal(check.json().valid, true, check.body);
  assert.equal(check.json().discount, 600);

  // The CLI's path: the total grows without a job and the codes are made here, reporting each batch.
  await ctx.db.transaction().execute((trx) => requestGeneration(trx, undefined, id, 1200, false));
  const seen: number[] = [];
  const final = await generateSeriesCodes(ctx.db, id, (p) => seen.push(p.generated));
  assert.deepEqual(seen, [2500, 3000, 3200]);
  assert.deepEqual(final, { generated: 3200, total: 3200 });
});
