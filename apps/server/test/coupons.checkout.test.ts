import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runJobsTick } from '../src/maintenance.js';
import { issueCoupon } from '../src/modules/coupons/coupons.repository.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/** Checkout operations: validate (every reason, consumes nothing), reserve, redeem (idempotent), release, TTL. */
let ctx: TestContext;
let alice: string;
let bob: string;
before(async () => {
  ctx = await createTestContext();
  alice = (await api('POST', '/v1/members', { firstName: 'Alice' })).json().id;
  bob = (await api('POST', '/v1/members', { firstName: 'Bob' })).json().id;
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const basket = (amount: number, sku = 'SKU-1', category?: string) => [
  { sku, quantity: 1, unitPrice: amount, ...(category ? { category } : {}) },
];
const silent = { info: () => {}, error: () => {} };

/** A series with one imported code; returns the code. */
async function coupon(code: string, terms: Record<string, unknown> = {}): Promise<string> {
  const series = await api('POST', '/v1/coupon-series', {
    name: `Series ${code}`,
    discount: { type: 'amount', value: 1000 },
    validFrom: iso(-DAY),
    validUntil: iso(30 * DAY),
    ...terms,
  });
  assert.equal(series.statusCode, 201, series.body);
  const imported = await api('POST', `/v1/coupon-series/${series.json().id}/codes:import`, { codes: [code] });
  assert.equal(imported.statusCode, 201, imported.body);
  return code;
}

const validate = (code: string, lines: unknown, extra: Record<string, unknown> = {}) =>
  api('POST', '/v1/coupons/validate', { code, lines, ...extra });

async function reasonsOf(
  code: string,
  lines: unknown,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const res = await validate(code, lines, extra);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().reasons as { code: string }[]).map((r) => r.code);
}

test('validate names each reason a coupon cannot be used, and consumes nothing', async () => {
  const good = await coupon('GOOD-1');
  const ok = await validate('good-1', basket(4000));
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), {
    valid: true,
    code: 'GOOD-1',
    discount: 1000,
    lines: [{ index: 0, sku: 'SKU-1', eligibleAmount: 4000, discount: 1000 }],
    reasons: [],
  });

  assert.deepEqual(await reasonsOf('NO-SUCH-CODE', basket(4000)), ['not_found']);
  const otherTenant = await call(ctx.app, ctx.b.key, 'POST', '/v1/coupons/validate', {
    code: good,
    lines: basket(4000),
  });
  assert.deepEqual(
    otherTenant.json().reasons.map((r: { code: string }) => r.code),
    ['not_found'],
    "another tenant's code does not exist here",
  );
  await coupon('OLD-1', { validFrom: iso(-10 * DAY), validUntil: iso(-DAY) });
  assert.deepEqual(await reasonsOf('OLD-1', basket(4000)), ['expired']);
  await coupon('SOON-1', { validFrom: iso(DAY), validUntil: iso(10 * DAY) });
  assert.deepEqual(await reasonsOf('SOON-1', basket(4000)), ['not_yet_valid']);

  await coupon('MIN-50', { minSpend: 5000 });
  const min = await validate('MIN-50', basket(3200));
  assert.equal(min.json().valid, false);
  assert.equal(min.json().reasons[0].code, 'min_spend_not_reached');
  assert.match(min.json().reasons[0].message, /€50\.00 not reached \(basket €32\.00\)/);
  assert.equal((await validate('MIN-50', basket(5000))).json().valid, true);

  await coupon('SHOES-1', { skus: ['SHOE'], categories: ['shoes'] });
  assert.deepEqual(await reasonsOf('SHOES-1', basket(4000, 'HAT', 'hats')), ['not_applicable']);
  assert.deepEqual(await reasonsOf('SHOES-1', basket(4000, 'BOOT', 'shoes')), []);

  await coupon('ALICE-1', { memberId: alice });
  assert.deepEqual(await reasonsOf('ALICE-1', basket(4000), { memberId: bob }), ['other_member']);
  assert.deepEqual(await reasonsOf('ALICE-1', basket(4000)), ['member_required']);
  assert.deepEqual(await reasonsOf('ALICE-1', basket(4000), { memberId: alice }), []);

  const reserved = await api('POST', '/v1/coupons/reserve', {
    code: good,
    lines: basket(4000),
    checkoutId: 'web-1',
  });
  assert.equal(reserved.statusCode, 201, reserved.body);
  assert.deepEqual(await reasonsOf(good, basket(4000)), ['reserved']);
  // The reserving checkout itself sees the coupon as usable.
  assert.deepEqual(await reasonsOf(good, basket(4000), { reservationId: reserved.json().reservationId }), []);

  const before = [
    await countRows(ctx.db, 'coupon_reservations'),
    await countRows(ctx.db, 'coupon_redemptions'),
  ];
  for (let i = 0; i < 3; i++) await validate('GOOD-1', basket(4000));
  assert.deepEqual(
    [await countRows(ctx.db, 'coupon_reservations'), await countRows(ctx.db, 'coupon_redemptions')],
    before,
    'validate writes nothing',
  );

  const redeemed = await api('POST', '/v1/coupons/redeem', {
    code: good,
    lines: basket(4000),
    orderId: 'ORDER-GOOD',
    reservationId: reserved.json().reservationId,
  });
  assert.equal(redeemed.statusCode, 201, redeemed.body);
  assert.deepEqual(await reasonsOf(good, basket(4000)), ['already_used']);
  // Several reasons at once are all reported.
  await coupon('MULTI-1', {
    memberId: alice,
    minSpend: 5000,
    skus: ['SHOE'],
    validFrom: iso(-10 * DAY),
    validUntil: iso(-DAY),
  });
  assert.deepEqual(await reasonsOf('MULTI-1', basket(100, 'X'), { memberId: bob }), [
    'other_member',
    'expired',
    'min_spend_not_reached',
    'not_applicable',
  ]);
});

