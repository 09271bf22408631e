import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { getProgram } from '../tenants/programs.service.js';
import { listWalletTypes, saveWalletType } from './wallet-types.repository.js';

const WalletSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  unit: Type.String({ description: '"points", or "currency": minor units of the program currency' }),
});
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['programs'];
const security = [{ bearerAuth: [] }];
const MAIN = { code: 'points', name: 'Points', unit: 'points' };

export const walletsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/wallets',
      {
        config: { access: 'publishable' },
        schema: {
          tags,
          security,
          summary: 'Wallets of the program: the main points wallet and any extra point or money wallets',
          params: Params,
          response: {
            200: Type.Object({ data: Type.Array(WalletSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return { data: [MAIN, ...(await listWalletTypes(db, program.id))] };
      },
    );

    app.put(
      '/v1/programs/:id/wallets/:code',
      {
        schema: {
          tags,
          security,
          summary:
            'Declare an extra wallet: status points, a partner sub-ledger, or money (store credit, cashback)',
          params: Type.Object({
            id: Params.properties.id,
            code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
          }),
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              kind: Type.Union([Type.Literal('points'), Type.Literal('money')]),
            },
            { additionalProperties: false },
          ),
          response: { 200: WalletSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const program = await getProgram(trx, request.auth.tenantId, request.params.id);
          if (request.params.code === 'points') {
            throw fieldInvalid('/code', 'reserved', '"points" is the main wallet and always exists');
          }
          const unit = request.body.kind === 'money' ? 'currency' : 'points';
          const saved = await saveWalletType(trx, program.id, {
            code: request.params.code,
            name: request.body.name,
            unit,
          });
          if (!saved)
            throw conflict('wallet_unit_fixed', `Wallet ${request.params.code} exists with another kind`);
          return { status: 200, body: saved };
        }),
    );
  };
