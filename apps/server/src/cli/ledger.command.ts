import type { Command } from 'commander';
import { liabilityReport } from '../modules/ledger/liability.js';
import { verifyLedger } from '../modules/ledger/verify.js';
import { getProgram, resolveProgram } from '../modules/tenants/programs.service.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { printTable, withRuntime } from './context.js';

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('points ledger integrity and finance reports');
  ledger
    .command('verify')
    .description('recompute every balance from entries and lots and report any drift (exit code 1 on drift)')
    .option('--program <id>', 'only this program')
    .action((opts: { program?: string }) =>
      withRuntime(async ({ database }) => {
        const drift = await verifyLedger(database.db, opts.program);
        if (drift.length === 0) {
          console.log('Ledger verified: no drift.');
          return;
        }
        printTable(drift.map((d) => ({ ...d })));
        throw new CliError(`Ledger drift found in ${drift.length} place(s)`);
      }),
    );
  ledger
    .command('liability')
    .description('outstanding points by age and expiry month, valued at the point value; breakage')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--program <id>', "program id (default: the tenant's default program)")
    .option('--json', 'print JSON')
    .action((opts: { tenant?: string; program?: string; json?: boolean }) =>
      withRuntime(async ({ database }) => {
        const db = database.db;
        const tenant = opts.tenant ? await findTenantBySlug(db, opts.tenant) : await findDefaultTenant(db);
        if (!tenant) throw new CliError(`No tenant "${opts.tenant ?? 'default'}"`);
        const prog = opts.program
          ? await getProgram(db, tenant.id, opts.program)
          : await resolveProgram(db, tenant.id, undefined);
        const report = await liabilityReport(db, prog, new Date());
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        const money = (minor: number) =>
          new Intl.NumberFormat('en', { style: 'currency', currency: report.currency }).format(minor / 100);
        console.log(
          `Outstanding: ${report.outstanding.net} points (${money(report.outstanding.valueMinor)}), debt ${report.outstanding.debt}`,
        );
        printTable(report.byAge.map((b) => ({ age: b.label, points: b.points, value: money(b.valueMinor) })));
        printTable(
          report.byExpiryMonth.map((b) => ({
            expires: b.label,
            points: b.points,
            value: money(b.valueMinor),
          })),
        );
        const rate = report.breakage.rate;
        console.log(
          `Breakage over closed cohorts: ${rate === null ? 'n/a (no closed cohort yet)' : `${(rate * 100).toFixed(1)}%`}`,
        );
      }),
    );
}
