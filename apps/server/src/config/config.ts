import path from 'node:path';

/** Log levels pino understands; anything else is a configuration error, not a silent default. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absent means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Connections to PostgreSQL per process. */
  readonly databasePoolSize: number;
  readonly logLevel: LogLevel;
  readonly bootstrapApiKey: string | undefined;
  /** Seed demo data on first start of an empty embedded database. */
  readonly demoOnFirstStart: boolean;
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer between 0 and 65535, got "${raw}"`);
    return 3000;
  }
  return port;
}

function parseDatabaseUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}"`);
    }
  } catch {
    problems.push('DATABASE_URL is not a valid URL');
  }
  return raw;
}

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

/**
 * Parses the environment once. Every problem is collected so an operator sees all of them in one start attempt.
 * The returned object is frozen: configuration never changes while the process runs.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const bootstrapApiKey = env.BOOTSTRAP_API_KEY?.trim() || undefined;
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < 24) {
    problems.push('BOOTSTRAP_API_KEY must be at least 24 characters long');
  }
  const poolRaw = env.DATABASE_POOL_SIZE ?? '20';
  const databasePoolSize = Number(poolRaw);
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 500) {
    problems.push(`DATABASE_POOL_SIZE must be an integer from 1 to 500, got "${poolRaw}"`);
  }
  const shutdownRaw = env.SHUTDOWN_TIMEOUT_MS ?? '10000';
  const shutdownTimeoutMs = Number(shutdownRaw);
  if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 0) {
    problems.push(`SHUTDOWN_TIMEOUT_MS must be a non-negative integer, got "${shutdownRaw}"`);
  }
  const config: Config = {
    port: parsePort(env.PORT, problems),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL, problems),
    dataDir: path.resolve(env.TESSERA_DATA_DIR?.trim() || './.tessera'),
    databasePoolSize,
    logLevel: logLevel as LogLevel,
    bootstrapApiKey,
    demoOnFirstStart: parseBool('TESSERA_DEMO', env.TESSERA_DEMO, true, problems),
    shutdownTimeoutMs,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
