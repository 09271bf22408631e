import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Apple Card Daily Cash (programs.md §7) from its template, end to end through the API.
 *
 * Modelling conventions relied on (programs.md and the template):
 * - Money is exact: Daily Cash is credited in cents to the money wallet `daily_cash`, per purchase, as
 *   floor(eligible × basis points / 10000) (docs/rules.md, Cashback); no points are earned (base earn 0).
 * - The merchant is the purchase's `storeId` (`apple`, `nike`, `walgreens`, ...); Apple Pay is `paymentMethod`
 *   `apple_pay`; anything else (`card`, `card_number`) is the physical card or card number.
 * - One rate per purchase (one exclusive group by priority): Apple 3% however paid; listed merchant + Apple Pay 3%;
 *   other Apple Pay 2%; otherwise 1%. No cap, no pending days, no expiry.
 * - A refund reverses the cashback of the refunded lines, on cumulative quantities, so partial refunds add up to
 *   exactly the original credit.
 */
let ctx: TestContext;
let programId: string;
let memberId: string;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

async function buy(storeId: string, paymentMethod: string, lines: object[]) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `AC-${++seq}`,
    programId,
    memberId,
    occurredAt: new Date().toISOString(),
    storeId,
    paymentMethod,
    currency: 'USD',
    lines,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}
/** The cashback effects of a purchase as [rule key, cents]: which rate applied and what it credited. */
const cashOf = (tx: { effects: { kind: string; rule: { ruleKey: string }; detail: { amount: number } }[] }) =>
  tx.effects.filter((e) => e.kind === 'cashback').map((e) => [e.rule.ruleKey, e.detail.amount]);
async function wallets() {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  const all = res.json().wallets as { wallet: string; balance: number; available: number; unit: string }[];
  const cash = all.find((w) => w.wallet === 'daily_cash');
  return {
    dailyCash: cash?.available ?? 0,
    unit: cash?.unit,
    points: all.find((w) => w.wallet === 'points')?.balance ?? 0,
  };
}
/** Daily Cash available and no points, after each step. */
async function expectBalance(dailyCash: number) {
  const w = await wallets();
  assert.deepEqual({ dailyCash: w.dailyCash, points: w.points }, { dailyCash, points: 0 });
}
const line = (sku: string, unitPrice: number, quantity = 1) => ({ sku, quantity, unitPrice });

test('the template creates the Daily Cash wallet and one exclusive group of rates', async () => {
  const res = await api('POST', '/v1/programs/from-template', { template: 'apple-card', slug: 'apple-card' });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  programId = body.program.id;
  assert.equal(body.program.currency, 'USD');
  assert.deepEqual(body.created.wallets, ['daily_cash']);
  assert.deepEqual(
    body.created.campaigns.map((c: { name: string; status: string }) => [c.name, c.status]),
    [['Daily Cash', 'active']],
  );
  assert.equal(body.params.applePayMerchants.includes('panera'), false);
  const m = await api('POST', '/v1/members', { programId, firstName: 'Tim' });
  assert.equal(m.statusCode, 201, m.body);
  memberId = m.json().id;
});

