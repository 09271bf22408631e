import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditTrail } from '../src/modules/audit/audit.repository.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { DEFAULT_POLICY, type LedgerPolicy } from '../src/modules/ledger/policy.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * The return cases where loyalty engines usually go wrong. Each purchase earns 1 point per EUR 1 on 2 × SKU "A" at
 * EUR 50.00 (100 points, 50 per item) unless the case says otherwise.
 */
let ctx: TestContext;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function setPolicy(p: Partial<LedgerPolicy>) {
  const res = await call(ctx.app, ctx.a.key, 'PUT', `/v1/programs/${ctx.a.program.id}/ledger-policy`, {
    ...DEFAULT_POLICY,
    ...p,
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function member(): Promise<string> {
  return (await call(ctx.app, ctx.a.key, 'POST', '/v1/members', {})).json().id;
}

async function buy(memberId: string, occurredAt = new Date()): Promise<{ id: string; awarded: number }> {
  seq++;
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/transactions', {
    externalId: `R-${seq}`,
    memberId,
    occurredAt: occurredAt.toISOString(),
    currency: 'EUR',
    lines: [{ sku: 'A', quantity: 2, unitPrice: 5000 }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id, awarded: res.json().points.awarded };
}

async function giveBack(txId: string, quantity: number) {
  seq++;
  return call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${txId}/returns`, {
    externalId: `RET-${seq}`,
    items: [{ sku: 'A', quantity }],
  });
}

async function wallet(memberId: string) {
  return (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${memberId}/balance`)).json().wallets[0] as {
    balance: number;
    available: number;
    pending: number;
    debt: number;
  };
}

async function spend(memberId: string, amount: number) {
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${memberId}/points/spend`, { amount });
  assert.equal(res.statusCode, 201, res.body);
}

test('partial return claws back what the returned item earned', async () => {
  await setPolicy({});
  const m = await member();
  const tx = await buy(m);
  assert.equal(tx.awarded, 100);
  const res = await giveBack(tx.id, 1);
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().pointsClawedBack, 50);
  assert.equal(res.json().breakdown.fromLot, 50);
  assert.equal((await wallet(m)).balance, 50);
});

test('repeated returns add up to the purchase and no further; over-quantity is refused with nothing written', async () => {
  await setPolicy({});
  const m = await member();
  const tx = await buy(m);
  assert.equal((await giveBack(tx.id, 1)).json().pointsClawedBack, 50);
  assert.equal((await giveBack(tx.id, 1)).json().pointsClawedBack, 50);
  const over = await giveBack(tx.id, 1);
  assert.equal(over.statusCode, 422);
  assert.equal(over.json().code, 'return_exceeds_purchase');
  const fresh = await buy(m);
  const tooMany = await giveBack(fresh.id, 3);
  assert.equal(tooMany.statusCode, 422);
  const after = (await call(ctx.app, ctx.a.key, 'GET', `/v1/transactions/${fresh.id}`)).json();
  assert.equal(after.returns.length, 0);
  assert.equal(after.lines[0].returnedQuantity, 0);
  assert.equal((await wallet(m)).balance, 100);
});

test('a return replayed with the same externalId is applied once', async () => {
  await setPolicy({});
  const m = await member();
  const tx = await buy(m);
  const body = { externalId: 'RET-SAME', items: [{ sku: 'A', quantity: 1 }] };
  const [a, b] = await Promise.all([
    call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/returns`, body),
    call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/returns`, body),
  ]);
  assert.equal(a.statusCode, 201);
  assert.equal(a.body, b.body);
  assert.equal((await wallet(m)).balance, 50);
});

test('after spending, policy "negative": the member owes the points and pays them from the next earnings', async () => {
  await setPolicy({ returnPolicy: 'negative' });
  const m = await member();
  const tx = await buy(m);
  await spend(m, 100);
  const res = await giveBack(tx.id, 2);
  assert.deepEqual(res.json().breakdown, {
    fromLot: 0,
    fromExpired: 0,
    fromOtherLots: 0,
    debt: 100,
    shortfall: 0,
  });
  assert.deepEqual(await wallet(m).then((w) => [w.balance, w.available, w.debt]), [-100, 0, 100]);
  await buy(m); // +100 pays the debt
  assert.deepEqual(await wallet(m).then((w) => [w.balance, w.available, w.debt]), [0, 0, 0]);
});

test('after spending, policy "clip": the balance stays at zero and the shortfall is recorded', async () => {
  await setPolicy({ returnPolicy: 'clip' });
  const m = await member();
  const tx = await buy(m);
  await spend(m, 80);
  const res = await giveBack(tx.id, 2);
  assert.deepEqual(res.json().breakdown, {
    fromLot: 20,
    fromExpired: 0,
    fromOtherLots: 0,
    debt: 0,
    shortfall: 80,
  });
  assert.deepEqual(await wallet(m).then((w) => [w.balance, w.debt]), [0, 0]);
});

test('while pending: the pending points are cancelled', async () => {
  await setPolicy({ pendingDays: 14 });
  const m = await member();
  const tx = await buy(m);
  assert.deepEqual(await wallet(m).then((w) => [w.pending, w.available]), [100, 0]);
  const res = await giveBack(tx.id, 1);
  assert.equal(res.json().breakdown.fromLot, 50);
  assert.deepEqual(await wallet(m).then((w) => [w.pending, w.available]), [50, 0]);
});

test('pending points can be activated early, once; the purchase explains the pending period', async () => {
  await setPolicy({ pendingDays: 14 });
  const m = await member();
  const tx = await buy(m);
  const activity = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${m}/activity`)).json().data;
  assert.match(
    activity[0].explanation,
    /\+100 points for purchase R-\d+: .*1 point per €1\.00 on €100\.00 — Base earn v\d+, pending until \d{4}-\d{2}-\d{2}/,
  );
  const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/activate`);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(await wallet(m).then((w) => [w.pending, w.available]), [0, 100]);
  const again = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/activate`);
  assert.equal(again.statusCode, 200);
  const kinds = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${m}/activity`))
    .json()
    .data.map((j: { kind: string }) => j.kind);
  assert.deepEqual(kinds, ['activate', 'earn']);
});

test("after expiry: the expired points are reversed without touching the member's other points", async () => {
  await setPolicy({ expiryMode: 'after_earn', expiryMonths: 12 });
  const m = await member();
  const tx = await buy(m, new Date(Date.now() - 400 * 86_400_000));
  await buy(m); // 100 fresh points that must survive the return
  assert.equal(await expirePoints(ctx.db, ctx.a.tenantId, ctx.a.program.id, new Date()), 1);
  assert.equal(
    await expirePoints(ctx.db, ctx.a.tenantId, ctx.a.program.id, new Date()),
    0,
    'expiry is idempotent',
  );
  const res = await giveBack(tx.id, 2);
  assert.deepEqual(res.json().breakdown, {
    fromLot: 0,
    fromExpired: 100,
    fromOtherLots: 0,
    debt: 0,
    shortfall: 0,
  });
  assert.deepEqual(await wallet(m).then((w) => [w.balance, w.available]), [100, 100]);
});

test('after a merge: the return finds the points in the survivor, and the purchase moved with them', async () => {
  await setPolicy({});
  const duplicate = await member();
  const survivor = await member();
  const tx = await buy(duplicate);
  const merged = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${survivor}/merge`, {
    duplicateId: duplicate,
  });
  assert.equal(merged.statusCode, 200, merged.body);
  assert.equal(merged.json().transactionsMoved, 1);
  const audit = await auditTrail(ctx.db, ctx.a.tenantId, 'member', survivor);
  assert.deepEqual(
    audit.map((a) => [a.action, a.details.duplicateId]),
    [['member.merged', duplicate]],
  );
  assert.equal((await wallet(survivor)).balance, 100);
  const res = await giveBack(tx.id, 1);
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json().breakdown, {
    fromLot: 50,
    fromExpired: 0,
    fromOtherLots: 0,
    debt: 0,
    shortfall: 0,
  });
  assert.equal((await wallet(survivor)).balance, 50);
});

test('cancel returns everything still unreturned, once', async () => {
  await setPolicy({});
  const m = await member();
  const tx = await buy(m);
  await giveBack(tx.id, 1);
  const cancel = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/cancel`, {
    externalId: 'CANCEL-1',
  });
  assert.equal(cancel.statusCode, 201, cancel.body);
  assert.equal(cancel.json().pointsClawedBack, 50);
  const replay = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/cancel`, {
    externalId: 'CANCEL-1',
  });
  assert.equal(replay.body, cancel.body);
  const again = await call(ctx.app, ctx.a.key, 'POST', `/v1/transactions/${tx.id}/cancel`, {
    externalId: 'CANCEL-2',
  });
  assert.equal(again.json().code, 'nothing_to_return');
  assert.equal((await wallet(m)).balance, 0);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
