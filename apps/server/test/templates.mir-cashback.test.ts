import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * The Mir cashback programme from its template, in 2026 (Moscow, UTC+3), with two live offers passed as parameters:
 * a retailer's 3 % on everything at its two merchants in March, and a tourism cashback of 20 % of tour lines up to
 * 20,000 ₽ per purchase from June to August; plus a 50 % draft that must never apply.
 * Conventions (programs.md): money is exact kopecks; cashback is computed per purchase on the eligible lines, rounded
 * down to a kopeck, capped per purchase, and credited in rubles (the `cashback` money wallet); no points. A refund
 * takes back the refunded lines' cashback, also after it was paid out. The payout to the card is a spend from the
 * wallet. Offer dates are Moscow days, inclusive.
 */
let ctx: TestContext;
let programId: string;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const rub = (n: number) => n * 100;

const offers = [
  {
    code: 'lenta-march',
    name: 'Ретейлер: 3 % в марте',
    percent: 3,
    capKopecks: 0,
    merchants: ['LENTA-001', 'LENTA-002'],
    categories: [],
    from: '2026-03-01',
    to: '2026-03-31',
    publish: true,
  },
  {
    code: 'tourism',
    name: 'Туристический кешбэк',
    percent: 20,
    capKopecks: rub(20_000),
    merchants: [],
    categories: ['tour'],
    from: '2026-06-01',
    to: '2026-08-31',
    publish: true,
  },
  {
    code: 'draft',
    name: 'Черновик',
    percent: 50,
    capKopecks: 0,
    merchants: [],
    categories: [],
    publish: false,
  },
];

async function buy(storeId: string, occurredAt: string, lines: object[]) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `mir-${++seq}`,
    programId,
    memberId: member,
    occurredAt,
    storeId,
    currency: 'RUB',
    lines,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

async function cashback(): Promise<number> {
  const res = await api('GET', `/v1/members/${member}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  const w = res.json().wallets.find((x: { wallet: string }) => x.wallet === 'cashback');
  assert.equal(w.unit, 'RUB');
  return w.balance;
}

let member: string;

test('Mir cashback: offers by merchant and date, a per-purchase cap, payout, and refunds that claw back', async () => {
  const made = await api('POST', '/v1/programs/from-template', {
    template: 'mir-cashback',
    slug: 'mir',
    params: { offers },
  });
  assert.equal(made.statusCode, 201, made.body);
  programId = made.json().program.id;
  assert.deepEqual(made.json().created.wallets, ['cashback']);
  assert.deepEqual(
    made.json().created.campaigns.map((c: { status: string }) => c.status),
    ['active', 'active', 'draft'],
  );
  member = (await api('POST', '/v1/members', { programId })).json().id as string;

  // 1. 5,000 ₽ at LENTA-001 on 10 March: 3 % = 150 ₽. No points.
  const lenta = await buy('LENTA-001', '2026-03-10T12:00:00+03:00', [
    { sku: 'GROCERIES', quantity: 2, unitPrice: rub(2500) },
  ]);
  assert.equal(lenta.points.awarded, 0);
  assert.equal(await cashback(), rub(150));
  // 2. The same at a merchant without an offer: nothing. 150 ₽.
  await buy('MAGNIT-9', '2026-03-10T13:00:00+03:00', [
    { sku: 'GROCERIES', quantity: 2, unitPrice: rub(2500) },
  ]);
  assert.equal(await cashback(), rub(150));
  // 3. 1,000 ₽ at LENTA-002 at 23:30 Moscow on 31 March (20:30 UTC): still March, 30 ₽. 180 ₽.
  await buy('LENTA-002', '2026-03-31T20:30:00Z', [{ sku: 'MILK', quantity: 1, unitPrice: rub(1000) }]);
  assert.equal(await cashback(), rub(180));
  // 4. 1,000 ₽ at LENTA-001 at 00:30 Moscow on 1 April: the offer is over. 180 ₽.
  await buy('LENTA-001', '2026-03-31T21:30:00Z', [{ sku: 'MILK', quantity: 1, unitPrice: rub(1000) }]);
  assert.equal(await cashback(), rub(180));
  // 5. NSPK pays the 180 ₽ to the card: 0.
  const paid = await api('POST', `/v1/members/${member}/points/spend`, {
    amount: rub(180),
    wallet: 'cashback',
    reference: 'payout-2026-04',
  });
  assert.equal(paid.statusCode, 201, paid.body);
  assert.equal(await cashback(), 0);

  // 6. A 50,000 ₽ tour with 2,000 ₽ insurance on 1 July: 20 % of the tour line only = 10,000 ₽.
  const sochi = await buy('TRAVEL-7', '2026-07-01T10:00:00+03:00', [
    { sku: 'TOUR-SOCHI', category: 'tour', quantity: 1, unitPrice: rub(50_000) },
    { sku: 'INSURANCE', category: 'insurance', quantity: 1, unitPrice: rub(2000) },
  ]);
  assert.equal(await cashback(), rub(10_000));
  // 7. A 150,000 ₽ tour: 20 % = 30,000 ₽, capped at 20,000 ₽. 30,000 ₽.
  const altai = await buy('TRAVEL-8', '2026-07-05T10:00:00+03:00', [
    { sku: 'TOUR-ALTAI', category: 'tour', quantity: 1, unitPrice: rub(150_000) },
  ]);
  assert.equal(await cashback(), rub(30_000));

  // 8. Half of the paid-out March purchase is refunded: its 75 ₽ is clawed back. 29,925 ₽.
  let ret = await api('POST', `/v1/transactions/${lenta.id}/returns`, {
    externalId: 'mir-ret-1',
    items: [{ sku: 'GROCERIES', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(await cashback(), rub(29_925));
  // 9. The Altai tour is cancelled: the capped 20,000 ₽ comes back. 9,925 ₽.
  const cancel = await api('POST', `/v1/transactions/${altai.id}/cancel`, { externalId: 'mir-cancel-1' });
  assert.equal(cancel.statusCode, 201, cancel.body);
  assert.equal(await cashback(), rub(9925));
  // 10. The Sochi insurance is refunded: it earned nothing, so nothing comes back. 9,925 ₽.
  ret = await api('POST', `/v1/transactions/${sochi.id}/returns`, {
    externalId: 'mir-ret-2',
    items: [{ sku: 'INSURANCE', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(await cashback(), rub(9925));
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('Mir cashback: the defaults are example drafts; contradicting offers are field errors and write nothing', async () => {
  const made = await api('POST', '/v1/programs/from-template', {
    template: 'mir-cashback',
    slug: 'mir-default',
  });
  assert.equal(made.statusCode, 201, made.body);
  assert.deepEqual(
    made.json().created.campaigns.map((c: { status: string }) => c.status),
    ['draft', 'draft'],
  );
  const programs = await countRows(ctx.db, 'programs');
  const one = offers[0] as (typeof offers)[number];
  for (const [params, field] of [
    [{ offers: [one, one] }, '/params/offers/1/code'],
    [{ offers: [{ ...one, from: '2026-04-01' }] }, '/params/offers/0/to'],
    [{ offers: [{ ...one, percent: 2.555 }] }, '/campaigns/rules/0/effects/0/percent'],
  ] as const) {
    const res = await api('POST', '/v1/programs/from-template', {
      template: 'mir-cashback',
      slug: `mir-bad-${++seq}`,
      params,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.ok(
      res.json().errors.some((e: { field: string }) => e.field === field),
      `${field} in ${res.body}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'programs'), programs);
});
