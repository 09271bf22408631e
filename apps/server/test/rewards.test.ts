import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { credit } from '../src/modules/ledger/credit.js';
import { ledgerScope } from '../src/modules/ledger/ledger.service.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Rewards catalog: validated definitions, every reward type redeemed with its ledger debit and artefact,
 * cancellation back to the very lots that paid, the "what can I get and why not" listing, limits, and refusals
 * that write nothing.
 */
let ctx: TestContext;
let p: Program;
before(async () => {
  ctx = await createTestContext();
  const res = await api('POST', '/v1/programs', {
    slug: 'rewards',
    name: 'Rewards club',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  assert.equal(res.statusCode, 201, res.body);
  p = await getProgram(ctx.db, ctx.a.tenantId, res.json().id);
  const tiers = await api('PUT', `/v1/programs/${p.id}/tiers`, {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: [
      { code: 'green', name: 'Green', rank: 0 },
      { code: 'gold', name: 'Gold', rank: 1, qualification: { spend: 1_000_000 } },
    ],
  });
  assert.equal(tiers.statusCode, 200, tiers.body);
  const wallet = await api('PUT', `/v1/programs/${p.id}/wallets/credit`, {
    name: 'Store credit',
    kind: 'money',
  });
  assert.equal(wallet.statusCode, 200, wallet.body);
});
after(() => ctx.close());

function api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return call(ctx.app, ctx.a.key, method, url, body, headers);
}

let seq = 0;
const DAY = 86_400_000;

/** A member of the rewards program holding the given lots (points, days until they expire). */
async function member(lots: [number, number][] = []): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `Member ${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const scope = await ledgerScope(ctx.db, p);
  for (const [amount, days] of lots) {
    const now = new Date();
    await credit(ctx.db, scope, {
      wallet: { memberId: id, code: 'points', unit: 'points' },
      amount,
      kind: 'adjust_credit',
      counter: 'adjustments',
      occurredAt: now,
      availableAt: now,
      expiresAt: new Date(now.getTime() + days * DAY),
      explanation: 'test lot',
    });
  }
  return id;
}

async function reward(body: Record<string, unknown>): Promise<string> {
  const res = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: `r-${++seq}`,
    name: `Reward ${seq}`,
    ...body,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

const redeem = (m: string, r: string, body: object = {}, headers: Record<string, string> = {}) =>
  api('POST', `/v1/members/${m}/rewards/${r}/redeem`, body, headers);

const wallets = async (m: string) => {
  const res = await api('GET', `/v1/members/${m}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return new Map(
    (res.json().wallets as { wallet: string; available: number }[]).map((w) => [w.wallet, w.available]),
  );
};

async function lotsOf(m: string): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('ledger_lots')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_lots.account_id')
    .select(['ledger_lots.remaining', 'ledger_lots.expires_at'])
    .where('ledger_accounts.member_id', '=', m)
    .where('ledger_accounts.code', '=', 'points')
    .orderBy('ledger_lots.expires_at')
    .execute();
  return rows.map((r) => Number(r.remaining));
}

