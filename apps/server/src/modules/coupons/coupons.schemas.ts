import { type Static, Type } from 'typebox';
import type { RedemptionRow, ReservationRow } from './coupon-checkout.repository.js';
import type { SeriesRow } from './coupon-series.repository.js';
import type { CouponRow } from './coupons.repository.js';

const Uuid = Type.String({ format: 'uuid' });
const Minor = Type.Integer({
  minimum: 0,
  maximum: 1_000_000_000_00,
  description: 'Money in integer minor units',
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DiscountSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
    value: Type.Integer({
      minimum: 1,
      maximum: 1_000_000_000_00,
      description: 'Percent (1-100), or minor units',
    }),
  },
  { additionalProperties: false },
);

export const CouponSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  seriesId: Nullable(Uuid),
  memberId: Nullable(Uuid),
  discount: Type.Object({
    type: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
    value: Type.Integer({ description: 'Percent, or minor units' }),
  }),
  minSpend: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  maxRedemptions: Nullable(Type.Integer({ description: 'Total uses; null = unlimited' })),
  maxPerMember: Nullable(Type.Integer()),
  redemptions: Type.Integer(),
  skus: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('issued'), Type.Literal('redeemed'), Type.Literal('void')]),
  source: Type.String({ description: 'What issued it, e.g. the rule and its version, or the series' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export function toCouponDto(c: CouponRow): Static<typeof CouponSchema> {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    seriesId: c.series_id,
    memberId: c.member_id,
    discount: { type: c.discount_type, value: Number(c.discount_value) },
    minSpend: Number(c.min_spend),
    validFrom: c.valid_from.toISOString(),
    validUntil: c.valid_until.toISOString(),
    maxRedemptions: c.max_redemptions,
    maxPerMember: c.max_per_member,
    redemptions: c.redemptions,
    skus: c.skus,
    categories: c.categories,
    status: c.status,
    source: c.source,
    createdAt: c.created_at.toISOString(),
  };
}

export const SeriesCreateSchema = Type.Object(
  {
    programId: Type.Optional(Uuid),
    name: Text(200),
    discount: DiscountSchema,
    minSpend: Type.Optional(Minor),
    validFrom: Type.String({ format: 'date-time' }),
    validUntil: Type.String({ format: 'date-time' }),
    maxRedemptions: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          description: 'Uses of each code in total; 1 = single use; null = unlimited',
        }),
      ),
    ),
    maxPerMember: Type.Optional(Type.Integer({ minimum: 1, description: 'Uses of each code per member' })),
    skus: Type.Optional(Type.Array(Text(100), { maxItems: 1000 })),
    categories: Type.Optional(Type.Array(Text(100), { maxItems: 1000 })),
    memberId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const SeriesSchema = Type.Object({
  id: Uuid,
  programId: Uuid,
  name: Type.String(),
  memberId: Nullable(Uuid),
  discount: Type.Object({ type: Type.String(), value: Type.Integer() }),
  minSpend: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  maxRedemptions: Nullable(Type.Integer()),
  maxPerMember: Nullable(Type.Integer()),
  skus: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  imported: Type.Integer({ description: 'Codes imported into the pool' }),
  generation: Type.Object({
    generated: Type.Integer(),
    total: Type.Integer({ description: 'Codes asked for so far' }),
    done: Type.Boolean(),
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export function toSeriesDto(s: SeriesRow): Static<typeof SeriesSchema> {
  return {
    id: s.id,
    programId: s.program_id,
    name: s.name,
    memberId: s.member_id,
    discount: { type: s.discount_type, value: Number(s.discount_value) },
    minSpend: Number(s.min_spend),
    validFrom: s.valid_from.toISOString(),
    validUntil: s.valid_until.toISOString(),
    maxRedemptions: s.max_redemptions,
    maxPerMember: s.max_per_member,
    skus: s.skus,
    categories: s.categories,
    imported: s.imported,
    generation: { generated: s.generated, total: s.generate_total, done: s.generated >= s.generate_total },
    createdAt: s.created_at.toISOString(),
  };
}

export const ImportSchema = Type.Object(
  {
    codes: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10_000 })),
    csv: Type.Optional(Type.String({ maxLength: 900_000, description: 'One code per line (first column)' })),
  },
  { additionalProperties: false },
);

export const GenerateSchema = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);

