import type { Command } from 'commander';
import { fitModels } from '../modules/analytics/fit-models.js';
import { refreshProgramMetrics } from '../modules/analytics/metrics/refresh-metrics.js';
import { SummaryBuilder } from '../modules/analytics/models/customer-summary.js';
import { readPurchases, TransactionFileError } from '../modules/analytics/transaction-file.js';
import { getProgram, resolveProgram } from '../modules/tenants/programs.service.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { withRuntime } from './context.js';
import { registerOfferEvaluation } from './offers.command.js';

function numberOption(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new CliError(`${name} must be a number from ${min} to ${max}`);
  return n;
}

interface FitCliOptions {
  input: string;
  format: string;
  calibrationEnd: string;
  horizonWeeks: string;
  clvMonths: string;
  discountRate: string;
  margin: string;
}

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program
    .command('analytics')
    .description('customer analytics: models fitted on purchase history');
  analytics
    .command('fit')
    .description(
      'fit BG/NBD, Pareto/NBD and Gamma-Gamma by maximum likelihood on a transaction file; print parameters, log-likelihoods and per-customer predictions as JSON',
    )
    .requiredOption('--input <file>', 'transaction file')
    .option(
      '--format <format>',
      'cdnow (CDNOW text files) or csv (header with customer, date, amount)',
      'csv',
    )
    .requiredOption('--calibration-end <date>', 'last day of the calibration period, YYYY-MM-DD')
    .option('--horizon-weeks <n>', 'weeks ahead for expected purchases', '39')
    .option('--clv-months <n>', 'months of discounted CLV', '12')
    .option('--discount-rate <r>', 'annual discount rate for CLV', '0.1')
    .option('--margin <m>', 'profit margin for CLV, 0–1', '0.3')
    .action(async (opts: FitCliOptions) => {
      if (opts.format !== 'cdnow' && opts.format !== 'csv')
        throw new CliError('--format must be cdnow or csv');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.calibrationEnd) || Number.isNaN(Date.parse(opts.calibrationEnd))) {
        throw new CliError('--calibration-end must be a date, YYYY-MM-DD');
      }
      const builder = new SummaryBuilder();
      try {
        for await (const purchase of readPurchases(opts.input, opts.format)) builder.add(purchase);
      } catch (error) {
        if (error instanceof TransactionFileError) throw new CliError(`${opts.input}: ${error.message}`);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new CliError(`${opts.input}: no such file`);
        throw error;
      }
      const rows = builder.summarise(opts.calibrationEnd);
      if (rows.filter((r) => r.x > 0).length < 3) {
        throw new CliError(
          'too little history: the calibration period needs at least 3 customers with repeat purchases',
        );
      }
      const report = fitModels(rows, {
        horizonWeeks: numberOption(opts.horizonWeeks, '--horizon-weeks', 1, 520),
        months: numberOption(opts.clvMonths, '--clv-months', 1, 240),
        annualDiscountRate: numberOption(opts.discountRate, '--discount-rate', 0, 1),
        margin: numberOption(opts.margin, '--margin', 0, 1),
      });
      console.log(
        JSON.stringify({ input: opts.input, calibrationEnd: opts.calibrationEnd, ...report }, null, 2),
      );
    });
  analytics
    .command('refresh')
    .description(
      "recompute every member's metrics, RFM, loyalty type and model predictions for a program now",
    )
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--program <id>', "program id (default: the tenant's default program)")
    .option('--as-of <time>', 'compute as of this ISO time (default: now), e.g. for imported history')
    .action((opts: { tenant?: string; program?: string; asOf?: string }) =>
      withRuntime(async ({ database }) => {
        const db = database.db;
        const now = opts.asOf ? new Date(opts.asOf) : new Date();
        if (Number.isNaN(now.getTime())) throw new CliError('--as-of must be an ISO date or time');
        const tenant = opts.tenant ? await findTenantBySlug(db, opts.tenant) : await findDefaultTenant(db);
        if (!tenant) throw new CliError(`No tenant "${opts.tenant ?? 'default'}"`);
        const prog = opts.program
          ? await getProgram(db, tenant.id, opts.program)
          : await resolveProgram(db, tenant.id, undefined);
        const phases = {
          metrics: 'member metrics',
          rfm: 'RFM scores',
          loyalty: 'loyalty types',
          models: 'purchase models',
        };
        const result = await refreshProgramMetrics(db, prog, now, (phase) =>
          console.log(`… ${phases[phase]}`),
        );
        const fit =
          result.fit.status === 'fitted'
            ? `models fitted on ${result.fit.customers} buyers`
            : `models skipped: ${result.fit.reason}`;
        console.log(
          `Refreshed ${result.members} members of ${prog.name} in ${result.seconds.toFixed(1)} s; ${fit}.`,
        );
      }),
    );
  registerOfferEvaluation(analytics);
}
