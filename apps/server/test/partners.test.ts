import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { partnerSettlement } from '../src/modules/partners/settlement.js';
import { getProgram, patchProgram } from '../src/modules/tenants/programs.service.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Coalition partners over HTTP: partner keys earn and burn only for their partner and see only its purchases, and
 * the settlement report ties out to the ledger. Program A runs in Asia/Tokyo (UTC+9, no DST) here, so period
 * boundaries are 15:00 UTC the day before. The base rate is 1 point per €1.
 */
let ctx: TestContext;
let programId: string;
let cafe: { id: string; key: string };
let books: { id: string; key: string };
let seq = 0;

before(async () => {
  ctx = await createTestContext();
  programId = ctx.a.program.id;
  await patchProgram(ctx.db, ctx.a.tenantId, programId, { timezone: 'Asia/Tokyo' });
  // Cafe: 5 points per €1; owes 1 cent per point issued, is paid 0.8 cent per point redeemed.
  cafe = await partnerWithKey(
    'cafe',
    { points: 5, perMinor: 100 },
    { minor: 1, points: 1 },
    { minor: 80, points: 100 },
  );
  // Books: 2 points per €1; owes 1.5 cent per point issued, is paid 1 cent per point redeemed.
  books = await partnerWithKey(
    'books',
    { points: 2, perMinor: 100 },
    { minor: 3, points: 2 },
    { minor: 1, points: 1 },
  );
});
after(() => ctx.close());

type Value = { minor: number; points: number };
async function partnerWithKey(
  code: string,
  earnRate: { points: number; perMinor: number },
  issue: Value,
  redeem: Value,
) {
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${programId}/partners`, {
    code,
    name: code.toUpperCase(),
    earnRate,
    issueValue: issue,
    redeemValue: redeem,
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const key = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${programId}/partners/${id}/api-keys`, {
    name: `${code} POS`,
  });
  assert.equal(key.statusCode, 201, key.body);
  assert.equal(key.json().partnerId, id);
  return { id, key: key.json().secret as string };
}

async function member(): Promise<string> {
  return (await call(ctx.app, ctx.a.key, 'POST', '/v1/members', {})).json().id;
}

function purchaseBody(memberId: string, occurredAt: string, unitPrice: number, quantity = 1, extra = {}) {
  seq++;
  return {
    externalId: `P-${seq}`,
    memberId,
    occurredAt,
    currency: 'EUR',
    lines: [{ sku: 'ITEM', quantity, unitPrice }],
    ...extra,
  };
}

async function buy(
  key: string,
  memberId: string,
  occurredAt: string,
  unitPrice: number,
  quantity = 1,
  extra = {},
) {
  const res = await call(
    ctx.app,
    key,
    'POST',
    '/v1/transactions',
    purchaseBody(memberId, occurredAt, unitPrice, quantity, extra),
  );
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as {
    id: string;
    partnerId: string | null;
    points: { awarded: number };
    lines: { explanation: string }[];
  };
}

async function spend(key: string, memberId: string, amount: number, extra = {}) {
  return call(ctx.app, key, 'POST', `/v1/members/${memberId}/points/spend`, { amount, ...extra });
}