test('catalog: definitions are validated with field-level errors; create, list, get and replace', async () => {
  const bad = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: 'gift',
    name: 'Gift card',
    type: 'store_credit',
    cost: 500,
    validFrom: '2030-01-01T00:00:00Z',
    validUntil: '2029-01-01T00:00:00Z',
    prices: [{ cost: 100 }],
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().code, 'validation_failed');
  assert.deepEqual((bad.json().errors as { field: string }[]).map((e) => e.field).sort(), [
    '/prices/0',
    '/validUntil',
    '/value/amount',
    '/value/wallet',
  ]);
  const notMoney = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: 'gift',
    name: 'Gift card',
    type: 'cashback',
    cost: 500,
    value: { amount: 1000, wallet: 'points' },
  });
  assert.equal(notMoney.json().errors[0].code, 'not_a_money_wallet');
  const badType = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: 'x',
    name: 'X',
    type: 'car',
    cost: 1,
  });
  assert.equal(badType.statusCode, 400);
  assert.equal(badType.json().errors[0].field, '/type');
  assert.equal(await countRows(ctx.db, 'rewards'), 0, 'rejected definitions wrote nothing');

  const id = await reward({ code: 'ten-off', type: 'amount_discount', cost: 500, value: { amount: 1000 } });
  const dup = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: 'ten-off',
    name: 'Again',
    type: 'free_shipping',
    cost: 10,
  });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().errors[0].field, '/code');
  const put = await api('PUT', `/v1/rewards/${id}`, {
    code: 'ten-off',
    name: '$10 off',
    type: 'amount_discount',
    cost: 450,
    value: { amount: 1000 },
    stock: { total: 3 },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().version, 2);
  assert.deepEqual(put.json().stock, {
    total: 3,
    redeemed: 0,
    remaining: 3,
    perMember: null,
    perPeriod: null,
  });
  const got = await api('GET', `/v1/rewards/${id}`);
  assert.equal(got.json().cost, 450);
  const list = await api('GET', `/v1/rewards?programId=${p.id}`);
  assert.ok(list.json().items.some((r: { id: string }) => r.id === id));
  const other = await call(ctx.app, ctx.b.key, 'GET', `/v1/rewards/${id}`);
  assert.equal(other.statusCode, 404, 'another tenant does not see the reward');
  await api('PUT', `/v1/rewards/${id}`, {
    code: 'ten-off',
    name: 'off',
    type: 'amount_discount',
    cost: 1,
    value: { amount: 1 },
    status: 'inactive',
  });
});

test('every reward type: the points are debited once and the right artefact is issued', async () => {
  const m = await member([[10_000, 365]]);
  const cases: [Record<string, unknown>, 'coupon' | 'credit' | 'fulfilment'][] = [
    [{ type: 'amount_discount', cost: 60, value: { amount: 200 } }, 'coupon'],
    [{ type: 'percent_discount', cost: 100, value: { percent: 15, minSpend: 2000 } }, 'coupon'],
    [{ type: 'free_product', cost: 200, value: { sku: 'LATTE' } }, 'coupon'],
    [{ type: 'free_shipping', cost: 25 }, 'coupon'],
    [{ type: 'store_credit', cost: 500, value: { amount: 1000, wallet: 'credit' } }, 'credit'],
    [{ type: 'cashback', cost: 100, value: { amount: 500, wallet: 'credit' } }, 'credit'],
    [{ type: 'experience', cost: 2500, value: { event: 'Roastery tour' } }, 'fulfilment'],
    [{ type: 'charity', cost: 300, value: { charity: 'Food bank', amount: 300 } }, 'fulfilment'],
    [{ type: 'physical', cost: 400, value: { sku: 'MUG-1' } }, 'fulfilment'],
  ];
  let spent = 0;
  for (const [body, artefact] of cases) {
    const r = await reward(body);
    const res = await redeem(m, r, { shippingAddress: { city: 'Berlin' } });
    assert.equal(res.statusCode, 201, `${body.type}: ${res.body}`);
    const dto = res.json();
    spent += body.cost as number;
    assert.equal(dto.cost, body.cost);
    assert.equal(dto.status, 'issued');
    assert.equal(dto.coupon !== null, artefact === 'coupon', `${body.type} coupon`);
    assert.equal(dto.credit !== null, artefact === 'credit', `${body.type} credit`);
    assert.equal(dto.fulfilment !== null, artefact === 'fulfilment', `${body.type} fulfilment`);
    if (artefact === 'fulfilment') assert.equal(dto.fulfilment.status, 'ordered');
    assert.equal((await wallets(m)).get('points'), 10_000 - spent, `${body.type} debit`);
  }
  assert.equal(
    (await wallets(m)).get('credit'),
    1500,
    'store credit and cashback landed in the money wallet',
  );
  const coupons = (await api('GET', `/v1/members/${m}/coupons`)).json().items as {
    discount: { type: string; value: number };
    minSpend: number;
    skus: string[];
    categories: string[];
    maxRedemptions: number;
  }[];
  assert.deepEqual(
    coupons
      .map(
        (c) =>
          `${c.discount.type} ${c.discount.value} min ${c.minSpend} [${c.skus}] [${c.categories}] x${c.maxRedemptions}`,
      )
      .sort(),
    [
      'amount 200 min 0 [] [] x1',
      'percent 100 min 0 [LATTE] [] x1',
      'percent 100 min 0 [] [shipping] x1',
      'percent 15 min 2000 [] [] x1',
    ],
    'one single-use coupon per discount-type reward',
  );
  const charity = (await api('GET', `/v1/members/${m}/redemptions`))
    .json()
    .items.find((x: { type: string }) => x.type === 'charity');
  assert.deepEqual(charity.fulfilment.details, { charity: 'Food bank', amount: 300, onBehalfOf: m });
});

