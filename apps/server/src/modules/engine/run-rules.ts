import type { Db } from '../../db/database.js';
import type { EvaluationInput, EvaluationResult, UsageDelta } from '../rules/evaluation.types.js';
import { evaluate } from '../rules/evaluator.js';
import { addUsage, lockAndAddUsage, readUsage, type Usage } from './usage.repository.js';

export type RunMode = 'apply' | 'dry';

type Input = Omit<EvaluationInput, 'usage'>;
const ZERO = { count: 0, points: 0 };

function byKey(deltas: UsageDelta[]): Usage {
  const out: Usage = new Map();
  for (const d of deltas) {
    const s = out.get(d.key) ?? ZERO;
    out.set(d.key, { count: s.count + d.count, points: s.points + d.points });
  }
  return out;
}

/**
 * A first, optimistic evaluation: as if no limit or budget had been used. `pending` is what it would consume of the
 * usage keys it read; the caller writes it (locking the rows and learning their previous usage) and finishes the run
 * with finishRules. A purchase does that write inside its own insert statement, saving a round trip.
 */
export interface RulesPlan {
  input: Input;
  result: EvaluationResult;
  pending: Usage;
}

export function planRules(input: Input): RulesPlan {
  const result = evaluate({ ...input, usage: new Map() });
  const proposed = byKey(result.usage);
  return { input, result, pending: new Map(result.usageKeys.map((k) => [k, proposed.get(k) ?? ZERO])) };
}

/**
 * Finishes a plan once its pending usage was added to the (now locked) rows, given their usage before. The evaluation
 * is repeated with that real usage; when limits do not bind (the usual case) it proposes the same and nothing more is
 * written. Otherwise any further keys are locked the same way and the rows are corrected to what the final evaluation
 * consumes. Usage only grows, so this settles in a round or two; with the rows locked, the result is exact: no
 * concurrent purchase can consume the same budget until this transaction ends.
 */
export async function finishRules(
  db: Db,
  programId: string,
  plan: RulesPlan,
  before: Usage,
): Promise<EvaluationResult> {
  if (plan.pending.size === 0) return plan.result;
  const usage: Usage = new Map();
  const written: Usage = new Map(plan.pending);
  for (const key of plan.pending.keys()) usage.set(key, before.get(key) ?? ZERO);
  for (let round = 0; round < 20; round++) {
    const result = evaluate({ ...plan.input, usage });
    const missing = result.usageKeys.filter((k) => !usage.has(k));
    const proposed = byKey(result.usage);
    if (missing.length === 0) {
      // Consuming exactly what the plan consumed means every rule applied as planned: keep the plan's result.
      return (await settle(db, programId, proposed, written)) || round > 0 ? result : plan.result;
    }
    const add = new Map(missing.map((k) => [k, proposed.get(k) ?? ZERO]));
    const fresh = await lockAndAddUsage(db, programId, add);
    for (const key of missing) {
      usage.set(key, fresh.get(key) ?? ZERO);
      written.set(key, add.get(key) ?? ZERO);
    }
  }
  throw new Error('rule usage did not settle after 20 rounds');
}

/** Evaluates with the real usage of every limit and budget the applying rules touch; when applying, consumes it. */
export async function runRules(
  db: Db,
  programId: string,
  input: Input,
  mode: RunMode,
): Promise<EvaluationResult> {
  if (mode === 'apply') {
    const plan = planRules(input);
    if (plan.pending.size === 0) return plan.result;
    return finishRules(db, programId, plan, await lockAndAddUsage(db, programId, plan.pending));
  }
  const usage: Usage = new Map();
  for (let round = 0; round < 20; round++) {
    const result = evaluate({ ...input, usage });
    const missing = result.usageKeys.filter((k) => !usage.has(k));
    if (missing.length === 0) return result;
    const fresh = await readUsage(db, programId, missing);
    for (const key of missing) usage.set(key, fresh.get(key) ?? ZERO);
  }
  throw new Error('rule usage did not settle after 20 rounds');
}

/**
 * Brings the locked rows from what was written optimistically to what the final evaluation consumes; true if that
 * took a correction.
 */
async function settle(db: Db, programId: string, final: Usage, written: Usage): Promise<boolean> {
  const corrections: UsageDelta[] = [];
  for (const key of new Set([...final.keys(), ...written.keys()])) {
    const want = final.get(key) ?? ZERO;
    const have = written.get(key) ?? ZERO;
    if (want.count !== have.count || want.points !== have.points) {
      corrections.push({ key, count: want.count - have.count, points: want.points - have.points });
    }
  }
  await addUsage(db, programId, corrections);
  return corrections.length > 0;
}

/** Gives back usage that was written for something that turned out to be a replay. */
export async function releaseUsage(db: Db, programId: string, written: Usage): Promise<void> {
  await addUsage(
    db,
    programId,
    [...written].map(([key, u]) => ({ key, count: -u.count, points: -u.points })),
  );
}
