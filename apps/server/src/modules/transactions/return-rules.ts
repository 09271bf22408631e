import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { applyEffects } from '../engine/apply-effects.js';
import { evaluateActivity } from '../engine/evaluate-activity.js';
import { purchaseActivity } from '../engine/purchase-activity.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { getProgram } from '../tenants/programs.service.js';
import { factsOf } from './award-points.js';
import type { LineRow, TransactionRow } from './transactions.repository.js';

/**
 * Applies the rules triggered by a return (a tag for serial returners, an event for a webhook, …) in the return's
 * transaction. The returned lines and amount are the activity; the clawback itself is not a rule's business.
 */
export async function applyReturnRules(
  db: Db,
  tx: TransactionRow,
  returned: { line: LineRow; quantity: number; net: number }[],
  amount: number,
  ret: { id: string; externalId: string },
  now: Date,
): Promise<void> {
  if (tx.member_id === null) return;
  const program = await getProgram(db, tx.tenant_id, tx.program_id);
  const rules = await liveRules(db, program);
  if (!rules.some((r) => r.rule.trigger.type === 'return')) return;
  const facts = factsOf(
    tx,
    returned.map((r) => r.line),
  );
  const activity = {
    ...purchaseActivity(
      {
        ...facts,
        occurredAt: now,
        lines: facts.lines.map((l, i) => ({
          ...l,
          quantity: returned[i]?.quantity ?? 0,
          net: returned[i]?.net ?? 0,
        })),
      },
      'return',
    ),
    total: amount,
  };
  const { result } = await evaluateActivity(db, program, tx.member_id, activity, 'apply');
  if (result.effects.length === 0) return;
  await applyEffects(
    db,
    {
      scope: await ledgerScope(db, program),
      memberId: tx.member_id,
      reference: `return:${ret.externalId}`,
      subject: `return ${ret.externalId}`,
      occurredAt: now,
      idempotencyKey: `return-rules:${ret.id}`,
      journalKind: 'bonus',
    },
    result,
  );
}
