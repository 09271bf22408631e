import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * СберСпасибо from its template, with the default parameters, in March 2026 (Moscow, UTC+3).
 * Conventions (programs.md): money is exact kopecks; earn is computed per purchase on its amount and rounded down
 * to whole bonuses; 1 bonus = 1 ₽. Card purchases earn the base 0.5 %; at a partner its offer rate replaces it
 * (example partners: fuel 5 %, cinema 10 %, online store 30 %, each settling 1 ₽ per bonus issued and per bonus
 * redeemed). A refund takes back the refunded lines' bonuses. Bonuses expire 24 months after accrual. Spends are
 * recorded now, so they settle in the period they happen in, like the refund.
 */
let ctx: TestContext;
let programId: string;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown, key = ctx.a.key) =>
  call(ctx.app, key, method, url, body);
const rub = (n: number) => n * 100;

async function buy(memberId: string, occurredAt: string, lines: object[], extra: object = {}, key?: string) {
  const res = await api(
    'POST',
    '/v1/transactions',
    { externalId: `sb-${++seq}`, programId, memberId, occurredAt, currency: 'RUB', lines, ...extra },
    key,
  );
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number; expiresAt: string | null } };
}

async function balance(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets.find((w: { wallet: string }) => w.wallet === 'points').balance;
}

type Line = {
  code: string;
  issued: { points: number; valueMinor: number };
  redeemed: { points: number; valueMinor: number };
  netMinor: number;
};
async function settlement(from: string, to: string) {
  const res = await api('GET', `/v1/programs/${programId}/reports/partner-settlement?from=${from}&to=${to}`);
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json() as {
    partners: Line[];
    totals: { issuedPoints: number; redeemedPoints: number; netMinor: number };
  };
  const lines = Object.fromEntries(
    r.partners.map((l) => [
      l.code,
      [l.issued.points, l.issued.valueMinor, l.redeemed.points, l.redeemed.valueMinor, l.netMinor],
    ]),
  );
  return { lines, totals: r.totals };
}

