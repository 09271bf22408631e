import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { runJobsTick } from '../src/maintenance.js';
import { fireScheduledTriggers, type SweepOptions } from '../src/modules/engine/scheduled-triggers.js';
import { SCHEDULED_TRIGGERS_JOB } from '../src/modules/engine/triggers.jobs.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { patchProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Triggers no purchase sets off: birthdays, anniversaries, inactivity and recurring schedules swept by a job, and
 * enrolment and profile completion fired by the member changes themselves. The program runs on Los Angeles time
 * (UTC-8 in winter, UTC-7 in summer), so its local date and the UTC date differ in the evening.
 */
let ctx: TestContext;
let program: Program;
const TZ = 'America/Los_Angeles';
const log = { info: () => undefined, error: () => undefined };

before(async () => {
  ctx = await createTestContext();
  program = await patchProgram(ctx.db, ctx.a.tenantId, ctx.a.program.id, { timezone: TZ });
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

let seq = 0;
async function member(extra: object = {}): Promise<string> {
  const res = await api('POST', '/v1/members', { firstName: `Trigger ${++seq}`, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

interface Campaign {
  id: string;
  versions: { id: string }[];
}

/** Publishes a one-rule campaign, runs `fn`, and ends the campaign whatever happens (so tests do not overlap). */
async function withCampaign(name: string, rule: object, fn: (c: Campaign) => Promise<void>): Promise<void> {
  const res = await api('POST', '/v1/campaigns', {
    name,
    rules: [{ name, effects: [{ kind: 'points_fixed', points: 100 }], ...rule }],
    publish: true,
  });
  assert.equal(res.statusCode, 201, res.body);
  const campaign = res.json() as Campaign;
  try {
    await fn(campaign);
  } finally {
    await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
  }
}

const sweep = (now: string, options: SweepOptions = {}) =>
  fireScheduledTriggers(ctx.db, program, new Date(now), options);

/** Points the campaign's rules credited to the member, from the ledger entries that name its versions. */
async function bonus(memberId: string, c: Campaign): Promise<number> {
  const r = await sql<{ n: string | null }>`
    SELECT sum(e.amount) AS n FROM ledger_entries e
    JOIN ledger_accounts a ON a.id = e.account_id
    JOIN ledger_journals j ON j.id = e.journal_id
    JOIN campaign_versions v ON v.id = e.campaign_version_id
    WHERE v.campaign_id = ${c.id} AND a.member_id = ${memberId} AND j.kind = 'bonus'`.execute(ctx.db);
  return Number(r.rows[0]?.n ?? 0);
}

async function firings(memberId: string, c: Campaign): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('trigger_firings')
    .select('period')
    .where('campaign_id', '=', c.id)
    .where('member_id', '=', memberId)
    .orderBy('period')
    .execute();
  return rows.map((r) => r.period);
}

async function purchase(memberId: string, occurredAt: string): Promise<void> {
  const res = await api('POST', '/v1/transactions', {
    externalId: `T-${++seq}`,
    memberId,
    occurredAt,
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 1000 }],
  });
  assert.equal(res.statusCode, 201, res.body);
}

test('a birthday bonus is credited once per year, on the birthday in the program time zone', async () => {
  await withCampaign('Birthday', { key: 'bday', trigger: { type: 'birthday' } }, async (c) => {
    const local = await member({ birthDate: '1990-11-23' });
    const utc = await member({ birthDate: '1991-11-24' });
    const noBirthday = await member();

    // 03:00 UTC on Nov 24 is 19:00 on Nov 23 in Los Angeles.
    const first = await sweep('2026-11-24T03:00:00Z');
    assert.equal(await bonus(local, c), 100, 'birthday today, local time');
    assert.equal(
      await bonus(utc, c),
      0,
      'birthday tomorrow local time, although it is already Nov 24 in UTC',
    );
    assert.equal(await bonus(noBirthday, c), 0);
    assert.equal(first.failed, 0, first.errors.join('; '));
    assert.equal(first.applied, 1);

    const again = await sweep('2026-11-24T06:00:00Z'); // 22:00 the same local day
    assert.equal(again.fired, 0, 'the second sweep of the day fires nothing');
    assert.equal(again.failed, 0, again.errors.join('; '));
    assert.equal(await bonus(local, c), 100, 'credited once per year');

    await sweep('2026-11-24T20:00:00Z'); // noon on Nov 24 local
    assert.equal(await bonus(utc, c), 100, 'the next local day is the other birthday');
    assert.equal(await bonus(local, c), 100);

    await sweep('2027-11-24T03:00:00Z');
    assert.equal(await bonus(local, c), 200, 'again the next year');
    assert.deepEqual(await firings(local, c), ['y:2026', 'y:2027']);

    const journals = await ctx.db
      .selectFrom('ledger_journals')
      .select(['idempotency_key', 'explanation', 'kind'])
      .where('member_id', '=', local)
      .where('kind', '=', 'bonus')
      .orderBy('occurred_at')
      .execute();
    assert.deepEqual(
      journals.map((j) => j.idempotency_key),
      [`trigger:${c.id}:bday:${local}:y:2026`, `trigger:${c.id}:bday:${local}:y:2027`],
    );
    assert.match(journals[0]?.explanation ?? '', /birthday 2026/);

    const entries = await sql<{ campaign_version_id: string; rule_key: string; amount: string }>`
      SELECT e.campaign_version_id, e.rule_key, e.amount FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id WHERE a.member_id = ${local}`.execute(ctx.db);
    assert.deepEqual(
      entries.rows.map((e) => [e.campaign_version_id, e.rule_key, Number(e.amount)]),
      [
        [c.versions[0]?.id, 'bday', 100],
        [c.versions[0]?.id, 'bday', 100],
      ],
      'the bonus entries name the campaign version and rule',
    );
  });
});

test('a Feb 29 birthday is celebrated on Feb 28 in a common year and on Feb 29 in a leap year', async () => {
  await withCampaign('Leap birthday', { key: 'leap', trigger: { type: 'birthday' } }, async (c) => {
    const leapling = await member({ birthDate: '2000-02-29' });
    const feb28 = await member({ birthDate: '2000-02-28' });
    await sweep('2027-02-28T03:00:00Z'); // Feb 27 local
    assert.equal(await bonus(leapling, c), 0);
    await sweep('2027-03-01T03:00:00Z'); // Feb 28, 2027 local: not a leap year
    assert.equal(await bonus(leapling, c), 100);
    assert.equal(await bonus(feb28, c), 100);
    await sweep('2028-02-29T03:00:00Z'); // Feb 28, 2028 local: a leap year
    assert.equal(await bonus(leapling, c), 100, 'not on Feb 28 of a leap year');
    assert.equal(await bonus(feb28, c), 200);
    await sweep('2028-03-01T03:00:00Z'); // Feb 29, 2028 local
    assert.equal(await bonus(leapling, c), 200);
  });
});

test('an enrolment anniversary fires on the local anniversary date, from the first year on, once a year', async () => {
  await withCampaign('Anniversary', { key: 'anniv', trigger: { type: 'anniversary' } }, async (c) => {
    const m = await member();
    const fresh = await member();
    // Enrolled at 05:00 UTC on June 15, 2025: 22:00 on June 14 in Los Angeles.
    await sql`UPDATE members SET created_at = '2025-06-15T05:00:00Z' WHERE id = ${m}`.execute(ctx.db);
    await sql`UPDATE members SET created_at = '2026-06-14T18:00:00Z' WHERE id = ${fresh}`.execute(ctx.db);

    await sweep('2025-06-15T06:00:00Z'); // still June 14, 2025 local: the enrolment day itself
    assert.equal(await bonus(m, c), 0, 'no anniversary on the day of enrolment');
    await sweep('2026-06-15T12:00:00Z'); // June 15 local: the UTC date of the enrolment
    assert.equal(await bonus(m, c), 0, 'the anniversary is by local date');
    await sweep('2026-06-14T12:00:00Z'); // June 14 local
    assert.equal(await bonus(m, c), 100);
    assert.equal(await bonus(fresh, c), 0, 'enrolled this very day: not a year yet');
    await sweep('2026-06-15T05:30:00Z'); // 22:30 on June 14 local
    assert.equal(await bonus(m, c), 100, 'once');
    await sweep('2027-06-14T12:00:00Z');
    assert.equal(await bonus(m, c), 200);
    assert.equal(await bonus(fresh, c), 100);
    assert.deepEqual(await firings(m, c), ['y:2026', 'y:2027']);
  });
});

test('inactivity fires once per spell without purchases; a new purchase starts a new spell', async () => {
  const rule = { key: 'winback', trigger: { type: 'inactivity', days: 30 } };
  await withCampaign('Win back', rule, async (c) => {
    const m = await member();
    const never = await member();
    await purchase(m, '2026-09-01T12:00:00Z');

    await sweep('2026-10-01T11:00:00Z');
    assert.equal(await bonus(m, c), 0, '29 days and 23 hours is not 30 days');
    await sweep('2026-10-01T12:00:00Z');
    assert.equal(await bonus(m, c), 100, '30 days without a purchase');
    await sweep('2026-10-15T12:00:00Z');
    assert.equal(await bonus(m, c), 100, 'once per spell');
    assert.equal(await bonus(never, c), 0, 'a member who never purchased is not inactive');

    await purchase(m, '2026-10-20T12:00:00Z');
    await sweep('2026-11-01T12:00:00Z');
    assert.equal(await bonus(m, c), 100, 'active again');
    await sweep('2026-11-19T12:00:00Z');
    assert.equal(await bonus(m, c), 200, 'a new spell');
    assert.deepEqual(await firings(m, c), ['since:2026-09-01', 'since:2026-10-20']);
    assert.deepEqual(await firings(never, c), []);
  });
});

test('a monthly schedule rewards every live member once a month, on the last day when the month is shorter', async () => {
  const rule = { key: 'monthly', trigger: { type: 'schedule', every: 'month', day: 31 } };
  await withCampaign('Month end', rule, async (c) => {
    const members = [await member(), await member(), await member(), await member(), await member()];
    const blocked = await member({ status: 'blocked' });
    const deleted = await member();
    assert.equal((await api('DELETE', `/v1/members/${deleted}`)).statusCode < 300, true);
    const live = await sql<{ n: string }>`SELECT count(*) AS n FROM members WHERE program_id = ${program.id}
      AND status = 'active' AND deleted_at IS NULL AND merged_into IS NULL`.execute(ctx.db);

    const early = await sweep('2026-11-30T05:00:00Z', { batchSize: 2 }); // Nov 29 local
    assert.equal(early.rules, 0, 'not due before the day');
    const due = await sweep('2026-11-30T20:00:00Z', { batchSize: 2 }); // Nov 30 local: November has 30 days
    assert.equal(due.failed, 0, due.errors.join('; '));
    assert.equal(due.applied, Number(live.rows[0]?.n), 'every live member, across batches');
    for (const m of members) assert.equal(await bonus(m, c), 100);
    assert.equal(await bonus(blocked, c), 0, 'blocked members are not rewarded');
    assert.equal(await bonus(deleted, c), 0, 'deleted members are not rewarded');

    const repeat = await sweep('2026-12-01T02:00:00Z', { batchSize: 2 }); // still Nov 30 local
    assert.deepEqual([repeat.rules, repeat.fired, repeat.failed], [1, 0, 0], 'due, but already fired');
    await sweep('2026-12-30T20:00:00Z'); // Dec 30: December has 31 days
    assert.equal(await bonus(members[0] ?? '', c), 100);
    await sweep('2026-12-31T20:00:00Z');
    for (const m of members) assert.equal(await bonus(m, c), 200);
    assert.deepEqual(await firings(members[0] ?? '', c), ['m:2026-11', 'm:2026-12']);
  });
});

test('two sweeps running at once reward each member once', async () => {
  const rule = { key: 'weekly', trigger: { type: 'schedule', every: 'week', day: 3 } };
  await withCampaign('Midweek', rule, async (c) => {
    const members = [await member(), await member(), await member()];
    // Wednesday, Dec 2, 2026 in Los Angeles.
    const [a, b] = await Promise.all([
      sweep('2026-12-02T20:00:00Z', { batchSize: 1 }),
      sweep('2026-12-02T20:00:00Z', { batchSize: 1 }),
    ]);
    assert.equal(a.failed + b.failed, 0, [...a.errors, ...b.errors].join('; '));
    assert.ok(a.fired > 0 || b.fired > 0);
    for (const m of members) {
      assert.equal(await bonus(m, c), 100);
      assert.deepEqual(await firings(m, c), ['w:2026-W49']);
    }
    const thursday = await sweep('2026-12-03T20:00:00Z');
    assert.equal(thursday.rules, 0, 'a weekly rule is due on its weekday only');
  });
});

test('an enrolment bonus is credited at sign-up, in the enrolment, naming the campaign version', async () => {
  const rule = {
    key: 'welcome',
    trigger: { type: 'enrolment' },
    effects: [
      { kind: 'points_fixed', points: 250 },
      { kind: 'tag_member', tag: 'welcomed' },
    ],
  };
  let c: Campaign | undefined;
  await withCampaign('Welcome', rule, async (campaign) => {
    c = campaign;
    const m = await member({ email: 'welcome@example.com' });
    assert.equal(await bonus(m, campaign), 250);
    const entries = await sql<{ campaign_version_id: string; rule_key: string; amount: string }>`
      SELECT e.campaign_version_id, e.rule_key, e.amount FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id WHERE a.member_id = ${m}`.execute(ctx.db);
    assert.deepEqual(
      entries.rows.map((e) => [e.campaign_version_id, e.rule_key, Number(e.amount)]),
      [[campaign.versions[0]?.id, 'welcome', 250]],
    );
    const journal = await ctx.db
      .selectFrom('ledger_journals')
      .select(['idempotency_key', 'kind'])
      .where('member_id', '=', m)
      .executeTakeFirstOrThrow();
    assert.deepEqual(journal, { idempotency_key: `enrolment:${m}`, kind: 'bonus' });
    const row = await ctx.db
      .selectFrom('members')
      .select('tags')
      .where('id', '=', m)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.tags, ['welcomed']);
  });
  const later = await member();
  assert.ok(c);
  assert.equal(await bonus(later, c), 0, 'an ended campaign gives nothing');
});

test('profile_completed fires exactly once per member, when the profile becomes complete', async () => {
  const rule = { key: 'profile', trigger: { type: 'profile_completed' } };
  await withCampaign('Complete your profile', rule, async (c) => {
    const m = await member({ lastName: 'Doe', email: 'doe@example.com' });
    assert.equal(await bonus(m, c), 0);
    const patch = async (body: object) => {
      const res = await api('PATCH', `/v1/members/${m}`, body);
      assert.equal(res.statusCode, 200, res.body);
    };
    await patch({ phone: '+49 1512 3456789' });
    assert.equal(await bonus(m, c), 0, 'still no birth date');
    await patch({ birthDate: '1985-04-02' });
    assert.equal(await bonus(m, c), 100, 'complete now');
    await patch({ firstName: 'Jane' });
    await patch({ phone: null });
    await patch({ phone: '+49 1512 3456780' });
    assert.equal(await bonus(m, c), 100, 'completed again, but it fires once');
    assert.deepEqual(await firings(m, c), ['once']);

    const complete = await member({
      lastName: 'Roe',
      email: 'roe@example.com',
      phone: '+49 1512 3456781',
      birthDate: '1979-01-05',
    });
    assert.equal(await bonus(complete, c), 100, 'complete at enrolment');
    const res = await api('PATCH', `/v1/members/${complete}`, { firstName: 'Rita' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(await bonus(complete, c), 100);
  });
});

test('the hourly job sweeps each program once per hour through runJobsTick', async () => {
  const rule = { key: 'daily', trigger: { type: 'schedule', every: 'day' } };
  await withCampaign('Daily', rule, async (c) => {
    const m = await member();
    const before = new Date();
    await runJobsTick(ctx.db, log, 'test-worker');
    await runJobsTick(ctx.db, log, 'test-worker');
    const afterTicks = new Date();
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select(['dedupe_key', 'status', 'last_error'])
      .where('kind', '=', SCHEDULED_TRIGGERS_JOB)
      .where('dedupe_key', 'like', `${program.id}:%`)
      .execute();
    const hours = new Set(
      [before, afterTicks].map((d) => `${program.id}:${Math.floor(d.getTime() / 3_600_000)}`),
    );
    assert.deepEqual(new Set(jobs.map((j) => j.dedupe_key)), hours, 'one job per program per hour');
    assert.ok(
      jobs.every((j) => j.status === 'done'),
      jobs.map((j) => j.last_error).join('; '),
    );
    assert.equal(await bonus(m, c), 100);
    const day = (d: Date) => `d:${DateTime.fromJSDate(d, { zone: TZ }).toISODate()}`;
    const [period] = await firings(m, c);
    assert.ok(period === day(before) || period === day(afterTicks), `fired for the local day, got ${period}`);
  });
});

test('the ledger still balances after all the bonuses', async () => {
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