test('each rate case credits exact cents, and a refund takes back exactly what it earned', async () => {
  // 1. Apple Store, physical card: 3% of $599.00 = $17.97 (Apple pays 3% however paid).
  let tx = await buy('apple', 'card', [line('IPAD', 59900)]);
  assert.deepEqual(cashOf(tx), [['apple', 1797]]);
  assert.equal(tx.points.awarded, 0);
  await expectBalance(1797);
  assert.equal((await wallets()).unit, 'USD');

  // 2. App Store with Apple Pay: 3% of $9.99 = 29.97¢ → floor 29¢. Total 1797 + 29 = 1826.
  tx = await buy('apple', 'apple_pay', [line('APP', 999)]);
  assert.deepEqual(cashOf(tx), [['apple', 29]]);
  await expectBalance(1826);

  // 3. Nike with Apple Pay (listed merchant): 3% of $129.99 = 389.97¢ → 389¢. Total 2215.
  tx = await buy('nike', 'apple_pay', [line('SHOE', 12999)]);
  assert.deepEqual(cashOf(tx), [['merchants', 389]]);
  await expectBalance(2215);

  // 4. Nike with the physical card: the 3% needs Apple Pay, so 1% of $129.99 = 129.99¢ → 129¢. Total 2344.
  tx = await buy('nike', 'card', [line('SHOE', 12999)]);
  assert.deepEqual(cashOf(tx), [['card', 129]]);
  await expectBalance(2344);

  // 5. Panera with Apple Pay: removed from the 3% list on 2025-02-01, so 2% of $14.37 = 28.74¢ → 28¢. Total 2372.
  tx = await buy('panera', 'apple_pay', [line('BOWL', 1437)]);
  assert.deepEqual(cashOf(tx), [['apple-pay', 28]]);
  await expectBalance(2372);

  // 6. Any other merchant by card number (online): 1% of $250.50 = 250.5¢ → 250¢. Total 2622.
  tx = await buy('outdoor-shop', 'card_number', [line('TENT', 25050)]);
  assert.deepEqual(cashOf(tx), [['card', 250]]);
  await expectBalance(2622);

  // 7. Walgreens with Apple Pay: 3 × $12.99 vitamins + $7.49 shampoo = $46.46; 3% = 139.38¢ → 139¢, shared by net
  //    (largest remainder): 3897×139/4646 = 116.59 → 117, 749×139/4646 = 22.41 → 22. Total 2622 + 139 = 2761.
  const walgreens = await buy('walgreens', 'apple_pay', [line('VITAMIN', 1299, 3), line('SHAMPOO', 749)]);
  const eff = walgreens.effects.find((e: { kind: string }) => e.kind === 'cashback');
  assert.equal(eff.detail.amount, 139);
  assert.deepEqual(eff.detail.lines, [117, 22]);
  await expectBalance(2761);

  // 8. Refunds on cumulative quantities: 1 vitamin → floor(117×1/3) = 39; 2 more → 117 − 39 = 78; the shampoo → 22.
  //    39 + 78 + 22 = 139, exactly the credit. Balances 2722, 2644, 2622 (back to before step 7).
  const refund = async (externalId: string, items: object[], expected: number) => {
    const res = await api('POST', `/v1/transactions/${walgreens.id}/returns`, { externalId, items });
    assert.equal(res.statusCode, 201, res.body);
    await expectBalance(expected);
  };
  await refund('R-1', [{ sku: 'VITAMIN', quantity: 1 }], 2722);
  await refund('R-2', [{ sku: 'VITAMIN', quantity: 2 }], 2644);
  await refund('R-3', [{ sku: 'SHAMPOO', quantity: 1 }], 2622);
});

test('Daily Cash is spent like cash, never expires and has no cap', async () => {
  // Spend $20.00 of the $26.22: $6.22 left.
  const spend = await api('POST', `/v1/members/${memberId}/points/spend`, {
    amount: 2000,
    wallet: 'daily_cash',
    reference: 'apple-cash-1',
  });
  assert.equal(spend.statusCode, 201, spend.body);
  await expectBalance(622);
  const tooMuch = await api('POST', `/v1/members/${memberId}/points/spend`, {
    amount: 623,
    wallet: 'daily_cash',
  });
  assert.equal(tooMuch.statusCode, 409, tooMuch.body);
  await expectBalance(622);

  // No cap: a $10,000.00 Mac Pro at Apple earns 3% = $300.00 in full. Total 622 + 30000 = 30622.
  const tx = await buy('apple', 'apple_pay', [line('MACPRO', 1_000_000)]);
  assert.deepEqual(cashOf(tx), [['apple', 30000]]);
  await expectBalance(30622);
  const balance = (await api('GET', `/v1/members/${memberId}/balance`)).json();
  const cash = balance.wallets.find((w: { wallet: string }) => w.wallet === 'daily_cash');
  assert.deepEqual(cash.expiring.dates, [], 'nothing ever expires');
  assert.equal(cash.pending, 0, 'credited at once');
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
