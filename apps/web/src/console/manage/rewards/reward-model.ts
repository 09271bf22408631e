import type { Reward, RewardBody } from '../api-types.js';

/** The reward form's vocabulary: types, which value fields each type uses, and the body of an existing reward. */
export const REWARD_TYPES = [
  'amount_discount',
  'percent_discount',
  'free_product',
  'free_shipping',
  'store_credit',
  'cashback',
  'experience',
  'charity',
  'physical',
] as const;
export type RewardType = (typeof REWARD_TYPES)[number];
export type Value = NonNullable<RewardBody['value']>;

/** Types that issue a coupon: they have a validity and a minimum spend. */
export const COUPON_TYPES: RewardType[] = [
  'amount_discount',
  'percent_discount',
  'free_product',
  'free_shipping',
];

/** The value fields each type uses; switching type drops the others so no stale setting is saved. */
const VALUE_FIELDS: Record<RewardType, (keyof Value)[]> = {
  amount_discount: ['amount', 'minSpend', 'couponValidDays'],
  percent_discount: ['percent', 'minSpend', 'couponValidDays'],
  free_product: ['sku', 'minSpend', 'couponValidDays'],
  free_shipping: ['shippingCategory', 'minSpend', 'couponValidDays'],
  store_credit: ['amount', 'wallet'],
  cashback: ['amount', 'wallet'],
  experience: ['event', 'eventAt'],
  charity: ['charity', 'amount'],
  physical: ['sku'],
};

export function valueFor(type: RewardType, value: Value): Value {
  const next: Record<string, unknown> = {};
  for (const key of VALUE_FIELDS[type]) if (value[key] !== undefined) next[key] = value[key];
  return next as Value;
}

/** The request body of an existing reward, so an edit replaces only what the form changes. */
export function bodyOf(reward: Reward): RewardBody {
  return {
    code: reward.code,
    name: reward.name,
    description: reward.description,
    type: reward.type as RewardType,
    status: reward.status as 'active' | 'inactive',
    cost: reward.cost,
    wallet: reward.wallet,
    prices: reward.prices,
    value: reward.value,
    stock: {
      total: reward.stock.total,
      perMember: reward.stock.perMember as NonNullable<RewardBody['stock']>['perMember'],
      perPeriod: reward.stock.perPeriod as NonNullable<RewardBody['stock']>['perPeriod'],
    },
    validFrom: reward.validFrom,
    validUntil: reward.validUntil,
    eligibility: reward.eligibility as RewardBody['eligibility'],
    autoRedeem: reward.autoRedeem,
  };
}

export const EMPTY_REWARD: RewardBody = {
  code: '',
  name: '',
  type: 'amount_discount',
  cost: 500,
  status: 'active',
  value: {},
};
