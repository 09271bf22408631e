import { Type } from 'typebox';

/** One invalid field: `field` is a JSON pointer into the request part named by `in`. */
export interface FieldError {
  field: string;
  in?: 'body' | 'query' | 'params' | 'headers';
  code: string;
  message: string;
}

/**
 * An RFC 9457 problem the client caused (or, for 5xx, that we did). `code` is the stable machine-readable key;
 * clients switch on it, never on `detail`, which is for humans and may change.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export const problemType = (code: string): string => `urn:tessera:problem:${code}`;

export const badRequest = (code: string, detail: string, errors: FieldError[] = []): ProblemError =>
  new ProblemError(400, code, 'Bad request', detail, errors);

export const validationFailed = (detail: string, errors: FieldError[]): ProblemError =>
  new ProblemError(400, 'validation_failed', 'Request validation failed', detail, errors);

export const fieldInvalid = (field: string, code: string, message: string): ProblemError =>
  validationFailed(message, [{ field, in: 'body', code, message }]);

export const notFound = (resource: string, id: string): ProblemError =>
  new ProblemError(
    404,
    `${resource}_not_found`,
    'Not found',
    `No ${resource.replace(/_/g, ' ')} with id ${id}`,
  );

export const conflict = (
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
  errors: FieldError[] = [],
): ProblemError => new ProblemError(409, code, 'Conflict', detail, errors, extensions);

export const unauthorized = (code: string, detail: string): ProblemError =>
  new ProblemError(401, code, 'Unauthorized', detail);

export const forbidden = (code: string, detail: string): ProblemError =>
  new ProblemError(403, code, 'Forbidden', detail);

export const unprocessable = (code: string, detail: string): ProblemError =>
  new ProblemError(422, code, 'Unprocessable request', detail);

/** The wire shape, shared by every 4xx/5xx response in the OpenAPI document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type; stable per code' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable problem code' }),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          in: Type.Optional(Type.String()),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

const problemRef = Type.Unsafe({ $ref: 'Problem#' });

/** Response map entries for the given error statuses, so every route documents its problems. */
export function problemResponses(...statuses: number[]): Record<number, typeof problemRef> {
  const out: Record<number, typeof problemRef> = {};
  for (const status of [...statuses, 500]) out[status] = problemRef;
  return out;
}
