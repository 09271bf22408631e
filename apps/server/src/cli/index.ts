import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { ProblemError } from '../http/problem.js';
import { registerAnalyticsCommands } from './analytics.command.js';
import { CliError, registerApiKeyCommands } from './api-keys.command.js';
import { registerCouponCommands } from './coupons.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerImportCommands } from './import.command.js';
import { registerLedgerCommands } from './ledger.command.js';
import { registerPartnerCommands } from './partners.command.js';
import { registerProgramCommands } from './programs.command.js';
import { registerTenantCommands } from './tenants.command.js';
import { registerUserCommands } from './users.command.js';

const program = new Command()
  .name('tessera')
  .description('Tessera loyalty engine: operations and administration')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
    } finally {
      await database.close();
    }
  });

registerTenantCommands(program);
registerApiKeyCommands(program);
registerUserCommands(program);
registerDemoCommand(program);
registerLedgerCommands(program);
registerPartnerCommands(program);
registerCouponCommands(program);
registerProgramCommands(program);
registerAnalyticsCommands(program);
registerImportCommands(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CliError) console.error(error.message);
  else if (error instanceof ProblemError) console.error(`${error.code}: ${error.detail}`);
  else console.error(error);
  process.exitCode = 1;
});
