import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** A return takes back the cashback its items earned, cumulatively, like points. */
let ctx: TestContext;
const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
before(async () => {
  ctx = await createTestContext();
  const wallet = await api('PUT', `/v1/programs/${ctx.a.program.id}/wallets/credit`, {
    name: 'Store credit',
    kind: 'money',
  });
  assert.equal(wallet.statusCode, 200, wallet.body);
  const campaign = await api('POST', '/v1/campaigns', {
    name: 'Shoe cashback',
    publish: true,
    rules: [
      {
        key: 'shoes-5',
        name: '5% back on shoes',
        trigger: { type: 'purchase' },
        effects: [
          { kind: 'cashback_percent', percent: 5, wallet: 'credit', match: { categories: ['shoes'] } },
        ],
      },
    ],
  });
  assert.equal(campaign.statusCode, 201, campaign.body);
});
after(() => ctx.close());

async function credit(memberId: string): Promise<number> {
  const wallets = (await api('GET', `/v1/members/${memberId}/balance`)).json().wallets as {
    wallet: string;
    balance: number;
  }[];
  return wallets.find((w) => w.wallet === 'credit')?.balance ?? 0;
}

test('returning items takes back their cashback; returning the rest takes back all of it', async () => {
  const m = (await api('POST', '/v1/members', { firstName: 'Cash' })).json().id as string;
  const res = await api('POST', '/v1/transactions', {
    externalId: 'CB-1',
    memberId: m,
    occurredAt: new Date().toISOString(),
    currency: 'EUR',
    lines: [
      { sku: 'SHOE', category: 'shoes', quantity: 3, unitPrice: 3333 },
      { sku: 'SOCK', category: 'socks', quantity: 1, unitPrice: 1000 },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
  // 5% of €99.99 of shoes = 499 cents (floor).
  assert.equal(await credit(m), 499);
  const txId = res.json().id as string;
  const one = await api('POST', `/v1/transactions/${txId}/returns`, {
    externalId: 'CB-1-R1',
    items: [{ sku: 'SHOE', quantity: 1 }],
  });
  assert.equal(one.statusCode, 201, one.body);
  assert.equal(await credit(m), 499 - 166, 'floor(499 × 1/3) = 166 back');
  const sock = await api('POST', `/v1/transactions/${txId}/returns`, {
    externalId: 'CB-1-R2',
    items: [{ sku: 'SOCK', quantity: 1 }],
  });
  assert.equal(sock.statusCode, 201);
  assert.equal(await credit(m), 333, 'socks earned no cashback');
  const rest = await api('POST', `/v1/transactions/${txId}/returns`, {
    externalId: 'CB-1-R3',
    items: [{ sku: 'SHOE', quantity: 2 }],
  });
  assert.equal(rest.statusCode, 201);
  assert.equal(await credit(m), 0, 'partial returns add up to the whole cashback');
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
