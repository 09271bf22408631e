import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forgetOfferModel } from '../src/modules/offers/program-offer-model.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Personal offers through the API: the ranked list of open offers and redeemable rewards with reasons, and offers
 * that reward only the members who activated them.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;

async function member(programId: string) {
  const res = await api('POST', '/v1/members', { programId, firstName: `O${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function buy(programId: string, memberId: string, sku: string, category: string, amount = 1000) {
  const res = await api('POST', '/v1/transactions', {
    programId,
    externalId: `OF-${++seq}`,
    memberId,
    occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    currency: 'EUR',
    lines: [{ sku, category, quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { points: { awarded: number } };
}
async function offer(programId: string, name: string, categories: string[], extra: object = {}) {
  const res = await api('POST', '/v1/campaigns', {
    programId,
    name,
    publish: true,
    offer: { title: name, categories },
    rules: [
      {
        key: 'boost',
        name,
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_multiplier', factor: 3, match: { categories } }],
      },
    ],
    ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

test('offers are ranked by what the member buys, and reward only after activation', async () => {
  const made = await api('POST', '/v1/programs', {
    slug: 'offers',
    name: 'Offers',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  const p = made.json().id as string;
  const a = await member(p);
  const others = [await member(p), await member(p), await member(p)];
  for (let i = 0; i < 3; i++) await buy(p, a, 'KIDS-1', 'kids');
  await buy(p, a, 'SHOE-1', 'shoes');
  for (const o of others) await buy(p, o, 'COAT-1', 'coats');
  const kids = await offer(p, '3× points on kids', ['kids']);
  const coats = await offer(p, 'Coat week', ['coats']);
  const later = await offer(p, 'Next month', ['shoes'], { schedule: { start: '2099-01-01T00:00:00Z' } });
  const reward = await api('POST', '/v1/rewards', {
    programId: p,
    code: 'free-kids-sock',
    name: 'Free kids socks',
    type: 'free_product',
    cost: 5,
    value: { sku: 'KIDS-1' },
  });
  assert.equal(reward.statusCode, 201, reward.body);
  forgetOfferModel(p);

  const list = await call(ctx.app, ctx.a.publishableKey, 'GET', `/v1/members/${a}/offers`);
  assert.equal(list.statusCode, 200, list.body);
  const data = list.json().data as {
    kind: string;
    id: string;
    item: string;
    reasons: string[];
    activatedAt: string | null;
  }[];
  assert.deepEqual(
    data.map((o) => [o.kind, o.item]),
    [
      ['offer', 'kids'], // bought three times
      ['reward', 'kids'], // the free socks are bought as kids
      ['offer', 'coats'], // popular with everyone else
    ],
  );
  assert.ok(!data.some((o) => o.id === later), 'an offer that has not started is not listed');
  assert.match(data[0]?.reasons.join('; ') ?? '', /kids/);
  assert.equal(data[0]?.activatedAt, null);

  // Not activated: only the base earn (10 points on €10).
  assert.equal((await buy(p, a, 'KIDS-1', 'kids')).points.awarded, 10);
  const explain = await api('POST', `/v1/members/${a}/explain`, {
    activity: {
      type: 'purchase',
      lines: [{ sku: 'KIDS-1', category: 'kids', quantity: 1, unitPrice: 1000 }],
    },
  });
  assert.match(explain.body, /offer not activated by the member/);

  const first = await api('POST', `/v1/members/${a}/offers/${kids}/activate`, { channel: 'app' });
  assert.equal(first.statusCode, 201, first.body);
  const again = await api('POST', `/v1/members/${a}/offers/${kids}/activate`, {});
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().activatedAt, first.json().activatedAt);
  // Activated: 3× on kids lines, 10 base + 20.
  assert.equal((await buy(p, a, 'KIDS-1', 'kids')).points.awarded, 30);
  // Coat week was not activated by this member: base only.
  assert.equal((await buy(p, a, 'COAT-1', 'coats')).points.awarded, 10);
  assert.ok(coats);

  const activations = await countRows(ctx.db, 'offer_activations');
  const notYet = await api('POST', `/v1/members/${a}/offers/${later}/activate`, {});
  assert.equal(notYet.statusCode, 409, notYet.body);
  assert.equal(notYet.json().code, 'offer_not_available');
  const unknown = await api(
    'POST',
    `/v1/members/${a}/offers/${'0'.repeat(8)}-0000-7000-8000-000000000000/activate`,
    {},
  );
  assert.equal(unknown.statusCode, 404);
  assert.equal(await countRows(ctx.db, 'offer_activations'), activations);
  const listed = (await api('GET', `/v1/members/${a}/offers?limit=1`)).json().data;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].activatedAt, first.json().activatedAt);
});
