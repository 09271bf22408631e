import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { adminOf } from '../../http/auth.js';
import { notFound, ProblemError, problemResponses } from '../../http/problem.js';
import { closeAdminSession, forgetAdminSession } from './admin-sessions.service.js';
import { findAdminUser } from './admin-users.repository.js';
import {
  AdminUserSchema,
  ConsoleSessionSchema,
  SetupBody,
  SetupStatusSchema,
  SignInBody,
  toAdminUserDto,
  toConsoleSessionDto,
} from './admin-users.schemas.js';
import { needsOwner, setupFirstOwner } from './console-setup.js';
import { signIn } from './sign-in.js';

const tags = ['console'];
const security = [{ bearerAuth: [] }];

/**
 * Console sign-in. Setup and sign-in are public and do not take an Idempotency-Key: their answer carries a session
 * token, which must never be stored for replay, and a repeated sign-in simply opens another session.
 */
export const consoleRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/console/setup',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Whether the console still needs its first owner',
          response: { 200: SetupStatusSchema },
        },
      },
      async () => ({ needsOwner: await needsOwner(db) }),
    );

    app.post(
      '/v1/console/setup',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Create the first owner (only while no console user exists) and sign them in',
          body: SetupBody,
          response: { 201: ConsoleSessionSchema, ...problemResponses(400, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const { user, session } = await setupFirstOwner(db, request.body);
        reply.code(201);
        return toConsoleSessionDto(user, session);
      },
    );

    app.post(
      '/v1/console/sessions',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Sign in with email and password; the session lasts 12 hours',
          description:
            'A wrong password, an unknown email and a disabled account all answer 401 `invalid_credentials`. ' +
            'Ten failures in a row lock the account for 15 minutes (429 `account_locked`, with Retry-After).',
          body: SignInBody,
          response: { 201: ConsoleSessionSchema, ...problemResponses(400, 401, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        try {
          const { user, session } = await signIn(db, request.body.email, request.body.password);
          reply.code(201);
          return toConsoleSessionDto(user, session);
        } catch (error) {
          const retry = error instanceof ProblemError ? error.extensions.retryAfterSeconds : undefined;
          if (typeof retry === 'number') reply.header('retry-after', String(retry));
          throw error;
        }
      },
    );

    app.delete(
      '/v1/console/sessions/current',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: 'Sign out: the session token stops working at once',
          response: { 204: Type.Null({ description: 'Signed out' }), ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const { sessionId } = adminOf(request);
        await closeAdminSession(db, sessionId);
        // A request that re-cached the session while the sign-out was in flight is dropped too.
        forgetAdminSession(sessionId);
        reply.code(204);
        return null;
      },
    );

    app.get(
      '/v1/console/me',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          security,
          summary: 'The signed-in console user',
          response: { 200: AdminUserSchema, ...problemResponses(401, 403) },
        },
      },
      async (request) => {
        const { userId } = adminOf(request);
        const user = await findAdminUser(db, request.auth.tenantId, userId);
        if (user === undefined) throw notFound('admin_user', userId);
        return toAdminUserDto(user);
      },
    );
  };
