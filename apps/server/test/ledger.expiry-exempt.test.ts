import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { DEFAULT_POLICY, type LedgerPolicy } from '../src/modules/ledger/policy.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Tiers whose members lose nothing to expiry (`expiryExemptTiers`), Starbucks-style: Gold points never expire,
 * Green points do. Each scenario has its own program in UTC with Green (entry) and Gold ($500 in a rolling 12
 * months, reviewed 12 months after it was reached, to_metric), earning 1 point per $1. A member who loses Gold gets a
 * fresh start from the review that took it away, not an instant forfeit.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

const TIERS = {
  window: 'rolling_12_months',
  downgrade: { policy: 'to_metric' },
  tiers: [
    { code: 'green', name: 'Green', rank: 0 },
    { code: 'gold', name: 'Gold', rank: 1, qualification: { spend: 50000 } },
  ],
};

let seq = 0;
async function program(policy: Partial<LedgerPolicy>): Promise<Program> {
  const res = await api('POST', '/v1/programs', {
    slug: `exempt-${++seq}`,
    name: `Exempt ${seq}`,
    currency: 'USD',
    timezone: 'UTC',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  assert.equal((await api('PUT', `/v1/programs/${id}/tiers`, TIERS)).statusCode, 200);
  const put = await api('PUT', `/v1/programs/${id}/ledger-policy`, { ...DEFAULT_POLICY, ...policy });
  assert.equal(put.statusCode, 200, put.body);
  return getProgram(ctx.db, ctx.a.tenantId, id);
}

async function member(p: Program): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `M${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function buy(p: Program, memberId: string, dollars: number, occurredAt: string): Promise<void> {
  const res = await api('POST', '/v1/transactions', {
    externalId: `X-${++seq}`,
    programId: p.id,
    memberId,
    occurredAt,
    currency: 'USD',
    lines: [{ sku: 'COFFEE', quantity: 1, unitPrice: dollars * 100 }],
  });
  assert.equal(res.statusCode, 201, res.body);
}

async function balance(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  return res.json().wallets[0]?.balance ?? 0;
}

async function tierOf(memberId: string): Promise<string> {
  return (await api('GET', `/v1/members/${memberId}/tier`)).json().tier.code;
}

const expire = (p: Program, at: string) => expirePoints(ctx.db, p.tenantId, p.id, new Date(at));

test('exempt tiers are validated against the tier set, default to none, and a refusal writes nothing', async () => {
  const p = await program({});
  const policy = (await api('GET', `/v1/programs/${p.id}/ledger-policy`)).json();
  assert.deepEqual(policy.expiryExemptTiers, [], 'the default is no exempt tier');
  const bad = await api('PUT', `/v1/programs/${p.id}/ledger-policy`, {
    ...policy,
    expiryExemptTiers: ['gold', 'platinum'],
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(
    bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [['/expiryExemptTiers/1', 'unknown_tier']],
  );
  assert.deepEqual((await api('GET', `/v1/programs/${p.id}/ledger-policy`)).json().expiryExemptTiers, []);
  const ok = await api('PUT', `/v1/programs/${p.id}/ledger-policy`, {
    ...policy,
    expiryExemptTiers: ['gold'],
  });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json().expiryExemptTiers, ['gold']);
  // Without tiers yet (a template sets its policy first) any code is accepted.
  const bare = await api('POST', '/v1/programs', {
    slug: 'exempt-bare',
    name: 'Bare',
    currency: 'USD',
    timezone: 'UTC',
  });
  assert.equal(bare.statusCode, 201, bare.body);
  const early = await api('PUT', `/v1/programs/${bare.json().id}/ledger-policy`, {
    ...DEFAULT_POLICY,
    expiryExemptTiers: ['gold'],
  });
  assert.equal(early.statusCode, 200, early.body);
});

test('after-earn expiry: Green points expire, Gold points do not, and losing Gold gives a fresh expiry', async () => {
  const p = await program({
    expiryMode: 'after_earn',
    expiryMonths: 6,
    expiryRoundTo: 'month',
    expiryExemptTiers: ['gold'],
  });
  const gina = await member(p);
  const nell = await member(p);
  // $500 reaches Gold at 2024-01-15 10:00 (review 2025-01-15 10:00). Both lots expire 2024-07-15 → rounded 2024-08-01.
  await buy(p, gina, 500, '2024-01-15T10:00:00Z');
  await buy(p, nell, 100, '2024-01-15T10:00:00Z');
  assert.equal(await tierOf(gina), 'gold');
  assert.equal(await expire(p, '2024-07-31T23:59:00Z'), 0, 'nothing is due before August');
  assert.equal(await expire(p, '2024-08-02T00:00:00Z'), 1, "only Nell's wallet expires");
  assert.deepEqual([await balance(gina), await balance(nell)], [500, 0]);
  assert.equal(await expire(p, '2024-12-01T00:00:00Z'), 0, 'still exempt, however often the sweep runs');
  // Gina earns 20 more as Gold: 2024-09-10 + 6 months = 2025-03-10 → 2025-04-01.
  await buy(p, gina, 20, '2024-09-10T12:00:00Z');
  // Review: $20 in the 12 months after reaching Gold < $500 → Green from 2025-01-15 10:00.
  await reevaluateProgram(ctx.db, p, new Date('2025-01-16T00:00:00Z'));
  assert.equal(await tierOf(gina), 'green');
  // The 500 lot's date passed while she was Gold: it now expires as if earned at the loss, 2025-01-15 + 6 months
  // → 2025-08-01. The 20 lot's date (2025-04-01) is after the loss and stands.
  assert.equal(await expire(p, '2025-01-16T00:00:00Z'), 0, 'no forfeit at the first check after the loss');
  assert.equal(await balance(gina), 520);
  assert.equal(await expire(p, '2025-04-01T00:00:01Z'), 1);
  assert.equal(await balance(gina), 500, 'the lot dated after the loss keeps its own date');
  assert.equal(await expire(p, '2025-07-31T23:59:59Z'), 0);
  assert.equal(await balance(gina), 500);
  assert.equal(await expire(p, '2025-08-01T00:00:01Z'), 1);
  assert.equal(await balance(gina), 0);
  assert.deepEqual(await verifyLedger(ctx.db, p.id), []);
});

test('inactivity expiry: an idle Gold member keeps everything; losing Gold restarts the idle clock', async () => {
  const p = await program({ expiryMode: 'inactivity', expiryMonths: 6, expiryExemptTiers: ['gold'] });
  const gina = await member(p);
  const nell = await member(p);
  await buy(p, gina, 500, '2024-01-15T10:00:00Z');
  await buy(p, nell, 100, '2024-01-15T10:00:00Z');
  // Both idle since 2024-01-15 10:00: the deadline is 2024-07-15 10:00.
  assert.equal(await expire(p, '2024-07-15T09:59:00Z'), 0);
  assert.equal(await expire(p, '2024-07-15T10:01:00Z'), 1, 'Nell (Green) expires; Gina (Gold) is exempt');
  assert.deepEqual([await balance(gina), await balance(nell)], [500, 0]);
  // No purchase in the following 12 months: Green from 2025-01-15 10:00. Her last activity (2024-01-15) is older
  // than the loss, so the clock runs from the loss: deadline 2025-07-15 10:00.
  await reevaluateProgram(ctx.db, p, new Date('2025-01-16T00:00:00Z'));
  assert.equal(await tierOf(gina), 'green');
  assert.equal(await expire(p, '2025-01-16T00:00:00Z'), 0);
  assert.equal(await expire(p, '2025-07-15T09:59:00Z'), 0);
  assert.equal(await balance(gina), 500);
  assert.equal(await expire(p, '2025-07-15T10:01:00Z'), 1);
  assert.equal(await balance(gina), 0);
  assert.deepEqual(await verifyLedger(ctx.db, p.id), []);
});

test('without exempt tiers, a Gold member expires like anyone else', async () => {
  const p = await program({ expiryMode: 'inactivity', expiryMonths: 6 });
  const gina = await member(p);
  await buy(p, gina, 500, '2024-01-15T10:00:00Z');
  assert.equal(await tierOf(gina), 'gold');
  assert.equal(await expire(p, '2024-07-15T10:01:00Z'), 1);
  assert.equal(await balance(gina), 0);
});
