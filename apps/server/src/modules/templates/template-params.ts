import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type FieldError, validationFailed } from '../../http/problem.js';
import type { ProgramTemplate } from './template.types.js';

// Defaults are filled in here (unlike request bodies) because a template's defaults are its documented choices.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  useDefaults: true,
  coerceTypes: false,
  multipleOfPrecision: 8,
});
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorOf(template: ProgramTemplate): ValidateFunction {
  let validate = compiled.get(template.name);
  if (!validate) {
    validate = ajv.compile({ ...template.params, additionalProperties: false });
    compiled.set(template.name, validate);
  }
  return validate;
}

/**
 * Checks the caller's parameters against the template's schema and returns them with every default filled in.
 * Errors point at `/params/<name>`; nothing has been written when they are thrown.
 */
export function resolveParams(
  template: ProgramTemplate,
  given: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const params = structuredClone(given ?? {});
  const validate = validatorOf(template);
  if (validate(params)) return params;
  const errors: FieldError[] = (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${String(e.params.additionalProperty)}` : '';
    return {
      field: `/params${e.instancePath}${extra}`,
      in: 'body',
      code: e.keyword === 'additionalProperties' ? 'unknown_param' : e.keyword,
      message:
        e.keyword === 'additionalProperties' ? 'is not a parameter of this template' : (e.message ?? ''),
    };
  });
  const first = errors[0];
  throw validationFailed(
    first ? `${first.field} ${first.message}` : `invalid parameters for template ${template.name}`,
    errors,
  );
}

/**
 * Reads `name=value` pairs from the command line. A value is taken as JSON when it parses (numbers, booleans, arrays)
 * and as a plain string otherwise, so `--param currency=USD` and `--param goldThreshold=600` both work.
 */
export function paramsFromCli(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--param expects name=value, got "${pair}"`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: a plain string
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}
