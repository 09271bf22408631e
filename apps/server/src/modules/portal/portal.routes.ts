import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.js';
import type { Mailer } from './mailer.js';
import { portalMeRoutes } from './portal-me.routes.js';
import { portalPublicRoutes } from './portal-public.routes.js';
import { portalRewardsRoutes } from './portal-rewards.routes.js';

/**
 * The member portal API (`/v1/portal/…`): the public program page and sign-in by emailed code, then everything a
 * signed-in member does with their own account. Member routes take only a `tms_` member session; every one acts on
 * the session's member, through the same use cases the server API calls.
 */
export const portalRoutes =
  (db: Db, mailer: Mailer): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(portalPublicRoutes(db, mailer));
    await app.register(portalMeRoutes(db));
    await app.register(portalRewardsRoutes(db));
  };
