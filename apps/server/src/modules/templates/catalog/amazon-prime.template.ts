import { type Static, Type } from 'typebox';
import { defineTemplate } from '../template.types.js';

const Params = Type.Object({
  monthlyPrice: Type.Integer({
    minimum: 0,
    default: 1499,
    description: 'Prime monthly fee, cents ($14.99 since 2022)',
  }),
  annualPrice: Type.Integer({
    minimum: 0,
    default: 13900,
    description: 'Prime annual fee, cents ($139 since 2022)',
  }),
  trialDays: Type.Integer({
    minimum: 0,
    maximum: 365,
    default: 30,
    description: 'Free trial for new members',
  }),
  studentPlans: Type.Boolean({ default: true, description: 'Offer Prime Student (monthly and annual)' }),
  studentMonthlyPrice: Type.Integer({
    minimum: 0,
    default: 749,
    description: 'Prime Student monthly fee, cents',
  }),
  studentAnnualPrice: Type.Integer({
    minimum: 0,
    default: 6900,
    description: 'Prime Student annual fee, cents',
  }),
  accessPlan: Type.Boolean({
    default: true,
    description: 'Offer Prime Access (monthly; for recipients of government assistance)',
  }),
  accessPrice: Type.Integer({ minimum: 0, default: 699, description: 'Prime Access monthly fee, cents' }),
  timezone: Type.String({ default: 'America/Los_Angeles', description: 'Time zone periods are counted in' }),
});
type P = Static<typeof Params>;

const monthly = (name: string, price: number, trialDays: number) => ({
  name,
  price,
  currency: 'USD',
  period: 'month' as const,
  trialDays,
  benefits: { freeShipping: true },
});

/**
 * Amazon Prime is a paid membership, not a points program: plans with a trial, renewals recorded from the billing
 * system, and a free-shipping benefit the checkout reads from the live membership. Nothing earns points.
 */
export const amazonPrime = defineTemplate<P>({
  name: 'amazon-prime',
  title: 'Amazon Prime (US)',
  summary: 'Paid membership: $14.99 a month or $139 a year after a 30-day trial, with free shipping',
  confidence: 'high',
  mechanics: [
    'Plans: Prime monthly $14.99 and annual $139, each after a 30-day free trial; auto-renewal is recorded as payments',
    'Prime Student $7.49/month or $69/year and Prime Access $6.99/month (optional)',
    'Benefit: free shipping while the membership lives (a flag your checkout reads)',
    'Switching plans: cancel at period end, the expiry job ends it, then subscribe to the other plan (no proration)',
    'No points: the base earn rule awards 0',
  ],
  params: Params,
  build: (p) => ({
    program: {
      name: 'Amazon Prime',
      currency: 'USD',
      timezone: p.timezone,
      pointName: 'points',
      defaultCountry: 'US',
    },
    policy: { earnPoints: 0 },
    plans: [
      { code: 'prime-monthly', plan: monthly('Prime (monthly)', p.monthlyPrice, p.trialDays) },
      {
        code: 'prime-annual',
        plan: { ...monthly('Prime (annual)', p.annualPrice, p.trialDays), period: 'year' },
      },
      ...(p.studentPlans
        ? [
            {
              code: 'student-monthly',
              plan: monthly('Prime Student (monthly)', p.studentMonthlyPrice, p.trialDays),
            },
            {
              code: 'student-annual',
              plan: {
                ...monthly('Prime Student (annual)', p.studentAnnualPrice, p.trialDays),
                period: 'year' as const,
              },
            },
          ]
        : []),
      ...(p.accessPlan
        ? [{ code: 'access-monthly', plan: monthly('Prime Access', p.accessPrice, p.trialDays) }]
        : []),
    ],
  }),
});
