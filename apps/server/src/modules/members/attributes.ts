import type { ValidateFunction } from 'ajv';
import type { AttributeField } from '../../db/schema.js';
import { toFieldErrors } from '../../http/error-handler.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { createDocumentAjv } from '../../http/validation.js';

const ajv = createDocumentAjv();
/** Compiled validators per program schema version; programs change rarely, members are enrolled constantly. */
const cache = new Map<string, ValidateFunction>();

function toJsonSchema(fields: AttributeField[]): object {
  const properties: Record<string, object> = {};
  for (const f of fields) {
    const base = f.type === 'date' ? { type: 'string', format: 'date' } : { type: f.type };
    properties[f.key] = f.enum ? { ...base, enum: f.enum } : base;
  }
  return {
    type: 'object',
    properties,
    required: fields.filter((f) => f.required).map((f) => f.key),
    additionalProperties: false,
  };
}

function validatorFor(fields: AttributeField[]): ValidateFunction {
  const key = JSON.stringify(fields);
  let validate = cache.get(key);
  if (validate === undefined) {
    validate = ajv.compile(toJsonSchema(fields));
    if (cache.size > 500) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

/** Custom attributes must match the program's attribute schema; unknown keys are errors, not silently stored. */
export function assertValidAttributes(fields: AttributeField[], attributes: Record<string, unknown>): void {
  const validate = validatorFor(fields);
  if (validate(attributes)) return;
  const errors: FieldError[] = toFieldErrors('body', validate.errors ?? []).map((e) => ({
    ...e,
    field: `/attributes${e.field === '/' ? '' : e.field}`,
  }));
  const first = errors[0];
  throw validationFailed(first ? `${first.field} ${first.message}` : 'invalid attributes', errors);
}
