import type { Command } from 'commander';
import type { Db } from '../db/database.js';
import { listAdminUsers } from '../modules/admin-users/admin-users.repository.js';
import { createAdminUser } from '../modules/admin-users/admin-users.service.js';
import { generatePassword } from '../modules/admin-users/passwords.js';
import { ADMIN_ROLES, type AdminRole } from '../modules/admin-users/roles.js';
import { findDefaultTenant, findTenantBySlug } from '../modules/tenants/tenants.repository.js';
import { CliError } from './api-keys.command.js';
import { printTable, withRuntime } from './context.js';

async function tenantId(db: Db, slug: string | undefined): Promise<string> {
  const tenant = slug === undefined ? await findDefaultTenant(db) : await findTenantBySlug(db, slug);
  if (tenant === undefined)
    throw new CliError(`No tenant "${slug ?? 'default'}"; see \`tessera tenants list\``);
  return tenant.id;
}

const isRole = (role: string): role is AdminRole => (ADMIN_ROLES as readonly string[]).includes(role);

/**
 * Console users from the command line: the way in when nobody can sign in (a second owner for a forgotten
 * password), and for scripted installations.
 */
export function registerUserCommands(program: Command): void {
  const users = program
    .command('users')
    .description('manage console users (who signs in to the admin console)');
  users
    .command('create')
    .description('create a console user; without --password one is generated and printed once')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <role>', `one of ${ADMIN_ROLES.join(', ')}`)
    .option('--password <password>', 'initial password (at least 10 characters)')
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .option('--json', 'print JSON')
    .action(
      (opts: {
        email: string;
        name: string;
        role: string;
        password?: string;
        tenant?: string;
        json?: boolean;
      }) =>
        withRuntime(async ({ database }) => {
          const role = opts.role;
          if (!isRole(role)) throw new CliError(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
          if (!/^[^\s@]+@[^\s@]+$/.test(opts.email.trim()))
            throw new CliError('--email must be an email address');
          const password = opts.password ?? generatePassword(16);
          const db = database.db;
          const tenant = await tenantId(db, opts.tenant);
          const user = await db
            .transaction()
            .execute((trx) =>
              createAdminUser(
                trx,
                { tenantId: tenant, email: opts.email, name: opts.name, role, password },
                'cli',
              ),
            );
          const generated = opts.password === undefined;
          if (opts.json) {
            console.log(
              JSON.stringify({
                id: user.id,
                email: user.email,
                role: user.role,
                ...(generated ? { password } : {}),
              }),
            );
            return;
          }
          console.log(`Created ${user.role} ${user.email} (${user.id})`);
          if (generated) console.log(`Password (shown only now): ${password}`);
        }),
    );
  users
    .command('list')
    .description("list a tenant's console users")
    .option('--tenant <slug>', 'tenant slug (default: the default tenant)')
    .action((opts: { tenant?: string }) =>
      withRuntime(async ({ database }) => {
        const rows = await listAdminUsers(database.db, await tenantId(database.db, opts.tenant));
        printTable(
          rows.map((u) => ({
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            created: u.createdAt.toISOString(),
            lastSignIn: u.lastSignInAt?.toISOString() ?? '',
            disabled: u.disabledAt !== null,
          })),
        );
      }),
    );
}
