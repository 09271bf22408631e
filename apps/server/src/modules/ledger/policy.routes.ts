import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { type FieldError, fieldInvalid, problemResponses, validationFailed } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { ensureBaseCampaign, publishBaseRule } from '../campaigns/base-rule.js';
import { forgetRuleSet } from '../campaigns/rule-set.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { tierDefinitions } from '../tiers/definitions.js';
import { getPolicy, type LedgerPolicy, savePolicy } from './policy.js';

const EARN_FIELDS = [
  'earnPoints',
  'earnPerMinor',
  'earnRounding',
  'excludedSkus',
  'excludedCategories',
] as const;

const PolicySchema = Type.Object(
  {
    earnPoints: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'Points earned per `earnPerMinor`',
    }),
    earnPerMinor: Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      description: 'Eligible spend, minor units',
    }),
    earnRounding: Type.Union([Type.Literal('floor'), Type.Literal('round'), Type.Literal('ceil')]),
    excludedSkus: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10_000 }),
    excludedCategories: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1_000 }),
    pendingDays: Type.Integer({ minimum: 0, maximum: 365, description: 'e.g. a 14-day return window' }),
    expiryMode: Type.Union([Type.Literal('never'), Type.Literal('after_earn'), Type.Literal('inactivity')]),
    expiryDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    expiryMonths: Type.Integer({ minimum: 0, maximum: 240 }),
    expiryRoundTo: Type.Union([
      Type.Literal('none'),
      Type.Literal('month'),
      Type.Literal('quarter'),
      Type.Literal('year'),
    ]),
    expiryExemptTiers: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,47}$' }), {
        maxItems: 20,
        uniqueItems: true,
        description:
          'Tier codes whose members lose nothing to expiry while they hold the tier (default none). A member who ' +
          'leaves them gets a fresh start: points whose date passed meanwhile expire as if earned at that moment',
      }),
    ),
    returnPolicy: Type.Union([Type.Literal('negative'), Type.Literal('clip')], {
      description: 'When returned points were already spent: owe them (negative) or write them off (clip)',
    }),
    transfersAllowed: Type.Boolean(),
    holdTtlSeconds: Type.Integer({ minimum: 10, maximum: 7 * 86_400 }),
    claimWindowDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  },
  { additionalProperties: false },
);
type PolicyDto = Static<typeof PolicySchema>;

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['programs'];
const security = [{ bearerAuth: [] }];

function assertConsistent(p: LedgerPolicy): void {
  if (p.expiryMode !== 'never' && p.expiryDays === 0 && p.expiryMonths === 0) {
    throw fieldInvalid(
      '/expiryMonths',
      'range',
      'expiry needs a period: expiryDays or expiryMonths above zero',
    );
  }
}

/** Exempt tiers must name tiers of the program, once it has tiers (a policy may be set before the tiers are). */
async function assertExemptTiersExist(db: Db, programId: string, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const defs = await tierDefinitions(db, programId);
  if (defs === null) return;
  const errors: FieldError[] = codes.flatMap((code, i) =>
    defs.byCode.has(code)
      ? []
      : [
          {
            field: `/expiryExemptTiers/${i}`,
            in: 'body' as const,
            code: 'unknown_tier',
            message: `${code} is not a tier of this program`,
          },
        ],
  );
  const first = errors[0];
  if (first) throw validationFailed(`${first.field} ${first.message}`, errors);
}

export const policyRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/ledger-policy',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: "The program's earn rate, pending period, expiry, return, hold and transfer policy",
          params: Params,
          response: { 200: PolicySchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request): Promise<PolicyDto> => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return getPolicy(db, program.id);
      },
    );

    app.put(
      '/v1/programs/:id/ledger-policy',
      {
        schema: {
          tags,
          security,
          summary: 'Replace the ledger policy; applies to points earned from now on',
          params: Params,
          body: PolicySchema,
          response: { 200: PolicySchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await getProgram(trx, request.auth.tenantId, request.params.id);
          const policy: LedgerPolicy = {
            ...request.body,
            expiryExemptTiers: request.body.expiryExemptTiers ?? [],
          };
          assertConsistent(policy);
          await assertExemptTiersExist(trx, program.id, policy.expiryExemptTiers);
          const before = await getPolicy(trx, program.id);
          await ensureBaseCampaign(trx, program, before);
          await savePolicy(trx, program.tenantId, program.id, policy);
          // The earn fields are the default rule's settings: changing them publishes its next version.
          if (EARN_FIELDS.some((f) => JSON.stringify(before[f]) !== JSON.stringify(policy[f]))) {
            await publishBaseRule(trx, program, policy, request.auth.actor);
            forgetRuleSet(program.id);
          }
          return { status: 200, body: await getPolicy(trx, program.id) };
        }),
    );
  };
