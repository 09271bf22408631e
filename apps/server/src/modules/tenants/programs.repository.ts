import type { Db } from '../../db/database.js';
import type { AttributeField } from '../../db/schema.js';

export interface Program {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  pointName: string;
  pointValueMinor: number;
  pointValuePoints: number;
  defaultCountry: string | null;
  attributeSchema: AttributeField[];
  isDefault: boolean;
  /** Percent of members in the program's control group (0 = none): no rule rewards them. */
  holdoutPercent: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewProgram = Omit<Program, 'createdAt' | 'updatedAt' | 'holdoutPercent'>;
export type ProgramChanges = Partial<
  Pick<
    Program,
    | 'name'
    | 'timezone'
    | 'pointName'
    | 'pointValueMinor'
    | 'pointValuePoints'
    | 'defaultCountry'
    | 'attributeSchema'
    | 'holdoutPercent'
  >
>;

const columns = [
  'id',
  'tenant_id as tenantId',
  'slug',
  'name',
  'currency',
  'timezone',
  'point_name as pointName',
  'point_value_minor as pointValueMinor',
  'point_value_points as pointValuePoints',
  'default_country as defaultCountry',
  'attribute_schema as attributeSchema',
  'is_default as isDefault',
  'holdout_percent as holdoutPercent',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

/** Returns undefined when the slug is taken in this tenant (or, for a default program, a default exists). */
export async function insertProgram(db: Db, p: NewProgram): Promise<Program | undefined> {
  return db
    .insertInto('programs')
    .values({
      id: p.id,
      tenant_id: p.tenantId,
      slug: p.slug,
      name: p.name,
      currency: p.currency,
      timezone: p.timezone,
      point_name: p.pointName,
      point_value_minor: p.pointValueMinor,
      point_value_points: p.pointValuePoints,
      default_country: p.defaultCountry,
      attribute_schema: JSON.stringify(p.attributeSchema),
      is_default: p.isDefault,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function findProgram(db: Db, tenantId: string, id: string): Promise<Program | undefined> {
  return db
    .selectFrom('programs')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDefaultProgram(db: Db, tenantId: string): Promise<Program | undefined> {
  return db
    .selectFrom('programs')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('is_default', '=', true)
    .executeTakeFirst();
}

export async function listPrograms(db: Db, tenantId: string): Promise<Program[]> {
  return db
    .selectFrom('programs')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

export async function updateProgram(
  db: Db,
  tenantId: string,
  id: string,
  changes: ProgramChanges,
): Promise<Program | undefined> {
  return db
    .updateTable('programs')
    .set({
      name: changes.name,
      timezone: changes.timezone,
      point_name: changes.pointName,
      point_value_minor: changes.pointValueMinor,
      point_value_points: changes.pointValuePoints,
      default_country: changes.defaultCountry,
      attribute_schema:
        changes.attributeSchema === undefined ? undefined : JSON.stringify(changes.attributeSchema),
      holdout_percent: changes.holdoutPercent,
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

/** Every program of every tenant: for background jobs that sweep the whole deployment. */
export async function listAllPrograms(db: Db): Promise<Program[]> {
  return db.selectFrom('programs').select(columns).orderBy('created_at').execute();
}
