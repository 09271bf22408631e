import { fakerDE as f } from '@faker-js/faker';
import type { Db } from '../db/database.js';
import type { CampaignCreate } from '../modules/campaigns/campaigns.schemas.js';
import { createCampaign } from '../modules/campaigns/manage-campaign.js';
import { registerEventType } from '../modules/events/event-types.service.js';
import { STANDARD_EVENT_TYPES } from '../modules/events/events.schemas.js';
import { recordEvent } from '../modules/events/record-event.js';
import { requestFingerprint } from '../modules/idempotency/idempotency.service.js';
import type { Program } from '../modules/tenants/programs.repository.js';
import { recordPurchase } from '../modules/transactions/record-purchase.js';
import type { TransactionCreate } from '../modules/transactions/transactions.schemas.js';

const CATALOG = [
  { sku: 'NL-SNEAK-01', name: 'Runner sneakers', category: 'shoes', brand: 'Nordlicht', price: 8995 },
  { sku: 'NL-BOOT-02', name: 'Winter boots', category: 'shoes', brand: 'Fjell', price: 14900 },
  { sku: 'NL-PARKA-01', name: 'Down parka', category: 'outerwear', brand: 'Fjell', price: 24900 },
  { sku: 'NL-RAIN-02', name: 'Rain jacket', category: 'outerwear', brand: 'Nordlicht', price: 11900 },
  { sku: 'NL-KNIT-01', name: 'Merino jumper', category: 'knitwear', brand: 'Nordlicht', price: 7995 },
  { sku: 'NL-KNIT-02', name: 'Cable-knit cardigan', category: 'knitwear', brand: 'Hygge', price: 8995 },
  { sku: 'NL-TEE-01', name: 'Organic tee', category: 'basics', brand: 'Nordlicht', price: 1995 },
  { sku: 'NL-SOCK-03', name: 'Wool socks (3-pack)', category: 'basics', brand: 'Hygge', price: 1495 },
  { sku: 'NL-SCARF-01', name: 'Alpaca scarf', category: 'accessories', brand: 'Hygge', price: 3995 },
  { sku: 'NL-KIDS-01', name: 'Kids snow suit', category: 'kids', brand: 'Fjell', price: 6995 },
  { sku: 'GIFTCARD-50', name: 'Gift card €50', category: 'giftcards', brand: 'Nordlicht', price: 5000 },
];
const STORES = ['berlin-mitte', 'hamburg-altona', 'munich-center', 'cologne-hbf'];

/** The demo program's campaigns: how the fictional retailer rewards shoes, weekends, first visits and reviews. */
export const DEMO_CAMPAIGNS: CampaignCreate[] = [
  {
    name: 'Shoe season',
    description: 'Double points on all shoes',
    rules: [
      {
        key: 'double-shoes',
        name: '2× points on shoes',
        trigger: { type: 'purchase' },
        when: { kind: 'items', match: { categories: ['shoes'] }, quantifier: 'any' },
        effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['shoes'] } }],
        limits: [{ period: 'day', maxPoints: 500 }],
      },
    ],
  },
  {
    name: 'Welcome',
    description: 'A bonus on the first purchase',
    rules: [
      {
        key: 'first-purchase',
        name: 'First purchase bonus',
        trigger: { type: 'purchase' },
        when: { kind: 'member_counter', counter: 'purchases', op: 'eq', value: 0 },
        effects: [{ kind: 'points_fixed', points: 200 }],
        limits: [{ period: 'lifetime', maxCount: 1 }],
      },
    ],
  },
  {
    name: 'Weekend knitwear',
    description: '50 extra points on knitwear bought at the weekend, 20,000 points budget a month',
    budget: { perPeriod: { period: 'month', points: 20_000 } },
    rules: [
      {
        key: 'weekend-knit',
        name: 'Weekend knitwear bonus',
        trigger: { type: 'purchase' },
        when: {
          kind: 'all',
          conditions: [
            { kind: 'days_of_week', days: [6, 7] },
            { kind: 'items', match: { categories: ['knitwear'] }, quantifier: 'any' },
          ],
        },
        effects: [{ kind: 'points_fixed', points: 50 }],
      },
    ],
  },
  {
    name: 'Reviews',
    description: 'Points for product reviews, once a day',
    rules: [
      {
        key: 'review',
        name: 'Review bonus',
        trigger: { type: 'event', eventType: 'review_written' },
        effects: [{ kind: 'points_fixed', points: 25 }],
        limits: [{ period: 'day', maxCount: 1 }],
      },
    ],
  },
];

