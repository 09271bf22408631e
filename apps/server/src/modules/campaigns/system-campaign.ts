import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { findCampaign } from './campaigns.repository.js';
import type { CampaignDocument } from './campaigns.schemas.js';
import {
  createCampaign,
  effectiveStatus,
  publishCampaign,
  transitionCampaign,
  updateDraft,
} from './manage-campaign.js';

/** JSON with sorted keys: the stored draft comes back from jsonb with its keys reordered. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Keeps a campaign that another module derives from its own settings (tier benefits, membership benefits) in step
 * with them: created and published when first needed, republished as a new version when the document changes,
 * paused when there is nothing to award, resumed when there is again. A campaign someone ended by hand is replaced.
 * Returns the campaign's id (null while none was ever needed) and whether it was created now.
 */
export async function syncSystemCampaign(
  db: Db,
  program: Program,
  campaignId: string | null,
  doc: CampaignDocument | null,
  actor: string,
  now: Date,
): Promise<{ id: string | null; created: boolean }> {
  const row = campaignId ? await findCampaign(db, program.tenantId, campaignId, true) : undefined;
  const status = row ? effectiveStatus(row, now) : undefined;
  if (row === undefined || status === 'ended') {
    if (doc === null) return { id: row?.id ?? null, created: false };
    const made = await createCampaign(
      db,
      program.tenantId,
      { programId: program.id, ...doc, publish: true },
      actor,
      now,
    );
    return { id: made.id, created: true };
  }
  if (doc === null) {
    if (status === 'active' || status === 'scheduled') {
      await transitionCampaign(db, program.tenantId, row.id, 'pause', actor, now);
    }
    return { id: row.id, created: false };
  }
  if (canonical(row.draft) !== canonical(doc) || row.current_version === null) {
    await updateDraft(db, program.tenantId, row.id, doc, actor);
    await publishCampaign(db, program.tenantId, row.id, actor, now);
  }
  if (status === 'paused') await transitionCampaign(db, program.tenantId, row.id, 'resume', actor, now);
  return { id: row.id, created: false };
}
