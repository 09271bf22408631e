import type { ConsentRecord } from '../../db/schema.js';
import { CONSENT_KINDS, type MemberCreate } from './members.schemas.js';

/**
 * Applies consent changes on top of the current ones. Each consent records when and through which channel it was
 * given or withdrawn — the proof a regulator asks for.
 */
export function applyConsents(
  current: Record<string, ConsentRecord>,
  input: MemberCreate['consents'],
  defaultSource: string,
  now: Date,
): Record<string, ConsentRecord> {
  const next = { ...current };
  for (const kind of CONSENT_KINDS) {
    const change = input?.[kind];
    if (change === undefined) continue;
    next[kind] = {
      granted: change.granted,
      at: change.at ? new Date(change.at).toISOString() : now.toISOString(),
      source: change.source ?? defaultSource,
    };
  }
  return next;
}