async function balance(memberId: string): Promise<number> {
  const res = await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${memberId}/balance`);
  return res.json().wallets[0].balance;
}

test('partners: create, list, get, patch; codes unique per program; other tenants see nothing', async () => {
  const dup = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${programId}/partners`, {
    code: 'cafe',
    name: 'Again',
    earnRate: { points: 1, perMinor: 100 },
    issueValue: { minor: 1, points: 1 },
    redeemValue: { minor: 1, points: 1 },
  });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'partner_exists');
  const bad = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${programId}/partners`, {
    code: 'x',
    name: 'X',
    earnRate: { points: 1, perMinor: 0 },
    issueValue: { minor: 1, points: 1 },
    redeemValue: { minor: 1, points: 1 },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].field, '/earnRate/perMinor');
  const list = await call(ctx.app, ctx.a.key, 'GET', `/v1/programs/${programId}/partners`);
  assert.deepEqual(
    list.json().data.map((p: { code: string }) => p.code),
    ['books', 'cafe'],
  );
  const one = await call(ctx.app, ctx.a.key, 'GET', `/v1/programs/${programId}/partners/${cafe.id}`);
  assert.deepEqual(one.json().redeemValue, { minor: 80, points: 100 });
  assert.equal(
    (await call(ctx.app, ctx.b.key, 'GET', `/v1/programs/${programId}/partners/${cafe.id}`)).statusCode,
    404,
  );
  const renamed = await call(ctx.app, ctx.a.key, 'PATCH', `/v1/programs/${programId}/partners/${cafe.id}`, {
    name: 'Cafe Central',
  });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal(renamed.json().name, 'Cafe Central');
  assert.equal(renamed.json().earnRate.points, 5);
});

test('a partner key earns at its partner rate; the partner id comes from the key', async () => {
  const m = await member();
  const tx = await buy(cafe.key, m, '2026-01-10T10:00:00Z', 2000, 2);
  // €40.00 at 5 points per €1 = 200 (the base rate would give 40).
  assert.equal(tx.points.awarded, 200);
  assert.equal(tx.partnerId, cafe.id);
  assert.match(tx.lines[0]?.explanation ?? '', /\+200/);
  // A server key purchase without a partner earns the base rate.
  const plain = await buy(ctx.a.key, m, '2026-01-10T11:00:00Z', 2000, 2);
  assert.equal(plain.points.awarded, 40);
  assert.equal(plain.partnerId, null);
  // A server key may record for a partner.
  const forBooks = await buy(ctx.a.key, m, '2026-01-10T12:00:00Z', 2000, 2, { partnerId: books.id });
  assert.equal(forBooks.points.awarded, 80);
  assert.equal(forBooks.partnerId, books.id);
});

test('a partner key cannot record for another partner, see its purchases or call other operations', async () => {
  const m = await member();
  const before = await countRows(ctx.db, 'transactions');
  const other = await call(
    ctx.app,
    cafe.key,
    'POST',
    '/v1/transactions',
    purchaseBody(m, '2026-01-11T10:00:00Z', 1000, 1, { partnerId: books.id }),
  );
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().code, 'partner_mismatch');
  assert.equal(await countRows(ctx.db, 'transactions'), before);
  // Naming its own partner is fine.
  const own = await buy(cafe.key, m, '2026-01-11T10:00:00Z', 1000, 1, { partnerId: cafe.id });
  assert.equal(own.partnerId, cafe.id);

  const atBooks = await buy(books.key, m, '2026-01-11T11:00:00Z', 1000);
  const plain = await buy(ctx.a.key, m, '2026-01-11T12:00:00Z', 1000);
  for (const id of [atBooks.id, plain.id]) {
    const read = await call(ctx.app, cafe.key, 'GET', `/v1/transactions/${id}`);
    assert.equal(read.statusCode, 404);
    const ret = await call(ctx.app, cafe.key, 'POST', `/v1/transactions/${id}/returns`, {
      externalId: `RX-${id}`,
      amount: 100,
    });
    assert.equal(ret.statusCode, 404);
    const cancel = await call(ctx.app, cafe.key, 'POST', `/v1/transactions/${id}/cancel`, {
      externalId: `CX-${id}`,
    });
    assert.equal(cancel.statusCode, 404);
  }
  assert.equal((await call(ctx.app, cafe.key, 'GET', `/v1/transactions/${own.id}`)).statusCode, 200);
  assert.equal((await call(ctx.app, books.key, 'GET', `/v1/transactions/${atBooks.id}`)).statusCode, 200);
  assert.equal((await call(ctx.app, ctx.a.key, 'GET', `/v1/transactions/${atBooks.id}`)).statusCode, 200);

  for (const [method, url] of [
    ['GET', '/v1/members'],
    ['GET', `/v1/programs/${programId}/partners`],
    ['POST', '/v1/api-keys'],
    ['POST', `/v1/transactions/${own.id}/activate`],
    ['GET', `/v1/programs/${programId}/reports/partner-settlement?from=2026-01-01&to=2026-01-31`],
  ] as const) {
    const res = await call(ctx.app, cafe.key, method, url, method === 'POST' ? {} : undefined);
    assert.equal(res.statusCode, 403, `${method} ${url}`);
    assert.equal(res.json().code, 'partner_key_not_allowed');
  }
  assert.equal((await call(ctx.app, cafe.key, 'GET', `/v1/members/${m}/balance`)).statusCode, 200);
});

test('unknown and suspended partners are refused with nothing written', async () => {
  const m = await member();
  const before = await countRows(ctx.db, 'transactions');
  const unknown = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchaseBody(m, '2026-01-12T10:00:00Z', 1000, 1, { partnerId: '00000000-0000-4000-8000-000000000009' }),
  );
  assert.equal(unknown.statusCode, 422);
  assert.equal(unknown.json().code, 'unknown_partner');
  assert.equal(unknown.json().errors[0].field, '/partnerId');
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${programId}/partners`, {
    code: 'kiosk',
    name: 'Kiosk',
    earnRate: { points: 3, perMinor: 100 },
    issueValue: { minor: 1, points: 1 },
    redeemValue: { minor: 1, points: 1 },
  });
  const kiosk = res.json().id as string;
  const paused = await call(ctx.app, ctx.a.key, 'PATCH', `/v1/programs/${programId}/partners/${kiosk}`, {
    status: 'suspended',
  });
  assert.equal(paused.json().status, 'suspended');
  const refused = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    '/v1/transactions',
    purchaseBody(m, '2026-01-12T10:00:00Z', 1000, 1, { partnerId: kiosk }),
  );
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().code, 'partner_suspended');
  assert.equal(await countRows(ctx.db, 'transactions'), before);
  // Back in business, it earns its rate again (a new version of the earn rules).
  await call(ctx.app, ctx.a.key, 'PATCH', `/v1/programs/${programId}/partners/${kiosk}`, {
    status: 'active',
  });
  const tx = await buy(ctx.a.key, m, '2026-01-12T10:00:00Z', 1000, 1, { partnerId: kiosk });
  assert.equal(tx.points.awarded, 30);
  // Another tenant's partner id is unknown here.
  const crossTenant = await call(ctx.app, ctx.b.key, 'POST', '/v1/transactions', {
    ...purchaseBody(m, '2026-01-12T10:00:00Z', 1000),
    memberId: undefined,
    currency: 'GBP',
    partnerId: kiosk,
  });
  assert.equal(crossTenant.statusCode, 422);
  assert.equal(crossTenant.json().code, 'unknown_partner');
});

