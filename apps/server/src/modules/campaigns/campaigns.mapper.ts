import type { Db } from '../../db/database.js';
import { type CampaignRow, type VersionRow, versionsOf } from './campaigns.repository.js';
import type { CampaignDto } from './campaigns.schemas.js';
import { effectiveStatus } from './manage-campaign.js';

export function toCampaignDto(row: CampaignRow, versions: VersionRow[], now = new Date()): CampaignDto {
  const mine = versions.filter((v) => v.campaign_id === row.id);
  const latest = mine[mine.length - 1];
  return {
    id: row.id,
    programId: row.program_id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    status: effectiveStatus(row, now),
    currentVersion: row.current_version,
    draft: row.draft as unknown as CampaignDto['draft'],
    draftChanged: latest === undefined || JSON.stringify(latest.document) !== JSON.stringify(row.draft),
    versions: mine.map((v) => ({
      id: v.id,
      version: v.version,
      publishedAt: v.published_at.toISOString(),
      publishedBy: v.published_by,
    })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function campaignDtos(db: Db, rows: CampaignRow[]): Promise<CampaignDto[]> {
  const versions = await versionsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCampaignDto(r, versions));
}

export async function campaignDto(db: Db, row: CampaignRow): Promise<CampaignDto> {
  const [dto] = await campaignDtos(db, [row]);
  if (dto === undefined) throw new Error('campaign vanished');
  return dto;
}
