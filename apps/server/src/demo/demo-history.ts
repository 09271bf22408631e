import { fakerDE as f } from '@faker-js/faker';
import type { Db } from '../db/database.js';
import type { CampaignCreate } from '../modules/campaigns/campaigns.schemas.js';
import { createCampaign } from '../modules/campaigns/manage-campaign.js';
import { registerEventType } from '../modules/events/event-types.service.js';
import { STANDARD_EVENT_TYPES } from '../modules/events/events.schemas.js';
import { recordEvent } from '../modules/events/record-event.js';
import { requestFingerprint } from '../modules/idempotency/idempotency.service.js';
import { redeemReward } from '../modules/rewards/redeem-reward.js';
import type { Program } from '../modules/tenants/programs.repository.js';
import { recordPurchase } from '../modules/transactions/record-purchase.js';
import type { TransactionCreate } from '../modules/transactions/transactions.schemas.js';
import type { DemoReward } from './demo-catalog.js';

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
  {
    name: 'Kids winter offer',
    description: 'A personal offer: members who activate it earn 3× points on kids’ clothing',
    offer: {
      title: '3× points on kids’ clothing',
      description: 'Activate the offer, then shop the kids range: every euro earns three times the points.',
      categories: ['kids'],
      requiresActivation: true,
    },
    rules: [
      {
        key: 'kids-x3',
        name: '3× points on kids’ clothing',
        trigger: { type: 'purchase' },
        when: { kind: 'items', match: { categories: ['kids'] }, quantifier: 'any' },
        effects: [{ kind: 'points_multiplier', factor: 3, match: { categories: ['kids'] } }],
      },
    ],
  },
  {
    name: 'Outerwear offer',
    description: 'A personal offer: 200 bonus points on a jacket or parka for members who activate it',
    offer: { title: '200 bonus points on outerwear', categories: ['outerwear'], requiresActivation: true },
    rules: [
      {
        key: 'outerwear-bonus',
        name: '200 bonus points on outerwear',
        trigger: { type: 'purchase' },
        when: { kind: 'items', match: { categories: ['outerwear'] }, quantifier: 'any' },
        effects: [{ kind: 'points_fixed', points: 200 }],
        limits: [{ period: 'lifetime', maxCount: 1 }],
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
  kind: 'purchase' | 'review' | 'redeem';
  seq: number;
}

export interface DemoMemberRef {
  id: string;
  enrolledAt: Date;
}

/**
 * A deterministic history: each member shops 0–5 times over the last `days` days (never before they joined),
 * sometimes writes a review three days later and sometimes spends points two days later.
 */
function plan(members: DemoMemberRef[], days: number, now: Date): Planned[] {
  f.seed(42);
  const out: Planned[] = [];
  let seq = 0;
  const startMinutes = (m: DemoMemberRef) =>
    Math.ceil(Math.max(now.getTime() - days * 86_400_000, m.enrolledAt.getTime()) / 60_000);
  for (const member of members) {
    const visits = f.number.int({ min: 0, max: 5 });
    const from = startMinutes(member);
    const to = Math.floor(now.getTime() / 60_000);
    for (let v = 0; v < visits && from < to; v++) {
      const at = new Date(f.number.int({ min: from, max: to }) * 60_000);
      const memberId = member.id;
      out.push({ at, memberId, kind: 'purchase', seq: seq++ });
      if (f.datatype.boolean({ probability: 0.2 })) {
        out.push({ at: new Date(at.getTime() + 3 * 86_400_000), memberId, kind: 'review', seq: seq++ });
      }
      if (f.datatype.boolean({ probability: 0.3 })) {
        out.push({ at: new Date(at.getTime() + 2 * 86_400_000), memberId, kind: 'redeem', seq: seq++ });
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

function review(p: Planned) {
  f.seed(5000 + p.seq);
  return {
    type: 'review_written',
    externalId: `DEMO-R-${p.seq}`,
    memberId: p.memberId,
    occurredAt: p.at.toISOString(),
    properties: { rating: f.number.int({ min: 3, max: 5 }), withPhoto: f.datatype.boolean() },
  };
}

/**
 * Replays a purchase, review and redemption history through the real purchase, event and reward paths, oldest first,
 * so every point in the demo was earned by the rules exactly as a live purchase would be (and a backtest can
 * reproduce it). The replay keeps each member's points as the responses report them, so a redemption picks the
 * dearest reward the member can afford at that moment, or none.
 */
export async function seedDemoHistory(
  db: Db,
  tenantId: string,
  members: DemoMemberRef[],
  rewards: DemoReward[],
  options: { days?: number; now?: Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const planned = plan(members, options.days ?? 180, options.now ?? new Date());
  const points = new Map<string, number>();
  const add = (memberId: string, n: number) => points.set(memberId, (points.get(memberId) ?? 0) + n);
  const byCost = [...rewards].sort((a, b) => b.cost - a.cost);
  const BATCH = 50;
  for (let start = 0; start < planned.length; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (const p of planned.slice(start, start + BATCH)) {
        if (p.kind === 'purchase') {
          const input = basket(p);
          const { body } = await recordPurchase(
            trx,
            tenantId,
            input,
            requestFingerprint('POST', '/v1/transactions', input),
          );
          add(p.memberId, body.points.awarded);
        } else if (p.kind === 'review') {
          const input = review(p);
          const { body } = await recordEvent(
            trx,
            tenantId,
            input,
            requestFingerprint('POST', '/v1/events', input),
          );
          add(p.memberId, body.points);
        } else {
          const reward = byCost.find((r) => r.cost <= (points.get(p.memberId) ?? 0));
          if (reward === undefined) continue;
          await redeemReward(trx, {
            tenantId,
            memberId: p.memberId,
            rewardId: reward.id,
            reference: `DEMO-X-${p.seq}`,
            actor: 'demo',
            now: p.at,
          });
          add(p.memberId, -reward.cost);
        }
      }
    });
    options.onProgress?.(Math.min(start + BATCH, planned.length), planned.length);
  }
  return planned.length;
}
