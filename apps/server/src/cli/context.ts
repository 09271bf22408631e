import { type Config, loadConfig } from '../config/config.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** Opens the configured database (migrated) for one CLI command and always closes it. */
export async function withRuntime<T>(fn: (runtime: Runtime, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  try {
    return await fn(runtime, config);
  } finally {
    await runtime.database.close();
  }
}

export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  console.table(rows);
}
