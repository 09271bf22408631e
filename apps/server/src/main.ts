import { ConfigError, loadConfig } from './config/config.js';
import { seedDemo } from './demo/seed-demo.js';
import { buildApi } from './http/app.js';
import { DEFAULT_WEB_ROOT, hasWebApp } from './http/web.js';
import { startMaintenance } from './maintenance.js';
import { smtpMailer } from './modules/portal/mailer.js';
import { listTenants } from './modules/tenants/tenants.repository.js';
import { openRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { database } = await openRuntime(config);
  const webRoot = config.webRoot ?? DEFAULT_WEB_ROOT;
  const mailer = config.smtp ? smtpMailer(config.smtp) : undefined;
  const { app, drain } = await buildApi({
    db: database.db,
    logger: { level: config.logLevel },
    webRoot,
    mailer,
  });
  const log = app.log;
  if (hasWebApp(webRoot)) log.info({ console: '/admin', portal: '/p/<program slug>' }, 'web app ready');
  else log.warn({ webRoot }, 'web app not built (run `npm run build`): serving the API only');
  log.info(
    { database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    'database ready',
  );

  // A bare `npm start` should show a living program: seed demo data once into a fresh embedded database.
  if (
    database.kind === 'pglite' &&
    config.demoOnFirstStart &&
    (await listTenants(database.db)).length === 1
  ) {
    const demo = await seedDemo(database.db, {
      members: 1000,
      onProgress: (done, total, phase) => log.info({ done, total }, `seeding demo ${phase}`),
    });
    log.info(
      {
        tenantId: demo.tenantId,
        programId: demo.programId,
        apiKey: demo.apiKey,
        consoleEmail: demo.owner.email,
        consolePassword: demo.owner.password,
      },
      'demo data ready: use this API key (shown once) as "Authorization: Bearer <apiKey>"; ' +
        'sign in to the console with consoleEmail and consolePassword',
    );
  }

  const stopMaintenance = startMaintenance(database.db, log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await stopMaintenance();
    await app.close();
    // Handlers of requests whose clients hung up may still be mid-transaction: let them finish first.
    if (!(await drain(config.shutdownTimeoutMs))) log.warn('some requests were still running at shutdown');
    await database.close();
    log.info('shutdown complete');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Tessera failed to start:', error);
  }
  process.exit(1);
});
