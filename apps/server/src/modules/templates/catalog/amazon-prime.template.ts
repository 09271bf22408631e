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
  studentPlans: Type.Boolean({ default: true, description: 'Offer Prime Student ($7.49/mo, $69/yr)' }),
  accessPlan: Type.Boolean({
    default: true,
    description: 'Offer Prime Access ($6.99/mo, government assistance)',
  }),
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
            { code: 'student-monthly', plan: monthly('Prime Student (monthly)', 749, p.trialDays) },
            {
              code: 'student-annual',
              plan: { ...monthly('Prime Student (annual)', 6900, p.trialDays), period: 'year' as const },
            },
          ]
        : []),
      ...(p.accessPlan ? [{ code: 'access-monthly', plan: monthly('Prime Access', 699, p.trialDays) }] : []),
    ],
  }),
});
