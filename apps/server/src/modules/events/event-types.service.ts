import type { ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { createDocumentAjv } from '../../http/validation.js';
import type { Program } from '../tenants/programs.repository.js';
import { type EventTypeRow, saveEventType } from './event-types.repository.js';
import type { EventTypeDto, EventTypeSave } from './events.schemas.js';

const ajv = createDocumentAjv();
/** Compiled property validators, by event type row and its last change (a change compiles afresh). */
const validators = new LRUCache<string, ValidateFunction>({ max: 2_000 });

/** Ids would clash in the shared validator and async schemas cannot validate inline: both are dropped. */
function compile(schema: Record<string, unknown>): ValidateFunction {
  const { $id: _id, $async: _async, ...plain } = schema;
  return ajv.compile(plain);
}

export function toEventTypeDto(r: EventTypeRow): EventTypeDto {
  return {
    id: r.id,
    programId: r.program_id,
    type: r.type,
    name: r.name,
    description: r.description,
    properties: r.schema,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Registers (or changes) an event type; its property schema must itself be a valid JSON Schema for an object. */
export async function registerEventType(
  db: Db,
  program: Program,
  type: string,
  input: EventTypeSave,
): Promise<EventTypeRow> {
  const schema = input.properties ?? { type: 'object' };
  if (schema.type !== 'object') {
    throw validationFailed('The property schema must describe an object', [
      { field: '/properties/type', in: 'body', code: 'const', message: 'must be "object"' },
    ]);
  }
  try {
    compile(schema);
  } catch (error) {
    throw validationFailed(`The property schema is not valid JSON Schema: ${(error as Error).message}`, [
      { field: '/properties', in: 'body', code: 'schema', message: (error as Error).message },
    ]);
  }
  return saveEventType(db, {
    id: uuidv7(),
    tenant_id: program.tenantId,
    program_id: program.id,
    type,
    name: input.name,
    description: input.description ?? null,
    schema,
  });
}

/** Checks an event's properties against its type's schema; errors point into the request's `/properties`. */
export function assertEventProperties(type: EventTypeRow, properties: Record<string, unknown>): void {
  const key = `${type.id}:${type.updated_at.getTime()}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = compile(type.schema);
    validators.set(key, validate);
  }
  if (validate(properties)) return;
  const errors: FieldError[] = (validate.errors ?? []).map((e) => ({
    field: `/properties${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    in: 'body',
    code: e.keyword,
    message: e.message ?? 'is invalid',
  }));
  throw validationFailed(
    `The properties do not match event type ${type.type}: ${errors[0]?.field} ${errors[0]?.message}`,
    errors,
  );
}
