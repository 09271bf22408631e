import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, fieldInvalid, unprocessable } from '../../http/problem.js';
import { applyEffects } from '../engine/apply-effects.js';
import { toEffectDto } from '../engine/effects.mapper.js';
import { evaluateActivity } from '../engine/evaluate-activity.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import type { Activity } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { tiersAfterEvent } from '../tiers/qualify.js';
import { resolvePurchaser } from '../transactions/resolve-member.js';
import { findEventType } from './event-types.repository.js';
import { assertEventProperties } from './event-types.service.js';
import {
  type EventRow,
  findEventByExternalId,
  insertEvent,
  recordEventOutcome,
} from './events.repository.js';
import type { EventCreate, EventDto } from './events.schemas.js';

export function toEventDto(e: EventRow): EventDto {
  return {
    id: e.id,
    externalId: e.external_id,
    programId: e.program_id,
    type: e.type,
    memberId: e.member_id,
    occurredAt: e.occurred_at.toISOString(),
    properties: e.properties,
    points: e.points_awarded,
    effects: e.effects as EventDto['effects'],
    createdAt: e.created_at.toISOString(),
  };
}

export function eventActivity(type: string, occurredAt: Date, properties: Record<string, unknown>): Activity {
  return { trigger: 'event', eventType: type, occurredAt, properties };
}

/** The program, registered type and member of an event, with its properties checked; shared with dry runs. */
export async function resolveEvent(
  db: Db,
  tenantId: string,
  input: EventCreate,
): Promise<{ program: Program; memberId: string }> {
  const program = await resolveProgram(db, tenantId, input.programId);
  const type = await findEventType(db, program.id, input.type);
  if (type === undefined) {
    throw unprocessable(
      'unknown_event_type',
      `Event type ${input.type} is not registered in program ${program.slug}`,
    );
  }
  assertEventProperties(type, input.properties ?? {});
  const memberId = await resolvePurchaser(db, tenantId, program, input);
  if (memberId === undefined) throw fieldInvalid('/memberId', 'required', 'memberId or identity is required');
  return { program, memberId };
}

/**
 * Records a custom event and applies the rules it triggers, exactly once per externalId: a retry answers with the
 * recorded event; the same externalId with different content is a 409.
 */
export async function recordEvent(
  db: Db,
  tenantId: string,
  input: EventCreate,
  requestHash: string,
): Promise<{ replayed: boolean; body: EventDto }> {
  const { program, memberId } = await resolveEvent(db, tenantId, input);
  const occurredAt = new Date(input.occurredAt);
  const properties = input.properties ?? {};
  const row = await insertEvent(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    member_id: memberId,
    type: input.type,
    external_id: input.externalId,
    request_hash: requestHash,
    occurred_at: occurredAt,
    properties,
  });
  if (row === undefined) {
    const existing = await findEventByExternalId(db, program.id, input.externalId);
    if (existing === undefined)
      throw new Error(`event ${input.externalId} vanished after a conflicting insert`);
    if (existing.request_hash !== requestHash) {
      throw conflict('event_exists', `Event ${input.externalId} was already recorded with other content`, {
        eventId: existing.id,
      });
    }
    return { replayed: true, body: toEventDto(existing) };
  }
  const activity = eventActivity(input.type, occurredAt, properties);
  const { result } = await evaluateActivity(db, program, memberId, activity, 'apply');
  if (result.effects.length === 0) return { replayed: false, body: toEventDto(row) };
  const applied = await applyEffects(
    db,
    {
      scope: await ledgerScope(db, program),
      memberId,
      reference: `event:${input.externalId}`,
      subject: `${input.type} ${input.externalId}`,
      occurredAt,
      idempotencyKey: `event:${row.id}`,
      journalKind: 'event',
    },
    result,
  );
  const effects = applied.effects.length > 0 ? applied.effects : result.effects.map((e) => toEffectDto(e));
  await tiersAfterEvent(db, program, { memberId, eventId: row.id, occurredAt, points: result.points });
  const done = await recordEventOutcome(db, row.id, {
    points: result.points,
    journalId: applied.journal?.id ?? null,
    effects,
  });
  return { replayed: false, body: toEventDto(done) };
}