const LineSchema = Type.Object(
  {
    sku: Text(100),
    category: Type.Optional(Text(100)),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPrice: Minor,
    discount: Type.Optional(Minor),
  },
  { additionalProperties: false },
);

const CheckoutFields = {
  code: Text(200),
  memberId: Type.Optional(Uuid),
  lines: Type.Array(LineSchema, { minItems: 1, maxItems: 1000 }),
};

export const ValidateSchema = Type.Object(
  {
    ...CheckoutFields,
    reservationId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Your own reservation, if any' }),
    ),
  },
  { additionalProperties: false },
);

export const ReserveSchema = Type.Object(
  {
    ...CheckoutFields,
    checkoutId: Text(200),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, default: 900 })),
  },
  { additionalProperties: false },
);

export const RedeemSchema = Type.Object(
  {
    ...CheckoutFields,
    orderId: Type.String({ minLength: 1, maxLength: 200, description: 'Redeem is idempotent by order id' }),
    reservationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const ReleaseSchema = Type.Object(
  {
    reservationId: Type.Optional(Uuid),
    orderId: Type.Optional(Text(200)),
    code: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

const LineDiscountSchema = Type.Object({
  index: Type.Integer({ description: 'Position of the line in the request' }),
  sku: Type.String(),
  eligibleAmount: Type.Integer({
    description: 'What the line is worth to this coupon (0 when out of scope)',
  }),
  discount: Type.Integer(),
});
const ReasonSchema = Type.Object({ code: Type.String(), message: Type.String() });

export const ValidationResultSchema = Type.Object({
  valid: Type.Boolean(),
  code: Type.String(),
  discount: Type.Integer({ description: 'Total the coupon would take off, minor units' }),
  lines: Type.Array(LineDiscountSchema),
  reasons: Type.Array(ReasonSchema),
});

export const ReservationSchema = Type.Object({
  reservationId: Uuid,
  code: Type.String(),
  checkoutId: Type.String(),
  status: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  discount: Type.Integer(),
  lines: Type.Array(LineDiscountSchema),
});

export const RedemptionSchema = Type.Object({
  redemptionId: Uuid,
  code: Type.String(),
  couponId: Uuid,
  orderId: Type.String(),
  memberId: Nullable(Uuid),
  reservationId: Nullable(Uuid),
  status: Type.Union([Type.Literal('redeemed'), Type.Literal('reversed')]),
  discount: Type.Integer(),
  lines: Type.Array(LineDiscountSchema),
  redeemedAt: Type.String({ format: 'date-time' }),
});

export const ReleaseResultSchema = Type.Object({
  reservation: Type.Optional(Type.Object({ reservationId: Uuid, status: Type.String() })),
  redemptions: Type.Optional(Type.Array(RedemptionSchema)),
});

export function toReservationDto(
  r: ReservationRow,
  code: string,
  discount: number,
  lines: RedemptionRow['lines'],
) {
  return {
    reservationId: r.id,
    code,
    checkoutId: r.checkout_id,
    status: r.status,
    expiresAt: r.expires_at.toISOString(),
    discount,
    lines,
  };
}

export function toRedemptionDto(r: RedemptionRow, code: string): Static<typeof RedemptionSchema> {
  return {
    redemptionId: r.id,
    code,
    couponId: r.coupon_id,
    orderId: r.order_id,
    memberId: r.member_id,
    reservationId: r.reservation_id,
    status: r.status,
    discount: Number(r.discount),
    lines: r.lines,
    redeemedAt: r.created_at.toISOString(),
  };
}
