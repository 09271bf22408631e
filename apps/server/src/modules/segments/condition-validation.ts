import type { AttributeField } from '../../db/schema.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import type { SegmentCondition, SegmentLeaf } from './segment-condition.schemas.js';

/**
 * What the schema cannot say about a segment condition: attribute keys and value types against the program's
 * attribute schema, values each operator needs, ranges. Every problem is reported with a JSON pointer into the body.
 */
type Report = (field: string, code: string, message: string) => void;

const MAX_DEPTH = 20;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LIST_OPS = new Set(['in', 'not_in']);
const ORDER_OPS = new Set(['gt', 'gte', 'lt', 'lte']);

function fits(field: AttributeField, value: unknown): boolean {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value);
    default:
      return typeof value === 'string';
  }
}

/** The value an operator needs: none for exists, a list for in/not_in, one scalar otherwise. */
function checkOperand(op: string, value: unknown, path: string, report: Report): boolean {
  if (op === 'exists' || op === 'not_exists') {
    if (value !== undefined) report(`${path}/value`, 'not_allowed', `is not used with ${op}`);
    return false;
  }
  if (value === undefined) {
    report(`${path}/value`, 'required', `is required for ${op}`);
    return false;
  }
  if (LIST_OPS.has(op) !== Array.isArray(value)) {
    report(
      `${path}/value`,
      'type',
      LIST_OPS.has(op) ? `must be a list for ${op}` : `must not be a list for ${op}`,
    );
    return false;
  }
  return true;
}

function checkAttribute(
  c: Extract<SegmentLeaf, { kind: 'attribute' }>,
  path: string,
  attributes: Map<string, AttributeField>,
  report: Report,
): void {
  const field = attributes.get(c.key);
  if (field === undefined) {
    report(`${path}/key`, 'unknown_attribute', `attribute ${c.key} is not in the program's attribute schema`);
    return;
  }
  if (!checkOperand(c.op, c.value, path, report)) return;
  if (ORDER_OPS.has(c.op) && field.type === 'boolean')
    report(`${path}/op`, 'op', `${c.op} does not apply to the boolean attribute ${c.key}`);
  if (c.op === 'contains' && field.type !== 'string')
    report(`${path}/op`, 'op', `contains applies to string attributes; ${c.key} is ${field.type}`);
  const values = Array.isArray(c.value) ? c.value : [c.value];
  values.forEach((v, i) => {
    if (!fits(field, v)) {
      const at = Array.isArray(c.value) ? `${path}/value/${i}` : `${path}/value`;
      report(at, 'type', `must be a ${field.type} like attribute ${c.key}`);
    }
  });
}

function checkProfile(c: Extract<SegmentLeaf, { kind: 'profile' }>, path: string, report: Report): void {
  if (!checkOperand(c.op, c.value, path, report)) return;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  values.forEach((v, i) => {
    const at = Array.isArray(c.value) ? `${path}/value/${i}` : `${path}/value`;
    if (c.field === 'birthDate' && !(ISO_DATE.test(String(v)) && !Number.isNaN(Date.parse(String(v)))))
      report(at, 'format', 'must be a date (YYYY-MM-DD)');
  });
}

function checkRfm(c: Extract<SegmentLeaf, { kind: 'rfm' }>, path: string, report: Report): void {
  if (c.segments === undefined && c.r === undefined && c.f === undefined && c.m === undefined)
    report(path, 'required', 'needs segments or at least one of r, f, m');
  for (const score of ['r', 'f', 'm'] as const) {
    const range = c[score];
    if (range && range.min !== undefined && range.max !== undefined && range.min > range.max)
      report(`${path}/${score}/max`, 'range', 'is below min');
  }
}

function walk(
  c: SegmentCondition,
  path: string,
  depth: number,
  attributes: Map<string, AttributeField>,
  report: Report,
): void {
  if (depth > MAX_DEPTH) {
    report(path, 'depth', `conditions nest at most ${MAX_DEPTH} levels deep`);
    return;
  }
  switch (c.kind) {
    case 'all':
    case 'any':
      c.conditions.forEach((x, i) => {
        walk(x, `${path}/conditions/${i}`, depth + 1, attributes, report);
      });
      return;
    case 'not':
      walk(c.condition, `${path}/condition`, depth + 1, attributes, report);
      return;
    case 'attribute':
      checkAttribute(c, path, attributes, report);
      return;
    case 'profile':
      checkProfile(c, path, report);
      return;
    case 'rfm':
      checkRfm(c, path, report);
      return;
    default:
      return;
  }
}

/** Throws a 400 with every problem of the condition found at `path` (a JSON pointer into the body). */
export function assertValidCondition(
  condition: SegmentCondition,
  attributeSchema: AttributeField[],
  path = '/condition',
): void {
  const errors: FieldError[] = [];
  const attributes = new Map(attributeSchema.map((f) => [f.key, f]));
  walk(condition, path, 1, attributes, (field, code, message) =>
    errors.push({ field, in: 'body', code, message }),
  );
  const first = errors[0];
  if (first) throw validationFailed(`${first.field} ${first.message}`, errors);
}
