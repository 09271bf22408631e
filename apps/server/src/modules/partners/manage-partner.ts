import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { type CreatedApiKey, createApiKey } from '../api-keys/api-keys.service.js';
import { recordAudit } from '../audit/audit.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { syncPartnerRule } from './earn-rules.js';
import { findPartner, insertPartner, type PartnerRow, updatePartner } from './partners.repository.js';
import type { PartnerCreate, PartnerDto, PartnerPatch } from './partners.schemas.js';

export function toPartnerDto(p: PartnerRow): PartnerDto {
  return {
    id: p.id,
    programId: p.program_id,
    code: p.code,
    name: p.name,
    status: p.status,
    earnRate: { points: p.earn_points, perMinor: p.earn_per_minor, rounding: p.earn_rounding },
    issueValue: { minor: p.issue_value_minor, points: p.issue_value_points },
    redeemValue: { minor: p.redeem_value_minor, points: p.redeem_value_points },
    campaignId: p.campaign_id,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

/** Creates a partner and publishes its earn rule, in the caller's transaction. The code is unique per program. */
export async function createPartner(
  db: Db,
  tenantId: string,
  programId: string,
  input: PartnerCreate,
  actor: string,
): Promise<PartnerRow> {
  const program = await getProgram(db, tenantId, programId);
  const row = await insertPartner(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    code: input.code,
    name: input.name,
    status: 'active',
    campaign_id: null,
    earn_points: input.earnRate.points,
    earn_per_minor: input.earnRate.perMinor,
    earn_rounding: input.earnRate.rounding ?? 'floor',
    issue_value_minor: input.issueValue.minor,
    issue_value_points: input.issueValue.points,
    redeem_value_minor: input.redeemValue.minor,
    redeem_value_points: input.redeemValue.points,
  });
  if (row === undefined) {
    throw conflict('partner_exists', `This program already has a partner with code '${input.code}'`, {}, [
      { field: '/code', in: 'body', code: 'unique', message: 'already used in this program' },
    ]);
  }
  const campaignId = await syncPartnerRule(db, program, row, actor);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'partner.created',
    subjectType: 'partner',
    subjectId: row.id,
  });
  return updatePartner(db, row.id, { campaign_id: campaignId });
}

/** Changes a partner. A new earn rate (or a suspension) publishes the next version of the earn rules from now on. */
export async function patchPartner(
  db: Db,
  tenantId: string,
  programId: string,
  id: string,
  input: PartnerPatch,
  actor: string,
): Promise<PartnerRow> {
  const program = await getProgram(db, tenantId, programId);
  const before = await findPartner(db, tenantId, program.id, id, true);
  if (before === undefined) throw notFound('partner', id);
  const row = await updatePartner(db, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.earnRate
      ? {
          earn_points: input.earnRate.points,
          earn_per_minor: input.earnRate.perMinor,
          earn_rounding: input.earnRate.rounding ?? 'floor',
        }
      : {}),
    ...(input.issueValue
      ? { issue_value_minor: input.issueValue.minor, issue_value_points: input.issueValue.points }
      : {}),
    ...(input.redeemValue
      ? { redeem_value_minor: input.redeemValue.minor, redeem_value_points: input.redeemValue.points }
      : {}),
  });
  const ruleChanged =
    row.name !== before.name ||
    row.status !== before.status ||
    row.earn_points !== before.earn_points ||
    row.earn_per_minor !== before.earn_per_minor ||
    row.earn_rounding !== before.earn_rounding;
  if (ruleChanged) await syncPartnerRule(db, program, row, actor);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'partner.updated',
    subjectType: 'partner',
    subjectId: id,
    details: { ...input },
  });
  return row;
}

/** Issues an API key that acts only for this partner (see partner-access.ts); the secret is returned once. */
export async function createPartnerKey(
  db: Db,
  tenantId: string,
  programId: string,
  partnerId: string,
  name: string,
  actor: string,
): Promise<CreatedApiKey> {
  const program = await getProgram(db, tenantId, programId);
  const partner = await findPartner(db, tenantId, program.id, partnerId);
  if (partner === undefined) throw notFound('partner', partnerId);
  const key = await createApiKey(db, { tenantId, name, scope: 'server', partnerId: partner.id });
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'partner.key_created',
    subjectType: 'partner',
    subjectId: partner.id,
    details: { keyId: key.id },
  });
  return key;
}
