import type { Activity, ActivityLine, EvaluationResult, LiveRule } from '../rules/evaluation.types.js';
import type { LineMatch } from '../rules/rule.schemas.js';

export interface PurchaseFacts {
  occurredAt: Date;
  currency: string;
  channel: string | null;
  storeId: string | null;
  paymentMethod: string | null;
  lines: ActivityLine[];
  /** The coalition partner, if the purchase was made at one. */
  partnerId?: string | null;
}

/** Request lines (optional fields absent) as the evaluator's lines, with their net. */
export function activityLines(
  lines: {
    sku: string;
    category?: string | undefined;
    brand?: string | undefined;
    quantity: number;
    unitPrice: number;
    discount?: number | undefined;
  }[],
): ActivityLine[] {
  return lines.map((l) => ({
    sku: l.sku,
    category: l.category ?? null,
    brand: l.brand ?? null,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount ?? 0,
    net: l.quantity * l.unitPrice - (l.discount ?? 0),
  }));
}

/** A purchase as the evaluator sees it: lines with their net, and the totals they add up to. */
export function purchaseActivity(p: PurchaseFacts, trigger: 'purchase' | 'return' = 'purchase'): Activity {
  const subtotal = p.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const discount = p.lines.reduce((s, l) => s + l.discount, 0);
  return {
    trigger,
    occurredAt: p.occurredAt,
    currency: p.currency,
    channel: p.channel,
    storeId: p.storeId,
    partnerId: p.partnerId ?? null,
    paymentMethod: p.paymentMethod,
    lines: p.lines,
    subtotal,
    discount,
    total: subtotal - discount,
  };
}

function exclusionOf(line: ActivityLine, rules: LiveRule[]): string | null {
  for (const r of rules) {
    if (!r.base) continue;
    for (const e of r.rule.effects) {
      const m: LineMatch | undefined = 'match' in e ? e.match : undefined;
      if (m?.excludeSkus?.includes(line.sku)) return `SKU ${line.sku} does not earn points`;
      if (line.category && m?.excludeCategories?.includes(line.category))
        return `category ${line.category} does not earn points`;
    }
  }
  return null;
}

/** Per line: which rules gave it how many points, or why it earned none. */
export function lineExplanations(activity: Activity, result: EvaluationResult, rules: LiveRule[]): string[] {
  return (activity.lines ?? []).map((line, i) => {
    const parts = result.effects.flatMap((e) =>
      e.kind === 'points' && !e.money && e.lines && (e.lines[i] ?? 0) > 0
        ? [`+${e.lines[i]} ${e.ref.ruleName}`]
        : [],
    );
    if (parts.length > 0) return parts.join(', ');
    return exclusionOf(line, rules) ?? 'no rule awards points for this item';
  });
}
