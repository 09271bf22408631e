import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/components.js';
import type { LeafSegmentCondition } from '../api-types.js';
import { ChoiceSelect, CodePicker, ConditionFrame, QUANTIFIERS } from '../condition-fields.js';
import { ListInput, NumberInput } from '../inputs.js';
import type { Option } from '../options.js';
import { CheckboxGroup } from '../widgets.js';
import { AttributeLeafFields, MetricLeafFields, ProfileLeafFields, RfmLeafFields } from './leaf-fields.js';
import {
  CONSENTS,
  formKindOf,
  LOYALTY_TYPES,
  newLeaf,
  SEGMENT_KINDS,
  type SegmentRow,
} from './segment-model.js';

/** One condition of a segment: who is in it, by profile, consent, tier, metric, RFM, CLV, churn, type or category. */
export function SegmentConditionEditor({
  row,
  position,
  tiers,
  onChange,
  onRemove,
}: {
  row: SegmentRow;
  position: number;
  tiers: Option[];
  onChange: (row: SegmentRow) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('manage');
  const leaf = row.leaf;
  const set = (next: LeafSegmentCondition) => onChange({ ...row, leaf: next });
  const kind = formKindOf(leaf);
  let fields: React.ReactNode = null;
  switch (leaf.kind) {
    case 'profile':
      fields = <ProfileLeafFields leaf={leaf} set={set} />;
      break;
    case 'attribute':
      fields = <AttributeLeafFields leaf={leaf} set={set} />;
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
          <label className="check inline-check">
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
    case 'tag':
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
            onChange={(tags) => set({ ...leaf, tags })}
          />
        </div>
      );
      break;
    case 'tier':
      fields = (
        <CodePicker
          label={t('conditions.tiers')}
          options={tiers}
          value={leaf.tiers}
          onChange={(v) => set({ ...leaf, tiers: v })}
        />
      );
      break;
    case 'metric':
      fields = <MetricLeafFields leaf={leaf} set={set} showMetric={kind === 'metric'} />;
      break;
    case 'rfm':
      fields = <RfmLeafFields leaf={leaf} set={set} />;
      break;
    case 'loyalty_type':
      fields = (
        <CheckboxGroup
          legend={t('segments.loyaltyTypes')}
          options={LOYALTY_TYPES.map((ty) => ({ value: ty, label: t(`loyaltyTypes.${ty}`) }))}
          value={leaf.types}
          onChange={(types) => set({ ...leaf, types })}
        />
      );
      break;
    case 'category':
      fields = (
        <div className="form-row">
          <ListInput
            label={t('conditions.categories')}
            value={leaf.categories}
            onChange={(categories) => set({ ...leaf, categories })}
          />
          <Field label={t('segments.bought')}>
            {(props) => (
              <select
                {...props}
                value={leaf.bought ? 'yes' : 'no'}
                onChange={(e) => set({ ...leaf, bought: e.target.value === 'yes' })}
              >
                <option value="yes">{t('segments.boughtYes')}</option>
                <option value="no">{t('segments.boughtNo')}</option>
              </select>
            )}
          </Field>
          <NumberInput
            label={t('segments.withinDays')}
            hint={t('segments.withinDaysHint')}
            integer
            value={leaf.withinDays}
            onChange={(withinDays) => {
              const { withinDays: _w, ...rest } = leaf;
              set(withinDays !== undefined ? { ...rest, withinDays } : rest);
            }}
          />
        </div>
      );
      break;
  }

  return (
    <ConditionFrame
      position={position}
      kind={kind}
      kinds={SEGMENT_KINDS}
      kindPrefix="segments.kinds"
      onKind={(next) => set(newLeaf(next))}
      negate={row.negate}
      onNegate={(negate) => onChange({ ...row, negate })}
      onRemove={onRemove}
    >
      {fields}
    </ConditionFrame>
  );
}
