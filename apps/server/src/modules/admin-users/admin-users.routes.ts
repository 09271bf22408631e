import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { forgetAdminUserSessions } from './admin-sessions.service.js';
import { listAdminUsers } from './admin-users.repository.js';
import {
  AdminUserSchema,
  CreateAdminUserBody,
  PatchAdminUserBody,
  toAdminUserDto,
} from './admin-users.schemas.js';
import { changeAdminUser, createAdminUser, removeAdminUser } from './admin-users.service.js';

const tags = ['admin-users'];
const security = [{ bearerAuth: [] }];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

/**
 * Console users of the caller's tenant. Only an owner's console session reaches these routes (the role table
 * refuses everyone else; API keys are refused by the route's access), and every change is in the audit log.
 */
export const adminUsersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/admin-users',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: "The tenant's console users",
          response: {
            200: Type.Object({ data: Type.Array(AdminUserSchema) }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => ({ data: (await listAdminUsers(db, request.auth.tenantId)).map(toAdminUserDto) }),
    );

    app.post(
      '/v1/admin-users',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: 'Invite a console user with a role and an initial password',
          body: CreateAdminUserBody,
          response: { 201: AdminUserSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const user = await createAdminUser(
            trx,
            { tenantId: request.auth.tenantId, ...request.body },
            request.auth.actor,
          );
          return { status: 201, body: toAdminUserDto(user) };
        }),
    );

    app.patch(
      '/v1/admin-users/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: 'Change name, email, role or password, or disable/enable a console user',
          description:
            'Disabling or setting a new password signs the user out everywhere. The last enabled owner cannot ' +
            'be demoted or disabled (409 `last_owner`).',
          params: Params,
          body: PatchAdminUserBody,
          response: { 200: AdminUserSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const body = await handleWrite(db, request, reply, async (trx) => {
          const user = await changeAdminUser(
            trx,
            request.auth.tenantId,
            request.params.id,
            request.body,
            request.auth.actor,
          );
          return { status: 200, body: toAdminUserDto(user) };
        });
        // Committed now: sessions re-cached with the old role or state while the change was in flight go too.
        forgetAdminUserSessions(request.params.id);
        return body;
      },
    );

    app.delete(
      '/v1/admin-users/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: 'Delete a console user and end their sessions (the last enabled owner cannot be deleted)',
          params: Params,
          response: { 204: Type.Null({ description: 'Deleted' }), ...writeErrors },
        },
      },
      async (request, reply) => {
        const body = await handleWrite(db, request, reply, async (trx) => {
          await removeAdminUser(trx, request.auth.tenantId, request.params.id, request.auth.actor);
          return { status: 204, body: null };
        });
        forgetAdminUserSessions(request.params.id);
        return body;
      },
    );
  };
