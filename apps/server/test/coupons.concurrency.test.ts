import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/database.js';

/**
 * Redeem and reserve lock the coupon row before they check its uses, so racing checkouts are serialised on it.
 * (PostgreSQL only: PGlite runs one query at a time, so nothing would race.)
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const lines = [{ sku: 'S', quantity: 1, unitPrice: 5000 }];

async function singleUse(code: string): Promise<string> {
  const series = await api('POST', '/v1/coupon-series', {
    name: 'One shot',
    discount: { type: 'amount', value: 1000 },
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
  });
  assert.equal(series.statusCode, 201, series.body);
  const imported = await api('POST', `/v1/coupon-series/${series.json().id}/codes:import`, { codes: [code] });
  assert.equal(imported.statusCode, 201, imported.body);
  return code;
}

async function couponRow(code: string) {
  return ctx.db.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

test('a single-use coupon redeemed 20 times in parallel succeeds exactly once', {
  skip: !onPostgres,
}, async () => {
  const code = await singleUse('RACE-ONCE');
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api('POST', '/v1/coupons/redeem', { code, lines, orderId: `ORDER-${i}` }),
    ),
  );
  const statuses = responses.map((r) => r.statusCode);
  assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 409).length, 19, `statuses: ${statuses.join(',')}`);
  for (const r of responses.filter((x) => x.statusCode === 409))
    assert.equal(r.json().code, 'coupon_already_used');
  const row = await couponRow(code);
  const redemptions = await ctx.db
    .selectFrom('coupon_redemptions')
    .selectAll()
    .where('coupon_id', '=', row.id)
    .execute();
  assert.equal(redemptions.length, 1);
  assert.equal(row.redemptions, 1);
  assert.equal(row.status, 'redeemed');
});

test('the same order redeemed 10 times in parallel is one redemption, answered alike', {
  skip: !onPostgres,
}, async () => {
  const code = await singleUse('RACE-SAME');
  const responses = await Promise.all(
    Array.from({ length: 10 }, () =>
      api('POST', '/v1/coupons/redeem', { code, lines, orderId: 'ORDER-SAME' }),
    ),
  );
  for (const r of responses) assert.ok([200, 201].includes(r.statusCode), r.body);
  assert.equal(responses.filter((r) => r.statusCode === 201).length, 1);
  assert.equal(new Set(responses.map((r) => r.json().redemptionId)).size, 1);
  assert.equal((await couponRow(code)).redemptions, 1);
});

test('20 checkouts reserving a single-use coupon at once: one holds it', { skip: !onPostgres }, async () => {
  const code = await singleUse('RACE-HOLD');
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api('POST', '/v1/coupons/reserve', { code, lines, checkoutId: `c-${i}` }),
    ),
  );
  assert.equal(responses.filter((r) => r.statusCode === 201).length, 1);
  assert.equal(responses.filter((r) => r.statusCode === 409).length, 19);
  const live = await ctx.db
    .selectFrom('coupon_reservations')
    .select('id')
    .where('coupon_id', '=', (await couponRow(code)).id)
    .where('status', '=', 'active')
    .execute();
  assert.equal(live.length, 1);
});
