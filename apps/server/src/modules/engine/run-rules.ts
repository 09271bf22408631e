import type { Db } from '../../db/database.js';
import type { EvaluationInput, EvaluationResult } from '../rules/evaluation.types.js';
import { evaluate } from '../rules/evaluator.js';
import { addUsage, lockUsage, readUsage } from './usage.repository.js';

export type RunMode = 'apply' | 'dry';

/**
 * Evaluates with the real usage of every limit and budget the applying rules touch. The evaluator reports which usage
 * keys it read; those rows are loaded (locked, when applying) and the evaluation repeats until it reads nothing new.
 * Usage only grows, so this settles in a round or two. With the rows locked, the final result is exact: no concurrent
 * purchase can consume the same budget until this transaction ends.
 */
export async function runRules(
  db: Db,
  programId: string,
  input: Omit<EvaluationInput, 'usage'>,
  mode: RunMode,
): Promise<EvaluationResult> {
  const usage = new Map<string, { count: number; points: number }>();
  const loaded = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const result = evaluate({ ...input, usage });
    const missing = result.usageKeys.filter((k) => !loaded.has(k));
    if (missing.length === 0) return result;
    const fresh =
      mode === 'apply' ? await lockUsage(db, programId, missing) : await readUsage(db, programId, missing);
    for (const key of missing) {
      loaded.add(key);
      usage.set(key, fresh.get(key) ?? { count: 0, points: 0 });
    }
  }
  throw new Error('rule usage did not settle after 20 rounds');
}

/** Records the usage an applied evaluation consumed, in the transaction that holds the rows' locks. */
export async function consumeUsage(db: Db, programId: string, result: EvaluationResult): Promise<void> {
  await addUsage(db, programId, result.usage);
}
