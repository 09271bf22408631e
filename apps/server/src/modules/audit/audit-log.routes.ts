import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { adminDisplayNames } from '../admin-users/admin-users.service.js';
import { listAuditEntries } from './audit-log.queries.js';

const Text = Type.String({ minLength: 1, maxLength: 200 });

const Query = Type.Object(
  {
    subjectType: Type.Optional(Type.String({ ...Text, description: 'e.g. member, campaign, admin_user' })),
    subjectId: Type.Optional(Text),
    actor: Type.Optional(
      Type.String({ ...Text, description: '`api-key:<id>`, `admin:<id>`, `member:<id>`…' }),
    ),
    action: Type.Optional(Type.String({ ...Text, description: 'e.g. admin_user.created' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(
      Type.String({ format: 'uuid', description: "The previous page's `nextBefore`: entries older than it" }),
    ),
  },
  { additionalProperties: false },
);

const AuditItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  actor: Type.String({
    description: 'Who did it: `api-key:<id>`, `admin:<id>`, `member:<id>`, `cli`, `system`…',
  }),
  actorName: Type.Optional(Type.String({ description: "The console user's name when the actor is one" })),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
});

const AuditPage = Type.Object({
  items: Type.Array(AuditItem),
  nextBefore: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'Pass as `before` for the next (older) page; null on the last page',
  }),
});

const ADMIN_ACTOR = 'admin:';

/** The tenant's audit log, newest first, with keyset pagination (stable while new entries arrive). */
export const auditLogRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/audit-log',
      {
        schema: {
          tags: ['audit'],
          security: [{ bearerAuth: [] }],
          summary: 'Sensitive changes with who made them, newest first, filtered by subject, actor or action',
          querystring: Query,
          response: { 200: AuditPage, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const rows = await listAuditEntries(db, request.auth.tenantId, request.query);
        const page = rows.slice(0, limit);
        const adminIds = page
          .filter((r) => r.actor.startsWith(ADMIN_ACTOR))
          .map((r) => r.actor.slice(ADMIN_ACTOR.length));
        // Names come from the admin-users module, which owns that table; deleted users simply have none.
        const names = await adminDisplayNames(db, request.auth.tenantId, adminIds);
        return {
          items: page.map((r) => {
            const name = r.actor.startsWith(ADMIN_ACTOR)
              ? names.get(r.actor.slice(ADMIN_ACTOR.length))
              : undefined;
            return {
              id: r.id,
              actor: r.actor,
              ...(name !== undefined ? { actorName: name } : {}),
              action: r.action,
              subjectType: r.subjectType,
              subjectId: r.subjectId,
              details: r.details,
              createdAt: r.createdAt.toISOString(),
            };
          }),
          nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
        };
      },
    );
  };