/** Registers the standard event types and publishes the demo campaigns. */
export async function seedDemoCampaigns(db: Db, tenantId: string, program: Program): Promise<void> {
  for (const t of STANDARD_EVENT_TYPES) {
    await registerEventType(db, program, t.type, { name: t.name, properties: t.properties });
  }
  for (const c of DEMO_CAMPAIGNS) {
    await createCampaign(db, tenantId, { ...c, programId: program.id, publish: true }, 'demo');
  }
}

interface Planned {
  at: Date;
  memberId: string;
  kind: 'purchase' | 'review';
  seq: number;
}

/** A deterministic history: each member shops 0–5 times over the last `days` days and sometimes writes a review. */
function plan(memberIds: string[], days: number, now: Date): Planned[] {
  f.seed(42);
  const out: Planned[] = [];
  let seq = 0;
  for (const memberId of memberIds) {
    const visits = f.number.int({ min: 0, max: 5 });
    for (let v = 0; v < visits; v++) {
      const at = new Date(now.getTime() - f.number.int({ min: 1, max: days * 24 * 60 }) * 60_000);
      out.push({ at, memberId, kind: 'purchase', seq: seq++ });
      if (f.datatype.boolean({ probability: 0.2 })) {
        out.push({ at: new Date(at.getTime() + 3 * 86_400_000), memberId, kind: 'review', seq: seq++ });
      }
    }
  }
  return out.filter((p) => p.at < now).sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
}

function basket(p: Planned): TransactionCreate {
  f.seed(1000 + p.seq);
  const items = f.helpers.arrayElements(CATALOG, { min: 1, max: 4 });
  return {
    externalId: `DEMO-${String(p.seq).padStart(6, '0')}`,
    memberId: p.memberId,
    occurredAt: p.at.toISOString(),
    channel: f.helpers.arrayElement(['pos', 'pos', 'web', 'app']),
    storeId: f.helpers.arrayElement(STORES),
    currency: 'EUR',
    paymentMethod: f.helpers.arrayElement(['card', 'card', 'cash', 'paypal']),
    lines: items.map((i) => ({
      sku: i.sku,
      name: i.name,
      category: i.category,
      brand: i.brand,
      quantity: f.number.int({ min: 1, max: 2 }),
      unitPrice: i.price,
    })),
  };
}

/**
 * Replays a purchase and review history through the real purchase and event paths, oldest first, so every point in
 * the demo was earned by the rules exactly as a live purchase would be (and a backtest can reproduce it).
 */
export async function seedDemoHistory(
  db: Db,
  tenantId: string,
  memberIds: string[],
  options: { days?: number; now?: Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const planned = plan(memberIds, options.days ?? 180, options.now ?? new Date());
  const BATCH = 50;
  for (let start = 0; start < planned.length; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (const p of planned.slice(start, start + BATCH)) {
        if (p.kind === 'purchase') {
          const input = basket(p);
          await recordPurchase(trx, tenantId, input, requestFingerprint('POST', '/v1/transactions', input));
        } else {
          f.seed(5000 + p.seq);
          const input = {
            type: 'review_written',
            externalId: `DEMO-R-${p.seq}`,
            memberId: p.memberId,
            occurredAt: p.at.toISOString(),
            properties: { rating: f.number.int({ min: 3, max: 5 }), withPhoto: f.datatype.boolean() },
          };
          await recordEvent(trx, tenantId, input, requestFingerprint('POST', '/v1/events', input));
        }
      }
    });
    options.onProgress?.(Math.min(start + BATCH, planned.length), planned.length);
  }
  return planned.length;
}
