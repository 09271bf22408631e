import type { Db } from '../db/database.js';
import { createReward } from '../modules/rewards/manage-reward.js';
import type { RewardInput } from '../modules/rewards/rewards.schemas.js';
import { createSegment } from '../modules/segments/manage-segment.js';
import type { SegmentCreateInput } from '../modules/segments/segments.schemas.js';
import type { Program } from '../modules/tenants/programs.repository.js';
import { replaceTierSet } from '../modules/tiers/replace-tier-set.js';
import type { TierSet } from '../modules/tiers/tiers.schemas.js';

/**
 * The demo program's tiers and rewards catalog, so the console, the portal and the reports have something to show
 * from the first start. Tiers carry perks only (no earn multiplier), so every point of the demo history is still the
 * campaigns' and a backtest of them reproduces it exactly.
 */
export const DEMO_TIERS: TierSet = {
  window: 'calendar_year',
  downgrade: { policy: 'one_level' },
  tiers: [
    { code: 'bronze', name: 'Bronze', rank: 0, benefits: { perks: ['Birthday surprise in store'] } },
    {
      code: 'silver',
      name: 'Silver',
      rank: 1,
      qualification: { spend: 50_000 },
      benefits: { perks: ['Free alterations', 'Early access to the winter sale'] },
    },
    {
      code: 'gold',
      name: 'Gold',
      rank: 2,
      qualification: { spend: 120_000 },
      benefits: {
        freeShipping: true,
        perks: ['Free alterations', 'Early access to every sale', 'Personal styling session each season'],
      },
    },
  ],
};

/** Rewards in the order members are offered them; the demo history redeems the dearest one a member can afford. */
export const DEMO_REWARDS: Omit<RewardInput, 'programId'>[] = [
  {
    code: 'voucher-5',
    name: '€5 voucher',
    type: 'amount_discount',
    cost: 500,
    value: { amount: 500, couponValidDays: 365 },
  },
  {
    code: 'voucher-15',
    name: '€15 voucher',
    type: 'amount_discount',
    cost: 1_400,
    value: { amount: 1_500, minSpend: 5_000, couponValidDays: 365 },
  },
  {
    code: 'wool-socks',
    name: 'Wool socks (3-pack)',
    type: 'free_product',
    cost: 900,
    value: { sku: 'NL-SOCK-03', couponValidDays: 365 },
  },
  {
    code: 'free-shipping',
    name: 'Free shipping',
    type: 'free_shipping',
    cost: 300,
    value: { couponValidDays: 180 },
  },
];

/** A created demo reward, as the history replay needs it to pick what a member can afford. */
export interface DemoReward {
  id: string;
  cost: number;
}

/** Creates the demo tier set and rewards; the caller's transaction, before any member enrols. */
export async function seedDemoCatalog(
  db: Db,
  tenantId: string,
  program: Program,
  now: Date,
): Promise<DemoReward[]> {
  await replaceTierSet(db, tenantId, program.id, DEMO_TIERS, 'demo', now);
  const rewards: DemoReward[] = [];
  for (const r of DEMO_REWARDS) {
    const made = await createReward(db, tenantId, 'demo', { ...r, programId: program.id });
    rewards.push({ id: made.id, cost: r.cost });
  }
  return rewards;
}

/**
 * Segments a marketer would start with: tier-based, behaviour-based (RFM, filled in by the first metrics refresh)
 * and a category gap to target with the kids offer.
 */
export const DEMO_SEGMENTS: Omit<SegmentCreateInput, 'programId'>[] = [
  {
    code: 'silver-and-gold',
    name: 'Silver and Gold members',
    kind: 'dynamic',
    condition: { kind: 'tier', tiers: ['silver', 'gold'] },
  },
  {
    code: 'champions',
    name: 'Champions and loyal customers',
    kind: 'dynamic',
    condition: { kind: 'rfm', segments: ['champions', 'loyal'] },
  },
  {
    code: 'never-bought-kids',
    name: 'Buyers who never bought kids’ clothing',
    kind: 'dynamic',
    condition: {
      kind: 'all',
      conditions: [
        { kind: 'metric', metric: 'frequency', op: 'gte', value: 1 },
        { kind: 'category', categories: ['kids'], bought: false },
      ],
    },
  },
];

/** Creates the demo segments once the history exists, so their first membership is already meaningful. */
export async function seedDemoSegments(db: Db, tenantId: string, program: Program, now: Date): Promise<void> {
  for (const segment of DEMO_SEGMENTS) {
    await createSegment(db, tenantId, 'demo', { ...segment, programId: program.id }, now);
  }
}
