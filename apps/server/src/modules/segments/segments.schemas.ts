import { type Static, Type } from 'typebox';
import { SegmentConditionRef } from './segment-condition.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Kind = Type.Union([Type.Literal('dynamic'), Type.Literal('static')]);
const Description = Type.String({ maxLength: 2000 });

export const SegmentCode = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
  description: 'Stable within the program: rules and audiences name segments by it',
});

export const SegmentCreateBody = Type.Object(
  {
    programId: Type.Optional(Id),
    code: SegmentCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Description),
    kind: Kind,
    condition: Type.Optional(SegmentConditionRef),
  },
  {
    additionalProperties: false,
    description: 'A dynamic segment needs a condition; a static one has none (its members are uploaded)',
  },
);
export type SegmentCreateInput = Static<typeof SegmentCreateBody>;

export const SegmentUpdateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Description),
    condition: Type.Optional(SegmentConditionRef),
  },
  {
    additionalProperties: false,
    description: 'Replaces name, description and condition; code and kind stay',
  },
);
export type SegmentUpdateInput = Static<typeof SegmentUpdateBody>;

export const SegmentDtoSchema = Type.Object({
  id: Id,
  programId: Id,
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  kind: Kind,
  condition: Nullable(SegmentConditionRef),
  size: Type.Integer({ description: 'Members in the segment now' }),
  computedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SegmentDto = Static<typeof SegmentDtoSchema>;

export const PreviewBody = Type.Object(
  { programId: Type.Optional(Id), condition: SegmentConditionRef },
  { additionalProperties: false },
);

export const PreviewDtoSchema = Type.Object({
  members: Type.Integer({ description: 'Members who meet the condition now' }),
  metricsComputedAt: Nullable(
    Type.String({ format: 'date-time', description: 'Metric leaves read the metrics of this refresh' }),
  ),
});

export const RecomputeDtoSchema = Type.Object({
  entered: Type.Integer(),
  left: Type.Integer(),
  size: Type.Integer(),
  computedAt: Timestamp,
});

export const MembersBody = Type.Object(
  {
    memberIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10_000, uniqueItems: true })),
    csv: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'A header line naming one column, member_id, email, phone, card or external, then one member per line',
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of memberIds and csv' },
);
export type MembersInput = Static<typeof MembersBody>;

export const MembersAddedSchema = Type.Object({
  added: Type.Integer(),
  alreadyMembers: Type.Integer(),
  size: Type.Integer(),
});

export const MemberPageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Id),
});

export const MemberPageSchema = Type.Object({
  items: Type.Array(Type.Object({ memberId: Id, since: Timestamp })),
  nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page' })),
});

export const SizesQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
});

export const SizesSchema = Type.Object({
  items: Type.Array(
    Type.Object({ day: Type.String({ format: 'date' }), size: Type.Integer() }, { description: 'Local day' }),
  ),
});

export const MemberSegmentsSchema = Type.Object({
  items: Type.Array(
    Type.Object({ segmentId: Id, code: Type.String(), name: Type.String(), kind: Kind, since: Timestamp }),
  ),
});

export const ListQuery = Type.Object({
  programId: Type.Optional(Id),
  kind: Type.Optional(Kind),
});
