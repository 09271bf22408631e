import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** Points earned from custom events (reviews, surveys) qualify for tiers like purchase points. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
  assert.equal((await api('POST', '/v1/event-types/standard', {})).statusCode, 200);
  const tiers = await api('PUT', `/v1/programs/${ctx.a.program.id}/tiers`, {
    window: 'lifetime',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'member', name: 'Member', rank: 0 },
      { code: 'critic', name: 'Critic', rank: 1, qualification: { qualifyingPoints: 50 } },
    ],
  });
  assert.equal(tiers.statusCode, 200, tiers.body);
  const campaign = await api('POST', '/v1/campaigns', {
    name: 'Reviews',
    publish: true,
    rules: [
      {
        key: 'review',
        name: 'Review bonus',
        trigger: { type: 'event', eventType: 'review_written' },
        effects: [{ kind: 'points_fixed', points: 30 }],
      },
    ],
  });
  assert.equal(campaign.statusCode, 201, campaign.body);
});
after(() => ctx.close());

test('review points count as qualifying points and upgrade the member in the event transaction', async () => {
  const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
  const m = (await api('POST', '/v1/members', { firstName: 'Critic' })).json().id as string;
  const review = (n: number) =>
    api('POST', '/v1/events', {
      type: 'review_written',
      externalId: `REV-${m}-${n}`,
      memberId: m,
      occurredAt: new Date().toISOString(),
      properties: { rating: 5 },
    });
  assert.equal((await review(1)).statusCode, 201);
  assert.equal((await api('GET', `/v1/members/${m}/tier`)).json().tier.code, 'member');
  assert.equal((await review(2)).statusCode, 201);
  assert.equal((await api('GET', `/v1/members/${m}/tier`)).json().tier.code, 'critic');
});

test("after a merge the duplicate's qualifying points count for the survivor", async () => {
  const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
  const survivor = (await api('POST', '/v1/members', { firstName: 'Keep' })).json().id as string;
  const duplicate = (await api('POST', '/v1/members', { firstName: 'Dup' })).json().id as string;
  const review = (m: string, n: string) =>
    api('POST', '/v1/events', {
      type: 'review_written',
      externalId: `MERGE-${n}`,
      memberId: m,
      occurredAt: new Date().toISOString(),
      properties: { rating: 4 },
    });
  assert.equal((await review(duplicate, 'd1')).statusCode, 201);
  assert.equal((await review(survivor, 's1')).statusCode, 201);
  const figures = async () =>
    (await api('GET', `/v1/members/${survivor}/tier`)).json().window.metrics.qualifyingPoints;
  assert.equal(await figures(), 30);
  const merged = await api('POST', `/v1/members/${survivor}/merge`, { duplicateId: duplicate });
  assert.equal(merged.statusCode, 200, merged.body);
  assert.equal(await figures(), 60);
});

test('a backtest applies tier multipliers to members by their tier', async () => {
  const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
  const from = new Date(Date.now() - 60_000).toISOString();
  const tiers = await api('PUT', `/v1/programs/${ctx.a.program.id}/tiers`, {
    window: 'lifetime',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'member', name: 'Member', rank: 0 },
      {
        code: 'critic',
        name: 'Critic',
        rank: 1,
        qualification: { qualifyingPoints: 50 },
        benefits: { earnMultiplier: 2 },
      },
    ],
  });
  assert.equal(tiers.statusCode, 200, tiers.body);
  const m = (await api('POST', '/v1/members', { firstName: 'Double' })).json().id as string;
  await api('PUT', `/v1/members/${m}/tier`, { tier: 'critic', reason: 'test' });
  const tx = await api('POST', '/v1/transactions', {
    externalId: `BT-${m}`,
    memberId: m,
    occurredAt: new Date().toISOString(),
    currency: 'EUR',
    lines: [{ sku: 'X', quantity: 1, unitPrice: 1000 }],
  });
  assert.equal(tx.json().points.awarded, 20, tx.body);
  const campaigns = (await api('GET', '/v1/campaigns')).json().items as { id: string }[];
  const report = await api('POST', `/v1/campaigns/${campaigns[0]?.id}/backtest`, {
    from,
    to: new Date(Date.now() + 60_000).toISOString(),
  });
  assert.equal(report.statusCode, 200, report.body);
  assert.equal(report.json().purchases, 1);
  const byCampaign = report.json().live.byCampaign as { name: string; points: number }[];
  assert.equal(
    byCampaign.find((c) => c.name === 'Tier benefits')?.points,
    10,
    'the replay sees the member as critic',
  );
});
