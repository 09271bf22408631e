import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { ProblemError } from '../src/http/problem.js';
import { runDueJobs } from '../src/modules/jobs/job-runner.js';
import { claimNext, enqueue } from '../src/modules/jobs/jobs.repository.js';
import { credit } from '../src/modules/ledger/credit.js';
import { debit } from '../src/modules/ledger/debit.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { ledgerScope } from '../src/modules/ledger/ledger.service.js';
import { MAIN_WALLET } from '../src/modules/ledger/scope.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { enrolMember } from '../src/modules/members/enrol-member.js';
import { createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
const log = { info: () => undefined, error: () => undefined };
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

test('enqueue is deduplicated by kind and key', async () => {
  assert.equal(await enqueue(ctx.db, { kind: 'test.a', dedupeKey: 'k1' }), true);
  assert.equal(await enqueue(ctx.db, { kind: 'test.a', dedupeKey: 'k1' }), false);
  assert.equal(await enqueue(ctx.db, { kind: 'test.b', dedupeKey: 'k1' }), true);
  await runDueJobs(ctx.db, { 'test.a': async () => undefined, 'test.b': async () => undefined }, 'w', log);
});

test('two workers running at once execute every job exactly once', async () => {
  for (let i = 0; i < 30; i++) await enqueue(ctx.db, { kind: 'test.count', dedupeKey: `c${i}` });
  const seen: string[] = [];
  const handler = async (_db: unknown, job: { dedupeKey: string }) => {
    seen.push(job.dedupeKey);
    await sleep(2);
  };
  const [a, b] = await Promise.all([
    runDueJobs(ctx.db, { 'test.count': handler }, 'worker-a', log),
    runDueJobs(ctx.db, { 'test.count': handler }, 'worker-b', log),
  ]);
  assert.equal(a + b, 30);
  assert.equal(seen.length, 30);
  assert.equal(new Set(seen).size, 30);
});

test('a failing job is retried with backoff, then given up after its attempts', async () => {
  await enqueue(ctx.db, { kind: 'test.fail', dedupeKey: 'f1', maxAttempts: 2 });
  const boom = async () => {
    throw new Error('boom');
  };
  assert.equal(await runDueJobs(ctx.db, { 'test.fail': boom }, 'w', log), 1);
  const retry = await ctx.db
    .selectFrom('jobs')
    .selectAll()
    .where('dedupe_key', '=', 'f1')
    .executeTakeFirstOrThrow();
  assert.equal(retry.status, 'queued');
  assert.equal(retry.attempts, 1);
  assert.equal(retry.last_error, 'boom');
  assert.ok(retry.run_at > new Date(), 'the retry waits');
  assert.equal(await runDueJobs(ctx.db, { 'test.fail': boom }, 'w', log), 0, 'not due yet');
  await sql`UPDATE jobs SET run_at = now() WHERE dedupe_key = 'f1'`.execute(ctx.db);
  await runDueJobs(ctx.db, { 'test.fail': boom }, 'w', log);
  const failed = await ctx.db
    .selectFrom('jobs')
    .selectAll()
    .where('dedupe_key', '=', 'f1')
    .executeTakeFirstOrThrow();
  assert.equal(failed.status, 'failed');
  assert.equal(failed.attempts, 2);
});

test('a job whose worker died is taken over when its lease runs out', async () => {
  await enqueue(ctx.db, { kind: 'test.lease', dedupeKey: 'l1' });
  const claimed = await claimNext(ctx.db, 'dead-worker', 300);
  assert.equal(claimed?.dedupeKey, 'l1');
  assert.equal(await claimNext(ctx.db, 'other', 300), undefined, 'leased jobs are not handed out twice');
  await sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE dedupe_key = 'l1'`.execute(
    ctx.db,
  );
  const again = await claimNext(ctx.db, 'other', 300);
  assert.equal(again?.dedupeKey, 'l1');
  assert.equal(again?.attempts, 2);
});

test('expiry running concurrently with spends never expires spent points and never spends expired ones', async () => {
  const program = ctx.a.program;
  const scope = { ...(await ledgerScope(ctx.db, program)) };
  const memberId = (await enrolMember(ctx.db, ctx.a.tenantId, program, {})).id;
  const wallet = { memberId, ...MAIN_WALLET };
  const now = new Date();
  const past = new Date(now.getTime() - 1000);
  await ctx.db.transaction().execute(async (trx) => {
    await credit(trx, scope, {
      wallet,
      amount: 100,
      kind: 'earn',
      counter: 'issued',
      occurredAt: past,
      explanation: 'due',
      expiresAt: new Date(now.getTime() + 50),
    });
    await credit(trx, scope, {
      wallet,
      amount: 100,
      kind: 'earn',
      counter: 'issued',
      occurredAt: past,
      explanation: 'keeps',
      expiresAt: null,
    });
  });
  await sleep(60);
  const at = new Date();
  const spends = Array.from({ length: 12 }, () =>
    ctx.db
      .transaction()
      .execute((trx) =>
        debit(trx, scope, {
          wallet,
          amount: 20,
          kind: 'spend',
          counter: 'redeemed',
          now: at,
          occurredAt: at,
          explanation: 's',
        }),
      )
      .then(
        () => 20,
        (e: unknown) => {
          if (e instanceof ProblemError && e.code === 'insufficient_points') return 0;
          throw e;
        },
      ),
  );
  const [spent, expiredRuns] = await Promise.all([
    Promise.all(spends).then((xs) => xs.reduce((s, x) => s + x, 0)),
    Promise.all([
      expirePoints(ctx.db, ctx.a.tenantId, program.id, at),
      expirePoints(ctx.db, ctx.a.tenantId, program.id, at),
    ]),
  ]);
  assert.equal(spent, 100, 'only the unexpired lot could be spent');
  assert.equal(expiredRuns[0] + expiredRuns[1], 1, 'the due lot expired once');
  const account = await ctx.db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  assert.equal(account.balance, 0);
  const expired = await sql<{ n: number }>`
    SELECT COALESCE(SUM(-e.amount), 0) AS n FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
    WHERE j.kind = 'expire' AND e.account_id = ${account.id}`.execute(ctx.db);
  assert.equal(Number(expired.rows[0]?.n), 100);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
