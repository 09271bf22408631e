import autocannon from 'autocannon';
import pg from 'pg';
import type { BenchRow } from './report.js';

const LINES = [
  { sku: 'TEE-01', name: 'T-shirt', category: 'tops', brand: 'Nordlicht', quantity: 2, unitPrice: 1500 },
  {
    sku: 'CAP-07',
    name: 'Cap',
    category: 'accessories',
    brand: 'Fjell',
    quantity: 1,
    unitPrice: 1599,
    discount: 100,
  },
];
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
  let n = 0;
  return autocannon({
    url: `${url}/v1/transactions`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => {
          n++;
          return {
            ...req,
            body: JSON.stringify({
              externalId: `bench-${tag}-${process.pid}-${n}`,
              memberId: members[n % members.length],
              occurredAt: new Date().toISOString(),
              channel: 'pos',
              storeId: 'bench',
              currency: 'EUR',
              lines: LINES,
            }),
          };
        },
      },
    ],
  });
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
  // Warm up (JIT, connection pool, database caches) so the first measured run is not the cold one.
  await closedLoop(options.serverUrl, options.headers, members, options.connections, 5, 'warm');
  console.log(`rules: default rule only, ${options.connections} connections for ${options.seconds} s`);
  const base = await closedLoop(
    options.serverUrl,
    options.headers,
    members,
    options.connections,
    options.seconds,
    'base',
  );
  await fetch(`${options.serverUrl}/v1/event-types/standard`, {
    method: 'POST',
    headers: options.headers,
    body: '{}',
  });
  for (const campaign of campaigns()) {
    const res = await fetch(`${options.serverUrl}/v1/campaigns`, {
      method: 'POST',
      headers: options.headers,
      body: JSON.stringify({ ...campaign, publish: true }),
    });
    if (res.status !== 201) throw new Error(`bench campaign refused: ${res.status} ${await res.text()}`);
  }
  // The rule set is cached once it has settled (10 s after the last change): measure the steady state.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  console.log(`rules: 50 active rules, ${options.connections} connections for ${options.seconds} s`);
  const many = await closedLoop(
    options.serverUrl,
    options.headers,
    members,
    options.connections,
    options.seconds,
    'rules',
  );
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
      'Both runs use the same server, database and basket back to back. With 50 rules, every purchase evaluates all of',
      'them; three apply, one of which has a per-member daily limit whose usage row is locked and updated in the',
      'purchase transaction.',
      '',
    ],
  };
}
