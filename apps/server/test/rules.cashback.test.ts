import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { evaluate } from '../src/modules/rules/evaluator.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';
import { baseRule, basket, makeRule, member, purchase, shoes } from './helpers/rules.js';

/**
 * Cashback is a rule effect (`cashback_percent`) crediting a money wallet in minor units; rates by category, store,
 * payment method and boost windows are ordinary conditions and campaign schedules. Basket: shoes €50.00, socks
 * €12.99, tee €20.00 (net €82.99).
 */

const cash = (percent: number, extra: object = {}) =>
  ({ kind: 'cashback_percent', percent, wallet: 'cashback', ...extra }) as const;
const run = (rules: ReturnType<typeof makeRule>[], activity = basket) =>
  evaluate({ rules, activity, member: member(), timezone: 'Europe/Berlin', usage: new Map() });
const cashOf = (r: ReturnType<typeof run>) =>
  r.effects.flatMap((e) => (e.kind === 'points' && e.money ? [{ amount: e.amount, lines: e.lines }] : []));

describe('evaluator: cashback_percent', () => {
  test('2% on a category: only matching lines, attributed per line', () => {
    const r = run([makeRule('c', { effects: [cash(2, { match: { categories: ['shoes'] } })] })]);
    assert.deepEqual(cashOf(r), [{ amount: 100, lines: [100, 0, 0] }]);
    assert.equal(r.points, 0, 'cashback is not points');
    assert.deepEqual(r.linePoints, [0, 0, 0]);
    assert.match(r.effects[0]?.explanation ?? '', /\+€1\.00 cashback to cashback: 2% cashback on €50\.00/);
  });

  test('1.5% (two decimals) on everything is floored to a minor unit and split by net', () => {
    // 8299 × 150 / 10000 = 124.485 → 124; by net 5000/1299/2000 → 74.71/19.41/29.88 → 75/19/30.
    const r = run([makeRule('c', { effects: [cash(1.5)] })]);
    assert.deepEqual(cashOf(r), [{ amount: 124, lines: [75, 19, 30] }]);
  });

  test('a cap bounds the cashback per activity', () => {
    const r = run([makeRule('c', { effects: [cash(10, { cap: 500 })] })]);
    assert.deepEqual(cashOf(r), [{ amount: 500, lines: [301, 78, 121] }]);
    assert.match(r.effects[0]?.explanation ?? '', /capped at €5\.00/);
  });

  test('points and cashback together: base points unchanged, cashback separate', () => {
    const r = run([baseRule(), makeRule('c', { effects: [cash(1)] })]);
    assert.equal(r.points, 82);
    assert.deepEqual(r.linePoints, [49, 13, 20]);
    assert.equal(cashOf(r)[0]?.amount, 82);
  });

  test('payment method picks the rate: exclusive group, higher priority first', () => {
    const rules = [
      makeRule('pay', {
        priority: 10,
        group: 'rate',
        when: { kind: 'activity', field: 'paymentMethod', op: 'eq', value: 'apple_pay' },
        effects: [cash(2)],
      }),
      makeRule('card', { group: 'rate', effects: [cash(1)] }),
    ];
    assert.equal(cashOf(run(rules, purchase([shoes], { paymentMethod: 'apple_pay' })))[0]?.amount, 100);
    assert.equal(cashOf(run(rules, purchase([shoes], { paymentMethod: 'card' })))[0]?.amount, 50);
  });

  test('nothing matching: the rule does not apply, and says why', () => {
    const r = run([makeRule('c', { effects: [cash(5, { match: { categories: ['hats'] } })] })]);
    assert.deepEqual(cashOf(r), []);
    assert.equal(r.outcomes[0]?.applied, false);
    assert.match(r.outcomes[0]?.reasons.at(-1) ?? '', /not applied: no cashback to award/);
  });

  test('a boost window is the campaign schedule: outside it the rule is closed', () => {
    const schedule = { start: '2024-05-01T00:00:00Z', end: '2024-05-10T00:00:00Z' };
    const rules = [makeRule('boost', { effects: [cash(5)] }, { schedule })];
    assert.deepEqual(cashOf(run(rules)), [], 'basket is on 2024-05-15, after the window');
    const inside = purchase([shoes], { occurredAt: new Date('2024-05-05T10:00:00Z') });
    assert.equal(cashOf(run(rules, inside))[0]?.amount, 250);
  });
});

