import type { Command } from 'commander';
import { createProgramFromTemplate } from '../modules/templates/create-from-template.js';
import { TEMPLATES } from '../modules/templates/registry.js';
import { paramsFromCli } from '../modules/templates/template-params.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { printTable, withRuntime } from './context.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerProgramCommands(program: Command): void {
  const programs = program.command('programs').description('loyalty programs and program templates');
  programs
    .command('templates')
    .description('list the program templates (real programs configured from their published mechanics)')
    .option('--json', 'print JSON, with each template’s mechanics and parameters')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        const out = TEMPLATES.map((t) => ({
          name: t.name,
          title: t.title,
          summary: t.summary,
          confidence: t.confidence,
          mechanics: t.mechanics,
          params: t.params,
        }));
        console.log(JSON.stringify(out, null, 2));
        return;
      }
      printTable(
        TEMPLATES.map((t) => ({
          name: t.name,
          title: t.title,
          confidence: t.confidence,
          summary: t.summary,
        })),
      );
      console.log(
        'Create one with: tessera programs create --template <name> --slug <slug> [--param name=value]',
      );
    });
  programs
    .command('create')
    .description('create a program from a template, with its tiers, campaigns, rewards, plans and partners')
    .requiredOption('--template <name>', 'template name (see `tessera programs templates`)')
    .option('--slug <slug>', 'program slug, unique in the tenant (default: the template name)')
    .option('--name <name>', "program name (default: the template's)")
    .option('--param <name=value>', 'set a template parameter (repeatable)', collect, [])
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--json', 'print JSON')
    .action(
      (opts: {
        template: string;
        slug?: string;
        name?: string;
        param: string[];
        tenant?: string;
        json?: boolean;
      }) =>
        withRuntime(async ({ database }) => {
          const db = database.db;
          const tenant = opts.tenant ? await findTenantBySlug(db, opts.tenant) : await findDefaultTenant(db);
          if (!tenant)
            throw new CliError(`No tenant "${opts.tenant ?? 'default'}"; see \`tessera tenants list\``);
          let params: Record<string, unknown>;
          try {
            params = paramsFromCli(opts.param);
          } catch (error) {
            throw new CliError((error as Error).message);
          }
          const result = await db
            .transaction()
            .execute((trx) =>
              createProgramFromTemplate(
                trx,
                tenant.id,
                { template: opts.template, slug: opts.slug ?? opts.template, name: opts.name, params },
                'cli',
              ),
            );
          if (opts.json) {
            console.log(
              JSON.stringify({ ...result, program: { id: result.program.id, slug: result.program.slug } }),
            );
            return;
          }
          const c = result.created;
          console.log(
            `Created program ${result.program.name} (${result.program.slug}, ${result.program.id})`,
          );
          console.log(
            [
              `tiers: ${c.tiers.join(', ') || 'none'}`,
              `campaigns: ${c.campaigns.map((x) => `${x.name} [${x.status}]`).join(', ') || 'none'}`,
              `rewards: ${c.rewards.map((x) => x.code).join(', ') || 'none'}`,
              `plans: ${c.plans.join(', ') || 'none'}`,
              `partners: ${c.partners.map((x) => x.code).join(', ') || 'none'}`,
              `wallets: ${c.wallets.join(', ') || 'points only'}`,
            ].join('\n'),
          );
        }),
    );
}
