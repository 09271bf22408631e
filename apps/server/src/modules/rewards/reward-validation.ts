import type { Db } from '../../db/database.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { findWalletType } from '../ledger/wallet-types.repository.js';
import type { RewardInput, RewardType } from './rewards.schemas.js';

type ValueField = 'amount' | 'percent' | 'sku' | 'wallet' | 'charity';

/** What each reward type cannot do without: the artefact it issues is built from these. */
const REQUIRED: Record<RewardType, ValueField[]> = {
  amount_discount: ['amount'],
  percent_discount: ['percent'],
  free_product: ['sku'],
  free_shipping: [],
  store_credit: ['amount', 'wallet'],
  cashback: ['amount', 'wallet'],
  experience: [],
  charity: ['charity', 'amount'],
  physical: [],
};

const MESSAGES: Record<ValueField, string> = {
  amount: 'the value in minor units of the program currency',
  percent: 'the discount percentage',
  sku: 'the SKU given for free',
  wallet: 'the money wallet credited',
  charity: 'the charity the donation goes to',
};

const err = (field: string, code: string, message: string): FieldError => ({
  field,
  in: 'body',
  code,
  message,
});

/** Rewards that are complete the moment they are issued: a coupon or a money-wallet credit, nobody to fulfil them. */
const AUTO_REDEEMABLE = new Set<RewardType>([
  'amount_discount',
  'percent_discount',
  'free_product',
  'free_shipping',
  'store_credit',
  'cashback',
]);

/**
 * Automatic conversion only for coupon and credit rewards: shipping a parcel or booking an experience nobody asked
 * for is not a conversion. The ranges are checked here too because templates build rewards without the HTTP schema.
 */
function autoRedeemErrors(input: RewardInput): FieldError[] {
  const auto = input.autoRedeem;
  if (!auto) return [];
  const errors: FieldError[] = [];
  if (!AUTO_REDEEMABLE.has(input.type)) {
    errors.push(
      err(
        '/autoRedeem',
        'not_auto_redeemable',
        `A ${input.type} reward needs fulfilment; only coupon and credit rewards convert automatically`,
      ),
    );
  }
  const months = auto.months;
  if (months !== undefined && months.length === 0) {
    errors.push(err('/autoRedeem/months', 'required', 'List at least one month, or leave months out'));
  }
  (months ?? []).forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1 || m > 12) {
      errors.push(err(`/autoRedeem/months/${i}`, 'out_of_range', 'A month is 1 (January) to 12 (December)'));
    } else if (months?.indexOf(m) !== i) {
      errors.push(err(`/autoRedeem/months/${i}`, 'duplicate', `Month ${m} is listed twice`));
    }
  });
  const max = auto.maxPerRun;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    errors.push(err('/autoRedeem/maxPerRun', 'out_of_range', 'At least 1 unit per run'));
  }
  return errors;
}

/**
 * Checks what the schema cannot: the fields a type needs, the wallets the reward pays from and credits, the
 * validity window and the price list. All problems are reported at once, each with its field.
 */
export async function validateReward(db: Db, programId: string, input: RewardInput): Promise<void> {
  const errors: FieldError[] = [];
  const value = input.value ?? {};
  for (const field of REQUIRED[input.type]) {
    if (value[field] === undefined) {
      errors.push(err(`/value/${field}`, 'required', `A ${input.type} reward needs ${MESSAGES[field]}`));
    }
  }
  if ((input.type === 'store_credit' || input.type === 'cashback') && value.wallet !== undefined) {
    const type = await findWalletType(db, programId, value.wallet);
    if (type?.unit !== 'currency') {
      errors.push(
        err(
          '/value/wallet',
          'not_a_money_wallet',
          `Wallet ${value.wallet} is not a money wallet of this program`,
        ),
      );
    }
  }
  const wallet = input.wallet ?? 'points';
  if (wallet !== 'points') {
    const type = await findWalletType(db, programId, wallet);
    if (type?.unit !== 'points') {
      errors.push(
        err('/wallet', 'not_a_points_wallet', `Wallet ${wallet} is not a points wallet of this program`),
      );
    }
  }
  if (input.validFrom && input.validUntil && new Date(input.validFrom) >= new Date(input.validUntil)) {
    errors.push(err('/validUntil', 'before_start', 'validUntil must be after validFrom'));
  }
  (input.prices ?? []).forEach((p, i) => {
    if (p.tier === undefined && p.segment === undefined) {
      errors.push(err(`/prices/${i}`, 'required', 'A price applies to a tier, a segment or both'));
    }
  });
  if (input.autoRedeem) errors.push(...autoRedeemErrors(input));
  if (errors.length > 0) throw validationFailed(`The reward has ${errors.length} invalid field(s)`, errors);
}
