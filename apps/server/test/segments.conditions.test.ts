import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { refreshProgramMetrics } from '../src/modules/analytics/metrics/refresh-metrics.js';
import { compileContext, memberQuery } from '../src/modules/segments/compile-condition.js';
import type { SegmentCondition } from '../src/modules/segments/segment-condition.schemas.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { segmentFixtures } from './helpers/segments.js';

/**
 * Every leaf of the segment condition language compiled to SQL, on three members whose answers can be checked by
 * hand. Ann: full profile, shoe size 42, red, VIP, e-mail consent, tags gold-card + newsletter, enrolled 400 days
 * ago, bought shoes (€50, 10 days ago) and socks (€10, 100 days ago). Bob: e-mail only, en-GB, web, size 38, blue,
 * consent refused, tag newsletter, enrolled 30 days ago, bought a hat 5 days ago and returned it. Cai: nothing but
 * a first name and the gold tier, enrolled today.
 */
let ctx: TestContext;
const f = segmentFixtures(() => ctx);
let p: Program;
const names = new Map<string, string>();

before(async () => {
  ctx = await createTestContext();
  p = await f.program([
    { key: 'shoeSize', type: 'integer' },
    { key: 'colour', type: 'string' },
    { key: 'vip', type: 'boolean' },
  ]);
  const tiers = await f.api('PUT', `/v1/programs/${p.id}/tiers`, {
    window: 'lifetime',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'member', name: 'Member', rank: 0 },
      { code: 'gold', name: 'Gold', rank: 1, qualification: { qualifyingPoints: 1_000_000 } },
    ],
  });
  assert.equal(tiers.statusCode, 200, tiers.body);
  const consent = (granted: boolean) => ({ marketingEmail: { granted } });
  const ann = await f.member(
    p,
    {
      email: 'ann@example.com',
      phone: '+4915112345678',
      birthDate: '1990-05-01',
      locale: 'de-DE',
      enrollmentChannel: 'pos',
      attributes: { shoeSize: 42, colour: 'red', vip: true },
      consents: consent(true),
    },
    400,
  );
  const bob = await f.member(
    p,
    {
      email: 'bob@example.com',
      locale: 'en-GB',
      enrollmentChannel: 'web',
      attributes: { shoeSize: 38, colour: 'blue' },
      consents: consent(false),
    },
    30,
  );
  const cai = await f.member(p);
  for (const [id, n] of [
    [ann, 'ann'],
    [bob, 'bob'],
    [cai, 'cai'],
  ] as const)
    names.set(id, n);
  await ctx.db
    .updateTable('members')
    .set({ tags: ['gold-card', 'newsletter'] })
    .where('id', '=', ann)
    .execute();
  await ctx.db
    .updateTable('members')
    .set({ tags: ['newsletter'] })
    .where('id', '=', bob)
    .execute();
  const gold = await f.api('PUT', `/v1/members/${cai}/tier`, { tier: 'gold', reason: 'test' });
  assert.equal(gold.statusCode, 200, gold.body);
  await f.buy(p, ann, 10, 5000, 'shoes');
  await f.buy(p, ann, 100, 1000, 'socks');
  const hat = await f.buy(p, bob, 5, 2000, 'hats');
  const ret = await f.api('POST', `/v1/transactions/${hat.id}/returns`, {
    externalId: `RET-${hat.id}`,
    items: [{ sku: 'SKU-hats', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  await refreshProgramMetrics(ctx.db, p, f.NOW);
});
after(() => ctx.close());

async function who(condition: SegmentCondition): Promise<string> {
  const query = memberQuery(condition, await compileContext(ctx.db, p, f.NOW));
  const rows = await sql<{ id: string }>`${query}`.execute(ctx.db);
  return rows.rows
    .map((r) => names.get(r.id) ?? '?')
    .sort()
    .join(',');
}

test('profile leaves: exists, eq, ne, in, not_in (a missing value is never equal)', async () => {
  assert.equal(await who({ kind: 'profile', field: 'email', op: 'exists' }), 'ann,bob');
  assert.equal(await who({ kind: 'profile', field: 'email', op: 'not_exists' }), 'cai');
  assert.equal(await who({ kind: 'profile', field: 'locale', op: 'eq', value: 'de-DE' }), 'ann');
  assert.equal(await who({ kind: 'profile', field: 'locale', op: 'ne', value: 'de-DE' }), 'bob,cai');
  assert.equal(await who({ kind: 'profile', field: 'locale', op: 'in', value: ['en-GB', 'fr-FR'] }), 'bob');
  assert.equal(await who({ kind: 'profile', field: 'locale', op: 'not_in', value: ['en-GB'] }), 'ann,cai');
  assert.equal(await who({ kind: 'profile', field: 'birthDate', op: 'eq', value: '1990-05-01' }), 'ann');
  assert.equal(await who({ kind: 'profile', field: 'enrollmentChannel', op: 'eq', value: 'web' }), 'bob');
  assert.equal(await who({ kind: 'profile', field: 'phone', op: 'exists' }), 'ann');
});

test('attribute leaves compare by JSON type', async () => {
  assert.equal(await who({ kind: 'attribute', key: 'shoeSize', op: 'gt', value: 40 }), 'ann');
  assert.equal(await who({ kind: 'attribute', key: 'shoeSize', op: 'lte', value: 40 }), 'bob');
  // "42" is a string: it never equals the number 42.
  assert.equal(await who({ kind: 'attribute', key: 'shoeSize', op: 'eq', value: '42' }), '');
  assert.equal(await who({ kind: 'attribute', key: 'colour', op: 'in', value: ['red', 'green'] }), 'ann');
  assert.equal(await who({ kind: 'attribute', key: 'colour', op: 'ne', value: 'red' }), 'bob,cai');
  assert.equal(await who({ kind: 'attribute', key: 'colour', op: 'not_in', value: ['red'] }), 'bob,cai');
  assert.equal(await who({ kind: 'attribute', key: 'colour', op: 'contains', value: 'lu' }), 'bob');
  assert.equal(await who({ kind: 'attribute', key: 'colour', op: 'gte', value: 'c' }), 'ann');
  assert.equal(await who({ kind: 'attribute', key: 'vip', op: 'eq', value: true }), 'ann');
  assert.equal(await who({ kind: 'attribute', key: 'vip', op: 'not_exists' }), 'bob,cai');
});

test('consent, tag and tier leaves', async () => {
  assert.equal(await who({ kind: 'consent', purpose: 'marketingEmail', granted: true }), 'ann');
  assert.equal(await who({ kind: 'consent', purpose: 'marketingEmail', granted: false }), 'bob,cai');
  assert.equal(await who({ kind: 'tag', tags: ['gold-card', 'vip'], match: 'any' }), 'ann');
  assert.equal(await who({ kind: 'tag', tags: ['gold-card', 'newsletter'], match: 'all' }), 'ann');
  assert.equal(await who({ kind: 'tag', tags: ['newsletter'], match: 'none' }), 'cai');
  assert.equal(await who({ kind: 'tier', tiers: ['gold'] }), 'cai');
  // Without a tier row a member is in the entry tier, as the rules see it.
  assert.equal(await who({ kind: 'tier', tiers: ['member'] }), 'ann,bob');
  assert.equal(await who({ kind: 'tier', tiers: ['member', 'gold'] }), 'ann,bob,cai');
});

test('metric leaves: counters, money, recency and tenure', async () => {
  // Ann: 2 purchases, €60 net, AOV €30, last 10 days ago. Bob's only purchase was returned: 0. Cai: nothing.
  assert.equal(await who({ kind: 'metric', metric: 'frequency', op: 'gte', value: 2 }), 'ann');
  assert.equal(await who({ kind: 'metric', metric: 'frequency', op: 'eq', value: 0 }), 'bob,cai');
  assert.equal(await who({ kind: 'metric', metric: 'monetary', op: 'eq', value: 6000 }), 'ann');
  assert.equal(await who({ kind: 'metric', metric: 'averageOrderValue', op: 'eq', value: 3000 }), 'ann');
  assert.equal(await who({ kind: 'metric', metric: 'recencyDays', op: 'eq', value: 10 }), 'ann');
  // Nobody but Ann has a last purchase: recency is unknown for them, so only `not` selects them.
  assert.equal(await who({ kind: 'metric', metric: 'recencyDays', op: 'gt', value: 30 }), '');
  assert.equal(
    await who({ kind: 'not', condition: { kind: 'metric', metric: 'recencyDays', op: 'lte', value: 30 } }),
    'bob,cai',
  );
  assert.equal(await who({ kind: 'metric', metric: 'tenureDays', op: 'gte', value: 365 }), 'ann');
  assert.equal(await who({ kind: 'metric', metric: 'tenureDays', op: 'lt', value: 31 }), 'bob,cai');
  assert.equal(await who({ kind: 'metric', metric: 'categoryCount', op: 'eq', value: 2 }), 'ann');
  // Bob's only activity was returned: no purchase, no activity, engagement 0.
  assert.equal(await who({ kind: 'metric', metric: 'engagementScore', op: 'gt', value: 0 }), 'ann');
  // Cai never earned a point (Bob earned some for his hat before returning it).
  assert.equal(await who({ kind: 'metric', metric: 'pointsEarned', op: 'eq', value: 0 }), 'cai');
});

test('rfm, loyalty type and category leaves', async () => {
  // Ann is the only buyer: every percent rank is 0, so R = F = M = 1, FM = 1 → lost; behaviour low, no attitude.
  assert.equal(await who({ kind: 'rfm', segments: ['lost'] }), 'ann');
  assert.equal(await who({ kind: 'rfm', segments: ['no_purchases'] }), 'bob,cai');
  assert.equal(await who({ kind: 'rfm', r: { min: 1, max: 1 }, m: { max: 2 } }), 'ann');
  assert.equal(await who({ kind: 'rfm', f: { min: 2 } }), '');
  assert.equal(await who({ kind: 'loyalty_type', types: ['convenience'] }), 'ann');
  assert.equal(await who({ kind: 'loyalty_type', types: ['devoted', 'captive'] }), '');
  assert.equal(await who({ kind: 'category', categories: ['shoes'], bought: true }), 'ann');
  assert.equal(await who({ kind: 'category', categories: ['shoes'], bought: false }), 'bob,cai');
  // Bob returned his hat: it does not count as bought.
  assert.equal(await who({ kind: 'category', categories: ['hats'], bought: true }), '');
  assert.equal(await who({ kind: 'category', categories: ['socks'], bought: true, withinDays: 30 }), '');
  assert.equal(await who({ kind: 'category', categories: ['socks'], bought: true, withinDays: 200 }), 'ann');
});

test('all, any and not combine leaves; not is the exact complement', async () => {
  const big = { kind: 'attribute', key: 'shoeSize', op: 'gt', value: 40 } as const;
  const noEmail = { kind: 'profile', field: 'email', op: 'not_exists' } as const;
  assert.equal(await who({ kind: 'any', conditions: [big, noEmail] }), 'ann,cai');
  assert.equal(await who({ kind: 'all', conditions: [big, noEmail] }), '');
  assert.equal(await who({ kind: 'not', condition: { kind: 'any', conditions: [big, noEmail] } }), 'bob');
  // Cai has no shoe size: not(size > 40) selects him, as not(X) = everyone outside X.
  assert.equal(await who({ kind: 'not', condition: big }), 'bob,cai');
});