describe('cashback through the API', () => {
  let ctx: TestContext;
  let seq = 0;
  before(async () => {
    ctx = await createTestContext();
    const res = await api('PUT', `/v1/programs/${ctx.a.program.id}/wallets/cashback`, {
      name: 'Cashback',
      kind: 'money',
    });
    assert.equal(res.statusCode, 200, res.body);
    const status = await api('PUT', `/v1/programs/${ctx.a.program.id}/wallets/status`, {
      name: 'Status',
      kind: 'points',
    });
    assert.equal(status.statusCode, 200, status.body);
  });
  after(() => ctx.close());

  const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
  const newMember = async () => (await api('POST', '/v1/members', { firstName: 'Cash' })).json().id as string;
  const buy = async (memberId: string, lines: object[], extra: object = {}) => {
    seq++;
    const res = await api('POST', '/v1/transactions', {
      externalId: `CB-${seq}`,
      memberId,
      occurredAt: new Date().toISOString(),
      channel: 'pos',
      currency: 'EUR',
      lines,
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const moneyBalance = async (memberId: string) => {
    const res = await api('GET', `/v1/members/${memberId}/balance`);
    assert.equal(res.statusCode, 200, res.body);
    const w = res.json().wallets.find((x: { wallet: string }) => x.wallet === 'cashback');
    return w ? { available: w.available as number, unit: w.unit as string } : { available: 0, unit: 'EUR' };
  };
  const tv = { sku: 'TV-1', category: 'electronics', quantity: 1, unitPrice: 40000 };
  const apple = { sku: 'APL-1', category: 'apple', quantity: 1, unitPrice: 10000 };
  const bread = { sku: 'BRD-1', category: 'grocery', quantity: 2, unitPrice: 250 };

  test('a cashback campaign must name a declared money wallet and whole basis points', async () => {
    const before = await countRows(ctx.db, 'campaigns');
    for (const [effect, field] of [
      [cash(2, { wallet: 'nope' }), '/rules/0/effects/0/wallet'],
      [cash(2, { wallet: 'status' }), '/rules/0/effects/0/wallet'],
      [cash(1.234), '/rules/0/effects/0/percent'],
      [cash(0), '/rules/0/effects/0/percent'],
    ] as const) {
      const res = await api('POST', '/v1/campaigns', {
        name: 'Bad cashback',
        publish: true,
        rules: [{ key: 'c', name: 'c', trigger: { type: 'purchase' }, effects: [effect] }],
      });
      assert.equal(res.statusCode, 400, res.body);
      const fields = res.json().errors.map((e: { field: string }) => e.field);
      assert.ok(fields.includes(field), `${field} expected among ${fields.join(', ')}`);
    }
    assert.equal(await countRows(ctx.db, 'campaigns'), before);
  });

  test('rates by category, store and payment method credit the money wallet in minor units', async () => {
    const res = await api('POST', '/v1/campaigns', {
      name: 'Card cashback',
      publish: true,
      rules: [
        {
          key: 'apple-3',
          name: '3% on Apple',
          priority: 20,
          group: 'rate',
          when: { kind: 'items', match: { categories: ['apple'] }, quantifier: 'any' },
          effects: [cash(3, { match: { categories: ['apple'] } })],
        },
        {
          key: 'partner-store',
          name: '5% at partner store',
          priority: 15,
          group: 'rate',
          when: { kind: 'store', stores: ['partner-7'] },
          effects: [cash(5)],
        },
        {
          key: 'wallet-pay',
          name: '2% with Apple Pay',
          priority: 10,
          group: 'rate',
          when: { kind: 'activity', field: 'paymentMethod', op: 'eq', value: 'apple_pay' },
          effects: [cash(2)],
        },
        { key: 'card', name: '1% otherwise', group: 'rate', effects: [cash(1)] },
      ].map((r) => ({ trigger: { type: 'purchase' }, ...r })),
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = await newMember();
    // 1% of €405.00 = €4.05.
    let tx = await buy(m, [tv, bread], { paymentMethod: 'card' });
    const eff = tx.effects.find((e: { kind: string }) => e.kind === 'cashback');
    assert.equal(eff.detail.amount, 405);
    assert.deepEqual(eff.detail.lines, [400, 5]);
    assert.deepEqual(await moneyBalance(m), { available: 405, unit: 'EUR' });
    // 2% with Apple Pay: €8.10.
    await buy(m, [tv, bread], { paymentMethod: 'apple_pay' });
    assert.equal((await moneyBalance(m)).available, 405 + 810);
    // 3% on the Apple line only (€3.00), even with Apple Pay: the first rule of the group wins.
    tx = await buy(m, [apple, bread], { paymentMethod: 'apple_pay' });
    assert.equal(tx.effects.find((e: { kind: string }) => e.kind === 'cashback').detail.amount, 300);
    // 5% at the partner store: €20.25.
    await buy(m, [tv, bread], { storeId: 'partner-7' });
    assert.equal((await moneyBalance(m)).available, 405 + 810 + 300 + 2025);
    // Points still come from the base rule alone: €105.00 → 105 points.
    assert.equal(tx.points.awarded, 105);
    assert.deepEqual(await verifyLedger(ctx.db), []);
    await api('POST', `/v1/campaigns/${res.json().id}/status`, { action: 'end' });
  });

  test('a time-boxed boost is a campaign schedule on top of the base rate', async () => {
    const now = Date.now();
    const boost = await api('POST', '/v1/campaigns', {
      name: 'Double cashback week',
      publish: true,
      schedule: {
        start: new Date(now - 3_600_000).toISOString(),
        end: new Date(now + 3_600_000).toISOString(),
      },
      rules: [
        {
          key: 'boost',
          name: '+4% on electronics',
          trigger: { type: 'purchase' },
          effects: [cash(4, { match: { categories: ['electronics'] } })],
        },
      ],
    });
    assert.equal(boost.statusCode, 201, boost.body);
    const m = await newMember();
    await buy(m, [tv, bread]);
    assert.equal((await moneyBalance(m)).available, 1600, '4% of €400.00 inside the window');
    const late = await buy(m, [tv], { occurredAt: new Date(now + 7_200_000).toISOString() });
    assert.equal(late.effects.filter((e: { kind: string }) => e.kind === 'cashback').length, 0);
    assert.equal((await moneyBalance(m)).available, 1600, 'nothing after the window');
    await api('POST', `/v1/campaigns/${boost.json().id}/status`, { action: 'end' });
  });

  test('store credit is spent at the till through spend and holds with the wallet code', async () => {
    const m = await newMember();
    const credit = await api('POST', `/v1/members/${m}/points/adjustments`, {
      amount: 2500,
      reasonCode: 'goodwill',
      wallet: 'cashback',
    });
    assert.equal(credit.statusCode, 201, credit.body);
    const spend = await api('POST', `/v1/members/${m}/points/spend`, {
      amount: 700,
      wallet: 'cashback',
      reference: 'till-1',
    });
    assert.equal(spend.statusCode, 201, spend.body);
    assert.equal(spend.json().wallet, 'cashback');
    assert.equal(spend.json().amount, -700);
    assert.equal((await moneyBalance(m)).available, 1800);
    const tooMuch = await api('POST', `/v1/members/${m}/points/spend`, { amount: 1801, wallet: 'cashback' });
    assert.equal(tooMuch.statusCode, 409, tooMuch.body);
    assert.equal(tooMuch.json().code, 'insufficient_points');

    const hold = await api('POST', `/v1/members/${m}/points/holds`, { amount: 1000, wallet: 'cashback' });
    assert.equal(hold.statusCode, 201, hold.body);
    assert.equal((await moneyBalance(m)).available, 800);
    const captured = await api('POST', `/v1/members/${m}/points/holds/${hold.json().id}/capture`);
    assert.equal(captured.statusCode, 200, captured.body);
    const hold2 = await api('POST', `/v1/members/${m}/points/holds`, { amount: 300, wallet: 'cashback' });
    const released = await api('POST', `/v1/members/${m}/points/holds/${hold2.json().id}/release`);
    assert.equal(released.statusCode, 200, released.body);
    assert.equal((await moneyBalance(m)).available, 800);
    // The capture and release settled against the money wallet's program accounts, never the points ones.
    const accounts = await ctx.db
      .selectFrom('ledger_entries')
      .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
      .select(['ledger_accounts.code', (eb) => eb.fn.sum<string>('ledger_entries.amount').as('sum')])
      .where('ledger_accounts.program_id', '=', ctx.a.program.id)
      .where('ledger_accounts.member_id', 'is', null)
      .where('ledger_accounts.code', 'in', ['holds:cashback', 'redeemed:cashback', 'holds:points'])
      .groupBy('ledger_accounts.code')
      .execute();
    const byCode = Object.fromEntries(accounts.map((a) => [a.code, Number(a.sum)]));
    assert.equal(byCode['redeemed:cashback'], 1700);
    assert.equal(byCode['holds:cashback'] ?? 0, 0);
    assert.equal(byCode['holds:points'] ?? 0, 0);
    assert.deepEqual(await verifyLedger(ctx.db), []);
  });
});