test('burn at a partner: the partner key spends, cannot burn for another partner; returns at the partner claw back', async () => {
  const m = await member();
  const tx = await buy(cafe.key, m, '2026-01-13T10:00:00Z', 1000, 4); // 200 points
  assert.equal(tx.points.awarded, 200);
  const burn = await spend(cafe.key, m, 70, { reference: 'latte' });
  assert.equal(burn.statusCode, 201, burn.body);
  assert.equal(burn.json().amount, -70);
  const wrong = await spend(cafe.key, m, 10, { partnerId: books.id });
  assert.equal(wrong.statusCode, 403);
  assert.equal(wrong.json().code, 'partner_mismatch');
  const tooMuch = await spend(cafe.key, m, 1000);
  assert.equal(tooMuch.statusCode, 409);
  assert.equal(await balance(m), 130);
  // Books cannot return the cafe's purchase; the cafe can: 1 of 4 items claws 50 points.
  const foreign = await call(ctx.app, books.key, 'POST', `/v1/transactions/${tx.id}/returns`, {
    externalId: `RET-${tx.id}`,
    items: [{ sku: 'ITEM', quantity: 1 }],
  });
  assert.equal(foreign.statusCode, 404);
  const ret = await call(ctx.app, cafe.key, 'POST', `/v1/transactions/${tx.id}/returns`, {
    externalId: `RET-${tx.id}`,
    items: [{ sku: 'ITEM', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 50);
  assert.equal(await balance(m), 80);
  const journals = await ctx.db
    .selectFrom('ledger_journals')
    .select(['kind', 'partner_id'])
    .where('member_id', '=', m)
    .orderBy('created_at')
    .execute();
  assert.deepEqual(
    journals.map((j) => [j.kind, j.partner_id]),
    [
      ['earn', cafe.id],
      ['spend', cafe.id],
      ['return', cafe.id],
    ],
  );
});

/** Independent of the report's query: member-wallet entries of the partner's journals, by kind. */
async function memberSideSums(partnerId: string, from: string, to: string) {
  const rows = await sql<{ kind: string; total: string | number }>`
    SELECT j.kind, SUM(e.amount) AS total FROM ledger_entries e
    JOIN ledger_journals j ON j.id = e.journal_id
    JOIN ledger_accounts a ON a.id = e.account_id
    WHERE a.member_id IS NOT NULL AND j.partner_id = ${partnerId}
      AND j.occurred_at >= ${new Date(from)} AND j.occurred_at < ${new Date(to)}
    GROUP BY j.kind`.execute(ctx.db);
  const by = Object.fromEntries(rows.rows.map((r) => [r.kind, Number(r.total)]));
  return { issued: (by.earn ?? 0) + (by.return ?? 0), redeemed: 0 - (by.spend ?? 0) };
}

test('settlement: a scripted scenario across two partners and a Tokyo period boundary ties out to the ledger', async () => {
  // A fresh program so the earlier tests' purchases do not count.
  const created = await call(ctx.app, ctx.a.key, 'POST', '/v1/programs', {
    slug: 'coalition',
    name: 'Coalition',
    currency: 'EUR',
    timezone: 'Asia/Tokyo',
  });
  assert.equal(created.statusCode, 201, created.body);
  const pid = created.json().id as string;
  const mk = async (code: string, points: number, issue: Value, redeem: Value) => {
    const p = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${pid}/partners`, {
      code,
      name: code,
      earnRate: { points, perMinor: 100 },
      issueValue: issue,
      redeemValue: redeem,
    });
    assert.equal(p.statusCode, 201, p.body);
    const k = await call(ctx.app, ctx.a.key, 'POST', `/v1/programs/${pid}/partners/${p.json().id}/api-keys`, {
      name: code,
    });
    return { id: p.json().id as string, key: k.json().secret as string };
  };
  const p1 = await mk('cafe', 5, { minor: 1, points: 1 }, { minor: 80, points: 100 });
  const p2 = await mk('books', 2, { minor: 3, points: 2 }, { minor: 1, points: 1 });
  const enrol = async () =>
    (await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { programId: pid })).json().id as string;
  const m1 = await enrol();
  const m2 = await enrol();
  const at = (key: string, m: string, occurredAt: string, unitPrice: number, quantity = 1, extra = {}) =>
    buy(key, m, occurredAt, unitPrice, quantity, { programId: pid, ...extra });

  // March 2026 in Tokyo is [2026-02-28T15:00Z, 2026-03-31T15:00Z).
  const t1 = await at(p1.key, m1, '2026-02-28T16:00:00Z', 1000, 2); // Mar 1 01:00 JST: 100
  const t2 = await at(p1.key, m2, '2026-03-31T14:59:59Z', 999); // Mar 31 23:59:59 JST: floor(49.95) = 49
  const t3 = await at(p1.key, m1, '2026-03-31T15:00:00Z', 2000); // Apr 1 00:00 JST: 100
  const t4 = await at(p2.key, m2, '2026-03-15T00:00:00Z', 1500, 3); // 90
  const t5 = await at(p2.key, m1, '2026-02-28T14:59:59Z', 1000); // Feb 28 23:59:59 JST: 20
  const t6 = await at(ctx.a.key, m1, '2026-03-10T00:00:00Z', 5000); // no partner: base 50
  const t7 = await at(ctx.a.key, m2, '2026-03-20T00:00:00Z', 1000, 1, { partnerId: p2.id }); // books: 20
  assert.deepEqual(
    [t1, t2, t3, t4, t5, t6, t7].map((t) => t.points.awarded),
    [100, 49, 100, 90, 20, 50, 20],
  );
  // Now (after April): a return at the cafe and spends at both partners and outside them.
  const ret = await call(ctx.app, p1.key, 'POST', `/v1/transactions/${t1.id}/returns`, {
    externalId: 'S-RET-1',
    items: [{ sku: 'ITEM', quantity: 1 }],
  });
  assert.equal(ret.json().pointsClawedBack, 50);
  assert.equal((await spend(p1.key, m1, 30)).statusCode, 201);
  assert.equal((await spend(p2.key, m2, 40)).statusCode, 201);
  assert.equal((await spend(ctx.a.key, m1, 10)).statusCode, 201);
  assert.equal(await balance(m1), 100 + 100 + 20 + 50 - 50 - 30 - 10);
  assert.equal(await balance(m2), 49 + 90 + 20 - 40);

  const report = async (from: string, to: string) => {
    const res = await call(
      ctx.app,
      ctx.a.key,
      'GET',
      `/v1/programs/${pid}/reports/partner-settlement?from=${from}&to=${to}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  type Line = {
    code: string;
    issued: { points: number; valueMinor: number };
    redeemed: { points: number; valueMinor: number };
    netMinor: number;
  };
  const lines = (r: { partners: Line[] }) =>
    Object.fromEntries(
      r.partners.map((l) => [
        l.code,
        [l.issued.points, l.issued.valueMinor, l.redeemed.points, l.redeemed.valueMinor, l.netMinor],
      ]),
    );

  // Hand-computed. March: cafe 100 + 49 = 149 points at 1 cent; books 90 + 20 = 110 at 1.5 cent = 165.
  const march = await report('2026-03-01', '2026-03-31');
  assert.equal(march.periodStart, '2026-02-28T15:00:00.000Z');
  assert.equal(march.periodEnd, '2026-03-31T15:00:00.000Z');
  assert.deepEqual(lines(march), { books: [110, 165, 0, 0, 165], cafe: [149, 149, 0, 0, 149] });
  assert.deepEqual(march.totals, {
    issuedPoints: 259,
    redeemedPoints: 0,
    issuedMinor: 314,
    redeemedMinor: 0,
    netMinor: 314,
  });
  // February holds only the books purchase one second before the boundary: 20 points = 30 cents.
  assert.deepEqual(lines(await report('2026-02-01', '2026-02-28')), {
    books: [20, 30, 0, 0, 30],
    cafe: [0, 0, 0, 0, 0],
  });
  // From April on: cafe issued 100 − 50 returned = 50 (50 cents), redeemed 30 at 0.8 cent = 24; books redeemed 40.
  const later = await report('2026-04-01', '2099-12-31');
  assert.deepEqual(lines(later), { books: [0, 0, 40, 40, -40], cafe: [50, 50, 30, 24, 26] });
  assert.deepEqual(later.totals, {
    issuedPoints: 50,
    redeemedPoints: 70,
    issuedMinor: 50,
    redeemedMinor: 64,
    netMinor: -14,
  });

  // The report's points equal independent sums over ledger entries (member side of the same journals).
  for (const [r, from, to] of [
    [march, '2026-02-28T15:00:00Z', '2026-03-31T15:00:00Z'],
    [later, '2026-03-31T15:00:00Z', '2099-12-31T15:00:00Z'],
  ] as const) {
    for (const [code, p] of [
      ['cafe', p1],
      ['books', p2],
    ] as const) {
      const line = (r.partners as Line[]).find((l) => l.code === code);
      const sums = await memberSideSums(p.id, from, to);
      assert.deepEqual(
        [line?.issued.points, line?.redeemed.points],
        [sums.issued, sums.redeemed],
        `${code} ${from}`,
      );
    }
  }
  // Over all time, partner plus non-partner issuance is everything the program issued: nothing is lost or doubled.
  const all = await report('2000-01-01', '2099-12-31');
  const issuedAccount = await sql<{ total: string | number }>`
    SELECT -SUM(e.amount) AS total FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
    WHERE a.program_id = ${pid} AND a.member_id IS NULL AND a.code = 'issued:points'`.execute(ctx.db);
  assert.equal(all.totals.issuedPoints + 50, Number(issuedAccount.rows[0]?.total));
  assert.equal(all.totals.redeemedPoints, 70);
  assert.deepEqual(await verifyLedger(ctx.db, pid), []);

  // The use case the CLI prints gives the same numbers.
  const direct = await partnerSettlement(
    ctx.db,
    await getProgram(ctx.db, ctx.a.tenantId, pid),
    '2026-03-01',
    '2026-03-31',
  );
  assert.deepEqual(direct, march);
});

test('settlement: bad periods are 400 with the field; unknown programs 404', async () => {
  const url = (q: string) => `/v1/programs/${programId}/reports/partner-settlement?${q}`;
  const backwards = await call(ctx.app, ctx.a.key, 'GET', url('from=2026-03-31&to=2026-03-01'));
  assert.equal(backwards.statusCode, 400);
  assert.equal(backwards.json().errors[0].field, '/to');
  const missing = await call(ctx.app, ctx.a.key, 'GET', url('from=2026-03-01'));
  assert.equal(missing.statusCode, 400);
  const notDate = await call(ctx.app, ctx.a.key, 'GET', url('from=2026-13-01&to=2026-03-01'));
  assert.equal(notDate.statusCode, 400);
  const other = await call(
    ctx.app,
    ctx.b.key,
    'GET',
    `/v1/programs/${programId}/reports/partner-settlement?from=2026-03-01&to=2026-03-31`,
  );
  assert.equal(other.statusCode, 404);
});
