import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, ProblemError, problemType } from './problem.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns Ajv errors into field errors whose `field` points at the offending property, unknown ones included. */
export function toFieldErrors(part: string | undefined, errors: AjvLikeError[]): FieldError[] {
  // Fastify names the query string part "querystring"; problem details call it "query".
  const name = part === 'querystring' ? 'query' : part;
  const where = (['body', 'query', 'params', 'headers'] as const).find((p) => p === name) ?? 'body';
  return errors.map((e) => {
    let field = e.instancePath ?? '';
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') {
      field = `${field}/${e.params.missingProperty}`;
    } else if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
      field = `${field}/${e.params.additionalProperty}`;
    }
    const message =
      e.keyword === 'additionalProperties'
        ? 'unknown field'
        : e.keyword === 'required'
          ? 'is required'
          : e.message;
    return { field: field || '/', in: where, code: e.keyword ?? 'invalid', message: message ?? 'is invalid' };
  });
}

/** Fastify's own client errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; title: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    title: 'Payload too large',
    detail: 'The request body exceeds the 1 MiB limit',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the request body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    title: 'Bad request',
    detail: 'The request declares a JSON body but the body is empty',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    title: 'Bad request',
    detail: 'The request body is not valid JSON',
  },
};

function toProblem(error: FastifyError | ProblemError): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error.validation) {
    const errors = toFieldErrors(error.validationContext, error.validation as AjvLikeError[]);
    const first = errors[0];
    const detail = first ? `${first.field} ${first.message}` : 'The request is invalid';
    return new ProblemError(400, 'validation_failed', 'Request validation failed', detail, errors);
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return new ProblemError(known.status, known.code, known.title, known.detail);
  // JSON.parse failures surface as a SyntaxError with a 400 status.
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new ProblemError(400, 'malformed_json', 'Bad request', 'The request body is not valid JSON');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ProblemError(error.statusCode, 'bad_request', 'Bad request', error.message);
  }
  return new ProblemError(500, 'internal_error', 'Internal server error', 'An unexpected error occurred');
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ProblemError,
): FastifyReply {
  const body: Record<string, unknown> = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    requestId: String(request.id),
    ...problem.extensions,
  };
  if (problem.errors.length > 0) body.errors = problem.errors;
  return reply.code(problem.status).type('application/problem+json').send(body);
}

/** Every error leaves as application/problem+json; a 500 is logged in full but never shows internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
    return sendProblem(reply, request, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new ProblemError(
        404,
        'route_not_found',
        'Not found',
        `No route ${request.method} ${request.url.split('?')[0]}`,
      ),
    ),
  );
}
