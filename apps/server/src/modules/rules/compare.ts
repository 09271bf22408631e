import type { CompareOp, NumberOp } from './rule.schemas.js';

export const OP_WORDS: Record<CompareOp, string> = {
  eq: 'is',
  ne: 'is not',
  gt: 'is over',
  gte: 'is at least',
  lt: 'is under',
  lte: 'is at most',
  in: 'is one of',
  not_in: 'is none of',
  exists: 'is set',
  not_exists: 'is not set',
  contains: 'contains',
};

/** Formatted amounts by currency and value: reasons and explanations repeat the same few (rates, thresholds, nets). */
export const show = (v: unknown): string =>
  v === undefined || v === null ? 'not set' : Array.isArray(v) ? v.map(show).join(', ') : String(v);

/** Compares typed values; numbers and strings never coerce into each other. */
export function compare(op: CompareOp, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual as never);
    case 'not_in':
      return Array.isArray(expected) && !expected.includes(actual as never);
    case 'contains':
      if (typeof actual === 'string' && typeof expected === 'string') return actual.includes(expected);
      return Array.isArray(actual) && actual.includes(expected);
    default: {
      const comparable =
        (typeof actual === 'number' && typeof expected === 'number') ||
        (typeof actual === 'string' && typeof expected === 'string');
      if (!comparable) return false;
      const a = actual as number | string;
      const e = expected as number | string;
      return op === 'gt' ? a > e : op === 'gte' ? a >= e : op === 'lt' ? a < e : a <= e;
    }
  }
}

export function compareNumber(op: NumberOp, actual: number, expected: number): boolean {
  return compare(op, actual, expected);
}
