import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import { migrationsPending } from '../db/migrator.js';
import { ProblemError, problemResponses } from './problem.js';

const Status = Type.Object({ status: Type.Literal('ok') });

export const healthRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        schema: { tags: ['operations'], summary: 'Liveness: the process is up', response: { 200: Status } },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['operations'],
          summary: 'Readiness: the database answers and every migration is applied',
          response: { 200: Status, ...problemResponses(503) },
        },
      },
      async () => {
        try {
          await sql`select 1`.execute(db);
        } catch {
          throw new ProblemError(503, 'database_unavailable', 'Not ready', 'The database does not answer');
        }
        const pending = await migrationsPending(db);
        if (pending.length > 0) {
          throw new ProblemError(
            503,
            'migrations_pending',
            'Not ready',
            `Pending migrations: ${pending.join(', ')}`,
          );
        }
        return { status: 'ok' as const };
      },
    );
  };
