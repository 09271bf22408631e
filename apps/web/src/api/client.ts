import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import { tokenFor } from './session.js';

/** A problem+json answer from the API, kept whole so forms can show the detail next to the offending field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | undefined,
    readonly problem: Record<string, unknown>,
  ) {
    super(detail);
  }
}

export interface Problem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { field?: string; pointer?: string; message?: string }[];
  field?: string;
}

export function toApiError(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  const first = problem.errors?.[0];
  const field = problem.field ?? first?.field ?? first?.pointer;
  const detail = first?.message ?? problem.detail ?? problem.title ?? `HTTP ${status}`;
  return new ApiError(
    status,
    problem.code ?? 'http_error',
    detail,
    field,
    problem as Record<string, unknown>,
  );
}

/** Which session a request goes out with: the console user's or the signed-in member's. */
export type Audience = 'admin' | 'member';

const listeners = new Set<(audience: Audience) => void>();

/** Called when the server says a session is no longer valid, so the app can return to its sign-in page. */
export function onSessionExpired(listener: (audience: Audience) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function authMiddleware(audience: Audience): Middleware {
  return {
    onRequest({ request }) {
      const token = tokenFor(audience);
      if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401 && tokenFor(audience) !== undefined) {
        for (const listener of listeners) listener(audience);
      }
      return response;
    },
  };
}

function clientFor(audience: Audience) {
  const client = createClient<paths>({ baseUrl: window.location.origin });
  client.use(authMiddleware(audience));
  return client;
}

/** The console's client: every call carries the console session token. */
export const api = clientFor('admin');
/** The member portal's client: every call carries the member's session token. */
export const portalApi = clientFor('member');

/**
 * Unwraps an openapi-fetch result: the typed data, or an ApiError built from the problem document. Lets pages
 * use plain async/await and one error display.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw toApiError(response.status, error);
  return data as NonNullable<T>;
}

/**
 * Like unwrap, for reads that answer 204 when there is nothing yet (a program without tiers, a member before the
 * first metrics refresh): null then, the data otherwise.
 */
export async function unwrapOptional<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T> | null> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw toApiError(response.status, error);
  if (response.status === 204) return null;
  return data as NonNullable<T>;
}
