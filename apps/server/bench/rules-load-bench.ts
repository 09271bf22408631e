import autocannon from 'autocannon';
import pg from 'pg';
import { purchaseBodies } from './purchases.js';
import type { BenchRow } from './report.js';

const CATEGORIES = [
  'shoes',
  'outerwear',
  'knitwear',
  'kids',
  'beauty',
  'home',
  'sports',
  'toys',
  'garden',
  'books',
];

/**
 * 50 rules in 10 campaigns, as a busy program has them: most are category, channel, store, weekday or member
 * conditions that a given basket does not meet; three apply to the bench basket (a category multiplier, a bonus with
 * a per-member daily limit, and a minimum-spend bonus), so every purchase pays for evaluating all 50 and applying 3.
 */
function campaigns(): object[] {
  return Array.from({ length: 10 }, (_, c) => ({
    name: `Bench campaign ${c + 1}`,
    rules: Array.from({ length: 5 }, (_, r) => {
      const i = c * 5 + r;
      const key = `rule-${i}`;
      const name = `Bench rule ${i}`;
      if (i === 0) {
        return {
          key,
          name,
          trigger: { type: 'purchase' },
          when: { kind: 'items', match: { categories: ['tops'] }, quantifier: 'any' },
          effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['tops'] } }],
        };
      }
      if (i === 1) {
        return {
          key,
          name,
          trigger: { type: 'purchase' },
          effects: [{ kind: 'points_fixed', points: 5 }],
          limits: [{ period: 'day', maxCount: 1000 }],
        };
      }
      if (i === 2) {
        return {
          key,
          name,
          trigger: { type: 'purchase' },
          when: { kind: 'activity', field: 'total', op: 'gte', value: 2000 },
          effects: [{ kind: 'points_per_currency', points: 1, perMinor: 1000 }],
        };
      }
      const category = CATEGORIES[i % CATEGORIES.length] ?? 'shoes';
      const conditions = [
        { kind: 'items', match: { categories: [category] }, quantifier: 'any' },
        { kind: 'channel', channels: ['web', 'app'] },
        { kind: 'store', stores: [`store-${i}`] },
        { kind: 'member_tag', tags: ['vip'], match: 'any' },
        { kind: 'days_of_week', days: [((i % 7) + 1) as number] },
      ];
      return {
        key,
        name,
        trigger: i % 9 === 0 ? { type: 'event', eventType: 'review_written' } : { type: 'purchase' },
        priority: i % 4,
        ...(i % 6 === 0 ? { group: 'exclusive' } : {}),
        when: {
          kind: 'all',
          conditions: [
            conditions[i % conditions.length],
            {
              kind: 'items_total',
              match: { categories: [category] },
              measure: 'net',
              op: 'gte',
              value: 1000,
            },
          ],
        },
        effects: [
          i % 2 === 0
            ? { kind: 'points_multiplier', factor: 3, match: { categories: [category] } }
            : { kind: 'points_per_item', points: 10, match: { categories: [category] } },
        ],
        limits: [{ period: 'week', maxPoints: 1000 }],
      };
    }),
  }));
}

async function closedLoop(
  url: string,
  headers: Record<string, string>,
  members: string[],
  connections: number,
  seconds: number,
  tag: string,
) {
  const body = purchaseBodies(members, tag);
  return autocannon({
    url: `${url}/v1/transactions`,
    connections,
    duration: seconds,
    requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: body() }) }],
  });
}

/** Two closed-loop runs as one: mean throughput, worse of the two latencies, all errors and requests. */
function merge(results: autocannon.Result[]): autocannon.Result {
  const [a, b] = results;
  if (a === undefined || b === undefined) throw new Error('two runs expected');
  return {
    ...a,
    requests: {
      ...a.requests,
      average: (a.requests.average + b.requests.average) / 2,
      total: a.requests.total + b.requests.total,
    },
    latency: {
      ...a.latency,
      p50: Math.max(a.latency.p50, b.latency.p50),
      p99: Math.max(a.latency.p99, b.latency.p99),
    },
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
  };
}

/**
 * Purchase throughput with the default rule only and with 50 active rules, back to back on the same server and data,
 * reported as a ratio (target ≥ 0.8).
 */
export async function benchRulesLoad(options: {
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
  await client.end();
  await fetch(`${options.serverUrl}/v1/event-types/standard`, {
    method: 'POST',
    headers: options.headers,
    body: '{}',
  });
  const ids: string[] = [];
  for (const campaign of campaigns()) {
    const res = await fetch(`${options.serverUrl}/v1/campaigns`, {
      method: 'POST',
      headers: options.headers,
      body: JSON.stringify({ ...campaign, publish: true }),
    });
    if (res.status !== 201) throw new Error(`bench campaign refused: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const setActive = async (active: boolean) => {
    for (const id of ids) {
      await fetch(`${options.serverUrl}/v1/campaigns/${id}/status`, {
        method: 'POST',
        headers: options.headers,
        body: JSON.stringify({ action: active ? 'resume' : 'pause' }),
      });
    }
    // The rule set is cached once it has settled (10 s after the last change): measure the steady state.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
  };
  // Warm up (JIT, connection pool, database caches) so the first measured run is not the cold one.
  await closedLoop(options.serverUrl, options.headers, members, options.connections, 5, 'warm');
  // Alternating runs (default only, 50 rules, default only, 50 rules) so that drift in the database (autovacuum,
  // checkpoints, growing tables) weighs on both sides alike.
  const runs: { rules: boolean; result: autocannon.Result }[] = [];
  for (const rules of [false, true, false, true]) {
    await setActive(rules);
    console.log(
      `rules: ${rules ? '50 active rules' : 'default rule only'}, ${options.connections} connections for ${options.seconds} s`,
    );
    runs.push({
      rules,
      result: await closedLoop(
        options.serverUrl,
        options.headers,
        members,
        options.connections,
        options.seconds,
        `r${runs.length}`,
      ),
    });
  }
  const pick = (rules: boolean) => runs.filter((r) => r.rules === rules).map((r) => r.result);
  const [base, many] = [merge(pick(false)), merge(pick(true))];
  const ratio = many.requests.average / base.requests.average;
  const row = (name: string, r: autocannon.Result, note: string): BenchRow => ({
    name,
    requestsPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.non2xx + r.errors,
    total: r.requests.total,
    note,
  });
  return {
    rows: [
      row('Purchase, default rule only', base, 'base earn rule alone'),
      row(
        'Purchase, 50 active rules',
        many,
        '50 rules evaluated per purchase, 3 apply (one with a per-member limit)',
      ),
    ],
    section: [
      '## Rules under load',
      '',
      '| Measure | Value |',
      '| --- | ---: |',
      `| Purchases/s, default rule only | ${base.requests.average.toFixed(0)} |`,
      `| Purchases/s, 50 active rules | ${many.requests.average.toFixed(0)} |`,
      `| Ratio (target ≥ 0.8) | ${ratio.toFixed(2)} ${ratio >= 0.8 ? '✅' : '❌'} |`,
      '',
      'Same server, database and basket; four alternating runs (default only, 50 rules, default only, 50 rules, the',
      'campaigns paused and resumed in between) averaged per side, so database drift weighs on both alike. With 50',
      'rules every purchase evaluates all of them; three apply, one with a per-member daily limit whose usage row is',
      'locked and updated inside the purchase insert statement.',
      '',
    ],
  };
}
