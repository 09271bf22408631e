import { Type } from 'typebox';
import type { AdminUserRow } from './admin-users.repository.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';

export const AdminRoleSchema = Type.Union(
  [Type.Literal('owner'), Type.Literal('marketer'), Type.Literal('support'), Type.Literal('analyst')],
  {
    description:
      'owner: everything; marketer: everything except API keys, webhooks and console users; support: reads and ' +
      'member care; analyst: reads and computations that write nothing',
  },
);

const Email = Type.String({
  format: 'email',
  maxLength: 320,
  description: 'Compared without regard to case',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const NewPassword = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description: `At least ${MIN_PASSWORD_LENGTH} characters; stored only as a scrypt hash`,
});

export const AdminUserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: AdminRoleSchema,
  tenantId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  disabled: Type.Boolean({ description: 'A disabled user cannot sign in and their sessions stop working' }),
});

export const ConsoleSessionSchema = Type.Object({
  token: Type.String({ description: 'Send as "Authorization: Bearer <token>"; shown only in this response' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: AdminUserSchema,
});

export const SetupStatusSchema = Type.Object({
  needsOwner: Type.Boolean({
    description: 'True until the first owner is created; the console then offers setup',
  }),
});

export const SetupBody = Type.Object(
  { email: Email, name: Name, password: NewPassword },
  { additionalProperties: false },
);

/** No format or length rules here beyond sanity: a malformed email is simply a failed sign-in, like any other. */
export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  },
  { additionalProperties: false },
);

export const CreateAdminUserBody = Type.Object(
  { email: Email, name: Name, role: AdminRoleSchema, password: NewPassword },
  { additionalProperties: false },
);

export const PatchAdminUserBody = Type.Object(
  {
    email: Type.Optional(Email),
    name: Type.Optional(Name),
    role: Type.Optional(AdminRoleSchema),
    password: Type.Optional(NewPassword),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function toAdminUserDto(u: AdminUserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    tenantId: u.tenantId,
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    disabled: u.disabledAt !== null,
  };
}

export function toConsoleSessionDto(user: AdminUserRow, session: { token: string; expiresAt: Date }) {
  return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: toAdminUserDto(user) };
}
