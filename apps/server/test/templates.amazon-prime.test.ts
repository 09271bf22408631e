import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { expireMemberships } from '../src/modules/memberships/expire-memberships.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Amazon Prime (programs.md §6) from its template, end to end through the API and the expiry job (run with `now`).
 *
 * Modelling conventions relied on (programs.md and docs/memberships.md):
 * - Prime is a paid membership, not a points program: purchases earn 0 points (base earn 0).
 * - Payment happens in the billing system; Tessera records each payment. The first payment converts the 30-day trial
 *   into one paid month from the trial's end; each renewal adds one month from the current end. Months are counted
 *   in the program's time zone (America/Los_Angeles), so a period keeps its local time across DST changes.
 * - Switching plans is cancel at period end → the expiry job ends the membership → subscribe to the other plan
 *   (no proration; a returning member gets no second trial).
 * - Free shipping is a flag the checkout reads from the member's live (trialing or active) membership.
 */
let ctx: TestContext;
let programId: string;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const DAY = 86_400_000;
const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const expire = (at: string) => expireMemberships(ctx.db, ctx.a.tenantId, programId, new Date(at));

async function member() {
  const res = await api('POST', '/v1/members', { programId, firstName: `Prime${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function pay(membershipId: string, amount: number, paidAt: string) {
  const res = await api('POST', `/v1/memberships/${membershipId}/payments`, {
    externalId: `pay-${++seq}`,
    amount,
    currency: 'USD',
    paidAt,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}
/** What the checkout sees: free shipping from a live membership, the plan tag, and the points balance. */
async function state(memberId: string) {
  const list = (await api('GET', `/v1/members/${memberId}/memberships`)).json().data as {
    status: string;
    benefits: { freeShipping?: boolean };
  }[];
  const live = list.filter((m) => m.status === 'trialing' || m.status === 'active');
  const tags = ((await api('GET', `/v1/members/${memberId}`)).json().tags as string[]).filter((t) =>
    t.startsWith('plan:'),
  );
  const wallets = (await api('GET', `/v1/members/${memberId}/balance`)).json().wallets as {
    wallet: string;
    balance: number;
  }[];
  return {
    freeShipping: live.some((m) => m.benefits.freeShipping === true),
    tags,
    points: wallets.find((w) => w.wallet === 'points')?.balance ?? 0,
  };
}
async function order(memberId: string) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `ORD-${++seq}`,
    programId,
    memberId,
    occurredAt: new Date().toISOString(),
    currency: 'USD',
    lines: [{ sku: 'B0KINDLE', category: 'electronics', quantity: 1, unitPrice: 10999 }],
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().points.awarded, 0, 'Prime earns no points');
}

test('Prime monthly: trial → first payment → renewal → switch to annual; benefits and outbox follow', async () => {
  const created = await api('POST', '/v1/programs/from-template', {
    template: 'amazon-prime',
    slug: 'prime-us',
  });
  assert.equal(created.statusCode, 201, created.body);
  programId = created.json().program.id;
  const pat = await member();
  await order(pat);
  assert.deepEqual(await state(pat), { freeShipping: false, tags: [], points: 0 });

  // 1. Subscribe on the monthly plan: a 30-day trial, 2026-01-10T20:00Z → 2026-02-09T20:00Z; free shipping at once.
  const sub = await api('POST', `/v1/members/${pat}/memberships`, {
    plan: 'prime-monthly',
    startedAt: '2026-01-10T20:00:00Z',
  });
  assert.equal(sub.statusCode, 201, sub.body);
  const ms = sub.json();
  assert.equal(ms.status, 'trialing');
  assert.equal(ms.trialEndsAt, new Date(Date.parse('2026-01-10T20:00:00Z') + 30 * DAY).toISOString());
  assert.equal(ms.trialEndsAt, '2026-02-09T20:00:00.000Z');
  assert.equal(ms.currentPeriodEnd, ms.trialEndsAt);
  await order(pat);
  assert.deepEqual(await state(pat), { freeShipping: true, tags: ['plan:prime-monthly'], points: 0 });

  // 2. The trial converts with the first $14.99 payment at its end: one month from 2026-02-09 12:00 PST. DST starts
  //    on 2026-03-08, so the period ends 2026-03-09 12:00 PDT = 19:00Z.
  const first = await pay(ms.id, 1499, '2026-02-09T20:00:00Z');
  assert.equal(first.status, 'active');
  assert.equal(first.currentPeriodStart, '2026-02-09T20:00:00.000Z');
  assert.equal(first.currentPeriodEnd, '2026-03-09T19:00:00.000Z');
  assert.equal(await expire('2026-03-09T18:59:59Z'), 0, 'still paid up');

  // 3. Renewal charged an hour early: the month runs on from the current end, to 2026-04-09 12:00 PDT = 19:00Z.
  const renewed = await pay(ms.id, 1499, '2026-03-09T18:00:00Z');
  assert.equal(renewed.currentPeriodStart, '2026-03-09T19:00:00.000Z');
  assert.equal(renewed.currentPeriodEnd, '2026-04-09T19:00:00.000Z');
  assert.deepEqual(await state(pat), { freeShipping: true, tags: ['plan:prime-monthly'], points: 0 });

  // 4. Switch to annual: cancel at period end; Prime lasts to 2026-04-09T19:00Z, then the expiry job ends it.
  const cancel = await api('POST', `/v1/memberships/${ms.id}/cancel`, {
    atPeriodEnd: true,
    reason: 'annual',
  });
  assert.equal(cancel.statusCode, 200, cancel.body);
  assert.equal(cancel.json().status, 'active');
  assert.equal(cancel.json().cancelAtPeriodEnd, true);
  assert.deepEqual(await state(pat), { freeShipping: true, tags: ['plan:prime-monthly'], points: 0 });
  const early = await api('POST', `/v1/members/${pat}/memberships`, { plan: 'prime-annual', trial: false });
  assert.equal(early.statusCode, 409, early.body);
  assert.equal(early.json().code, 'membership_exists');
  assert.equal(await expire('2026-04-09T18:59:59Z'), 0);
  assert.equal(await expire('2026-04-09T19:00:00Z'), 1);
  assert.equal(await expire('2026-04-09T19:00:00Z'), 0, 'idempotent');
  const ended = (await api('GET', `/v1/memberships/${ms.id}`)).json();
  assert.equal(ended.status, 'expired');
  assert.equal(ended.endedAt, '2026-04-09T19:00:00.000Z');
  assert.equal(ended.history.at(-1).details.reason, 'cancelled');
  assert.deepEqual(
    ended.history.map((h: { event: string; toStatus: string }) => `${h.event}:${h.toStatus}`),
    [
      'trial_started:trialing',
      'trial_converted:active',
      'renewed:active',
      'cancel_scheduled:active',
      'expired:expired',
    ],
  );
  assert.deepEqual(await state(pat), { freeShipping: false, tags: [], points: 0 });

  // 5. Subscribe to annual, paid $139 at once (no second trial): 2026-04-09T19:00Z → 2027-04-09T19:00Z (PDT both).
  const annual = await api('POST', `/v1/members/${pat}/memberships`, {
    plan: 'prime-annual',
    trial: false,
    startedAt: '2026-04-09T19:00:00Z',
    payment: { externalId: `pay-${++seq}`, amount: 13900, currency: 'USD', paidAt: '2026-04-09T19:00:00Z' },
  });
  assert.equal(annual.statusCode, 201, annual.body);
  assert.equal(annual.json().status, 'active');
  assert.equal(annual.json().currentPeriodEnd, '2027-04-09T19:00:00.000Z');
  await order(pat);
  assert.deepEqual(await state(pat), { freeShipping: true, tags: ['plan:prime-annual'], points: 0 });

  // 6. Outbox: every change of both memberships, in order, for webhooks.
  const rows = await ctx.db
    .selectFrom('outbox')
    .select(['type', 'payload'])
    .where('program_id', '=', programId)
    .orderBy('id')
    .execute();
  const mine = rows
    .map((r) => ({ type: r.type, p: r.payload as { membershipId: string; plan: string; endsAt?: string } }))
    .filter((r) => r.p.membershipId !== undefined);
  assert.deepEqual(
    mine.map((r) => `${r.p.plan}:${r.type}`),
    [
      'prime-monthly:membership.started',
      'prime-monthly:membership.renewed',
      'prime-monthly:membership.renewed',
      'prime-monthly:membership.cancelled',
      'prime-monthly:membership.expired',
      'prime-annual:membership.started',
    ],
  );
  assert.equal(mine[3]?.p.endsAt, '2026-04-09T19:00:00.000Z');
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('a trial nobody pays for ends at its last second, and free shipping with it', async () => {
  const sam = await member();
  const sub = await api('POST', `/v1/members/${sam}/memberships`, {
    plan: 'prime-annual',
    startedAt: '2026-06-01T16:00:00Z',
  });
  assert.equal(sub.statusCode, 201, sub.body);
  assert.equal(sub.json().trialEndsAt, '2026-07-01T16:00:00.000Z');
  assert.equal(await expire('2026-07-01T15:59:59Z'), 0);
  assert.equal((await state(sam)).freeShipping, true);
  assert.equal(await expire('2026-07-01T16:00:00Z'), 1);
  const ended = (await api('GET', `/v1/memberships/${sub.json().id}`)).json();
  assert.equal(ended.status, 'expired');
  assert.equal(ended.history.at(-1).details.reason, 'trial_ended');
  assert.deepEqual(await state(sam), { freeShipping: false, tags: [], points: 0 });
  const late = await api('POST', `/v1/memberships/${sub.json().id}/payments`, {
    externalId: 'late-1',
    amount: 13900,
    currency: 'USD',
  });
  assert.equal(late.statusCode, 409, late.body);
  assert.equal(late.json().code, 'membership_ended');
});
