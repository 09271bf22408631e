import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import type { Mailer, SignInCodeMessage } from '../../src/modules/portal/mailer.js';
import { call, createTestContext, type TestContext } from './context.js';

/** A test context plus a second app whose mailer captures sign-in codes instead of sending them. */
export interface PortalContext extends TestContext {
  portal: FastifyInstance;
  sent: SignInCodeMessage[];
}

export async function createPortalContext(): Promise<PortalContext> {
  const ctx = await createTestContext();
  const sent: SignInCodeMessage[] = [];
  const mailer: Mailer = {
    async sendSignInCode(message) {
      sent.push(message);
    },
  };
  const portal = await buildApp({ db: ctx.db, mailer });
  await portal.ready();
  return {
    ...ctx,
    portal,
    sent,
    close: async () => {
      await portal.close();
      await ctx.close();
    },
  };
}

/** Asks for a code and returns the one the mailer received. */
export async function requestCode(ctx: PortalContext, email: string, slug = 'default'): Promise<string> {
  const before = ctx.sent.length;
  const res = await call(ctx.portal, undefined, 'POST', `/v1/portal/programs/${slug}/codes`, { email });
  assert.equal(res.statusCode, 202, res.body);
  assert.equal(ctx.sent.length, before + 1, 'one code was sent');
  const message = ctx.sent[ctx.sent.length - 1];
  assert.ok(message);
  return message.code;
}

export function createSession(
  ctx: PortalContext,
  body: { email: string; code: string; signUp?: Record<string, unknown> },
  slug = 'default',
) {
  return call(ctx.portal, undefined, 'POST', `/v1/portal/programs/${slug}/sessions`, body);
}

/** Signs up a new member through the portal and returns their session token and id. */
export async function join(
  ctx: PortalContext,
  email: string,
  signUp: Record<string, unknown> = {},
  slug = 'default',
): Promise<{ token: string; memberId: string }> {
  const code = await requestCode(ctx, email, slug);
  const res = await createSession(ctx, { email, code, signUp }, slug);
  assert.equal(res.statusCode, 201, res.body);
  return { token: res.json().token, memberId: res.json().memberId };
}

/** A call with a member session token. */
export function asMember(
  ctx: PortalContext,
  token: string,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return call(ctx.portal, token, method, url, body, headers);
}