test('cancelling a redemption returns the points to the lots that paid and voids the coupon', async () => {
  const m = await member([
    [100, 10],
    [500, 100],
  ]);
  const r = await reward({
    type: 'percent_discount',
    cost: 300,
    value: { percent: 20 },
    stock: { total: 2 },
  });
  const res = await redeem(m, r);
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(await lotsOf(m), [0, 300], 'the soonest-expiring lot paid first');
  assert.equal((await api('GET', `/v1/rewards/${r}`)).json().stock.redeemed, 1);
  const id = res.json().id as string;
  const cancel = await api('POST', `/v1/redemptions/${id}/cancel`, {});
  assert.equal(cancel.statusCode, 200, cancel.body);
  assert.equal(cancel.json().status, 'cancelled');
  assert.equal(cancel.json().coupon.status, 'void');
  assert.ok(cancel.json().restoreJournalId);
  assert.deepEqual(await lotsOf(m), [100, 500], 'each lot got back exactly what it gave');
  assert.equal((await api('GET', `/v1/rewards/${r}`)).json().stock.redeemed, 0, 'the unit is back in stock');
  const again = await api('POST', `/v1/redemptions/${id}/cancel`, {});
  assert.equal(again.statusCode, 200);
  assert.deepEqual(await lotsOf(m), [100, 500], 'a second cancel changes nothing');
});

test('store credit: cancelling takes the credit back; once spent, the cancellation is refused', async () => {
  const m = await member([[1000, 100]]);
  const r = await reward({ type: 'store_credit', cost: 500, value: { amount: 1000, wallet: 'credit' } });
  const first = (await redeem(m, r)).json();
  const cancel = await api('POST', `/v1/redemptions/${first.id}/cancel`, {});
  assert.equal(cancel.statusCode, 200, cancel.body);
  const w = await wallets(m);
  assert.equal(w.get('points'), 1000);
  assert.equal(w.get('credit'), 0);
  const second = (await redeem(m, r)).json();
  const spend = await api('POST', `/v1/members/${m}/points/spend`, { amount: 600, wallet: 'credit' });
  assert.equal(spend.statusCode, 201, spend.body);
  const refused = await api('POST', `/v1/redemptions/${second.id}/cancel`, {});
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().code, 'reward_already_used');
  assert.equal((await wallets(m)).get('points'), 500, 'a refused cancellation returned nothing');
});

test('physical fulfilment: ordered → shipped → delivered, audited; delivered cannot be cancelled', async () => {
  const m = await member([[2000, 100]]);
  const r = await reward({ type: 'physical', cost: 400, value: { sku: 'TUMBLER' } });
  const red = (await redeem(m, r, { shippingAddress: { line1: 'Main St 1' } })).json();
  const skip = await api('POST', `/v1/redemptions/${red.id}/fulfilment`, { status: 'delivered' });
  assert.equal(skip.statusCode, 409);
  assert.equal(skip.json().code, 'invalid_fulfilment_transition');
  const shipped = await api('POST', `/v1/redemptions/${red.id}/fulfilment`, {
    status: 'shipped',
    trackingNumber: 'DHL123',
  });
  assert.equal(shipped.statusCode, 200, shipped.body);
  assert.equal(shipped.json().fulfilment.details.trackingNumber, 'DHL123');
  const delivered = await api('POST', `/v1/redemptions/${red.id}/fulfilment`, { status: 'delivered' });
  assert.deepEqual(
    delivered.json().fulfilment.history.map((h: { status: string }) => h.status),
    ['ordered', 'shipped', 'delivered'],
  );
  const audit = await ctx.db
    .selectFrom('audit_log')
    .select('action')
    .where('subject_id', '=', red.id)
    .orderBy('created_at')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['reward_fulfilment.shipped', 'reward_fulfilment.delivered'],
  );
  const cancel = await api('POST', `/v1/redemptions/${red.id}/cancel`, {});
  assert.equal(cancel.statusCode, 409);
  assert.equal(cancel.json().code, 'reward_already_delivered');

  const other = (await redeem(m, r)).json();
  const cancelled = await api('POST', `/v1/redemptions/${other.id}/fulfilment`, { status: 'cancelled' });
  assert.equal(cancelled.json().status, 'cancelled');
  assert.equal(cancelled.json().fulfilment.status, 'cancelled');
  assert.equal(
    (await wallets(m)).get('points'),
    1600,
    'the cancelled item was refunded, the delivered one not',
  );
});

