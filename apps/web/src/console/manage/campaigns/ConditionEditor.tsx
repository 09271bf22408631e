import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { LeafRuleCondition } from '../api-types.js';
import { ChoiceSelect, CodePicker, ConditionFrame, NUM_OPS, QUANTIFIERS } from '../condition-fields.js';
import { ListInput, MoneyInput, NumberInput, weekdayOptions } from '../inputs.js';
import type { Option } from '../options.js';
import { CheckboxGroup } from '../widgets.js';
import { newCondition } from './campaign-defaults.js';
import { type ConditionRow, FORM_CONDITION_KINDS } from './campaign-model.js';

const MONEY_FIELDS = ['total', 'subtotal', 'discount'];
const ACTIVITY_FIELDS = ['total', 'subtotal', 'discount', 'itemCount', 'lineCount'] as const;
const COUNTERS = ['purchases', 'events', 'lifetimePoints', 'balance'] as const;
const CONSENTS = ['marketingEmail', 'sms', 'push', 'profiling'];

/** One condition of a rule, edited with the fields of its kind; "not" negates it. */
export function ConditionEditor({
  row,
  onChange,
  onRemove,
  tiers,
  segments,
  position,
}: {
  row: ConditionRow;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
  tiers: Option[];
  segments: Option[];
  position: number;
}) {
  const { t, i18n } = useTranslation('manage');
  const { program } = useProgram();
  const leaf = row.leaf;
  const set = (next: LeafRuleCondition) => onChange({ ...row, leaf: next });
  let fields: React.ReactNode = null;
  switch (leaf.kind) {
    case 'activity': {
      const money = MONEY_FIELDS.includes(leaf.field);
      const value = typeof leaf.value === 'number' ? leaf.value : undefined;
      fields = (
        <div className="form-row">
          <ChoiceSelect
            label={t('conditions.field')}
            value={leaf.field}
            options={ACTIVITY_FIELDS}
            prefix="conditions.fields"
            onChange={(field) => set({ ...leaf, field })}
          />
          <ChoiceSelect
            label={t('conditions.op')}
            value={leaf.op as (typeof NUM_OPS)[number]}
            options={NUM_OPS}
            prefix="ops"
            onChange={(op) => set({ ...leaf, op })}
          />
          {money ? (
            <MoneyInput
              label={t('conditions.amount')}
              currency={program.currency}
              value={value}
              onChange={(v) => set({ ...leaf, value: v ?? 0 })}
            />
          ) : (
            <NumberInput
              label={t('conditions.value')}
              integer
              value={value}
              onChange={(v) => set({ ...leaf, value: v ?? 0 })}
            />
          )}
        </div>
      );
      break;
    }
    case 'items':
      fields = (
        <div className="form-row">
          <ChoiceSelect
            label={t('conditions.itemsQuantifier')}
            value={leaf.quantifier}
            options={QUANTIFIERS}
            prefix="quantifiers"
            onChange={(quantifier) => set({ ...leaf, quantifier })}
          />
          <ListInput
            label={t('conditions.categories')}
            value={leaf.match.categories}
            onChange={(v) => set({ ...leaf, match: trimMatch({ ...leaf.match, categories: v }) })}
          />
          <ListInput
            label={t('conditions.brands')}
            value={leaf.match.brands}
            onChange={(v) => set({ ...leaf, match: trimMatch({ ...leaf.match, brands: v }) })}
          />
          <ListInput
            label={t('conditions.skus')}
            value={leaf.match.skus}
            onChange={(v) => set({ ...leaf, match: trimMatch({ ...leaf.match, skus: v }) })}
          />
        </div>
      );
      break;
    case 'channel':
      fields = (
        <ListInput
          label={t('conditions.channels')}
          value={leaf.channels}
          onChange={(v) => set({ ...leaf, channels: v })}
          hint={t('conditions.channelsHint')}
        />
      );
      break;
    case 'store':
      fields = (
        <ListInput
          label={t('conditions.stores')}
          value={leaf.stores}
          onChange={(v) => set({ ...leaf, stores: v })}
        />
      );
      break;
    case 'member_tier':
      fields = (
        <CodePicker
          label={t('conditions.tiers')}
          options={tiers}
          value={leaf.tiers}
          onChange={(v) => set({ ...leaf, tiers: v })}
        />
      );
      break;
    case 'member_segment':
      fields = (
        <>
          <ChoiceSelect
            label={t('conditions.segmentMatch')}
            value={leaf.match}
            options={QUANTIFIERS}
            prefix="quantifiers"
            onChange={(match) => set({ ...leaf, match })}
          />
          <CodePicker
            label={t('conditions.segments')}
            options={segments}
            value={leaf.segments}
            onChange={(v) => set({ ...leaf, segments: v })}
          />
        </>
      );
      break;
    case 'member_tag':
      fields = (
        <div className="form-row">
          <ChoiceSelect
            label={t('conditions.tagMatch')}
            value={leaf.match}
            options={QUANTIFIERS}
            prefix="quantifiers"
            onChange={(match) => set({ ...leaf, match })}
          />
          <ListInput
            label={t('conditions.tags')}
            value={leaf.tags}
            onChange={(v) => set({ ...leaf, tags: v })}
          />
        </div>
      );
      break;
    case 'days_of_week':
      fields = (
        <CheckboxGroup
          legend={t('conditions.days')}
          options={weekdayOptions(i18n.language)}
          value={leaf.days}
          onChange={(v) => set({ ...leaf, days: [...v].sort() })}
        />
      );
      break;
    case 'time_of_day':
    case 'date_range': {
      const type = leaf.kind === 'time_of_day' ? 'time' : 'date';
      fields = (
        <div className="form-row">
          <Field label={t('conditions.from')}>
            {(props) => (
              <input
                {...props}
                type={type}
                value={leaf.from ?? ''}
                onChange={(e) => set(withBound(leaf, 'from', e.target.value))}
              />
            )}
          </Field>
          <Field
            label={t('conditions.to')}
            hint={leaf.kind === 'time_of_day' ? t('conditions.toHint') : undefined}
          >
            {(props) => (
              <input
                {...props}
                type={type}
                value={leaf.to ?? ''}
                onChange={(e) => set(withBound(leaf, 'to', e.target.value))}
              />
            )}
          </Field>
        </div>
      );
      break;
    }
    case 'member_counter':
      fields = (
        <div className="form-row">
          <ChoiceSelect
            label={t('conditions.counter')}
            value={leaf.counter}
            options={COUNTERS}
            prefix="conditions.counters"
            onChange={(counter) => set({ ...leaf, counter })}
          />
          <ChoiceSelect
            label={t('conditions.op')}
            value={leaf.op as (typeof NUM_OPS)[number]}
            options={NUM_OPS}
            prefix="ops"
            onChange={(op) => set({ ...leaf, op })}
          />
          <NumberInput
            label={t('conditions.value')}
            integer
            value={leaf.value}
            onChange={(v) => set({ ...leaf, value: v ?? 0 })}
          />
        </div>
      );
      break;
    case 'consent':
      fields = (
        <div className="form-row">
          <ChoiceSelect
            label={t('conditions.purpose')}
            value={leaf.purpose}
            options={CONSENTS}
            prefix="consents"
            onChange={(purpose) => set({ ...leaf, purpose })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={leaf.granted}
              onChange={(e) => set({ ...leaf, granted: e.target.checked })}
            />
            {t('conditions.granted')}
          </label>
        </div>
      );
      break;
  }

  return (
    <ConditionFrame
      position={position}
      kind={leaf.kind}
      kinds={FORM_CONDITION_KINDS}
      kindPrefix="conditions.kinds"
      onKind={(kind) => set(newCondition(kind))}
      negate={row.negate}
      onNegate={(negate) => onChange({ ...row, negate })}
      onRemove={onRemove}
    >
      {fields}
    </ConditionFrame>
  );
}

function trimMatch<M extends Record<string, string[] | undefined>>(match: M): M {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(match)) if (value && value.length > 0) out[key] = value;
  return out as M;
}

function withBound<L extends Extract<LeafRuleCondition, { kind: 'time_of_day' | 'date_range' }>>(
  leaf: L,
  bound: 'from' | 'to',
  value: string,
): L {
  if (leaf.kind === 'time_of_day') return { ...leaf, [bound]: value };
  const next = { ...leaf } as Record<string, unknown>;
  if (value === '') delete next[bound];
  else next[bound] = value;
  return next as L;
}
