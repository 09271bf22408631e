import type { Command } from 'commander';
import type { Db } from '../db/database.js';
import { listApiKeys, revokeApiKey } from '../modules/api-keys/api-keys.repository.js';
import { createApiKey, KEY_CACHE_TTL_MS } from '../modules/api-keys/api-keys.service.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { printTable, withRuntime } from './context.js';

async function tenantId(db: Db, slug: string | undefined): Promise<string> {
  const tenant = slug === undefined ? await findDefaultTenant(db) : await findTenantBySlug(db, slug);
  if (tenant === undefined)
    throw new CliError(`No tenant "${slug ?? 'default'}"; see \`tessera tenants list\``);
  return tenant.id;
}

export class CliError extends Error {}

export function registerApiKeyCommands(program: Command): void {
  const keys = program.command('api-keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; the secret is printed once')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--scope <scope>', 'server (everything) or publishable (read-only, member-facing)', 'server')
    .option('--json', 'print JSON')
    .action((opts: { tenant?: string; name: string; scope: string; json?: boolean }) =>
      withRuntime(async ({ database }) => {
        if (opts.scope !== 'server' && opts.scope !== 'publishable') {
          throw new CliError('--scope must be server or publishable');
        }
        const key = await createApiKey(database.db, {
          tenantId: await tenantId(database.db, opts.tenant),
          name: opts.name,
          scope: opts.scope,
        });
        if (opts.json) console.log(JSON.stringify({ id: key.id, scope: key.scope, secret: key.secret }));
        else console.log(`Created ${key.scope} key ${key.id}\nSecret (shown only now): ${key.secret}`);
      }),
    );
  keys
    .command('list')
    .description("list a tenant's keys")
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .action((opts: { tenant?: string }) =>
      withRuntime(async ({ database }) => {
        const rows = await listApiKeys(database.db, await tenantId(database.db, opts.tenant));
        printTable(
          rows.map((k) => ({
            id: k.id,
            name: k.name,
            scope: k.scope,
            prefix: k.prefix,
            created: k.createdAt.toISOString(),
            revoked: k.revokedAt?.toISOString() ?? '',
          })),
        );
      }),
    );
  keys
    .command('revoke <id>')
    .description('revoke a key; it stops working immediately')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .action((id: string, opts: { tenant?: string }) =>
      withRuntime(async ({ database }) => {
        const key = await revokeApiKey(database.db, await tenantId(database.db, opts.tenant), id);
        if (key === undefined) throw new CliError(`No key ${id} in that tenant`);
        console.log(
          `Revoked ${key.id} (${key.name}); running servers refuse it within ${KEY_CACHE_TTL_MS / 1000} s`,
        );
      }),
    );
}