test('reserve, redeem (idempotent by order) and release by reservation or order', async () => {
  const code = await coupon('FLOW-1', { discount: { type: 'amount', value: 500 } });
  const reserve = (checkoutId: string) =>
    api('POST', '/v1/coupons/reserve', { code, lines: basket(2000), checkoutId, memberId: alice });
  const first = await reserve('pos-1');
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().discount, 500);
  const again = await reserve('pos-1');
  assert.equal(again.json().reservationId, first.json().reservationId, 'same checkout, same reservation');
  const elsewhere = await reserve('pos-2');
  assert.equal(elsewhere.statusCode, 409);
  assert.equal(elsewhere.json().code, 'coupon_reserved');
  assert.deepEqual(
    elsewhere.json().reasons.map((r: { code: string }) => r.code),
    ['reserved'],
  );

  const released = await api('POST', '/v1/coupons/release', { reservationId: first.json().reservationId });
  assert.equal(released.statusCode, 200, released.body);
  assert.equal(released.json().reservation.status, 'released');
  const releasedAgain = await api('POST', '/v1/coupons/release', {
    reservationId: first.json().reservationId,
  });
  assert.equal(releasedAgain.json().reservation.status, 'released');

  const second = await reserve('pos-2');
  assert.equal(second.statusCode, 201, second.body);
  const redeem = (orderId: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/v1/coupons/redeem', { code, lines: basket(2000), orderId, memberId: alice, ...extra });
  const redeemed = await redeem('ORDER-1', { reservationId: second.json().reservationId });
  assert.equal(redeemed.statusCode, 201, redeemed.body);
  assert.equal(redeemed.json().discount, 500);
  assert.equal(redeemed.json().reservationId, second.json().reservationId);
  const replay = await redeem('ORDER-1');
  assert.equal(replay.statusCode, 200);
  assert.deepEqual(replay.json(), redeemed.json(), 'the same redemption again answers the same');
  const other = await redeem('ORDER-2');
  assert.equal(other.statusCode, 409);
  assert.equal(other.json().code, 'coupon_already_used');
  const reservations = await ctx.db.selectFrom('coupon_reservations').select(['id', 'status']).execute();
  assert.equal(reservations.find((r) => r.id === second.json().reservationId)?.status, 'redeemed');
  const toRelease = await api('POST', '/v1/coupons/release', { reservationId: second.json().reservationId });
  assert.equal(toRelease.statusCode, 409);
  assert.equal(toRelease.json().code, 'reservation_redeemed');

  // The order is cancelled: the use comes back, and cancelling again changes nothing.
  const undo = await api('POST', '/v1/coupons/release', { orderId: 'ORDER-1' });
  assert.equal(undo.statusCode, 200, undo.body);
  assert.equal(undo.json().redemptions.length, 1);
  assert.equal(undo.json().redemptions[0].status, 'reversed');
  const undoAgain = await api('POST', '/v1/coupons/release', { orderId: 'ORDER-1' });
  assert.equal(undoAgain.json().redemptions[0].status, 'reversed');
  const row = await ctx.db
    .selectFrom('coupons')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(row.redemptions, 0);
  assert.equal(row.status, 'issued');
  assert.equal((await redeem('ORDER-2')).statusCode, 201, 'usable again after the cancellation');

  const unknown = await api('POST', '/v1/coupons/release', { orderId: 'NEVER' });
  assert.equal(unknown.statusCode, 404);
  const both = await api('POST', '/v1/coupons/release', {
    orderId: 'ORDER-2',
    reservationId: first.json().reservationId,
  });
  assert.equal(both.statusCode, 400);
  const missing = await api('POST', '/v1/coupons/redeem', {
    code: 'NOPE-NOPE',
    lines: basket(100),
    orderId: 'X',
  });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'coupon_not_found');
  const invalid = await api('POST', '/v1/coupons/reserve', {
    code: 'MIN-50',
    lines: basket(100),
    checkoutId: 'c',
  });
  assert.equal(invalid.statusCode, 422);
  assert.equal(invalid.json().code, 'coupon_min_spend_not_reached');
});

