import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ProblemError } from './problem.js';

/**
 * Reads of something that exists but is not set up yet (a program without tiers, a member whose metrics the nightly
 * refresh has not reached) answer 204 No Content. It is the normal state of every new program and member, not a
 * failure, so callers (and the console) should not see an error for it.
 */
export function noContentResponse(description: string) {
  return Type.Null({ description });
}

/** Runs the read; a ProblemError with one of `codes` becomes an empty 204 answer instead. */
export async function orNoContent<T>(
  reply: FastifyReply,
  codes: readonly string[],
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemError && codes.includes(error.code)) {
      reply.code(204);
      return undefined;
    }
    throw error;
  }
}
