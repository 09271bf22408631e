import {
  type BgNbdParams,
  bgNbdConditionalExpected,
  bgNbdExpected,
  bgNbdPAlive,
  fitBgNbd,
} from './models/bg-nbd.js';
import { type ClvOptions, discountedClv } from './models/clv.js';
import type { CustomerSummary } from './models/customer-summary.js';
import { fitGammaGamma, type GammaGammaParams, gammaGammaExpectedSpend } from './models/gamma-gamma.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdPAlive,
} from './models/pareto-nbd.js';

export interface FitOptions extends ClvOptions {
  /** Weeks ahead for the expected-purchases prediction. */
  horizonWeeks: number;
}

export interface CustomerPrediction {
  id: string;
  x: number;
  tX: number;
  T: number;
  mean: number;
  bgNbd: { pAlive: number; expectedPurchases: number };
  paretoNbd: { pAlive: number; expectedPurchases: number };
  expectedSpend: number;
  clv: number;
  churnRisk: number;
}

export interface FitReport {
  customers: number;
  repeatCustomers: number;
  options: FitOptions;
  bgNbd: { params: BgNbdParams; logLikelihood: number; expectedPurchasesNewCustomer: number };
  paretoNbd: { params: ParetoNbdParams; logLikelihood: number; expectedPurchasesNewCustomer: number };
  gammaGamma: { params: GammaGammaParams; logLikelihood: number; populationMeanSpend: number };
  predictions: CustomerPrediction[];
}

const round = (v: number, digits = 6) => Number(v.toFixed(digits));

/**
 * Fits the three models on one program's (or file's) customer summaries and predicts per customer. CLV uses the
 * BG/NBD curve and Gamma-Gamma spend; churn risk is 1 − P(alive) under BG/NBD. Both count models are reported so a
 * brand can compare them on its own data.
 */
export function fitModels(rows: CustomerSummary[], options: FitOptions): FitReport {
  const bg = fitBgNbd(rows);
  const pareto = fitParetoNbd(rows);
  const gg = fitGammaGamma(rows);
  const { p, q, gamma } = gg.params;
  const predictions = rows.map((row): CustomerPrediction => {
    const pAlive = bgNbdPAlive(bg.params, row);
    const spend = gammaGammaExpectedSpend(gg.params, row);
    return {
      id: row.id,
      x: row.x,
      tX: round(row.tX, 4),
      T: round(row.T, 4),
      mean: round(row.mean, 4),
      bgNbd: {
        pAlive: round(pAlive),
        expectedPurchases: round(bgNbdConditionalExpected(bg.params, row, options.horizonWeeks)),
      },
      paretoNbd: {
        pAlive: round(paretoNbdPAlive(pareto.params, row)),
        expectedPurchases: round(paretoNbdConditionalExpected(pareto.params, row, options.horizonWeeks)),
      },
      expectedSpend: round(spend, 4),
      clv: round(
        discountedClv((t) => bgNbdConditionalExpected(bg.params, row, t), spend, options),
        4,
      ),
      churnRisk: round(1 - pAlive),
    };
  });
  return {
    customers: rows.length,
    repeatCustomers: rows.filter((r) => r.x > 0).length,
    options,
    bgNbd: { ...bg, expectedPurchasesNewCustomer: round(bgNbdExpected(bg.params, options.horizonWeeks)) },
    paretoNbd: {
      ...pareto,
      expectedPurchasesNewCustomer: round(paretoNbdExpected(pareto.params, options.horizonWeeks)),
    },
    gammaGamma: { ...gg, populationMeanSpend: round((p * gamma) / (q - 1), 4) },
    predictions,
  };
}
