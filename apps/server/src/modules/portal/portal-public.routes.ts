import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { ProblemError, problemResponses } from '../../http/problem.js';
import type { Mailer } from './mailer.js';
import { forgetSession, revokeMemberSession } from './member-sessions.service.js';
import { portalEmail, signIn } from './member-sign-in.js';
import { portalMember } from './member-write.js';
import {
  CodeRequestBody,
  CodeRequestedSchema,
  SessionCreateBody,
  SessionSchema,
  SlugParams,
} from './portal.schemas.js';
import { portalSlugOf, programBySlug } from './portal-programs.js';
import { programPage } from './program-page.js';
import { ProgramPageSchema } from './program-page.schemas.js';
import { requestCode } from './sign-in-codes.service.js';

const tags = ['portal'];
const open: { bearerAuth: string[] }[] = [];

/** The public side of the portal: the program page, and signing in with a one-time code sent by email. */
export const portalPublicRoutes =
  (db: Db, mailer: Mailer): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/portal/programs/:slug',
      {
        config: { access: 'public' },
        schema: {
          tags,
          security: open,
          summary: 'The public program page: how to earn, tiers, rewards and FAQ, from the configuration',
          params: SlugParams,
          response: { 200: ProgramPageSchema, ...problemResponses(400, 404) },
        },
      },
      async (request) => programPage(db, request.params.slug),
    );

    app.post(
      '/v1/portal/programs/:slug/codes',
      {
        config: { access: 'public' },
        schema: {
          tags,
          security: open,
          summary: 'Email a one-time sign-in code (for members and for people about to join)',
          description:
            'Always 202 for a valid address, whether or not a member has it. The code has 6 digits, works once, ' +
            'for 10 minutes and 5 attempts; a new code replaces the previous one. At most 5 codes per address ' +
            'in 15 minutes (429 `too_many_codes` with Retry-After). 503 `code_delivery_failed` when the mail ' +
            'server did not take the message (no code was issued then).',
          params: SlugParams,
          body: CodeRequestBody,
          response: { 202: CodeRequestedSchema, ...problemResponses(400, 404, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        const program = await programBySlug(db, request.params.slug);
        const email = portalEmail(request.body.email);
        try {
          const body = await requestCode(
            db,
            { program, programSlug: await portalSlugOf(db, program), email },
            mailer,
            request.log,
          );
          reply.code(202);
          return body;
        } catch (error) {
          if (error instanceof ProblemError && error.code === 'too_many_codes') {
            reply.header('retry-after', String(error.extensions.retryAfterSeconds));
          }
          throw error;
        }
      },
    );

    app.post(
      '/v1/portal/programs/:slug/sessions',
      {
        config: { access: 'public' },
        schema: {
          tags,
          security: open,
          summary: 'Sign in (or sign up) with the emailed code: returns a member session token',
          description:
            '401 `invalid_code` for a wrong, expired, used or exhausted code (every try uses one of its 5 ' +
            'attempts). 422 `sign_up_required` when no member has the address and `signUp` was not sent: the ' +
            'code stays valid, so send it again with `signUp` to join. `created` tells whether this enrolled ' +
            'the member. Sessions last 30 days.',
          params: SlugParams,
          body: SessionCreateBody,
          response: { 201: SessionSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const program = await programBySlug(db, request.params.slug);
        const body = await signIn(db, program, request.body);
        reply.code(201);
        return body;
      },
    );

    app.delete(
      '/v1/portal/session',
      {
        config: { access: 'member' },
        schema: {
          tags,
          security: [{ bearerAuth: [] }],
          summary: 'Sign out: ends the session whose token is sent',
          response: { 204: Type.Null({ description: 'Signed out' }), ...problemResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const { sessionId } = portalMember(request);
        await revokeMemberSession(db, sessionId);
        forgetSession(sessionId);
        reply.code(204);
        return null;
      },
    );
  };
