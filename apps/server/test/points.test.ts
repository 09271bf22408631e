import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function newMember(points = 0): Promise<string> {
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { firstName: 'Pat' });
  assert.equal(res.statusCode, 201);
  const id = res.json().id as string;
  if (points > 0) {
    const adj = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/adjustments`, {
      amount: points,
      reasonCode: 'goodwill',
    });
    assert.equal(adj.statusCode, 201, adj.body);
  }
  return id;
}

const balanceOf = async (id: string) => {
  const res = await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets[0] as {
    balance: number;
    available: number;
    lifetime: { earned: number; spent: number };
  };
};

test('50 parallel spends of 100 from 1,000 points: exactly 10 succeed, 40 get insufficient_points', async () => {
  const id = await newMember(1000);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/spend`, {
        amount: 100,
        reference: `order-${i}`,
      }),
    ),
  );
  const ok = results.filter((r) => r.statusCode === 201);
  const refused = results.filter((r) => r.statusCode === 409);
  assert.equal(ok.length, 10);
  assert.equal(refused.length, 40);
  for (const r of refused) assert.equal(r.json().code, 'insufficient_points');
  const balance = await balanceOf(id);
  assert.equal(balance.balance, 0);
  assert.equal(balance.available, 0);
  assert.equal(balance.lifetime.spent, 1000);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('spend answers with the journal and its explanation; the activity lists it', async () => {
  const id = await newMember(300);
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/spend`, {
    amount: 120,
    reference: 'A-1001',
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().amount, -120);
  assert.equal(res.json().kind, 'spend');
  assert.match(res.json().explanation, /120 points spent on A-1001/);
  const activity = await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}/activity`);
  const kinds = activity.json().data.map((j: { kind: string; amount: number }) => `${j.kind}:${j.amount}`);
  assert.deepEqual(kinds, ['spend:-120', 'adjust_credit:300']);
});

test('holds: capture redeems, release returns, a settled hold cannot be settled again', async () => {
  const id = await newMember(500);
  const hold = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/holds`, {
    amount: 200,
    reference: 'cart-1',
  });
  assert.equal(hold.statusCode, 201);
  assert.equal((await balanceOf(id)).available, 300);
  const second = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/holds`, { amount: 100 });
  const capture = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    `/v1/members/${id}/points/holds/${hold.json().id}/capture`,
  );
  assert.equal(capture.statusCode, 200);
  assert.equal(capture.json().status, 'captured');
  const release = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    `/v1/members/${id}/points/holds/${second.json().id}/release`,
  );
  assert.equal(release.json().status, 'released');
  assert.equal((await balanceOf(id)).available, 300);
  const again = await call(
    ctx.app,
    ctx.a.key,
    'POST',
    `/v1/members/${id}/points/holds/${hold.json().id}/release`,
  );
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'hold_settled');
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('a hold cannot take more than is available', async () => {
  const id = await newMember(50);
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/holds`, { amount: 51 });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'insufficient_points');
  assert.equal(res.json().available, 50);
});

test('adjustments are audited with reason and acting key; debits cannot overdraw', async () => {
  const id = await newMember(100);
  const debitRes = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/adjustments`, {
    amount: -40,
    reasonCode: 'correction',
    note: 'double scan',
  });
  assert.equal(debitRes.statusCode, 201);
  assert.equal(debitRes.json().reason, 'correction: double scan');
  assert.match(debitRes.json().actor, /^api-key:/);
  const over = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/adjustments`, {
    amount: -61,
    reasonCode: 'correction',
  });
  assert.equal(over.statusCode, 409);
  const zero = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/adjustments`, {
    amount: 0,
    reasonCode: 'x1',
  });
  assert.equal(zero.statusCode, 400);
});

