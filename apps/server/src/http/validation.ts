import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function createAjv(options: Options): Ajv {
  // multipleOfPrecision: without it 1.15 is not a "multiple of 0.01" in binary floating point, and valid two-decimal
  // percentages and multipliers are refused.
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    useDefaults: true,
    discriminator: true,
    multipleOfPrecision: 8,
    ...options,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly: no type coercion ("5" is not a number) and unknown fields are rejected rather than
 * silently dropped, so a client typo never turns into data loss. Query strings, path params and headers are text on
 * the wire, so they are coerced to the declared type.
 */
const bodyAjv = createAjv({ coerceTypes: false, removeAdditional: false });
const textAjv = createAjv({ coerceTypes: 'array', removeAdditional: false });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
};

/** The shared schemas (e.g. Problem) must be known to both validators. */
export function addSharedSchema(schema: object): void {
  const id = String((schema as { $id?: unknown }).$id);
  for (const ajv of [bodyAjv, textAjv]) if (!ajv.getSchema(id)) ajv.addSchema(schema, id);
}

/** A stand-alone strict validator for documents validated outside the HTTP layer (e.g. member attributes). */
export function createDocumentAjv(): Ajv {
  return createAjv({ coerceTypes: false, removeAdditional: false, useDefaults: false });
}
