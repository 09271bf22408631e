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
  /** Outgoing mail for member sign-in codes; absent: codes are written to the log (development). */
  readonly smtp: SmtpConfig | undefined;
  /** The built web app (console and member portal) served at /admin and /p; absent: the default build output. */
  readonly webRoot: string | undefined;
}

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (TLS from the start). */
  readonly url: string;
  /** The From header, e.g. `Loyalty <loyalty@example.com>`. */
  readonly from: string;
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

// A bare address or `Name <address>`: what a From header holds. Not RFC 5322, just enough to catch a typo.
const FROM = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function parseSmtp(env: Env, problems: string[]): SmtpConfig | undefined {
  const url = env.SMTP_URL?.trim() || undefined;
  const from = env.SMTP_FROM?.trim() || undefined;
  if (url === undefined) {
    if (from !== undefined) problems.push('SMTP_FROM is set but SMTP_URL is not');
    return undefined;
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
      problems.push(`SMTP_URL must start with smtp:// or smtps://, got "${parsed.protocol}"`);
    } else if (parsed.hostname === '') {
      problems.push('SMTP_URL names no host');
    }
  } catch {
    problems.push('SMTP_URL is not a valid URL');
  }
  if (from === undefined) problems.push('SMTP_FROM is required when SMTP_URL is set');
  else if (!FROM.test(from)) problems.push(`SMTP_FROM must be an address or "Name <address>", got "${from}"`);
  return { url, from: from ?? '' };
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
    smtp: parseSmtp(env, problems),
    webRoot: env.TESSERA_WEB_ROOT?.trim() ? path.resolve(env.TESSERA_WEB_ROOT.trim()) : undefined,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
