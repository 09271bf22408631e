import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { credit } from '../src/modules/ledger/credit.js';
import { ledgerScope } from '../src/modules/ledger/ledger.service.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call } from './helpers/context.js';
import { asMember, createPortalContext, join, type PortalContext } from './helpers/portal.js';

/**
 * What a signed-in member does in the portal, through the same use cases as the server API: points with pending and
 * expiry dates, the explained history, tier progress, rewards and coupons, offers, profile, export and deletion.
 */
let ctx: PortalContext;
let programId: string;
let reward: string;
let goldReward: string;
let offer: string;
const TZ = 'Europe/Berlin';

const api = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
  call(ctx.app, ctx.a.key, method, url, body);

before(async () => {
  ctx = await createPortalContext();
  const made = await api('POST', '/v1/programs', {
    slug: 'club',
    name: 'Club',
    currency: 'EUR',
    timezone: TZ,
  });
  assert.equal(made.statusCode, 201, made.body);
  programId = made.json().id;
  const policy = (await api('GET', `/v1/programs/${programId}/ledger-policy`)).json();
  const saved = await api('PUT', `/v1/programs/${programId}/ledger-policy`, {
    ...policy,
    pendingDays: 14,
    expiryMode: 'after_earn',
    expiryMonths: 12,
  });
  assert.equal(saved.statusCode, 200, saved.body);
  const tiers = await api('PUT', `/v1/programs/${programId}/tiers`, {
    window: 'calendar_year',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'silver', name: 'Silver', rank: 0 },
      {
        code: 'gold',
        name: 'Gold',
        rank: 1,
        qualification: { spend: 50_000 },
        benefits: { earnMultiplier: 2 },
      },
    ],
  });
  assert.equal(tiers.statusCode, 200, tiers.body);
  const r = await api('POST', '/v1/rewards', {
    programId,
    code: 'five-off',
    name: '€5 off',
    type: 'amount_discount',
    cost: 50,
    value: { amount: 500 },
  });
  assert.equal(r.statusCode, 201, r.body);
  reward = r.json().id;
  const g = await api('POST', '/v1/rewards', {
    programId,
    code: 'gold-gift',
    name: 'Gold gift',
    type: 'free_product',
    cost: 10,
    value: { sku: 'GIFT' },
    eligibility: { tiers: ['gold'] },
  });
  assert.equal(g.statusCode, 201, g.body);
  goldReward = g.json().id;
  const o = await api('POST', '/v1/campaigns', {
    programId,
    name: 'Kids week',
    publish: true,
    offer: { title: '3× points on kids', categories: ['kids'] },
    rules: [
      {
        key: 'kids',
        name: '3× on kids',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_multiplier', factor: 3, match: { categories: ['kids'] } }],
      },
    ],
  });
  assert.equal(o.statusCode, 201, o.body);
  offer = o.json().id;
});
after(() => ctx.close());

let seq = 0;
async function member(): Promise<{ token: string; memberId: string }> {
  return join(ctx, `club.${++seq}@example.com`, { givenName: `Member ${seq}` }, 'club');
}

async function buy(memberId: string, cents: number) {
  const res = await api('POST', '/v1/transactions', {
    programId,
    externalId: `PORTAL-${++seq}`,
    memberId,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'EUR',
    lines: [{ sku: 'SHOE', category: 'shoes', quantity: 1, unitPrice: cents }],
  });
  assert.equal(res.statusCode, 201, res.body);
}

/** Points available at once (a purchase's are pending for 14 days), expiring by the program policy. */
async function grant(memberId: string, amount: number) {
  const scope = await ledgerScope(ctx.db, await getProgram(ctx.db, ctx.a.tenantId, programId));
  const now = new Date();
  await credit(ctx.db, scope, {
    wallet: { memberId, code: 'points', unit: 'points' },
    amount,
    kind: 'adjust_credit',
    counter: 'adjustments',
    occurredAt: now,
    availableAt: now,
    explanation: `${amount} points: goodwill`,
  });
}

