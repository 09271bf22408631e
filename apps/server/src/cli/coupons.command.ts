import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { generateSeriesCodes, MAX_GENERATE, requestGeneration } from '../modules/coupons/generate-codes.js';
import { CliError } from './api-keys.command.js';
import { withRuntime } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerCouponCommands(program: Command): void {
  const coupons = program.command('coupons').description('coupon series and codes');
  coupons
    .command('generate')
    .description('generate unique codes for a coupon series here and now, with a progress bar')
    .requiredOption('--series <id>', 'the coupon series id')
    .requiredOption('--count <n>', 'how many codes to add')
    .action((opts: { series: string; count: string }) =>
      withRuntime(async ({ database }) => {
        const count = Number(opts.count);
        if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATE) {
          throw new CliError(`--count must be a whole number from 1 to ${MAX_GENERATE}`);
        }
        if (!UUID.test(opts.series)) throw new CliError('--series must be a coupon series id (a UUID)');
        // The total grows in one transaction; the codes are then made here in batches (no background job), each
        // batch committed on its own so the API shows the same progress as this bar.
        const series = await database.db
          .transaction()
          .execute((trx) => requestGeneration(trx, undefined, opts.series, count, false));
        const bar = new SingleBar({
          format: 'Generating codes [{bar}] {percentage}% | {value}/{total} | ETA {eta}s',
          noTTYOutput: true,
          notTTYSchedule: 2000,
        });
        bar.start(series.generate_total, series.generated);
        const done = await generateSeriesCodes(database.db, series.id, (p) => bar.update(p.generated));
        bar.stop();
        console.log(`Series ${series.id} (${series.name}) now has ${done.generated} generated codes.`);
      }),
    );
}
