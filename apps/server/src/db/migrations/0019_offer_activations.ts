import { type Kysely, sql } from 'kysely';

/**
 * Targeted offers a member activates ("activate: 3× points on children's clothing this month"): an offer campaign
 * that requires activation rewards only the members with a row here. One row per member and campaign.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE offer_activations (
      campaign_id uuid NOT NULL REFERENCES campaigns(id),
      member_id uuid NOT NULL REFERENCES members(id),
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      program_id uuid NOT NULL REFERENCES programs(id),
      channel text,
      activated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (member_id, campaign_id)
    )`.execute(db);
  await sql`CREATE INDEX offer_activations_campaign ON offer_activations (campaign_id)`.execute(db);
}