test('an expired reservation frees the coupon, and the job marks it expired', async () => {
  const code = await coupon('TTL-1');
  const held = await api('POST', '/v1/coupons/reserve', {
    code,
    lines: basket(2000),
    checkoutId: 'a',
    ttlSeconds: 1,
  });
  assert.equal(held.statusCode, 201, held.body);
  assert.deepEqual(await reasonsOf(code, basket(2000)), ['reserved']);
  await sleep(1100);
  assert.deepEqual(await reasonsOf(code, basket(2000)), [], 'a lapsed reservation holds nothing');
  await runJobsTick(ctx.db, silent, 'test');
  const row = await ctx.db
    .selectFrom('coupon_reservations')
    .select('status')
    .where('id', '=', held.json().reservationId)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'expired');
  const taken = await api('POST', '/v1/coupons/reserve', { code, lines: basket(2000), checkoutId: 'b' });
  assert.equal(taken.statusCode, 201, taken.body);
});

test('multi-use codes: limits per member and in total', async () => {
  const code = await coupon('SPRING', { maxRedemptions: 3, maxPerMember: 2 });
  const carol = (await api('POST', '/v1/members', { firstName: 'Carol' })).json().id;
  const redeem = (orderId: string, memberId?: string) =>
    api('POST', '/v1/coupons/redeem', {
      code,
      lines: basket(2000),
      orderId,
      ...(memberId ? { memberId } : {}),
    });
  assert.equal((await redeem('S-1', alice)).statusCode, 201);
  assert.equal((await redeem('S-2', alice)).statusCode, 201);
  const third = await redeem('S-3', alice);
  assert.equal(third.statusCode, 409);
  assert.equal(third.json().code, 'coupon_member_limit_reached');
  const anonymous = await redeem('S-4');
  assert.equal(anonymous.statusCode, 422);
  assert.equal(anonymous.json().code, 'coupon_member_required');
  assert.equal((await redeem('S-5', bob)).statusCode, 201);
  const full = await redeem('S-6', carol);
  assert.equal(full.statusCode, 409);
  assert.equal(full.json().code, 'coupon_already_used');
  const row = await ctx.db
    .selectFrom('coupons')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(row.redemptions, 3);
  assert.equal(row.status, 'redeemed');

  const unlimited = await coupon('WELCOME', { maxRedemptions: null });
  for (let i = 0; i < 5; i++) {
    const r = await api('POST', '/v1/coupons/redeem', {
      code: unlimited,
      lines: basket(2000),
      orderId: `W-${i}`,
    });
    assert.equal(r.statusCode, 201, r.body);
  }
});