test('balance, pending and expiry dates, history, tier progress', async () => {
  const { token, memberId } = await member();
  await buy(memberId, 12_000);
  await grant(memberId, 200);
  const balance = await asMember(ctx, token, 'GET', '/v1/portal/me/balance');
  assert.equal(balance.statusCode, 200, balance.body);
  const b = balance.json();
  assert.equal(b.available, 200);
  assert.equal(b.pending, 120);
  assert.equal(b.availableValue, 200, 'one point is worth one cent by default');
  const release = DateTime.now().setZone(TZ).plus({ days: 14 }).toISODate();
  const releases = b.pendingReleases as { date: string; amount: number }[];
  assert.ok(
    releases.some(
      (p) =>
        p.amount === 120 &&
        Math.abs(
          DateTime.fromISO(p.date)
            .diff(DateTime.fromISO(release ?? ''))
            .as('days'),
        ) <= 1,
    ),
  );
  const schedule = b.expiring.schedule as { date: string; amount: number }[];
  assert.equal(
    schedule.reduce((s, e) => s + e.amount, 0),
    320,
    'both lots expire a year on (the schedule is not limited to 90 days)',
  );
  assert.ok(schedule.every((e) => e.date > DateTime.now().plus({ days: 300 }).toISODate()));
  assert.equal(b.expiring.within90Days, 0);
  assert.equal(b.expiryExempt, false);
  assert.deepEqual(b.lifetime, { earned: 320, spent: 0, expired: 0 });

  const history = (await asMember(ctx, token, 'GET', '/v1/portal/me/history')).json();
  assert.deepEqual(
    history.items.map((i: { kind: string; amount: number }) => [i.kind, i.amount]),
    [
      ['adjust_credit', 200],
      ['earn', 120],
    ],
  );
  assert.match(history.items[1].explanation, /120 points/);
  assert.equal(history.nextCursor, null);

  const tier = (await asMember(ctx, token, 'GET', '/v1/portal/me/tier')).json();
  assert.equal(tier.configured, true);
  assert.equal(tier.tier.code, 'silver');
  assert.equal(tier.currency, 'EUR');
  assert.equal(tier.next.tier.name, 'Gold');
  assert.deepEqual(tier.next.requirements, [
    { metric: 'spend', unit: 'money', required: 50_000, current: 12_000, remaining: 38_000 },
  ]);
  assert.equal(tier.next.by, `${DateTime.now().setZone(TZ).year}-12-31`);
  assert.match(tier.next.explanation, /€380\.00 more/);
});

test('history pages newest first without gaps or repeats, even when entries arrive in between', async () => {
  const { token, memberId } = await member();
  for (const amount of [1, 2, 3, 4, 5]) await grant(memberId, amount);
  const first = (await asMember(ctx, token, 'GET', '/v1/portal/me/history?limit=2')).json();
  assert.deepEqual(
    first.items.map((i: { amount: number }) => i.amount),
    [5, 4],
  );
  assert.ok(first.nextCursor);
  await grant(memberId, 6);
  const second = (
    await asMember(ctx, token, 'GET', `/v1/portal/me/history?limit=2&cursor=${first.nextCursor}`)
  ).json();
  assert.deepEqual(
    second.items.map((i: { amount: number }) => i.amount),
    [3, 2],
  );
  const third = (
    await asMember(ctx, token, 'GET', `/v1/portal/me/history?limit=2&cursor=${second.nextCursor}`)
  ).json();
  assert.deepEqual(
    third.items.map((i: { amount: number }) => i.amount),
    [1],
  );
  assert.equal(third.nextCursor, null);
  const bad = await asMember(ctx, token, 'GET', '/v1/portal/me/history?cursor=garbage');
  assert.equal(bad.statusCode, 400);
});

test('rewards: price, affordability and reasons; redeem with an idempotency key; the coupon', async () => {
  const { token, memberId } = await member();
  const poor = await asMember(ctx, token, 'POST', `/v1/portal/me/rewards/${reward}/redeem`);
  assert.equal(poor.statusCode, 409, poor.body);
  assert.equal(poor.json().code, 'insufficient_points');
  await grant(memberId, 80);
  const list = (await asMember(ctx, token, 'GET', '/v1/portal/me/rewards')).json();
  assert.equal(list.balance, 80);
  const byId = new Map(list.items.map((i: { id: string }) => [i.id, i]));
  assert.deepEqual(
    (({ cost, available, affordable, value }) => ({ cost, available, affordable, value }))(
      byId.get(reward) as never,
    ),
    { cost: 50, available: true, affordable: true, value: { amount: 500 } },
  );
  const gold = byId.get(goldReward) as {
    available: boolean;
    affordable: boolean;
    reasons: { code: string }[];
  };
  assert.equal(gold.available, false);
  assert.equal(gold.affordable, true);
  assert.deepEqual(
    gold.reasons.map((r) => r.code),
    ['tier_required'],
  );

  const key = { 'idempotency-key': 'redeem-1' };
  const redeemed = await asMember(
    ctx,
    token,
    'POST',
    `/v1/portal/me/rewards/${reward}/redeem`,
    undefined,
    key,
  );
  assert.equal(redeemed.statusCode, 201, redeemed.body);
  const r = redeemed.json();
  assert.equal(r.reward.name, '€5 off');
  assert.equal(r.cost, 50);
  assert.ok(r.coupon.code);
  const replay = await asMember(ctx, token, 'POST', `/v1/portal/me/rewards/${reward}/redeem`, undefined, key);
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.equal(replay.json().coupon.code, r.coupon.code);
  assert.equal(
    (await asMember(ctx, token, 'GET', '/v1/portal/me/balance')).json().available,
    30,
    'debited once',
  );

  // Another member choosing the same key gets their own redemption, never the first member's coupon.
  const other = await member();
  await grant(other.memberId, 50);
  const theirs = await asMember(
    ctx,
    other.token,
    'POST',
    `/v1/portal/me/rewards/${reward}/redeem`,
    undefined,
    key,
  );
  assert.equal(theirs.statusCode, 201, theirs.body);
  assert.notEqual(theirs.json().coupon.code, r.coupon.code);

  const coupons = (await asMember(ctx, token, 'GET', '/v1/portal/me/coupons')).json().items;
  assert.equal(coupons.length, 1);
  assert.deepEqual(
    (({ code, state, discount, currency }) => ({ code, state, discount, currency }))(coupons[0]),
    { code: r.coupon.code, state: 'active', discount: { type: 'amount', value: 500 }, currency: 'EUR' },
  );
  const foreign = await api('POST', '/v1/rewards', {
    code: 'elsewhere',
    name: 'Elsewhere',
    type: 'free_shipping',
    cost: 1,
  });
  assert.equal(foreign.statusCode, 201, foreign.body);
  const missing = await asMember(ctx, token, 'POST', `/v1/portal/me/rewards/${foreign.json().id}/redeem`);
  assert.equal(missing.statusCode, 404, 'a reward of another program is not found');
});

