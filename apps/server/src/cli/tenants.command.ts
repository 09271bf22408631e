import type { Command } from 'commander';
import { listTenants } from '../modules/tenants/tenants.repository.js';
import { createTenant } from '../modules/tenants/tenants.service.js';
import { printTable, withRuntime } from './context.js';

export function registerTenantCommands(program: Command): void {
  const tenants = program.command('tenants').description('manage tenants (brands served by this deployment)');
  tenants
    .command('list')
    .description('list tenants')
    .action(() =>
      withRuntime(async ({ database }) => {
        const rows = await listTenants(database.db);
        printTable(rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, default: t.isDefault })));
      }),
    );
  tenants
    .command('create')
    .description('create a tenant with its default program')
    .requiredOption('--slug <slug>', 'short unique name, e.g. acme')
    .requiredOption('--name <name>', 'display name')
    .option('--currency <code>', 'program currency (ISO 4217)', 'EUR')
    .option('--timezone <zone>', 'program time zone (IANA)', 'UTC')
    .option('--point-name <name>', 'what points are called', 'points')
    .action((opts: { slug: string; name: string; currency: string; timezone: string; pointName: string }) =>
      withRuntime(async ({ database }) => {
        const { tenant, program } = await createTenant(database.db, {
          slug: opts.slug,
          name: opts.name,
          program: {
            slug: 'default',
            name: `${opts.name} rewards`,
            currency: opts.currency,
            timezone: opts.timezone,
            pointName: opts.pointName,
          },
        });
        console.log(`Created tenant ${tenant.slug} (${tenant.id}) with program ${program.id}`);
      }),
    );
}
