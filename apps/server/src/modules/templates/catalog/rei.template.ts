import { type Static, Type } from 'typebox';
import type { CampaignCreate } from '../../campaigns/campaigns.schemas.js';
import { defineTemplate } from '../template.types.js';

const Percent = (value: number, description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 100, default: value, description });

const Params = Type.Object({
  membershipFee: Type.Integer({
    minimum: 0,
    default: 3000,
    description: 'One-time lifetime membership fee, cents ($30 since March 2021; $20 before)',
  }),
  rewardPercent: Percent(
    10,
    'Co-op Member Reward, percent of net eligible purchases (typically 10; REI sets it yearly), 2 decimals at most',
  ),
  excludedCategories: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
    default: ['outlet', 'gift-cards', 'adventures', 'services'],
    description:
      'Line categories that never count toward the reward: REI Outlet (ex-Garage), gift cards, REI Adventures trips, services (shop, classes)',
  }),
  minEligible: Type.Integer({
    minimum: 0,
    default: 1000,
    description: '"Active member" rule: no reward below this much net eligible spend in the year, cents',
  }),
  issueMonth: Type.Integer({
    minimum: 1,
    maximum: 12,
    default: 3,
    description: 'Month of the following year the reward is issued (March; sometimes late February)',
  }),
  rewardTtlDays: Type.Integer({
    minimum: 1,
    maximum: 36500,
    default: 730,
    description: 'Days the reward credit stays spendable after issue (historically 2 years; not re-verified)',
  }),
  coopMastercard: Type.Boolean({
    default: false,
    description: 'Add the REI Co-op Mastercard cashback (5% at REI, 2% mobile wallet, 1% elsewhere)',
  }),
  cardRates: Type.Object(
    {
      atRei: Percent(5, 'Card cashback on REI purchases, percent'),
      mobileWallet: Percent(2, 'Card cashback elsewhere when paid through a mobile wallet, percent'),
      elsewhere: Percent(1, 'Card cashback on other purchases elsewhere, percent'),
    },
    {
      additionalProperties: false,
      default: { atRei: 5, mobileWallet: 2, elsewhere: 1 },
      description: 'REI Co-op Mastercard rates (used when coopMastercard is on)',
    },
  ),
  cardPaymentMethod: Type.String({
    minLength: 1,
    maxLength: 50,
    default: 'rei_mastercard',
    description: '`paymentMethod` of a purchase paid with the physical card or its number',
  }),
  cardWalletPaymentMethod: Type.String({
    minLength: 1,
    maxLength: 50,
    default: 'rei_mastercard_wallet',
    description: '`paymentMethod` of a purchase paid with the card through a mobile wallet',
  }),
  elsewhereCategory: Type.String({
    minLength: 1,
    maxLength: 200,
    default: 'card-elsewhere',
    description:
      'Line category of card purchases made outside REI (fed by the card issuer); never counts toward the reward',
  }),
  timezone: Type.String({
    default: 'America/Los_Angeles',
    description: 'Time zone the reward year is counted in',
  }),
});
type P = Static<typeof Params>;

export const REI_WALLET = 'member_reward';
export const REI_PLAN = 'coop-lifetime';

/**
 * The card's rates by payment method in one exclusive group. A purchase is either at REI (no line in the elsewhere
 * category) or elsewhere (all lines in it): the REI rule credits nothing on an elsewhere basket, so the group falls
 * through to the wallet / card rate for it.
 */
function cardCampaign(p: P): Omit<CampaignCreate, 'programId'> {
  const cash = (percent: number, match: object) => ({
    kind: 'cashback_percent' as const,
    percent,
    wallet: REI_WALLET,
    match,
    pendingDays: 0,
    expiresInDays: p.rewardTtlDays,
  });
  const paidWith = (method: string) => ({
    kind: 'activity' as const,
    field: 'paymentMethod' as const,
    op: 'eq' as const,
    value: method,
  });
  const elsewhere = { categories: [p.elsewhereCategory] };
  return {
    name: 'REI Co-op Mastercard',
    description:
      'Card rewards into the member reward wallet; the real card pays them out with the March reward',
    rules: [
      {
        key: 'at-rei',
        name: `${p.cardRates.atRei}% on REI purchases with the card`,
        trigger: { type: 'purchase' },
        when: {
          kind: 'activity',
          field: 'paymentMethod',
          op: 'in',
          value: [p.cardPaymentMethod, p.cardWalletPaymentMethod],
        },
        effects: [cash(p.cardRates.atRei, { excludeCategories: [p.elsewhereCategory] })],
        priority: 30,
        group: 'coop-mastercard',
      },
      {
        key: 'mobile-wallet',
        name: `${p.cardRates.mobileWallet}% elsewhere through a mobile wallet`,
        trigger: { type: 'purchase' },
        when: paidWith(p.cardWalletPaymentMethod),
        effects: [cash(p.cardRates.mobileWallet, elsewhere)],
        priority: 20,
        group: 'coop-mastercard',
      },
      {
        key: 'elsewhere',
        name: `${p.cardRates.elsewhere}% on other purchases elsewhere`,
        trigger: { type: 'purchase' },
        when: paidWith(p.cardPaymentMethod),
        effects: [cash(p.cardRates.elsewhere, elsewhere)],
        priority: 10,
        group: 'coop-mastercard',
      },
    ],
  };
}

/**
 * REI Co-op: a one-time lifetime membership whose benefit is the annual Co-op Member Reward, a share of last year's
 * net full-price purchases credited as store credit each March. No points: the base earn rule awards 0.
 */
export const rei = defineTemplate<P>({
  name: 'rei',
  title: 'REI Co-op membership',
  summary:
    'Lifetime membership ($30) with an annual member reward of 10% of full-price purchases as store credit',
  confidence: 'medium',
  mechanics: [
    'Plan: lifetime membership, $30 paid once (recorded from the billing system); free-shipping benefit flag',
    'Annual Co-op Member Reward: 10% of last calendar year’s net full-price purchases, credited each March',
    'Excluded from the reward: sale and discounted lines, REI Outlet, gift cards, REI Adventures trips, services',
    'Active-member rule: no reward below $10 of net eligible purchases; returns reduce the eligible amount',
    'Reward is store credit in a money wallet, spent at the till; it expires 730 days after issue',
    'Optional REI Co-op Mastercard: 5% at REI, 2% mobile wallet, 1% elsewhere into the same wallet',
    'No points: the base earn rule awards 0',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'REI Co-op',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      defaultCountry: 'US',
    },
    policy: { earnPoints: 0 },
    wallets: [{ code: REI_WALLET, name: 'Co-op Member Reward', kind: 'money' }],
    plans: [
      {
        code: REI_PLAN,
        plan: {
          name: 'REI Co-op lifetime membership',
          price: p.membershipFee,
          currency: 'USD',
          period: 'lifetime',
          benefits: { freeShipping: true },
          annualReward: {
            percent: p.rewardPercent,
            wallet: REI_WALLET,
            // Card spend outside REI is fed as lines of its own category; it never earns the member reward.
            match: { excludeCategories: [...new Set([...p.excludedCategories, p.elsewhereCategory])] },
            fullPriceOnly: true,
            minEligible: p.minEligible,
            issueMonth: p.issueMonth,
            expiresInDays: p.rewardTtlDays,
          },
        },
      },
    ],
    campaigns: () => (p.coopMastercard ? [cardCampaign(p)] : []),
  }),
});
