import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { type CouponRow, memberCoupons } from './coupons.repository.js';

const CouponSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  discount: Type.Object({
    type: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
    value: Type.Integer({ description: 'Percent, or minor units' }),
  }),
  minSpend: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('issued'), Type.Literal('redeemed'), Type.Literal('void')]),
  source: Type.String({ description: 'What issued it, e.g. the rule and its version' }),
  createdAt: Type.String({ format: 'date-time' }),
});

function toCouponDto(c: CouponRow) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    discount: { type: c.discount_type, value: c.discount_value },
    minSpend: c.min_spend,
    validFrom: c.valid_from.toISOString(),
    validUntil: c.valid_until.toISOString(),
    status: c.status,
    source: c.source,
    createdAt: c.created_at.toISOString(),
  };
}

export const couponsRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/members/:id/coupons',
      {
        config: { access: 'publishable' },
        schema: {
          tags: ['members'],
          security: [{ bearerAuth: [] }],
          summary: "A member's coupons, newest first",
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: {
            200: Type.Object({ items: Type.Array(CouponSchema) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const member = await requireLiveMember(db, request.auth.tenantId, request.params.id);
        return { items: (await memberCoupons(db, request.auth.tenantId, member.id)).map(toCouponDto) };
      },
    );
  };
