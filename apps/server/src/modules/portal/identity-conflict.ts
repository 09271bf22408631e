import { conflict, ProblemError } from '../../http/problem.js';

/**
 * The members module answers a taken identity with the id of the member who holds it: right for an integration,
 * but a member must not learn who else uses a phone number or an address. The portal keeps the field, drops the id.
 */
export function withoutOtherMember(error: unknown): unknown {
  if (!(error instanceof ProblemError) || error.code !== 'identity_taken') return error;
  const fields = error.errors.map((e) => ({ ...e, message: 'is already used by another member' }));
  const field = fields[0]?.field.replace(/^\//, '') ?? 'identity';
  return conflict('identity_taken', `This ${field} is already used by another member`, {}, fields);
}