test('the member listing says which rewards are available, at what price, and why not the others', async () => {
  const green = await member([[320, 100]]);
  const gold = await member([[320, 100]]);
  assert.equal(
    (await api('PUT', `/v1/members/${gold}/tier`, { tier: 'gold', reason: 'test' })).statusCode,
    200,
  );
  const tomorrow = new Date(Date.now() + DAY).toISOString();
  const hidden = await reward({ type: 'free_shipping', cost: 1, status: 'inactive' });
  const ids = {
    cheap: await reward({
      type: 'free_shipping',
      cost: 100,
      stock: { perMember: { count: 1, period: 'month' } },
    }),
    dear: await reward({ type: 'amount_discount', cost: 500, value: { amount: 1000 } }),
    goldOnly: await reward({ type: 'experience', cost: 200, eligibility: { tiers: ['gold'] } }),
    goldPrice: await reward({
      type: 'percent_discount',
      cost: 400,
      value: { percent: 10 },
      prices: [{ tier: 'gold', cost: 250 }],
    }),
    soldOut: await reward({ type: 'physical', cost: 10, stock: { total: 0 } }),
    later: await reward({ type: 'free_shipping', cost: 10, validFrom: tomorrow }),
    tenure: await reward({ type: 'free_shipping', cost: 10, eligibility: { minTenureDays: 30 } }),
  };
  assert.equal((await redeem(green, ids.cheap)).statusCode, 201);
  const listing = async (m: string) => {
    const res = await api('GET', `/v1/members/${m}/rewards`);
    assert.equal(res.statusCode, 200, res.body);
    return new Map(
      (
        res.json().items as {
          reward: { id: string };
          available: boolean;
          price: number;
          reasons: { code: string; message: string }[];
        }[]
      ).map((i) => [i.reward.id, i]),
    );
  };
  const g = await listing(green);
  for (const id of Object.values(ids)) assert.ok(g.has(id), 'every active reward is listed');
  assert.equal(g.has(hidden), false, 'inactive rewards are not listed');
  const why = (id: string) => g.get(id)?.reasons.map((r) => r.message);
  assert.deepEqual(why(ids.dear), ['Not enough points: needs 500, has 220']);
  assert.deepEqual(why(ids.goldOnly), ['Requires tier gold; member is green']);
  assert.deepEqual(why(ids.soldOut), ['Out of stock']);
  assert.deepEqual(why(ids.cheap), ['Limit 1 per month reached']);
  assert.equal(g.get(ids.later)?.reasons[0]?.code, 'not_yet_valid');
  assert.equal(g.get(ids.tenure)?.reasons[0]?.code, 'min_tenure');
  assert.equal(g.get(ids.goldPrice)?.price, 400);
  assert.equal(g.get(ids.goldPrice)?.available, false);

  const o = await listing(gold);
  assert.equal(o.get(ids.goldOnly)?.available, true);
  assert.deepEqual(o.get(ids.goldPrice)?.reasons, []);
  assert.equal(o.get(ids.goldPrice)?.price, 250, 'gold members pay the gold price');
  assert.equal(o.get(ids.cheap)?.available, true);
  const paid = await redeem(gold, ids.goldPrice);
  assert.equal(paid.json().cost, 250);
  assert.equal((await wallets(gold)).get('points'), 70);
});

