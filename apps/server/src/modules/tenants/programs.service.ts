import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { AttributeField } from '../../db/schema.js';
import { conflict, type FieldError, notFound, validationFailed } from '../../http/problem.js';
import { SettledCache } from '../../lib/settled-cache.js';
import {
  findDefaultProgram,
  findProgram,
  insertProgram,
  listPrograms,
  type Program,
  updateProgram,
} from './programs.repository.js';
import type { ProgramCreate, ProgramDto, ProgramPatch } from './programs.schemas.js';

const TIMEZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function checkProgramFields(input: Partial<ProgramCreate> & { holdoutPercent?: number }): void {
  const errors: FieldError[] = [];
  if (input.timezone !== undefined && !TIMEZONES.has(input.timezone)) {
    errors.push({ field: '/timezone', in: 'body', code: 'timezone', message: 'is not an IANA time zone' });
  }
  if (
    input.holdoutPercent !== undefined &&
    Math.round(input.holdoutPercent * 100) !== input.holdoutPercent * 100
  ) {
    errors.push({
      field: '/holdoutPercent',
      in: 'body',
      code: 'precision',
      message: 'has more than 2 decimals',
    });
  }
  if (input.currency !== undefined && !CURRENCIES.has(input.currency)) {
    errors.push({ field: '/currency', in: 'body', code: 'currency', message: 'is not an ISO 4217 currency' });
  }
  const keys = new Set<string>();
  input.attributeSchema?.forEach((f, i) => {
    if (keys.has(f.key)) {
      errors.push({
        field: `/attributeSchema/${i}/key`,
        in: 'body',
        code: 'duplicate',
        message: 'key is repeated',
      });
    }
    keys.add(f.key);
  });
  if (errors.length > 0) validationFailedThrow(errors);
}

function validationFailedThrow(errors: FieldError[]): never {
  const first = errors[0];
  throw validationFailed(first ? `${first.field} ${first.message}` : 'invalid program', errors);
}

export function toProgramDto(p: Program): ProgramDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    currency: p.currency,
    timezone: p.timezone,
    pointName: p.pointName,
    pointValue: { minor: p.pointValueMinor, points: p.pointValuePoints },
    defaultCountry: p.defaultCountry,
    attributeSchema: p.attributeSchema,
    holdoutPercent: p.holdoutPercent,
    isDefault: p.isDefault,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function createProgram(
  db: Db,
  tenantId: string,
  input: ProgramCreate,
  options: { isDefault?: boolean } = {},
): Promise<Program> {
  checkProgramFields(input);
  const program = await insertProgram(db, {
    id: uuidv7(),
    tenantId,
    slug: input.slug,
    name: input.name,
    currency: input.currency,
    timezone: input.timezone,
    pointName: input.pointName ?? 'points',
    pointValueMinor: input.pointValue?.minor ?? 1,
    pointValuePoints: input.pointValue?.points ?? 1,
    defaultCountry: input.defaultCountry ?? null,
    attributeSchema: (input.attributeSchema ?? []) as AttributeField[],
    isDefault: options.isDefault ?? false,
  });
  if (program === undefined) {
    throw conflict('program_slug_taken', `A program with slug "${input.slug}" already exists`, {}, [
      { field: '/slug', in: 'body', code: 'unique', message: 'is already used by another program' },
    ]);
  }
  return program;
}

export async function patchProgram(
  db: Db,
  tenantId: string,
  id: string,
  patch: ProgramPatch,
): Promise<Program> {
  checkProgramFields(patch);
  const updated = await updateProgram(db, tenantId, id, {
    name: patch.name,
    timezone: patch.timezone,
    pointName: patch.pointName,
    pointValueMinor: patch.pointValue?.minor,
    pointValuePoints: patch.pointValue?.points,
    defaultCountry: patch.defaultCountry,
    attributeSchema: patch.attributeSchema as AttributeField[] | undefined,
    holdoutPercent: patch.holdoutPercent,
  });
  if (updated === undefined) throw notFound('program', id);
  programs.clear();
  return updated;
}

/** Programs are read by nearly every request and change rarely. */
const programs = new SettledCache<Program>(5_000);

export async function getProgram(db: Db, tenantId: string, id: string): Promise<Program> {
  const key = `${tenantId}:${id}`;
  const cached = programs.get(key);
  if (cached) return cached;
  const program = await findProgram(db, tenantId, id);
  if (program === undefined) throw notFound('program', id);
  return programs.remember(key, program, program.updatedAt);
}

/** A request that names no program uses its tenant's default one. */
export async function resolveProgram(
  db: Db,
  tenantId: string,
  programId: string | undefined,
): Promise<Program> {
  if (programId !== undefined) return getProgram(db, tenantId, programId);
  const cached = programs.get(`${tenantId}:default`);
  if (cached) return cached;
  const program = await findDefaultProgram(db, tenantId);
  if (program === undefined) {
    throw validationFailed('This tenant has no default program; name one with programId', [
      {
        field: '/programId',
        in: 'body',
        code: 'required',
        message: 'is required: the tenant has no default program',
      },
    ]);
  }
  return programs.remember(`${tenantId}:default`, program, program.updatedAt);
}

export { listPrograms };