test('transfers are refused unless the program allows them', async () => {
  const from = await newMember(100);
  const to = await newMember();
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${from}/points/transfers`, {
    toMemberId: to,
    amount: 10,
  });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'transfers_not_allowed');
});

test("another tenant cannot spend, hold or read a member's points", async () => {
  const id = await newMember(100);
  for (const [method, url, body] of [
    ['POST', `/v1/members/${id}/points/spend`, { amount: 1 }],
    ['POST', `/v1/members/${id}/points/holds`, { amount: 1 }],
    ['GET', `/v1/members/${id}/balance`, undefined],
    ['GET', `/v1/members/${id}/activity`, undefined],
  ] as const) {
    const res = await call(ctx.app, ctx.b.key, method, url, body);
    assert.equal(res.statusCode, 404, `${method} ${url}`);
  }
  assert.equal((await balanceOf(id)).balance, 100);
});

test('the database refuses to change or delete ledger history', async () => {
  await newMember(10);
  await assert.rejects(sql`UPDATE ledger_entries SET amount = amount + 1`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`DELETE FROM ledger_entries`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`UPDATE ledger_journals SET explanation = 'x'`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`DELETE FROM ledger_lot_movements`.execute(ctx.db), /append-only/);
  await assert.rejects(sql`TRUNCATE ledger_entries CASCADE`.execute(ctx.db), /append-only/);
});

test('money wallets: declared per program, credited and spent in minor units of the program currency', async () => {
  const programId = ctx.a.program.id;
  const declare = await call(ctx.app, ctx.a.key, 'PUT', `/v1/programs/${programId}/wallets/credit`, {
    name: 'Store credit',
    kind: 'money',
  });
  assert.equal(declare.statusCode, 200, declare.body);
  assert.deepEqual(declare.json(), { code: 'credit', name: 'Store credit', unit: 'currency' });
  const kindChange = await call(ctx.app, ctx.a.key, 'PUT', `/v1/programs/${programId}/wallets/credit`, {
    name: 'Credit',
    kind: 'points',
  });
  assert.equal(kindChange.json().code, 'wallet_unit_fixed');
  const wallets = await call(ctx.app, ctx.a.publishableKey, 'GET', `/v1/programs/${programId}/wallets`);
  assert.deepEqual(
    wallets.json().data.map((w: { code: string }) => w.code),
    ['points', 'credit'],
  );
  const id = await newMember(10);
  const topUp = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/adjustments`, {
    amount: 2500,
    reasonCode: 'refund_as_credit',
    wallet: 'credit',
  });
  assert.equal(topUp.statusCode, 201, topUp.body);
  const pay = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/spend`, {
    amount: 1000,
    wallet: 'credit',
  });
  assert.equal(pay.statusCode, 201);
  assert.match(pay.json().explanation, /1000 EUR spent/);
  const balance = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}/balance`)).json();
  const credit = balance.wallets.find((w: { wallet: string }) => w.wallet === 'credit');
  assert.deepEqual([credit.unit, credit.balance], ['EUR', 1500]);
  assert.equal(balance.wallets.find((w: { wallet: string }) => w.wallet === 'points').balance, 10);
  const unknown = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${id}/points/spend`, {
    amount: 1,
    wallet: 'nope',
  });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'wallet_type_not_found');
});

test('a purchase dated in the past, recorded after a newer one, does not move the inactivity clock back', async () => {
  const id = await newMember();
  const buy = (externalId: string, occurredAt: string) =>
    call(ctx.app, ctx.a.key, 'POST', '/v1/transactions', {
      externalId,
      memberId: id,
      occurredAt,
      currency: 'EUR',
      lines: [{ sku: 'A', quantity: 1, unitPrice: 1000 }],
    });
  assert.equal((await buy(`CLOCK-${id}-1`, '2026-06-01T10:00:00Z')).statusCode, 201);
  assert.equal((await buy(`CLOCK-${id}-2`, '2025-01-15T10:00:00Z')).statusCode, 201);
  const account = await ctx.db
    .selectFrom('ledger_accounts')
    .select('last_activity_at')
    .where('member_id', '=', id)
    .where('code', '=', 'points')
    .executeTakeFirstOrThrow();
  assert.equal(account.last_activity_at?.toISOString(), '2026-06-01T10:00:00.000Z');
});
