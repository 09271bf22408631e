import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_POLICY } from '../src/modules/ledger/policy.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
  const res = await call(ctx.app, ctx.a.key, 'PUT', `/v1/programs/${ctx.a.program.id}/ledger-policy`, {
    ...DEFAULT_POLICY,
    excludedSkus: ['GIFTCARD'],
    excludedCategories: ['tobacco'],
  });
  assert.equal(res.statusCode, 200, res.body);
});
after(() => ctx.close());

const member = async () =>
  (await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { firstName: 'Tx' })).json().id as string;

function purchase(memberId: string | undefined, lines: object[], extra: object = {}) {
  seq++;
  return {
    externalId: `A-${1000 + seq}`,
    ...(memberId ? { memberId } : {}),
    occurredAt: new Date().toISOString(),
    channel: 'pos',
    storeId: 'berlin-1',
    currency: 'EUR',
    lines,
    paymentMethod: 'card',
    ...extra,
  };
}

test('a purchase awards points per line with explanations; excluded lines earn nothing', async () => {
  const id = await member();
  const res = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(id, [
      { sku: 'SHOE-1', name: 'Runner', category: 'shoes', quantity: 1, unitPrice: 8999, discount: 1000 },
      { sku: 'SOCK-3', category: 'socks', quantity: 3, unitPrice: 499 },
      { sku: 'GIFTCARD', quantity: 1, unitPrice: 5000 },
      { sku: 'CIG', category: 'tobacco', quantity: 1, unitPrice: 800 },
    ]),
  );
  assert.equal(res.statusCode, 201, res.body);
  const tx = res.json();
  assert.deepEqual(tx.totals, { subtotal: 8999 + 1497 + 5000 + 800, discount: 1000, total: 15296 });
  assert.equal(tx.points.awarded, 94); // floor((7999 + 1497) / 100)
  assert.deepEqual(
    tx.lines.map((l: { points: number }) => l.points),
    [79, 15, 0, 0], // 94 × 7999/9496 = 79.18, 94 × 1497/9496 = 14.82: the larger remainder gets the spare point
  );
  assert.match(tx.lines[2].explanation, /SKU GIFTCARD does not earn points/);
  assert.match(tx.lines[3].explanation, /category tobacco does not earn points/);
  assert.match(tx.explanation, /\+94 points for purchase A-\d+/);
  const balance = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}/balance`)).json().wallets[0];
  assert.equal(balance.available, 94);
});

test('the same externalId posted 20 times in parallel: one transaction, one credit, 20 identical responses', async () => {
  const id = await member();
  const body = purchase(id, [{ sku: 'X', quantity: 2, unitPrice: 2550 }]);
  const results = await Promise.all(
    Array.from({ length: 20 }, () => call(ctx.app, ctx.a.key, 'POST', '/v1/transactions', body)),
  );
  for (const r of results) assert.equal(r.statusCode, 201, r.body);
  assert.equal(new Set(results.map((r) => r.body)).size, 1, 'all responses are identical');
  const rows = await ctx.db
    .selectFrom('transactions')
    .select('id')
    .where('external_id', '=', body.externalId)
    .execute();
  assert.equal(rows.length, 1);
  const journals = await ctx.db
    .selectFrom('ledger_journals')
    .select('id')
    .where('member_id', '=', id)
    .execute();
  assert.equal(journals.length, 1);
  const balance = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}/balance`)).json().wallets[0];
  assert.equal(balance.balance, 51);
  const other = await call(ctx.app, ctx.a.key, 'POST', '/v1/transactions', { ...body, channel: 'web' });
  assert.equal(other.statusCode, 409);
  assert.equal(other.json().code, 'transaction_exists');
});

test('a purchase without a member is kept and can be claimed once', async () => {
  const res = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(undefined, [{ sku: 'Y', quantity: 1, unitPrice: 1200 }]),
  );
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().memberId, null);
  assert.equal(res.json().points.awarded, 0);
  const id = await member();
  const claim = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${res.json().id}/claim`, {
    memberId: id,
  });
  assert.equal(claim.statusCode, 200, claim.body);
  assert.equal(claim.json().points.awarded, 12);
  assert.ok(claim.json().claimedAt);
  const again = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${res.json().id}/claim`, {
    memberId: await member(),
  });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'already_claimed');
});

test('a claim after the claim window is refused', async () => {
  const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const res = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(undefined, [{ sku: 'Z', quantity: 1, unitPrice: 500 }], { occurredAt: old }),
  );
  const claim = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${res.json().id}/claim`, {
    memberId: await member(),
  });
  assert.equal(claim.statusCode, 409);
  assert.equal(claim.json().code, 'claim_window_closed');
});

test('purchases are found by identity and validated against the program', async () => {
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { email: 'buyer@example.com' });
  const byEmail = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(undefined, [{ sku: 'Q', quantity: 1, unitPrice: 300 }], {
      identity: { type: 'email', value: 'BUYER@example.com' },
    }),
  );
  assert.equal(byEmail.statusCode, 201);
  assert.equal(byEmail.json().memberId, res.json().id);
  const usd = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(res.json().id, [{ sku: 'Q', quantity: 1, unitPrice: 300 }], { currency: 'USD' }),
  );
  assert.equal(usd.json().code, 'currency_mismatch');
  const totals = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(res.json().id, [{ sku: 'Q', quantity: 1, unitPrice: 300 }], {
      totals: { subtotal: 300, total: 200 },
    }),
  );
  assert.equal(totals.json().code, 'totals_mismatch');
  const discount = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchase(res.json().id, [{ sku: 'Q', quantity: 1, unitPrice: 300, discount: 301 }]),
  );
  assert.equal(discount.statusCode, 400);
  assert.equal(discount.json().errors[0].field, '/lines/0/discount');
  const foreign = await call(ctx.app, ctx.b.key, 'POST', '/v1/transactions', {
    ...purchase(res.json().id, [{ sku: 'Q', quantity: 1, unitPrice: 300 }]),
    currency: 'GBP',
  });
  assert.equal(foreign.statusCode, 404);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
