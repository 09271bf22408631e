import type { Command } from 'commander';
import { partnerSettlement } from '../modules/partners/settlement.js';
import { getProgram, resolveProgram } from '../modules/tenants/programs.service.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { printTable, withRuntime } from './context.js';

export function registerPartnerCommands(program: Command): void {
  const partners = program.command('partners').description('coalition partners');
  partners
    .command('settlement')
    .description('points issued and redeemed at each partner in a period, valued at the agreed point values')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD in the program time zone')
    .requiredOption('--to <date>', 'last day (inclusive), YYYY-MM-DD in the program time zone')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--program <id>', "program id (default: the tenant's default program)")
    .option('--json', 'print JSON')
    .action((opts: { from: string; to: string; tenant?: string; program?: string; json?: boolean }) =>
      withRuntime(async ({ database }) => {
        const db = database.db;
        const tenant = opts.tenant ? await findTenantBySlug(db, opts.tenant) : await findDefaultTenant(db);
        if (!tenant) throw new CliError(`No tenant "${opts.tenant ?? 'default'}"`);
        const prog = opts.program
          ? await getProgram(db, tenant.id, opts.program)
          : await resolveProgram(db, tenant.id, undefined);
        const report = await partnerSettlement(db, prog, opts.from, opts.to);
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        const money = (minor: number) =>
          new Intl.NumberFormat('en', { style: 'currency', currency: report.currency }).format(minor / 100);
        console.log(`Partner settlement ${report.from} – ${report.to} (${report.timezone})`);
        printTable(
          report.partners.map((p) => ({
            partner: p.code,
            issued: p.issued.points,
            owedByPartner: money(p.issued.valueMinor),
            redeemed: p.redeemed.points,
            owedToPartner: money(p.redeemed.valueMinor),
            net: money(p.netMinor),
          })),
        );
        const t = report.totals;
        console.log(
          `Total: issued ${t.issuedPoints} (${money(t.issuedMinor)}), redeemed ${t.redeemedPoints} (${money(t.redeemedMinor)}), net ${money(t.netMinor)} owed to the program`,
        );
      }),
    );
}