test('per-member limit: the second redemption is refused with the reason, the first stands', async () => {
  const m = await member([[1000, 100]]);
  const r = await reward({
    type: 'free_shipping',
    cost: 100,
    stock: { perMember: { count: 1, period: 'lifetime' } },
  });
  assert.equal((await redeem(m, r)).statusCode, 201);
  const second = await redeem(m, r);
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().code, 'reward_unavailable');
  assert.deepEqual(second.json().reasons, [
    { code: 'member_limit_reached', message: 'Limit 1 in total reached' },
  ]);
  assert.equal((await wallets(m)).get('points'), 900);
});

test('insufficient points: 409 insufficient_points with the figures, and nothing is written', async () => {
  const m = await member([[320, 100]]);
  const r = await reward({
    type: 'amount_discount',
    cost: 500,
    value: { amount: 1000 },
    stock: { total: 5 },
  });
  const tables = [
    'reward_redemptions',
    'coupons',
    'ledger_journals',
    'ledger_lot_movements',
    'audit_log',
  ] as const;
  const before = await Promise.all(tables.map((t) => countRows(ctx.db, t)));
  const res = await redeem(m, r);
  assert.equal(res.statusCode, 409);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const problem = res.json();
  assert.equal(problem.code, 'insufficient_points');
  assert.equal(problem.requested, 500);
  assert.equal(problem.available, 320);
  assert.match(problem.detail, /costs 500 points; the member has 320 available/);
  assert.deepEqual(await Promise.all(tables.map((t) => countRows(ctx.db, t))), before);
  assert.equal((await api('GET', `/v1/rewards/${r}`)).json().stock.redeemed, 0);
  assert.deepEqual(await lotsOf(m), [320]);
});

test('a redemption is idempotent by reference and by Idempotency-Key', async () => {
  const m = await member([[1000, 100]]);
  const r = await reward({ type: 'free_shipping', cost: 100 });
  const first = await redeem(m, r, { reference: 'order-77' });
  assert.equal(first.statusCode, 201, first.body);
  const retry = await redeem(m, r, { reference: 'order-77' });
  assert.equal(retry.statusCode, 200);
  assert.equal(retry.json().id, first.json().id);
  const keyed = await redeem(m, r, {}, { 'idempotency-key': 'k-1' });
  const replay = await redeem(m, r, {}, { 'idempotency-key': 'k-1' });
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.equal(replay.json().id, keyed.json().id);
  assert.equal((await wallets(m)).get('points'), 800, 'two redemptions, two debits');
  const stranger = await member([[1000, 100]]);
  const stolen = await redeem(stranger, r, { reference: 'order-77' });
  assert.equal(stolen.statusCode, 409);
  assert.equal(stolen.json().code, 'redemption_reference_in_use');
});

test('eligibility conditions use the rules language; a per-period release is shared by all members', async () => {
  const vip = await member([[1000, 100]]);
  const plain = await member([[300, 100]]);
  // Counters (here the lifetime points) are loaded for conditions that read them.
  const r = await reward({
    type: 'experience',
    cost: 100,
    eligibility: { condition: { kind: 'member_counter', counter: 'lifetimePoints', op: 'gte', value: 1000 } },
  });
  const refused = await redeem(plain, r);
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().reasons[0].code, 'condition_not_met');
  assert.equal((await redeem(vip, r)).statusCode, 201);

  const drop = await reward({
    type: 'free_shipping',
    cost: 10,
    stock: { perPeriod: { count: 1, period: 'week' } },
  });
  assert.equal((await redeem(vip, drop)).statusCode, 201);
  const late = await redeem(plain, drop);
  assert.equal(late.statusCode, 409);
  assert.deepEqual(late.json().reasons, [
    { code: 'period_stock_exhausted', message: 'All 1 released per week are taken' },
  ]);
  const listed = await call(ctx.app, ctx.a.publishableKey, 'GET', `/v1/members/${plain}/rewards`);
  assert.equal(listed.statusCode, 200, 'the listing is member-facing: publishable keys may read it');
});
