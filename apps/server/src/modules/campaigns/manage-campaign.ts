import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { listEventTypes } from '../events/event-types.repository.js';
import { getProgram, resolveProgram } from '../tenants/programs.service.js';
import { checkCampaignDocument, programVocabulary } from './campaign-validation.js';
import {
  type CampaignRow,
  findCampaign,
  insertCampaign,
  insertVersion,
  recordStatus,
  updateCampaign,
} from './campaigns.repository.js';
import type { CampaignCreate, CampaignDocument, CampaignStatusValue } from './campaigns.schemas.js';
import { forgetRuleSet } from './rule-set.service.js';

async function validate(db: Db, tenantId: string, programId: string, doc: CampaignDocument, prefix = '') {
  const program = await getProgram(db, tenantId, programId);
  const types = await listEventTypes(db, program.id);
  checkCampaignDocument(
    doc,
    await programVocabulary(
      db,
      program,
      types.map((t) => t.type),
    ),
    prefix,
  );
}

const asRecord = (doc: CampaignDocument) => doc as unknown as Record<string, unknown>;

/** Creates a draft campaign (and publishes version 1 at once if asked), all in the caller's transaction. */
export async function createCampaign(
  db: Db,
  tenantId: string,
  input: CampaignCreate,
  actor: string,
  now = new Date(),
) {
  const program = await resolveProgram(db, tenantId, input.programId);
  const { programId: _p, publish, ...doc } = input;
  await validate(db, tenantId, program.id, doc);
  const row = await insertCampaign(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    kind: 'standard',
    name: doc.name,
    description: doc.description ?? null,
    status: 'draft',
    draft: asRecord(doc),
    current_version: null,
  });
  await recordStatus(db, row.id, 'draft', now, actor);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'campaign.created',
    subjectType: 'campaign',
    subjectId: row.id,
  });
  return publish ? publishCampaign(db, tenantId, row.id, actor, now) : row;
}

/** Replaces the draft. The published versions (and what they awarded) are untouched until the next publish. */
export async function updateDraft(
  db: Db,
  tenantId: string,
  id: string,
  doc: CampaignDocument,
  actor: string,
) {
  const row = await findCampaign(db, tenantId, id, true);
  if (row === undefined) throw notFound('campaign', id);
  if (row.status === 'ended')
    throw conflict('campaign_ended', `Campaign '${row.name}' has ended; create a new one`);
  await validate(db, tenantId, row.program_id, doc);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'campaign.draft_saved',
    subjectType: 'campaign',
    subjectId: id,
  });
  return updateCampaign(db, id, {
    draft: asRecord(doc),
    name: doc.name,
    description: doc.description ?? null,
  });
}

/**
 * Freezes the draft into the next immutable version; from now on rules apply from it (ledger entries reference it).
 * A draft becomes scheduled or active; a paused campaign stays paused with its new version ready.
 */
export async function publishCampaign(db: Db, tenantId: string, id: string, actor: string, now = new Date()) {
  const row = await findCampaign(db, tenantId, id, true);
  if (row === undefined) throw notFound('campaign', id);
  if (row.status === 'ended')
    throw conflict('campaign_ended', `Campaign '${row.name}' has ended; create a new one`);
  const doc = row.draft as unknown as CampaignDocument;
  await validate(db, tenantId, row.program_id, doc);
  const version = (row.current_version ?? 0) + 1;
  await insertVersion(db, {
    id: uuidv7(),
    campaign_id: row.id,
    version,
    document: asRecord(doc),
    published_at: now,
    published_by: actor,
  });
  let status = row.status;
  if (status === 'draft') {
    status = doc.schedule?.start && new Date(doc.schedule.start) > now ? 'scheduled' : 'active';
    await recordStatus(db, row.id, status, now, actor);
  }
  forgetRuleSet(row.program_id);
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'campaign.published',
    subjectType: 'campaign',
    subjectId: id,
    details: { version },
  });
  return updateCampaign(db, id, { current_version: version, status });
}

const TRANSITIONS: Record<
  'pause' | 'resume' | 'end',
  { from: CampaignStatusValue[]; to: CampaignStatusValue }
> = {
  pause: { from: ['scheduled', 'active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  end: { from: ['draft', 'scheduled', 'active', 'paused'], to: 'ended' },
};

/** Pause, resume or end; each change is recorded with its time, so evaluation "as of" a past time sees it. */
export async function transitionCampaign(
  db: Db,
  tenantId: string,
  id: string,
  action: 'pause' | 'resume' | 'end',
  actor: string,
  now = new Date(),
): Promise<CampaignRow> {
  const row = await findCampaign(db, tenantId, id, true);
  if (row === undefined) throw notFound('campaign', id);
  const t = TRANSITIONS[action];
  const status = effectiveStatus(row, now);
  if (!t.from.includes(status)) {
    throw conflict('invalid_transition', `Cannot ${action} campaign '${row.name}': it is ${status}`, {
      currentStatus: status,
    });
  }
  await recordStatus(db, row.id, t.to, now, actor);
  forgetRuleSet(row.program_id);
  await recordAudit(db, {
    tenantId,
    actor,
    action: `campaign.${action}`,
    subjectType: 'campaign',
    subjectId: id,
  });
  return updateCampaign(db, id, { status: t.to });
}

/** The stored status, advanced by the clock: a scheduled campaign whose start passed is active; past its end, ended. */
export function effectiveStatus(row: CampaignRow, now = new Date()): CampaignStatusValue {
  if (row.status === 'draft' || row.status === 'ended' || row.status === 'paused') return row.status;
  const doc = row.draft as unknown as CampaignDocument;
  if (doc.schedule?.end && new Date(doc.schedule.end) <= now) return 'ended';
  if (row.status === 'scheduled' && (!doc.schedule?.start || new Date(doc.schedule.start) <= now))
    return 'active';
  return row.status;
}
