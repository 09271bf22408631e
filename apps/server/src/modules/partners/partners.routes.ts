import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { notFound, problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { getProgram } from '../tenants/programs.service.js';
import { createPartner, createPartnerKey, patchPartner, toPartnerDto } from './manage-partner.js';
import { findPartner, listPartners } from './partners.repository.js';
import {
  PartnerCreateSchema,
  PartnerKeyCreateSchema,
  PartnerPatchSchema,
  PartnerSchema,
  SettlementQuerySchema,
  SettlementSchema,
} from './partners.schemas.js';
import { partnerSettlement } from './settlement.js';

const tags = ['partners'];
const security = [{ bearerAuth: [] }];
const writeProblems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const ProgramParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const PartnerParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  partnerId: Type.String({ format: 'uuid' }),
});
const PartnerKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  partnerId: Type.String({ format: 'uuid' }),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  secret: Type.String({ description: 'Shown only in this response; store it safely' }),
});

export const partnersRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/partners',
      {
        schema: {
          tags,
          security,
          summary: "The program's coalition partners",
          params: ProgramParams,
          response: {
            200: Type.Object({ data: Type.Array(PartnerSchema) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return { data: (await listPartners(db, program.tenantId, program.id)).map(toPartnerDto) };
      },
    );

    app.post(
      '/v1/programs/:id/partners',
      {
        schema: {
          tags,
          security,
          summary: 'Add a coalition partner: its earn rate and the agreed point values for settlement',
          description:
            "The earn rate becomes a rule of the program's base campaign that replaces the base rate for " +
            'purchases at the partner. 409 `partner_exists` if the code is taken.',
          params: ProgramParams,
          body: PartnerCreateSchema,
          response: { 201: PartnerSchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId, actor } = request.auth;
          const row = await createPartner(trx, tenantId, request.params.id, request.body, actor);
          return { status: 201, body: toPartnerDto(row) };
        }),
    );

    app.get(
      '/v1/programs/:id/partners/:partnerId',
      {
        schema: {
          tags,
          security,
          summary: 'A coalition partner',
          params: PartnerParams,
          response: { 200: PartnerSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        const row = await findPartner(db, program.tenantId, program.id, request.params.partnerId);
        if (row === undefined) throw notFound('partner', request.params.partnerId);
        return toPartnerDto(row);
      },
    );

    app.patch(
      '/v1/programs/:id/partners/:partnerId',
      {
        schema: {
          tags,
          security,
          summary: 'Change a partner: name, status (suspend/resume), earn rate, agreed point values',
          description:
            'A new earn rate applies to purchases recorded from now on; past purchases keep their points.',
          params: PartnerParams,
          body: PartnerPatchSchema,
          response: { 200: PartnerSchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId, actor } = request.auth;
          const { id, partnerId } = request.params;
          const row = await patchPartner(trx, tenantId, id, partnerId, request.body, actor);
          return { status: 200, body: toPartnerDto(row) };
        }),
    );

    app.post(
      '/v1/programs/:id/partners/:partnerId/api-keys',
      {
        schema: {
          tags,
          security,
          summary: "Create the partner's own API key; the secret is returned once",
          description:
            'A partner key records purchases, returns and point spends only for its partner, reads only its ' +
            "partner's purchases and a member's balance; every other operation is 403 `partner_key_not_allowed`. " +
            'Revoke it with DELETE /v1/api-keys/{id}.',
          params: PartnerParams,
          body: PartnerKeyCreateSchema,
          response: { 201: PartnerKeySchema, ...writeProblems },
        },
      },
      (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const { tenantId, actor } = request.auth;
          const { id, partnerId } = request.params;
          const key = await createPartnerKey(trx, tenantId, id, partnerId, request.body.name, actor);
          return {
            status: 201,
            body: {
              id: key.id,
              name: key.name,
              partnerId,
              prefix: key.prefix,
              createdAt: key.createdAt.toISOString(),
              secret: key.secret,
            },
          };
        }),
    );

    app.get(
      '/v1/programs/:id/reports/partner-settlement',
      {
        schema: {
          tags: ['reports'],
          security,
          summary:
            'Partner settlement for a period: points issued and redeemed at each partner, valued and netted',
          description:
            'Days are in the program time zone, `to` inclusive. Points are sums of ledger entries of the journals ' +
            'each partner caused (earn, returns, spends), so the report ties out to the ledger exactly.',
          params: ProgramParams,
          querystring: SettlementQuerySchema,
          response: { 200: SettlementSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const program = await getProgram(db, request.auth.tenantId, request.params.id);
        return partnerSettlement(db, program, request.query.from, request.query.to);
      },
    );
  };
