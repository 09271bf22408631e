import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { getProgram } from '../tenants/programs.service.js';
import { liabilityReport } from './liability.js';

const Bucket = Type.Object({ label: Type.String(), points: Type.Integer(), valueMinor: Type.Integer() });
const LiabilitySchema = Type.Object({
  programId: Type.String({ format: 'uuid' }),
  asOf: Type.String({ format: 'date-time' }),
  currency: Type.String(),
  pointValue: Type.Object({ minor: Type.Integer(), points: Type.Integer() }),
  outstanding: Type.Object({
    points: Type.Integer(),
    debt: Type.Integer(),
    net: Type.Integer(),
    valueMinor: Type.Integer({
      description: 'Net outstanding points valued at the point value, minor units',
    }),
  }),
  byAge: Type.Array(Bucket),
  byExpiryMonth: Type.Array(Bucket),
  breakage: Type.Object({
    cohorts: Type.Array(
      Type.Object({
        cohort: Type.String({ description: 'Earn month, YYYY-MM in the program time zone' }),
        earned: Type.Integer(),
        expired: Type.Integer(),
        remaining: Type.Integer(),
        closed: Type.Boolean(),
        rate: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
    closedEarned: Type.Integer(),
    closedExpired: Type.Integer(),
    rate: Type.Union([Type.Number(), Type.Null()], { description: 'Expired ÷ earned over closed cohorts' }),
  }),
});

export const reportsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/programs/:id/reports/liability',
      {
        schema: {
          tags: ['reports'],
          security: [{ bearerAuth: [] }],
          summary: 'Points liability by age and expiry month, valued at the point value; breakage by cohort',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: LiabilitySchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        liabilityReport(db, await getProgram(db, request.auth.tenantId, request.params.id), new Date()),
    );
  };
