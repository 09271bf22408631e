import { createReadStream } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { HistoryFileError, type HistoryFormat } from '../modules/imports/history-sources.js';
import { importHistory } from '../modules/imports/import-history.js';
import { getProgram, resolveProgram } from '../modules/tenants/programs.service.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { withRuntime } from './context.js';

const FORMATS = ['cdnow', 'completejourney', 'csv'];

/** Counts lines in one streaming pass (for the progress bar's total) without holding the file. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  }
  return lines;
}

interface ImportOptions {
  format: string;
  tenant?: string;
  program?: string;
  source?: string;
  json?: boolean;
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('import history from files');
  imports
    .command('transactions <file>')
    .description(
      'import purchase history (CSV, CDNOW or Complete Journey) for analytics: streamed, idempotent on re-run; earns no points',
    )
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'csv')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--program <id>', "program id (default: the tenant's default program)")
    .option('--source <name>', 'prefix of the customer and order ids (default: the format name)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: ImportOptions) =>
      withRuntime(async ({ database }) => {
        if (!FORMATS.includes(opts.format))
          throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
        if (opts.source !== undefined && !/^[a-z0-9][a-z0-9_.-]{0,39}$/i.test(opts.source)) {
          throw new CliError('--source must be 1–40 letters, digits, dots, dashes or underscores');
        }
        const db = database.db;
        const tenant = opts.tenant ? await findTenantBySlug(db, opts.tenant) : await findDefaultTenant(db);
        if (!tenant) throw new CliError(`No tenant "${opts.tenant ?? 'default'}"`);
        const prog = opts.program
          ? await getProgram(db, tenant.id, opts.program)
          : await resolveProgram(db, tenant.id, undefined);
        let total: number;
        try {
          total = await countLines(file);
        } catch {
          throw new CliError(`${file}: cannot be read`);
        }
        const bar = new SingleBar({
          format: 'Importing [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s',
          noTTYOutput: true,
          notTTYSchedule: 2000,
          stream: opts.json ? process.stderr : process.stdout,
        });
        bar.start(total, 0);
        try {
          const summary = await importHistory(db, prog, {
            path: file,
            format: opts.format as HistoryFormat,
            ...(opts.source ? { source: opts.source } : {}),
            onProgress: (rows) => bar.update(Math.min(rows, total)),
          });
          bar.update(total);
          bar.stop();
          if (opts.json) {
            console.log(JSON.stringify(summary));
            return;
          }
          const rate = Math.round(summary.rows / Math.max(summary.seconds, 0.001));
          console.log(
            `Imported ${summary.imported} of ${summary.rows} rows into ${prog.name} in ${summary.seconds.toFixed(1)} s (${rate} rows/s): ` +
              `${summary.purchasesCreated} purchases, ${summary.linesAppended} more lines, ${summary.membersCreated} new members, ` +
              `${summary.alreadyImported} already imported.`,
          );
          for (const [reason, n] of Object.entries(summary.skipped))
            console.log(`Skipped ${n} rows: ${reason}`);
        } catch (error) {
          bar.stop();
          if (error instanceof HistoryFileError) {
            throw new CliError(
              `${file}: ${error.message} (rows before it were imported; re-running resumes safely)`,
            );
          }
          throw error;
        }
      }),
    );
}
