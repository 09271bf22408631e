import { createHash } from 'node:crypto';
import type { Verdict } from './conditions.js';

/** A control group: `percent` of members (2 decimals) of the program or campaign whose id is `unit`. */
export interface Holdout {
  unit: string;
  percent: number;
  what: 'program' | 'campaign';
}

/**
 * A member's bucket for a unit, 0–9999: the first 32 bits of md5("<unit>:<member>") mod 10,000. The reports compute
 * the same bucket in SQL (md5 there too), so assignment is never stored and cannot drift between engine and report.
 */
export function holdoutBucket(unit: string, memberId: string): number {
  const hex = createHash('md5').update(`${unit}:${memberId}`).digest('hex').slice(0, 8);
  return Number.parseInt(hex, 16) % 10_000;
}

export function inControlGroup(h: Holdout, memberId: string): boolean {
  return h.percent > 0 && holdoutBucket(h.unit, memberId) < Math.round(h.percent * 100);
}

/** The first control group the member is in, as the rule's refusal; members in none pass. */
export function holdoutGate(holdouts: readonly Holdout[] | undefined, memberId: string): Verdict | null {
  for (const h of holdouts ?? []) {
    if (inControlGroup(h, memberId)) {
      return {
        ok: false,
        reason: `member is in the ${h.what}'s control group (${h.percent}% held out to measure uplift)`,
      };
    }
  }
  return null;
}
