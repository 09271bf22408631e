import { type Static, Type } from 'typebox';
import type { Condition } from '../../rules/condition.schemas.js';
import type { Rule } from '../../rules/rule.schemas.js';
import { defineTemplate } from '../template.types.js';

const Percent = (value: number, description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 100, default: value, description });
const Codes = (value: string[], description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500, default: value, description });

const Params = Type.Object({
  appleMerchants: Codes(
    ['apple'],
    '`storeId` values that are Apple itself (Apple Store, apple.com, App Store, Apple services): 3% however paid',
  ),
  applePayMerchants: Codes(
    [
      'ace-hardware',
      'booking-com',
      'chargepoint',
      'duane-reade',
      'exxon',
      'mobil',
      'nike',
      't-mobile',
      'uber',
      'uber-eats',
      'walgreens',
    ],
    '`storeId` values of the merchants paying 3% with Apple Pay (the list changes; Panera left it 2025-02-01)',
  ),
  applePayMethod: Type.String({
    minLength: 1,
    maxLength: 50,
    default: 'apple_pay',
    description: '`paymentMethod` of a purchase paid with Apple Card through Apple Pay',
  }),
  appleRate: Percent(3, 'Daily Cash on purchases from Apple, percent'),
  merchantRate: Percent(3, 'Daily Cash at the listed merchants with Apple Pay, percent'),
  applePayRate: Percent(2, 'Daily Cash on other Apple Pay purchases, percent'),
  cardRate: Percent(1, 'Daily Cash with the physical card or card number, percent'),
  timezone: Type.String({ default: 'America/Los_Angeles', description: 'Time zone of the program' }),
});
type P = Static<typeof Params>;

export const DAILY_CASH = 'daily_cash';
const GROUP = 'daily-cash';

const paidWithApplePay = (p: P): Condition => ({
  kind: 'activity',
  field: 'paymentMethod',
  op: 'eq',
  value: p.applePayMethod,
});

/** One rate of the exclusive group: the first rule that applies (highest priority) sets the purchase's rate. */
const rate = (key: string, name: string, percent: number, priority: number, when?: Condition): Rule => ({
  key,
  name,
  trigger: { type: 'purchase' },
  ...(when ? { when } : {}),
  // Credited at once and never expires: Daily Cash is paid daily into Apple Cash, with no cap.
  effects: [{ kind: 'cashback_percent', percent, wallet: DAILY_CASH, pendingDays: 0, expiresInDays: null }],
  priority,
  group: GROUP,
});

/**
 * The merchant is the purchase's `storeId` (the card network's merchant, normalised to a code by the integration).
 * A `store` condition names them directly; coalition partners are not used because these merchants neither earn
 * points nor settle with the program.
 */
function rules(p: P): Rule[] {
  return [
    ...(p.appleMerchants.length > 0
      ? [
          rate('apple', `${p.appleRate}% at Apple`, p.appleRate, 40, {
            kind: 'store',
            stores: p.appleMerchants,
          }),
        ]
      : []),
    ...(p.applePayMerchants.length > 0
      ? [
          rate('merchants', `${p.merchantRate}% at listed merchants with Apple Pay`, p.merchantRate, 30, {
            kind: 'all',
            conditions: [{ kind: 'store', stores: p.applePayMerchants }, paidWithApplePay(p)],
          }),
        ]
      : []),
    rate('apple-pay', `${p.applePayRate}% with Apple Pay`, p.applePayRate, 20, paidWithApplePay(p)),
    rate('card', `${p.cardRate}% with the physical card or card number`, p.cardRate, 10),
  ];
}

/**
 * Apple Card Daily Cash: cashback in money by merchant and payment method (3/2/1%), credited at once, no points.
 * A refund takes back the Daily Cash of the refunded items through the ordinary return.
 */
export const appleCard = defineTemplate<P>({
  name: 'apple-card',
  title: 'Apple Card Daily Cash (US)',
  summary: 'Card cashback: 3% at Apple and listed merchants with Apple Pay, 2% with Apple Pay, 1% otherwise',
  confidence: 'high',
  mechanics: [
    'Daily Cash is a money wallet (daily_cash), credited at once, no cap, no expiry; no points (base earn 0)',
    '3% on purchases from Apple (storeId apple), however paid',
    '3% at Ace Hardware, Booking.com, ChargePoint, Duane Reade, Exxon, Mobil, Nike, T-Mobile, Uber, Uber Eats, Walgreens with Apple Pay',
    '2% on every other Apple Pay purchase; 1% with the physical card or card number',
    'One rate per purchase: the rules form one exclusive group by priority',
    'A refund takes back the Daily Cash of the refunded items',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'Apple Card Daily Cash',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      defaultCountry: 'US',
    },
    policy: { earnPoints: 0 },
    wallets: [{ code: DAILY_CASH, name: 'Daily Cash', kind: 'money' }],
    campaigns: () => [
      {
        name: 'Daily Cash',
        description: 'Apple Card Daily Cash rates by merchant and payment method',
        rules: rules(p),
      },
    ],
  }),
});
