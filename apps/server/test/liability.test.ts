import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { credit } from '../src/modules/ledger/credit.js';
import { debit } from '../src/modules/ledger/debit.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { ledgerScope } from '../src/modules/ledger/ledger.service.js';
import { MAIN_WALLET } from '../src/modules/ledger/scope.js';
import { enrolMember } from '../src/modules/members/enrol-member.js';
import { createProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const DAY = 86_400_000;

test('liability by age and expiry month, valued at the point value, and breakage over closed cohorts', async () => {
  // 2 points are worth 1 cent.
  const program = await createProgram(ctx.db, ctx.a.tenantId, {
    slug: 'liability',
    name: 'Liability',
    currency: 'EUR',
    timezone: 'UTC',
    pointValue: { minor: 1, points: 2 },
  });
  const scope = await ledgerScope(ctx.db, program);
  const m = (await enrolMember(ctx.db, ctx.a.tenantId, program, {})).id;
  const wallet = { memberId: m, ...MAIN_WALLET };
  const now = new Date();
  const earn = (amount: number, daysAgo: number, expiresAt: Date | null) =>
    ctx.db.transaction().execute((trx) =>
      credit(trx, scope, {
        wallet,
        amount,
        kind: 'earn',
        counter: 'issued',
        occurredAt: new Date(now.getTime() - daysAgo * DAY),
        expiresAt,
        explanation: 'e',
      }),
    );
  await earn(200, 400, new Date(now.getTime() - 35 * DAY)); // old cohort, fully expired
  await earn(100, 10, null);
  await earn(60, 100, new Date(Date.UTC(2099, 4, 15)));
  await ctx.db.transaction().execute((trx) =>
    debit(trx, scope, {
      wallet,
      amount: 20,
      kind: 'spend',
      counter: 'redeemed',
      now,
      occurredAt: now,
      explanation: 's',
    }),
  );
  assert.equal(await expirePoints(ctx.db, ctx.a.tenantId, program.id, now), 1);

  const res = await call(ctx.app, ctx.a.key, 'GET', `/v1/programs/${program.id}/reports/liability`);
  assert.equal(res.statusCode, 200, res.body);
  const report = res.json();
  // The spend took 20 from the soonest-expiring live lot: the 2099 one.
  assert.deepEqual(report.outstanding, { points: 140, debt: 0, net: 140, valueMinor: 70 });
  assert.deepEqual(
    report.byAge.map((b: { label: string; points: number }) => [b.label, b.points]),
    [
      ['0-30 days', 100],
      ['31-90 days', 0],
      ['91-180 days', 40],
      ['181-365 days', 0],
      ['over 365 days', 0],
    ],
  );
  assert.deepEqual(report.byExpiryMonth, [
    { label: '2099-05', points: 40, valueMinor: 20 },
    { label: 'never', points: 100, valueMinor: 50 },
  ]);
  const old = report.breakage.cohorts[0];
  assert.equal(old.earned, 200);
  assert.equal(old.expired, 200);
  assert.equal(old.closed, true);
  assert.equal(report.breakage.rate, 1);
  assert.equal(report.breakage.cohorts.filter((c: { closed: boolean }) => !c.closed).length, 2);
});

test('another tenant cannot read the report', async () => {
  const res = await call(ctx.app, ctx.b.key, 'GET', `/v1/programs/${ctx.a.program.id}/reports/liability`);
  assert.equal(res.statusCode, 404);
});
