import autocannon from 'autocannon';
import pg from 'pg';
import { benchAnalytics } from './analytics-bench.js';
import { benchEarn } from './earn-bench.js';
import { benchEvaluator } from './evaluator-bench.js';
import type { BenchRow } from './report.js';
import { writeReport } from './report.js';
import { benchRulesLoad } from './rules-load-bench.js';
import { startServer } from './server-process.js';

/**
 * `npm run bench`: enrolment, lookup and purchase (earn) throughput and latency over HTTP against a local PostgreSQL
 * (BENCH_DATABASE_URL, default the machine's server), in a throwaway database.
 */
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const KEY = 'bench-bootstrap-key-0123456789abcdef';

async function admin(sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    const res = await client.query(sql);
    return String(res.rows[0]?.version ?? '');
  } finally {
    await client.end();
  }
}

function summarise(name: string, result: autocannon.Result, note?: string): BenchRow {
  return {
    name,
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
    total: result.requests.total,
    ...(note ? { note } : {}),
  };
}

async function main(): Promise<void> {
  const dbName = `tessera_bench_${Date.now()}`;
  const version = (await admin('select version()')).split(' ').slice(0, 2).join(' ');
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${dbName}`;
  // As many database connections as load connections: the raw SQL baseline gets the same.
  const server = await startServer({
    DATABASE_URL: url.toString(),
    BOOTSTRAP_API_KEY: KEY,
    DATABASE_POOL_SIZE: String(CONNECTIONS),
  });
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const rows: BenchRow[] = [];
  const sections: string[] = [];
  // In-process evaluation first, on a quiet machine: it measures the evaluator, not the load of the runs below.
  const evaluator = await benchEvaluator();
  rows.push(...evaluator.rows);
  sections.push(evaluator.section);
  try {
    let n = 0;
    console.log(`enrol: ${CONNECTIONS} connections for ${SECONDS} s`);
    const enrol = await autocannon({
      url: `${server.url}/v1/members`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              body: JSON.stringify({
                firstName: 'Bench',
                lastName: `Member ${n}`,
                email: `bench.${n}@example.com`,
                consents: { marketingEmail: { granted: n % 2 === 0, source: 'bench' } },
                enrollmentChannel: 'pos',
              }),
            };
          },
        },
      ],
    });
    rows.push(
      summarise(
        'Enrol member (POST /v1/members)',
        enrol,
        'each request enrols a new member with an email identity',
      ),
    );
    // The last requests of the run may not have completed; only look up members that surely exist.
    const enrolled = n;
    let m = 0;
    console.log(`lookup: ${CONNECTIONS} connections for ${SECONDS} s over ${enrolled} members`);
    const lookup = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'GET',
          headers,
          setupRequest: (req) => {
            m = (m % Math.max(1, Math.min(enrolled - CONNECTIONS, 10_000))) + 1;
            return { ...req, path: `/v1/members/lookup?type=email&value=bench.${m}%40example.com` };
          },
        },
      ],
    });
    rows.push(
      summarise(
        'Lookup by email (GET /v1/members/lookup)',
        lookup,
        'the member is loaded with its identities',
      ),
    );
    const earn = await benchEarn({
      serverUrl: server.url,
      databaseUrl: url.toString(),
      headers,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    rows.push(...earn.rows);
    sections.push(...earn.section);
    const rulesLoad = await benchRulesLoad({
      serverUrl: server.url,
      databaseUrl: url.toString(),
      headers,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    rows.push(...rulesLoad.rows);
    sections.push(...rulesLoad.section);
  } finally {
    await server.stop();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
  // Analytics last, in a database of its own: it loads a million purchases, which would skew the HTTP runs.
  const analyticsDb = `${dbName}_analytics`;
  await admin(`CREATE DATABASE ${analyticsDb}`);
  try {
    const analyticsUrl = new URL(BASE_URL);
    analyticsUrl.pathname = `/${analyticsDb}`;
    const analytics = await benchAnalytics(analyticsUrl.toString());
    rows.push(...analytics.rows);
    sections.push(...analytics.section);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${analyticsDb} WITH (FORCE)`);
  }
  console.table(rows);
  console.log(
    `written to ${writeReport(rows, { postgres: version, connections: CONNECTIONS, seconds: SECONDS }, sections)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
