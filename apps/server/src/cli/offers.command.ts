import type { Command } from 'commander';
import { CompleteJourneyError } from '../modules/offers/complete-journey.js';
import { evaluateOffers, formatReport } from '../modules/offers/evaluate-offers.js';
import { CliError } from './api-keys.command.js';

interface EvaluateOffersOptions {
  data: string;
  splitDate: string;
  k: string;
  json?: boolean;
}

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  // Date.parse rolls 2017-02-30 over to March; a real day round-trips.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Adds `analytics evaluate-offers`: the next-best-offer ranking against two baselines on Complete Journey. */
export function registerOfferEvaluation(analytics: Command): void {
  analytics
    .command('evaluate-offers')
    .description(
      'evaluate the next-best-offer ranking on The Complete Journey with a time split: precision@k and recall@k ' +
        'of global popularity, each household’s own most-bought categories, and Tessera’s ranking',
    )
    .requiredOption('--data <dir>', 'folder with transactions_sample.csv, products.csv and demographics.csv')
    .option(
      '--split-date <date>',
      'first day of the test period, YYYY-MM-DD (train is before it)',
      '2017-10-01',
    )
    .option('--k <n>', 'length of each ranked list', '10')
    .option('--json', 'print the report as JSON')
    .action(async (opts: EvaluateOffersOptions) => {
      if (!isDay(opts.splitDate)) throw new CliError('--split-date must be a date, YYYY-MM-DD');
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1 || k > 100)
        throw new CliError('--k must be a whole number from 1 to 100');
      let report: Awaited<ReturnType<typeof evaluateOffers>>;
      try {
        report = await evaluateOffers(opts.data, { splitDate: opts.splitDate, k });
      } catch (error) {
        if (error instanceof CompleteJourneyError) throw new CliError(error.message);
        throw error;
      }
      if (report.methods.every((m) => m.households === 0)) {
        throw new CliError(
          `no household bought both before and from ${opts.splitDate}: choose another --split-date`,
        );
      }
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
    });
}
