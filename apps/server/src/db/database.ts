import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; absent means embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; absent (with no url) means an in-memory database, used by tests. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Called when an idle pooled connection fails; defaults to a warning on stderr. */
  onPoolError?: (error: Error) => void;
}

const OID_INT8 = 20;
const OID_DATE = 1082;

/**
 * Counts and sums arrive as int8. Points and minor units stay far below 2^53, so a JS number is exact; anything
 * larger is a bug we want to see, not a silently rounded balance.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

/** Dates stay 'YYYY-MM-DD' strings: a JS Date would shift a birth date by the process timezone. */
const identity = (value: string): string => value;

function postgresDialect(url: string, poolSize: number, onError: (error: Error) => void): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return parseInt8;
        if (oid === OID_DATE) return identity;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (restart, failover, admin kill) is reported here instead of crashing the
  // process; the pool simply opens a new one for the next query.
  pool.on('error', onError);
  return new PostgresDialect({ pool });
}

const logPoolError = (error: Error): void => {
  process.stderr.write(
    `${JSON.stringify({ level: 40, msg: 'database connection lost', err: error.message })}\n`,
  );
};

async function pgliteDialect(
  dataDir: string | undefined,
): Promise<{ dialect: PGliteDialect; client: PGlite }> {
  if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, {
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: identity },
  });
  return { dialect: new PGliteDialect(client), client };
}

/** One code path for both engines: everything above this function sees only a Kysely instance. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url !== undefined) {
    const db = new Kysely<Database>({
      dialect: postgresDialect(options.url, options.poolSize ?? 10, options.onPoolError ?? logPoolError),
    });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { dialect } = await pgliteDialect(options.dataDir);
  const db = new Kysely<Database>({ dialect });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
