import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { memberAccounts } from './accounts.repository.js';
import { walletBalance } from './balance.js';
import { memberJournals } from './journals.repository.js';
import { memberLedger, toJournalDtos } from './ledger.http.js';
import { ActivityQuery, BalanceSchema, JournalSchema, MemberParams } from './ledger.schemas.js';
import { MAIN_WALLET } from './scope.js';

const tags = ['points'];
const security = [{ bearerAuth: [] }];

export const balanceRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/members/:id/balance',
      {
        schema: {
          tags,
          security,
          summary:
            'Balances per wallet: available, pending with release dates, expiring soon, lifetime totals',
          params: MemberParams,
          response: { 200: BalanceSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { scope } = await memberLedger(db, request.auth.tenantId, request.params.id);
        const now = new Date();
        const accounts = await memberAccounts(db, scope.programId, request.params.id);
        const wallets = await Promise.all(accounts.map((a) => walletBalance(db, a, scope.timezone, now)));
        if (!wallets.some((w) => w.wallet === MAIN_WALLET.code)) {
          wallets.unshift({
            wallet: MAIN_WALLET.code,
            unit: MAIN_WALLET.unit,
            balance: 0,
            available: 0,
            pending: 0,
            debt: 0,
            pendingReleases: [],
            expiring: { within30Days: 0, within60Days: 0, within90Days: 0, dates: [] },
            lifetime: { earned: 0, spent: 0, expired: 0 },
          });
        }
        return { memberId: request.params.id, programId: scope.programId, asOf: now.toISOString(), wallets };
      },
    );

    app.get(
      '/v1/members/:id/activity',
      {
        schema: {
          tags,
          security,
          summary: "The member's ledger timeline, newest first, each line explained",
          params: MemberParams,
          querystring: ActivityQuery,
          response: {
            200: Type.Object({ data: Type.Array(JournalSchema) }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const { scope } = await memberLedger(db, request.auth.tenantId, request.params.id);
        const journals = await memberJournals(db, scope.programId, request.params.id, request.query.limit);
        return { data: await toJournalDtos(db, journals) };
      },
    );
  };
