import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Moscow «Город» from its template, with the default parameters, in May 2026 (Moscow, UTC+3).
 * Conventions (programs.md): money is exact kopecks; earn is computed per purchase on the eligible lines and rounded
 * down to whole bonuses; 1 bonus = 1 ₽. An e-purse top-up is a purchase with a `troika-topup` line and earns 3 % from
 * 250 ₽; a recorded «Единый» ticket (`troika-ediny`) earns 3 % (assumed). At a partner (example cafe 10 %) its rate
 * applies and the member also gets a token; a metro ride after 21:00 gives a token. A refund takes back the refunded
 * lines' bonuses (tokens stay). Spends and the refund are recorded now, so they settle in the period they happen in.
 */
let ctx: TestContext;
let programId: string;
let member: string;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const rub = (n: number) => n * 100;
const topUp = (roubles: number) => [
  { sku: 'PURSE', category: 'troika-topup', quantity: 1, unitPrice: rub(roubles) },
];

async function buy(occurredAt: string, lines: object[], extra: object = {}) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `troika-${++seq}`,
    programId,
    memberId: member,
    occurredAt,
    currency: 'RUB',
    lines,
    ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

async function ride(occurredAt: string) {
  const res = await api('POST', '/v1/events', {
    type: 'metro.ride',
    externalId: `ride-${++seq}`,
    programId,
    memberId: member,
    occurredAt,
    properties: { station: 'Охотный Ряд' },
  });
  assert.equal(res.statusCode, 201, res.body);
}

/** [bonuses, tokens] */
async function wallets(): Promise<[number, number]> {
  const res = await api('GET', `/v1/members/${member}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  const of = (code: string) =>
    res.json().wallets.find((w: { wallet: string }) => w.wallet === code)?.balance ?? 0;
  return [of('points'), of('tokens')];
}

async function settlement(from: string, to: string) {
  const res = await api('GET', `/v1/programs/${programId}/reports/partner-settlement?from=${from}&to=${to}`);
  assert.equal(res.statusCode, 200, res.body);
  const cafe = res.json().partners.find((l: { code: string }) => l.code === 'cafe');
  return [
    cafe.issued.points,
    cafe.issued.valueMinor,
    cafe.redeemed.points,
    cafe.redeemed.valueMinor,
    cafe.netMinor,
  ];
}

test('«Город»: the top-up threshold, «Единый», partner earn and burn, tokens, a refund and the settlement', async () => {
  const made = await api('POST', '/v1/programs/from-template', { template: 'troika-gorod', slug: 'gorod' });
  assert.equal(made.statusCode, 201, made.body);
  programId = made.json().program.id;
  const cafe = made.json().created.partners.find((p: { code: string }) => p.code === 'cafe').id as string;
  member = (await api('POST', '/v1/members', { programId })).json().id as string;

  // 1. A 200 ₽ top-up is under the 250 ₽ threshold: nothing.
  let tx = await buy('2026-05-04T08:00:00+03:00', topUp(200));
  assert.equal(tx.points.awarded, 0);
  assert.deepEqual(await wallets(), [0, 0]);
  // 2. 250 ₽: 3 % = 7.5 → 7.
  tx = await buy('2026-05-05T08:00:00+03:00', topUp(250));
  assert.equal(tx.points.awarded, 7);
  assert.deepEqual(await wallets(), [7, 0]);
  // 3. 1,000 ₽: 30. 37.
  await buy('2026-05-06T08:00:00+03:00', topUp(1000));
  assert.deepEqual(await wallets(), [37, 0]);
  // 4. A 30-day «Единый» recorded for 2,900 ₽: 3 % = 87. 124.
  await buy('2026-05-07T08:00:00+03:00', [
    { sku: 'EDINY-30', category: 'troika-ediny', quantity: 1, unitPrice: rub(2900) },
  ]);
  assert.deepEqual(await wallets(), [124, 0]);
  // 5. At the cafe partner: 10 % of 1,000 ₽ = 100, and a token. 224 bonuses, 1 token.
  const lunch = await buy(
    '2026-05-08T13:00:00+03:00',
    [
      { sku: 'SOUP', quantity: 1, unitPrice: rub(500) },
      { sku: 'PIE', quantity: 1, unitPrice: rub(500) },
    ],
    { partnerId: cafe },
  );
  assert.equal(lunch.points.awarded, 100);
  assert.deepEqual(await wallets(), [224, 1]);
  // 6. Metro rides: at 22:15 and at 00:30 a token each; at 20:00 none. 3 tokens.
  await ride('2026-05-08T22:15:00+03:00');
  await ride('2026-05-09T20:00:00+03:00');
  await ride('2026-05-10T00:30:00+03:00');
  assert.deepEqual(await wallets(), [224, 3]);
  // 7. 50 bonuses paid at the cafe, 100 towards a top-up. 74.
  const atCafe = await api('POST', `/v1/members/${member}/points/spend`, { amount: 50, partnerId: cafe });
  assert.equal(atCafe.statusCode, 201, atCafe.body);
  const onTopUp = await api('POST', `/v1/members/${member}/points/spend`, {
    amount: 100,
    reference: 'topup',
  });
  assert.equal(onTopUp.statusCode, 201, onTopUp.body);
  assert.deepEqual(await wallets(), [74, 3]);
  // 8. The pie is refunded: its 50 bonuses come back; the token stays. 24.
  const ret = await api('POST', `/v1/transactions/${lunch.id}/returns`, {
    externalId: 'troika-ret-1',
    items: [{ sku: 'PIE', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 50);
  assert.deepEqual(await wallets(), [24, 3]);

  // 9. Settlement with the cafe at 1 ₽ per bonus: May issued 100; since June −50 issued and 50 redeemed.
  assert.deepEqual(await settlement('2026-05-01', '2026-05-31'), [100, rub(100), 0, 0, rub(100)]);
  assert.deepEqual(await settlement('2026-06-01', '2099-12-31'), [-50, -rub(50), 50, rub(50), -rub(100)]);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
