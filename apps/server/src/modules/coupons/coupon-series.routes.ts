import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { handleWrite } from '../../http/write.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { listSeries } from './coupon-series.repository.js';
import { createSeries, importCodes, requireSeries } from './coupon-series.service.js';
import { seriesCoupons } from './coupons.repository.js';
import {
  CouponSchema,
  GenerateSchema,
  ImportSchema,
  SeriesCreateSchema,
  SeriesSchema,
  toCouponDto,
  toSeriesDto,
} from './coupons.schemas.js';
import { requestGeneration } from './generate-codes.js';

const tags = ['coupons'];
const security = [{ bearerAuth: [] }];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const writeErrors = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

/** Coupon series: the campaign-level definition, its imported pool and its generated codes. */
export const couponSeriesRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/v1/coupon-series',
      {
        schema: {
          tags,
          security,
          summary: 'Define a coupon series: discount, scope, validity and use limits shared by its codes',
          body: SeriesCreateSchema,
          response: { 201: SeriesSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 201,
          body: toSeriesDto(await createSeries(trx, request.auth.tenantId, request.body)),
        })),
    );

    app.get(
      '/v1/coupon-series',
      {
        schema: {
          tags,
          security,
          summary: "A program's coupon series, newest first",
          querystring: Type.Object({ programId: Type.Optional(Type.String({ format: 'uuid' })) }),
          response: {
            200: Type.Object({ items: Type.Array(SeriesSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const program = await resolveProgram(db, request.auth.tenantId, request.query.programId);
        return { items: (await listSeries(db, request.auth.tenantId, program.id)).map(toSeriesDto) };
      },
    );

    app.get(
      '/v1/coupon-series/:id',
      {
        schema: {
          tags,
          security,
          summary: 'A coupon series with its generation progress (generated of total)',
          params: IdParams,
          response: { 200: SeriesSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => toSeriesDto(await requireSeries(db, request.auth.tenantId, request.params.id)),
    );

    app.get(
      '/v1/coupon-series/:id/codes',
      {
        schema: {
          tags,
          security,
          summary: 'The codes of a series, in creation order; page with `after` (the last id seen)',
          params: IdParams,
          querystring: Type.Object({
            after: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          }),
          response: {
            200: Type.Object({
              items: Type.Array(CouponSchema),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const series = await requireSeries(db, request.auth.tenantId, request.params.id);
        const limit = request.query.limit ?? 100;
        const rows = await seriesCoupons(db, series.id, request.query.after, limit);
        const last = rows.at(-1);
        return { items: rows.map(toCouponDto), next: rows.length === limit && last ? last.id : null };
      },
    );

    app.post(
      '/v1/coupon-series/:id/codes::import',
      {
        schema: {
          tags,
          security,
          summary:
            'Import a pool of codes (a list or CSV): all or none; duplicates are refused, each one named',
          params: IdParams,
          body: ImportSchema,
          response: {
            201: Type.Object({ imported: Type.Integer(), series: SeriesSchema }),
            ...writeErrors,
          },
        },
      },
      async (request, reply) =>
        handleWrite(db, request, reply, async (trx) => {
          const r = await importCodes(trx, request.auth.tenantId, request.params.id, request.body);
          return { status: 201, body: { imported: r.imported, series: toSeriesDto(r.series) } };
        }),
    );

    app.post(
      '/v1/coupon-series/:id/generate',
      {
        schema: {
          tags,
          security,
          summary: 'Generate more unique codes in the background; GET the series for progress',
          params: IdParams,
          body: GenerateSchema,
          response: { 202: SeriesSchema, ...writeErrors },
        },
      },
      async (request, reply) =>
        handleWrite(db, request, reply, async (trx) => ({
          status: 202,
          body: toSeriesDto(
            await requestGeneration(trx, request.auth.tenantId, request.params.id, request.body.count),
          ),
        })),
    );
  };
