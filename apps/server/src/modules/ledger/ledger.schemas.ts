import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const DateTimeString = Type.String({ format: 'date-time' });
const Amount = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Reference = Type.String({ minLength: 1, maxLength: 200 });
const WalletCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', default: 'points' });

export const MemberParams = Type.Object({ id: Uuid });
export const HoldParams = Type.Object({ id: Uuid, holdId: Uuid });

export const SpendBody = Type.Object(
  {
    amount: Amount,
    reference: Type.Optional(Reference),
    wallet: Type.Optional(WalletCode),
    partnerId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'The coalition partner the points are burnt at; set by a partner key',
      }),
    ),
  },
  { additionalProperties: false },
);
export const HoldBody = Type.Object(
  {
    amount: Amount,
    reference: Type.Optional(Reference),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 7 * 86_400 })),
    wallet: Type.Optional(WalletCode),
  },
  { additionalProperties: false },
);
export const AdjustmentBody = Type.Object(
  {
    amount: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 } }),
    reasonCode: Type.String({
      pattern: '^[a-z][a-z0-9_]{1,49}$',
      description: 'e.g. goodwill, correction, fraud',
    }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    wallet: Type.Optional(WalletCode),
  },
  { additionalProperties: false },
);
export const TransferBody = Type.Object(
  { toMemberId: Uuid, amount: Amount, reference: Type.Optional(Reference) },
  { additionalProperties: false },
);
export type SpendInput = Static<typeof SpendBody>;

export const JournalSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  memberId: Type.Union([Uuid, Type.Null()]),
  amount: Type.Integer({ description: "Change of the member's wallet (negative: points left it)" }),
  wallet: Type.String(),
  explanation: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()]),
  occurredAt: DateTimeString,
  createdAt: DateTimeString,
});
export type JournalDto = Static<typeof JournalSchema>;

export const HoldSchema = Type.Object({
  id: Uuid,
  memberId: Uuid,
  amount: Type.Integer(),
  status: Type.Union([
    Type.Literal('held'),
    Type.Literal('captured'),
    Type.Literal('released'),
    Type.Literal('expired'),
  ]),
  reference: Type.Union([Type.String(), Type.Null()]),
  expiresAt: DateTimeString,
  createdAt: DateTimeString,
  settledAt: Type.Union([DateTimeString, Type.Null()]),
});

const DatedAmount = Type.Object({ date: Type.String({ format: 'date' }), amount: Type.Integer() });
export const WalletBalanceSchema = Type.Object({
  wallet: Type.String(),
  unit: Type.String(),
  balance: Type.Integer(),
  available: Type.Integer(),
  pending: Type.Integer(),
  debt: Type.Integer({
    description: 'Points owed after a return of spent points; recovered from future earnings',
  }),
  pendingReleases: Type.Array(DatedAmount),
  expiring: Type.Object({
    within30Days: Type.Integer(),
    within60Days: Type.Integer(),
    within90Days: Type.Integer(),
    dates: Type.Array(DatedAmount),
  }),
  lifetime: Type.Object({ earned: Type.Integer(), spent: Type.Integer(), expired: Type.Integer() }),
});
export const BalanceSchema = Type.Object({
  memberId: Uuid,
  programId: Uuid,
  asOf: DateTimeString,
  wallets: Type.Array(WalletBalanceSchema),
});

export const ActivityQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  { additionalProperties: false },
);