test('СберСпасибо: base and partner earn, burn at partners, a refund, and a settlement that ties out', async () => {
  const made = await api('POST', '/v1/programs/from-template', { template: 'sber-spasibo', slug: 'spasibo' });
  assert.equal(made.statusCode, 201, made.body);
  programId = made.json().program.id;
  const ids = Object.fromEntries(
    made.json().created.partners.map((p: { code: string; id: string }) => [p.code, p.id]),
  ) as Record<string, string>;
  assert.deepEqual(Object.keys(ids), ['fuel', 'cinema', 'online-store']);
  const fuelKey = await api('POST', `/v1/programs/${programId}/partners/${ids.fuel}/api-keys`, {
    name: 'АЗС POS',
  });
  assert.equal(fuelKey.statusCode, 201, fuelKey.body);
  const fuel = fuelKey.json().secret as string;
  const m = (await api('POST', '/v1/members', { programId })).json().id as string;

  // 1. A card purchase of 10,000 ₽: 0.5 % = 50 bonuses, expiring 24 months later.
  let tx = await buy(m, '2026-03-02T12:00:00+03:00', [{ sku: 'TV', quantity: 1, unitPrice: rub(10_000) }]);
  assert.deepEqual(
    [tx.points.awarded, tx.points.expiresAt],
    [50, new Date('2028-03-02T12:00:00+03:00').toISOString()],
  );
  assert.equal(await balance(m), 50);
  // 2. 999 ₽: 0.5 % = 4.995 → 4. 54.
  tx = await buy(m, '2026-03-03T12:00:00+03:00', [{ sku: 'BOOK', quantity: 1, unitPrice: rub(999) }]);
  assert.equal(tx.points.awarded, 4);
  assert.equal(await balance(m), 54);
  // 3. At the fuel partner, through its own key: 5 % of 2,000 ₽ = 100. 154.
  tx = await buy(
    m,
    '2026-03-05T12:00:00+03:00',
    [{ sku: 'AI-95', quantity: 1, unitPrice: rub(2000) }],
    {},
    fuel,
  );
  assert.equal(tx.points.awarded, 100);
  assert.equal(await balance(m), 154);
  // 4. At the cinema (server key naming the partner): 10 % of 1,500 ₽ = 150. 304.
  tx = await buy(m, '2026-03-07T19:00:00+03:00', [{ sku: 'TICKET', quantity: 3, unitPrice: rub(500) }], {
    partnerId: ids.cinema,
  });
  assert.equal(tx.points.awarded, 150);
  assert.equal(await balance(m), 304);
  // 5. At the online store: 30 % of 3,000 ₽ = 900. 1,204.
  const online = await buy(
    m,
    '2026-03-31T23:30:00+03:00',
    [
      { sku: 'SHOES', quantity: 1, unitPrice: rub(1500) },
      { sku: 'BAG', quantity: 1, unitPrice: rub(1500) },
    ],
    { partnerId: ids['online-store'] },
  );
  assert.equal(online.points.awarded, 900);
  assert.equal(await balance(m), 1204);
  // 6. The bag is refunded: its 450 bonuses come back. 754.
  const ret = await api('POST', `/v1/transactions/${online.id}/returns`, {
    externalId: 'sb-ret-1',
    items: [{ sku: 'BAG', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 450);
  assert.equal(await balance(m), 754);
  // 7. 300 bonuses pay for cinema tickets, 100 for fuel (through the partner's key). 354.
  const atCinema = await api('POST', `/v1/members/${m}/points/spend`, { amount: 300, partnerId: ids.cinema });
  assert.equal(atCinema.statusCode, 201, atCinema.body);
  const atFuel = await api('POST', `/v1/members/${m}/points/spend`, { amount: 100 }, fuel);
  assert.equal(atFuel.statusCode, 201, atFuel.body);
  assert.equal(await balance(m), 354);

  // 8. Settlement. March (the online purchase at 23:30 Moscow on 31 March is March): issued at 1 ₽ per bonus.
  const march = await settlement('2026-03-01', '2026-03-31');
  assert.deepEqual(march.lines, {
    cinema: [150, rub(150), 0, 0, rub(150)],
    fuel: [100, rub(100), 0, 0, rub(100)],
    'online-store': [900, rub(900), 0, 0, rub(900)],
  });
  // Since April: the refund gives 450 back; 300 and 100 redeemed, owed to the partners at 1 ₽ each.
  const later = await settlement('2026-04-01', '2099-12-31');
  assert.deepEqual(later.lines, {
    cinema: [0, 0, 300, rub(300), -rub(300)],
    fuel: [0, 0, 100, rub(100), -rub(100)],
    'online-store': [-450, -rub(450), 0, 0, -rub(450)],
  });
  // Ties out: base earn 54 + partners' net issued 700 − redeemed 400 = the member's 354.
  const all = await settlement('2026-01-01', '2099-12-31');
  assert.deepEqual(
    [all.totals.issuedPoints, all.totals.redeemedPoints, all.totals.netMinor],
    [700, 400, rub(300)],
  );
  assert.equal(54 + all.totals.issuedPoints - all.totals.redeemedPoints, await balance(m));
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('СберСпасибо: partner offers are parameters; duplicate codes and finer percents are field errors', async () => {
  const programs = await countRows(ctx.db, 'programs');
  const partner = { name: 'X', earnPercent: 3, issueKopecks: 100, redeemKopecks: 90 };
  for (const [params, field] of [
    [
      {
        partners: [
          { ...partner, code: 'a' },
          { ...partner, code: 'a' },
        ],
      },
      '/params/partners/1/code',
    ],
    [{ partners: [{ ...partner, code: 'a', earnPercent: 2.555 }] }, '/params/partners/0/earnPercent'],
    [{ basePercent: 0 }, '/params/basePercent'],
  ] as const) {
    const res = await api('POST', '/v1/programs/from-template', {
      template: 'sber-spasibo',
      slug: `spasibo-bad-${++seq}`,
      params,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.ok(
      res.json().errors.some((e: { field: string }) => e.field === field),
      `${field} in ${res.body}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'programs'), programs);
  const custom = await api('POST', '/v1/programs/from-template', {
    template: 'sber-spasibo',
    slug: 'spasibo-custom',
    params: { partners: [{ ...partner, code: 'pharmacy' }], expiryMonths: 0 },
  });
  assert.equal(custom.statusCode, 201, custom.body);
  const id = custom.json().program.id as string;
  const listed = (await api('GET', `/v1/programs/${id}/partners`)).json().data;
  assert.deepEqual(
    listed.map((p: { code: string; earnRate: object; redeemValue: object }) => [
      p.code,
      p.earnRate,
      p.redeemValue,
    ]),
    [['pharmacy', { points: 3, perMinor: 10_000, rounding: 'floor' }, { minor: 90, points: 1 }]],
  );
  assert.equal((await api('GET', `/v1/programs/${id}/ledger-policy`)).json().expiryMode, 'never');
});