test('offers are listed and activated once', async () => {
  const { token, memberId } = await member();
  const list = (await asMember(ctx, token, 'GET', '/v1/portal/me/offers')).json().items;
  const item = list.find((o: { id: string }) => o.id === offer);
  assert.ok(item, JSON.stringify(list));
  assert.equal(item.activationRequired, true);
  assert.equal(item.activatedAt, null);
  const first = await asMember(ctx, token, 'POST', `/v1/portal/me/offers/${offer}/activate`);
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().memberId, memberId);
  const again = await asMember(ctx, token, 'POST', `/v1/portal/me/offers/${offer}/activate`);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().activatedAt, first.json().activatedAt);
  const listed = (await asMember(ctx, token, 'GET', '/v1/portal/me/offers')).json().items;
  assert.equal(listed.find((o: { id: string }) => o.id === offer).activatedAt, first.json().activatedAt);
});

test('profile update, data export, and deleting the account', async () => {
  const { token, memberId } = await member();
  await grant(memberId, 60);
  await asMember(ctx, token, 'POST', `/v1/portal/me/rewards/${reward}/redeem`);
  const patched = await asMember(ctx, token, 'PATCH', '/v1/portal/me', {
    givenName: 'Renamed',
    phone: '+49 30 1234567',
    consents: { sms: true },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().givenName, 'Renamed');
  assert.equal(patched.json().phone, '+49301234567');
  assert.equal(patched.json().consents.sms.granted, true);
  assert.equal(patched.json().consents.sms.source, 'portal');
  const email = await asMember(ctx, token, 'PATCH', '/v1/portal/me', { email: 'new@example.com' });
  assert.equal(email.statusCode, 400, 'the sign-in email is not changed here');
  const holder = await api('POST', '/v1/members', { programId, phone: '+49 30 7654321' });
  assert.equal(holder.statusCode, 201, holder.body);
  const taken = await asMember(ctx, token, 'PATCH', '/v1/portal/me', { phone: '+49307654321' });
  assert.equal(taken.statusCode, 409, taken.body);
  assert.equal(taken.json().code, 'identity_taken');
  assert.equal(taken.json().errors[0].field, '/phone');
  assert.ok(!taken.body.includes(holder.json().id), 'the other member is not named');

  const exported = await asMember(ctx, token, 'GET', '/v1/portal/me/export');
  assert.equal(exported.statusCode, 200, exported.body);
  assert.match(
    String(exported.headers['content-disposition']),
    /^attachment; filename="member-data-\d{4}-\d{2}-\d{2}\.json"$/,
  );
  assert.match(String(exported.headers['content-type']), /application\/json/);
  const data = exported.json();
  assert.equal(data.profile.id, memberId);
  assert.equal(data.profile.firstName, 'Renamed');
  assert.equal(data.portal.cardNumber, patched.json().cardNumber);
  assert.deepEqual(
    data.ledger.map((j: { kind: string }) => j.kind),
    ['spend', 'adjust_credit'],
  );
  assert.equal(data.coupons.length, 1);
  assert.equal(data.redemptions.length, 1);
  assert.equal(data.tier.tier.code, 'silver');
  assert.ok(data.sessions.length >= 1);

  const deleted = await asMember(ctx, token, 'DELETE', '/v1/portal/me');
  assert.equal(deleted.statusCode, 204, deleted.body);
  assert.equal((await asMember(ctx, token, 'GET', '/v1/portal/me')).statusCode, 401, 'signed out everywhere');
  const row = (await api('GET', `/v1/members/${memberId}`)).json();
  assert.equal(row.status, 'deleted');
  assert.equal(row.email, null);
  const audit = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_id', '=', memberId)
    .where('action', '=', 'member.deleted')
    .execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.actor, `member:${memberId}`);
});

test('a program without tiers answers tier as not configured', async () => {
  const { token } = await join(ctx, `plain.${++seq}@example.com`);
  const tier = await asMember(ctx, token, 'GET', '/v1/portal/me/tier');
  assert.equal(tier.statusCode, 200, tier.body);
  assert.equal(tier.json().configured, false);
  assert.equal(tier.json().next, null);
});