test('the discount is computed on the matching SKUs and categories only, never above their worth', async () => {
  await coupon('TENPC', {
    discount: { type: 'percent', value: 10 },
    skus: ['SHOE-1'],
    categories: ['socks'],
  });
  const lines = [
    { sku: 'SHOE-1', quantity: 2, unitPrice: 5000 },
    { sku: 'SOCK-9', category: 'socks', quantity: 1, unitPrice: 999 },
    { sku: 'HAT-2', category: 'hats', quantity: 1, unitPrice: 2000 },
  ];
  const res = await validate('TENPC', lines);
  assert.equal(res.json().valid, true);
  assert.deepEqual(
    res.json().lines.map((l: { eligibleAmount: number; discount: number }) => [l.eligibleAmount, l.discount]),
    [
      [10000, 1000],
      [999, 99],
      [0, 0],
    ],
  );
  assert.equal(res.json().discount, 1099);

  await coupon('BIGFIX', { discount: { type: 'amount', value: 5000 }, categories: ['socks'] });
  const capped = await validate('BIGFIX', lines);
  assert.equal(capped.json().discount, 999, 'a fixed amount never exceeds the eligible lines');
  assert.deepEqual(
    capped.json().lines.map((l: { discount: number }) => l.discount),
    [0, 999, 0],
  );

  await coupon('SPLIT', { discount: { type: 'amount', value: 1000 } });
  const split = await validate('SPLIT', [
    { sku: 'A', quantity: 1, unitPrice: 1000 },
    { sku: 'B', quantity: 1, unitPrice: 1000, discount: 500 },
    { sku: 'C', quantity: 1, unitPrice: 1000 },
  ]);
  const parts = split.json().lines.map((l: { discount: number }) => l.discount);
  assert.equal(
    parts.reduce((a: number, b: number) => a + b, 0),
    1000,
  );
  assert.deepEqual(
    parts,
    [400, 200, 400],
    'shared in proportion to what each line is worth after its own discount',
  );
});

test('a coupon issued by a rule (single use, personal) works at the checkout', async () => {
  const issued = await issueCoupon(ctx.db, {
    tenantId: ctx.a.tenantId,
    programId: ctx.a.program.id,
    memberId: alice,
    name: 'Birthday 5',
    discountType: 'amount',
    discountValue: 500,
    minSpend: 0,
    validFrom: new Date(Date.now() - DAY),
    validUntil: new Date(Date.now() + DAY),
    source: 'rule:test',
  });
  assert.deepEqual(await reasonsOf(issued.code, basket(300), { memberId: bob }), ['other_member']);
  const redeem = (orderId: string) =>
    api('POST', '/v1/coupons/redeem', { code: issued.code, lines: basket(300), orderId, memberId: alice });
  const first = await redeem('BDAY-1');
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().discount, 300, 'never more than the basket');
  assert.equal((await redeem('BDAY-2')).json().code, 'coupon_already_used');
  const listed = await api('GET', `/v1/members/${alice}/coupons`);
  const mine = listed.json().items.find((c: { code: string }) => c.code === issued.code);
  assert.equal(mine.status, 'redeemed');
  assert.equal(mine.redemptions, 1);
});
