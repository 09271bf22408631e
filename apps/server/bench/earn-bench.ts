import autocannon from 'autocannon';
import pg from 'pg';
import { openModel } from './open-model.js';
import { purchaseBodies } from './purchases.js';
import { rawBaseline } from './raw-baseline.js';
import type { BenchRow } from './report.js';

/**
 * The earn path: POST /v1/transactions at full speed (closed loop) against a raw-SQL floor doing the same writes at
 * the same concurrency, then latency under an open-model load at 70% of the measured maximum.
 */
export async function benchEarn(options: {
  serverUrl: string;
  databaseUrl: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<{ rows: BenchRow[]; section: string[] }> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const members = (
    await client.query<{ id: string }>('SELECT id FROM members ORDER BY id LIMIT 2000')
  ).rows.map((r) => r.id);
  const sync = (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]
    ?.synchronous_commit;
  const purchase = purchaseBodies(members, 'earn');
  console.log(`earn: ${options.connections} connections for ${options.seconds} s`);
  const closed = await autocannon({
    url: `${options.serverUrl}/v1/transactions`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      { method: 'POST', headers: options.headers, setupRequest: (req) => ({ ...req, body: purchase() }) },
    ],
  });
  const max = closed.requests.average;
  const program = (
    await client.query<{ program_id: string; tenant_id: string }>(
      'SELECT program_id, tenant_id FROM members LIMIT 1',
    )
  ).rows[0];
  const wallets = (
    await client.query<{ id: string }>(
      `SELECT id FROM ledger_accounts WHERE code = 'points' AND member_id IS NOT NULL`,
    )
  ).rows.map((r) => r.id);
  const issued = (
    await client.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE code = 'issued:points'`)
  ).rows[0];
  await client.end();
  if (!program || !issued) throw new Error('the earn benchmark created no ledger accounts');
  console.log(`raw SQL baseline: ${options.connections} connections for ${options.seconds} s`);
  const raw = await rawBaseline({
    url: options.databaseUrl,
    concurrency: options.connections,
    seconds: options.seconds,
    programId: program.program_id,
    tenantId: program.tenant_id,
    walletIds: wallets,
    issuedAccountId: issued.id,
  });
  const rate = Math.max(1, Math.round(max * 0.7));
  console.log(`open model: ${rate} purchases/s for ${options.seconds} s`);
  const open = await openModel({
    url: options.serverUrl,
    rate,
    seconds: options.seconds,
    request: () => ({ method: 'POST', path: '/v1/transactions', headers: options.headers, body: purchase() }),
  });
  const ratio = max / raw.perSecond;
  const row: BenchRow = {
    name: 'Record purchase (POST /v1/transactions, 2 lines)',
    requestsPerSec: max,
    p50Ms: closed.latency.p50,
    p99Ms: closed.latency.p99,
    errors: closed.non2xx + closed.errors,
    total: closed.requests.total,
    note: 'closed loop at full speed; each purchase is validated, earns points and is credited to the ledger',
  };
  const section = [
    '## Earn path',
    '',
    `PostgreSQL \`synchronous_commit\` = \`${sync}\`: nothing is acknowledged before it is durable.`,
    '',
    '| Measure | Value |',
    '| --- | ---: |',
    `| Purchases/s over HTTP (closed loop, ${options.connections} connections) | ${max.toFixed(0)} |`,
    `| Raw SQL baseline, same writes, ${options.connections} connections | ${raw.perSecond.toFixed(0)} |`,
    `| Ratio HTTP ÷ raw SQL | ${ratio.toFixed(2)}× |`,
    `| Open-model arrival rate (70% of max) | ${rate}/s for ${options.seconds} s (${open.ok} ok, ${open.failed} failed) |`,
    `| Open-model latency p50 / p99 / p99.9 / max (ms) | ${open.p50Ms.toFixed(1)} / ${open.p99Ms.toFixed(1)} / ${open.p999Ms.toFixed(1)} / ${open.maxMs.toFixed(1)} |`,
    '',
    'The raw baseline runs the same inserts and updates per purchase (purchase, line, wallet lock, journal, two entries,',
    'lot, balance, purchase update) in one transaction through a plain client, with no HTTP, validation or earn logic.',
    'Open-model latencies are measured from each request’s scheduled send time, so server stalls are not hidden.',
    '',
  ];
  return { rows: [row], section };
}
