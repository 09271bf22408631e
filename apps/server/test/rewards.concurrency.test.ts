import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/database.js';

/**
 * Stock and limits under real concurrency (PostgreSQL only): parallel redemptions serialize on the reward row, so
 * stock is never oversold and a member limit is never exceeded, and every refused redemption debits nothing.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

async function member(points: number): Promise<string> {
  const res = await api('POST', '/v1/members', { firstName: 'Parallel' });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  const adj = await api('POST', `/v1/members/${id}/points/adjustments`, {
    amount: points,
    reasonCode: 'goodwill',
  });
  assert.equal(adj.statusCode, 201, adj.body);
  return id;
}

async function reward(code: string, body: object): Promise<string> {
  const res = await api('POST', '/v1/rewards', { code, name: code, type: 'physical', cost: 100, ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function spendJournals(memberIds: string[]): Promise<number> {
  const row = await ctx.db
    .selectFrom('ledger_journals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', 'in', memberIds)
    .where('kind', '=', 'spend')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('a reward with stock 5 redeemed by 30 members in parallel is issued exactly 5 times and debited exactly 5 times', {
  skip: !onPostgres,
}, async () => {
  const members = await Promise.all(Array.from({ length: 30 }, () => member(1000)));
  const id = await reward('rouge-reward', { stock: { total: 5 } });
  const results = await Promise.all(
    members.map((m) => api('POST', `/v1/members/${m}/rewards/${id}/redeem`, {})),
  );
  const statuses = results.map((r) => r.statusCode);
  assert.equal(statuses.filter((s) => s === 201).length, 5, `statuses: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 409).length, 25);
  for (const r of results.filter((x) => x.statusCode === 409)) {
    assert.deepEqual(r.json().reasons, [{ code: 'out_of_stock', message: 'Out of stock' }]);
  }
  const issued = await ctx.db
    .selectFrom('reward_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reward_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(issued.n), 5, 'five redemptions exist');
  const fulfilments = await ctx.db
    .selectFrom('reward_fulfilments')
    .innerJoin('reward_redemptions', 'reward_redemptions.id', 'reward_fulfilments.redemption_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reward_redemptions.reward_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(fulfilments.n), 5, 'five fulfilment records exist');
  assert.equal(await spendJournals(members), 5, 'points were debited exactly five times');
  const stock = (await api('GET', `/v1/rewards/${id}`)).json().stock;
  assert.deepEqual([stock.redeemed, stock.remaining], [5, 0]);
  const balances = await Promise.all(
    members.map(
      async (m) => (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0].available as number,
    ),
  );
  assert.equal(balances.filter((b) => b === 900).length, 5);
  assert.equal(balances.filter((b) => b === 1000).length, 25);
});

test('one member redeeming a once-per-member reward 10 times in parallel gets it once', {
  skip: !onPostgres,
}, async () => {
  const m = await member(5000);
  const id = await reward('once', { stock: { perMember: { count: 1, period: 'lifetime' } } });
  const results = await Promise.all(
    Array.from({ length: 10 }, () => api('POST', `/v1/members/${m}/rewards/${id}/redeem`, {})),
  );
  assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
  assert.equal(results.filter((r) => r.json().code === 'reward_unavailable').length, 9);
  assert.equal(await spendJournals([m]), 1);
  assert.equal((await api('GET', `/v1/members/${m}/balance`)).json().wallets[0].available, 4900);
});
