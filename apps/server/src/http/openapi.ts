import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3.1 document is generated from the same route schemas that validate requests and serialise
 * responses, so documentation cannot drift from behaviour. Shared schemas keep their $id as component name.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera API',
        version,
        description:
          'Loyalty engine API. Authenticate with `Authorization: Bearer <key>`. Every write accepts an ' +
          '`Idempotency-Key` header; errors are RFC 9457 problem details with a stable `code`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Tessera API key' } },
      },
      tags: [
        { name: 'members', description: 'Enrolment, profiles, consents' },
        { name: 'identities', description: 'Identifiers and loyalty cards (single customer view)' },
        { name: 'points', description: 'Balances, spending, holds, adjustments and transfers' },
        { name: 'transactions', description: 'Purchases, returns and receipt claims' },
        { name: 'programs', description: 'Loyalty programs of a tenant' },
        { name: 'analytics', description: 'Member metrics, RFM, loyalty types, CLV and churn models' },
        { name: 'offers', description: 'Personal offers: next-best-offer ranking and activation' },
        {
          name: 'segments',
          description:
            'Dynamic and static member segments: conditions, membership, sizes, CSV upload and export',
        },
        {
          name: 'campaigns',
          description: 'Campaigns and their rules: drafts, immutable versions, lifecycle, backtests',
        },
        {
          name: 'events',
          description: 'Custom activity events and their registered types (value-based rewards)',
        },
        {
          name: 'coupons',
          description: 'Coupon series, code pools and checkout: validate, reserve, redeem, release',
        },
        {
          name: 'tiers',
          description:
            'Tier definitions, member tiers and progress, manual tiers, discount-card checkout quotes',
        },
        { name: 'rewards', description: 'Rewards catalog, eligibility, redemptions and fulfilment' },
        {
          name: 'memberships',
          description: 'Paid membership plans, subscriptions, payments, cancellation, annual member rewards',
        },
        {
          name: 'partners',
          description: 'Coalition partners: earn and burn rates, partner API keys, settlement',
        },
        { name: 'webhooks', description: 'Signed event deliveries to your endpoints, retried with backoff' },
        { name: 'rules', description: 'Dry runs, time travel and explanations of rule evaluation' },
        { name: 'reports', description: 'Finance reports: liability and breakage' },
        { name: 'api-keys', description: 'Server and publishable API keys' },
        { name: 'console', description: 'Console sign-in: first-owner setup, sessions, the signed-in user' },
        { name: 'admin-users', description: 'Console users and their roles (owners only)' },
        { name: 'audit', description: 'The audit log of sensitive changes and who made them' },
        {
          name: 'portal',
          description: 'Member portal: public program page, sign-in by emailed code, the member account',
        },
        { name: 'operations', description: 'Health, readiness and metrics' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    uiHooks: {},
  });
}
