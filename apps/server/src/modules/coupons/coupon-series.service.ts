import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, type FieldError, fieldInvalid, notFound, validationFailed } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { normalizeCode } from './check-coupon.js';
import { bumpSeries, findSeries, insertSeries, type SeriesRow } from './coupon-series.repository.js';
import { couponValues, existingCodes, insertCoupons } from './coupons.repository.js';
import { seriesIssue } from './generate-codes.js';

export interface SeriesInput {
  programId?: string | undefined;
  name: string;
  discount: { type: 'percent' | 'amount'; value: number };
  minSpend?: number | undefined;
  validFrom: string;
  validUntil: string;
  maxRedemptions?: number | null | undefined;
  maxPerMember?: number | undefined;
  skus?: string[] | undefined;
  categories?: string[] | undefined;
  memberId?: string | undefined;
}

export const MAX_IMPORT = 10_000;
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,63}$/;

export async function createSeries(db: Db, tenantId: string, input: SeriesInput): Promise<SeriesRow> {
  if (input.discount.type === 'percent' && input.discount.value > 100) {
    throw fieldInvalid('/discount/value', 'percent_over_100', 'A percent discount is at most 100');
  }
  const validFrom = new Date(input.validFrom);
  const validUntil = new Date(input.validUntil);
  if (validUntil.getTime() <= validFrom.getTime()) {
    throw fieldInvalid('/validUntil', 'before_valid_from', 'validUntil must be after validFrom');
  }
  const program = await resolveProgram(db, tenantId, input.programId);
  if (input.memberId !== undefined) await requireLiveMember(db, tenantId, input.memberId);
  return insertSeries(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    member_id: input.memberId ?? null,
    name: input.name,
    discount_type: input.discount.type,
    discount_value: input.discount.value,
    min_spend: input.minSpend ?? 0,
    valid_from: validFrom,
    valid_until: validUntil,
    max_redemptions: input.maxRedemptions === undefined ? 1 : input.maxRedemptions,
    max_per_member: input.maxPerMember ?? null,
    skus: input.skus ?? [],
    categories: input.categories ?? [],
  });
}

export async function requireSeries(db: Db, tenantId: string, id: string, lock = false): Promise<SeriesRow> {
  const series = await findSeries(db, id, tenantId, lock);
  if (series === undefined) throw notFound('coupon_series', id);
  return series;
}

/** The codes of a CSV: the first column of each line, a header line `code` skipped, blank lines ignored. */
export function codesFromCsv(csv: string): { code: string; field: string; where: string }[] {
  const out: { code: string; field: string; where: string }[] = [];
  csv.split(/\r?\n/).forEach((line, i) => {
    const first = (line.split(/[,;\t]/)[0] ?? '').trim().replace(/^"(.*)"$/, '$1');
    if (first === '' || (i === 0 && first.toLowerCase() === 'code')) return;
    out.push({ code: first, field: '/csv', where: `line ${i + 1}` });
  });
  return out;
}

/**
 * Imports a pool of codes into the series: all of them or none. A malformed code or one that appears twice in the
 * request is a 400 naming each offender; a code the tenant already has is a 409 naming each.
 */
export async function importCodes(
  db: Db,
  tenantId: string,
  seriesId: string,
  input: { codes?: string[] | undefined; csv?: string | undefined },
): Promise<{ series: SeriesRow; imported: number }> {
  if ((input.codes === undefined) === (input.csv === undefined)) {
    throw fieldInvalid(
      '/codes',
      'codes_or_csv',
      'Send either `codes` (a list) or `csv`, not both and not neither',
    );
  }
  const raw =
    input.codes !== undefined
      ? input.codes.map((code, i) => ({ code, field: `/codes/${i}`, where: `/codes/${i}` }))
      : codesFromCsv(input.csv ?? '');
  if (raw.length === 0) throw fieldInvalid(input.codes ? '/codes' : '/csv', 'empty', 'No codes to import');
  if (raw.length > MAX_IMPORT) {
    throw fieldInvalid('/codes', 'too_many', `At most ${MAX_IMPORT} codes per request`);
  }
  const errors: FieldError[] = [];
  const seen = new Map<string, { field: string; where: string }>();
  const codes: string[] = [];
  for (const { code: rawCode, field, where } of raw) {
    const code = normalizeCode(rawCode);
    const first = seen.get(code);
    if (!CODE_PATTERN.test(code)) {
      errors.push({
        field,
        in: 'body',
        code: 'invalid_code',
        message: `"${rawCode}" (${where}) is not a valid code: 3-64 letters, digits, - or _`,
      });
    } else if (first !== undefined) {
      errors.push({
        field,
        in: 'body',
        code: 'duplicate_code',
        message: `${code} (${where}) is listed twice (also ${first.where})`,
      });
    } else {
      seen.set(code, { field, where });
      codes.push(code);
    }
  }
  if (errors.length > 0)
    throw validationFailed(`${errors.length} code(s) refused; nothing was imported`, errors);

  const series = await requireSeries(db, tenantId, seriesId, true);
  const taken = await existingCodes(db, tenantId, codes);
  if (taken.size > 0) {
    const clashes: FieldError[] = codes
      .filter((c) => taken.has(c))
      .map((c) => ({
        field: seen.get(c)?.field ?? '/codes',
        in: 'body' as const,
        code: 'code_exists',
        message: `${c} (${seen.get(c)?.where}) already exists`,
      }));
    throw conflict(
      'coupon_codes_exist',
      `${taken.size} code(s) already exist; nothing was imported`,
      {},
      clashes,
    );
  }
  const issue = seriesIssue(series, `import:${series.id}`);
  const inserted = await insertCoupons(
    db,
    codes.map((c) => couponValues(issue, c)),
  );
  // A concurrent import took a code between the check and the insert: refuse the whole request (rolled back).
  if (inserted !== codes.length) {
    throw conflict('coupon_codes_exist', 'Some codes were created concurrently; nothing was imported');
  }
  return { series: await bumpSeries(db, series.id, { imported: inserted }), imported: inserted };
}
