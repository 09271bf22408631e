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
  if (errors.length > 0) throw validationFailed(`The reward has ${errors.length} invalid field(s)`, errors);
}
