import { type Static, Type } from 'typebox';
import { EffectDtoSchema } from '../campaigns/campaigns.schemas.js';
import { IdentityInputSchema } from '../members/members.schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Minor = Type.Integer({
  minimum: 0,
  maximum: 1_000_000_000_00,
  description: 'Money in integer minor units',
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LineInputSchema = Type.Object(
  {
    sku: Text(100),
    name: Type.Optional(Text(200)),
    category: Type.Optional(Text(100)),
    brand: Type.Optional(Text(100)),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPrice: Minor,
    discount: Type.Optional(Minor),
  },
  { additionalProperties: false },
);

export const TransactionCreateSchema = Type.Object(
  {
    externalId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Unique per program: retries never double-award',
    }),
    programId: Type.Optional(Uuid),
    memberId: Type.Optional(Uuid),
    identity: Type.Optional(IdentityInputSchema),
    occurredAt: Type.String({ format: 'date-time' }),
    channel: Type.Optional(Text(50)),
    storeId: Type.Optional(Text(100)),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    lines: Type.Array(LineInputSchema, { minItems: 1, maxItems: 500 }),
    totals: Type.Optional(
      Type.Object(
        { subtotal: Minor, discount: Type.Optional(Minor), total: Minor },
        { additionalProperties: false, description: 'If given, must agree with the lines' },
      ),
    ),
    paymentMethod: Type.Optional(Text(50)),
    partnerId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          "The coalition partner it was made at (earns at the partner's rate); set by a partner key",
      }),
    ),
  },
  { additionalProperties: false },
);
export type TransactionCreate = Static<typeof TransactionCreateSchema>;

export const ReturnCreateSchema = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 200 }),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          { sku: Text(100), quantity: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 500,
        },
      ),
    ),
    amount: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Refunded amount in minor units, without items' }),
    ),
  },
  { additionalProperties: false },
);
export type ReturnCreate = Static<typeof ReturnCreateSchema>;

export const ClaimSchema = Type.Object(
  { memberId: Type.Optional(Uuid), identity: Type.Optional(IdentityInputSchema) },
  { additionalProperties: false },
);

const LineSchema = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  name: Nullable(Type.String()),
  category: Nullable(Type.String()),
  brand: Nullable(Type.String()),
  quantity: Type.Integer(),
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  net: Type.Integer(),
  points: Type.Integer(),
  explanation: Type.String(),
  returnedQuantity: Type.Integer(),
  clawedPoints: Type.Integer(),
});

export const ReturnSchema = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  transactionId: Uuid,
  items: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  amount: Type.Integer({ description: 'Net amount returned, minor units' }),
  pointsClawedBack: Type.Integer(),
  breakdown: Type.Record(Type.String(), Type.Integer()),
  explanation: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ReturnDto = Static<typeof ReturnSchema>;

export const TransactionSchema = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  programId: Uuid,
  memberId: Nullable(Uuid),
  occurredAt: Type.String({ format: 'date-time' }),
  channel: Nullable(Type.String()),
  storeId: Nullable(Type.String()),
  partnerId: Nullable(Uuid),
  currency: Type.String(),
  totals: Type.Object({ subtotal: Type.Integer(), discount: Type.Integer(), total: Type.Integer() }),
  paymentMethod: Nullable(Type.String()),
  points: Type.Object({
    awarded: Type.Integer(),
    clawedBack: Type.Integer(),
    availableAt: Nullable(Type.String({ format: 'date-time' })),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
  }),
  explanation: Type.String(),
  effects: Type.Array(EffectDtoSchema, { description: 'What each applied rule did, with its reason' }),
  lines: Type.Array(LineSchema),
  returns: Type.Array(ReturnSchema),
  claimedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type TransactionDto = Static<typeof TransactionSchema>;
