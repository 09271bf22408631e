import { type CompleteJourney, loadCompleteJourney, type SkippedLines } from './complete-journey.js';
import { evaluateFitted, fitWindow, type MethodResult } from './offer-evaluation.js';
import { DEFAULT_WEIGHTS } from './ranking.js';
import type { Weights } from './ranking.types.js';
import { type TuningResult, tuneWeights } from './weight-tuning.js';

/**
 * The offer evaluation end to end on Complete Journey: weights tuned on the last weeks of the train period, model
 * refitted on the whole train period, the three methods judged on the test period.
 */

export interface OfferEvaluationOptions {
  /** First day of the test period, YYYY-MM-DD; train is every day before it. */
  splitDate: string;
  k: number;
  /** Weeks at the end of the train period held out for tuning; default 13 (the length of the default test). */
  tuningWeeks?: number;
}

export interface OfferEvaluationReport {
  splitDate: string;
  k: number;
  lines: { used: number; train: number; test: number; skipped: SkippedLines };
  /** Absent when the tuning window has no household to judge; the default weights are used then. */
  tuning?: Omit<TuningResult, 'weights'>;
  weights: Weights;
  methods: MethodResult[];
}

export function evaluateOffersOn(
  data: CompleteJourney,
  options: OfferEvaluationOptions,
): OfferEvaluationReport {
  const { splitDate, k } = options;
  const tuned = tuneWeights(data, splitDate, k, options.tuningWeeks ?? 13);
  const { weights, ...tuning } = tuned;
  const fitted = fitWindow(data, { asOf: splitDate, k });
  const train = data.lines.filter((l) => l.day < splitDate).length;
  return {
    splitDate,
    k,
    lines: { used: data.lines.length, train, test: data.lines.length - train, skipped: data.skipped },
    ...(tuned.households > 0 ? { tuning } : {}),
    weights: tuned.households > 0 ? weights : { ...DEFAULT_WEIGHTS },
    methods: evaluateFitted(fitted, k, tuned.households > 0 ? weights : DEFAULT_WEIGHTS),
  };
}

export async function evaluateOffers(
  dir: string,
  options: OfferEvaluationOptions,
): Promise<OfferEvaluationReport> {
  return evaluateOffersOn(await loadCompleteJourney(dir), options);
}

const fixed = (n: number) => n.toFixed(4);

/** The report as a plain-text table, one line per method. */
export function formatReport(report: OfferEvaluationReport): string {
  const { k } = report;
  const header = ['method', `precision@${k}`, `recall@${k}`, 'households'];
  const rows = report.methods.map((m) => [
    m.method,
    fixed(m.precision),
    fixed(m.recall),
    String(m.households),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const w = report.weights;
  const tuning = report.tuning
    ? `tuned on the train period only: fitted before ${report.tuning.asOf}, judged up to ${report.tuning.until} ` +
      `(${report.tuning.households} households, precision@${k} ${fixed(report.tuning.precision)})`
    : 'not tuned (no household on both sides of the tuning split): default weights';
  const versus = (report.methods.find((m) => m.method === 'tessera')?.versus ?? []).map(
    (c) =>
      `tessera − ${c.baseline}: ${c.difference >= 0 ? '+' : ''}${fixed(c.difference)} precision@${k} ` +
      `(standard error ${fixed(c.standardError)}, paired over households)`,
  );
  return [
    `Next-best-offer evaluation: train before ${report.splitDate}, test from ${report.splitDate} on, ` +
      `${report.lines.train} train and ${report.lines.test} test lines`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...versus,
    `weights: affinity ${w.affinity}, coPurchase ${w.coPurchase}, segment ${w.segment}, ` +
      `popularity ${w.popularity}, priceFit ${w.priceFit}, half-life ${w.halfLifeDays} days`,
    tuning,
  ].join('\n');
}
