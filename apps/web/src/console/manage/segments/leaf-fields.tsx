import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { LeafSegmentCondition } from '../api-types.js';
import { ChoiceSelect, NUM_OPS } from '../condition-fields.js';
import { ListInput, MoneyInput, NumberInput } from '../inputs.js';
import { CheckboxGroup } from '../widgets.js';
import { METRICS, MONEY_METRICS, PROFILE_FIELDS, RATIO_METRICS, RFM_SEGMENTS } from './segment-model.js';

/** The fields of the richer segment condition kinds: profile, attribute, metric (with CLV and churn), RFM. */
const PROFILE_OPS = ['exists', 'not_exists', 'eq', 'ne', 'in', 'not_in'] as const;
const ATTRIBUTE_OPS = ['exists', 'not_exists', 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
type Score = { min?: number; max?: number };
type Leaf<K extends LeafSegmentCondition['kind']> = Extract<LeafSegmentCondition, { kind: K }>;
interface Props<K extends LeafSegmentCondition['kind']> {
  leaf: Leaf<K>;
  set: (leaf: LeafSegmentCondition) => void;
}

export function ProfileLeafFields({ leaf, set }: Props<'profile'>) {
  const { t } = useTranslation('manage');
  const multi = leaf.op === 'in' || leaf.op === 'not_in';
  const noValue = leaf.op === 'exists' || leaf.op === 'not_exists';
  return (
    <div className="form-row">
      {
        <ChoiceSelect
          label={t('segments.profileField')}
          value={leaf.field}
          options={PROFILE_FIELDS}
          prefix="segments.profileFields"
          onChange={(field) => set({ ...leaf, field })}
        />
      }
      {
        <ChoiceSelect
          label={t('conditions.op')}
          value={leaf.op}
          options={PROFILE_OPS}
          prefix="ops"
          onChange={(op) => {
            const { value: _v, ...rest } = leaf;
            set(
              op === 'exists' || op === 'not_exists'
                ? { ...rest, op }
                : { ...rest, op, value: op === 'in' || op === 'not_in' ? [] : '' },
            );
          }}
        />
      }
      {!noValue &&
        (multi ? (
          <ListInput
            label={t('conditions.value')}
            value={Array.isArray(leaf.value) ? leaf.value : []}
            onChange={(v) => set({ ...leaf, value: v })}
          />
        ) : (
          <Field label={t('conditions.value')}>
            {(props) => (
              <input
                {...props}
                value={typeof leaf.value === 'string' ? leaf.value : ''}
                onChange={(e) => set({ ...leaf, value: e.target.value })}
              />
            )}
          </Field>
        ))}
    </div>
  );
}

export function AttributeLeafFields({ leaf, set }: Props<'attribute'>) {
  const { t } = useTranslation('manage');
  const noValue = leaf.op === 'exists' || leaf.op === 'not_exists';
  return (
    <div className="form-row">
      <Field label={t('segments.attributeKey')}>
        {(props) => (
          <input
            {...props}
            required
            value={leaf.key}
            onChange={(e) => set({ ...leaf, key: e.target.value })}
          />
        )}
      </Field>
      <ChoiceSelect
        label={t('conditions.op')}
        value={leaf.op as (typeof ATTRIBUTE_OPS)[number]}
        options={ATTRIBUTE_OPS}
        prefix="ops"
        onChange={(op) => {
          const { value: _v, ...rest } = leaf;
          set(
            op === 'exists' || op === 'not_exists'
              ? { ...rest, op }
              : { ...rest, op, value: leaf.value ?? '' },
          );
        }}
      />
      {!noValue && (
        <Field label={t('conditions.value')} hint={t('segments.attributeValueHint')}>
          {(props) => (
            <input
              {...props}
              value={leaf.value === undefined ? '' : String(leaf.value)}
              onChange={(e) => {
                const text = e.target.value;
                const n = Number(text);
                set({
                  ...leaf,
                  value:
                    text.trim() !== '' && Number.isFinite(n)
                      ? n
                      : text === 'true'
                        ? true
                        : text === 'false'
                          ? false
                          : text,
                });
              }}
            />
          )}
        </Field>
      )}
    </div>
  );
}

/** A metric; CLV and churn risk are offered as their own kinds, so the metric picker shows only for the rest. */
export function MetricLeafFields({ leaf, set, showMetric }: Props<'metric'> & { showMetric: boolean }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const money = MONEY_METRICS.includes(leaf.metric);
  const ratio = RATIO_METRICS.includes(leaf.metric);
  return (
    <div className="form-row">
      {showMetric && (
        <ChoiceSelect
          label={t('segments.metric')}
          value={leaf.metric}
          options={METRICS}
          prefix="segments.metrics"
          onChange={(metric) => set({ ...leaf, metric })}
        />
      )}
      <ChoiceSelect
        label={t('conditions.op')}
        value={leaf.op}
        options={NUM_OPS}
        prefix="ops"
        onChange={(op) => set({ ...leaf, op })}
      />
      {money ? (
        <MoneyInput
          label={t('conditions.value')}
          currency={program.currency}
          value={leaf.value}
          onChange={(v) => set({ ...leaf, value: v ?? 0 })}
        />
      ) : ratio ? (
        <NumberInput
          label={t('segments.percentValue')}
          value={Math.round(leaf.value * 10000) / 100}
          onChange={(v) => set({ ...leaf, value: (v ?? 0) / 100 })}
        />
      ) : (
        <NumberInput
          label={t('conditions.value')}
          value={leaf.value}
          onChange={(v) => set({ ...leaf, value: v ?? 0 })}
        />
      )}
    </div>
  );
}

export function RfmLeafFields({ leaf, set }: Props<'rfm'>) {
  const { t } = useTranslation('manage');
  const score = (axis: 'r' | 'f' | 'm', value: Score | undefined, change: (s: Score | undefined) => void) => (
    <div className="form-row score">
      <NumberInput
        label={t('segments.scoreMin', { axis: t(`segments.axis.${axis}`) })}
        integer
        value={value?.min}
        onChange={(min) => change(clean({ ...value, min }))}
      />
      <NumberInput
        label={t('segments.scoreMax', { axis: t(`segments.axis.${axis}`) })}
        integer
        value={value?.max}
        onChange={(max) => change(clean({ ...value, max }))}
      />
    </div>
  );
  return (
    <>
      <CheckboxGroup
        legend={t('segments.rfmSegments')}
        options={RFM_SEGMENTS.map((s) => ({ value: s, label: t(`rfm.${s}`) }))}
        value={leaf.segments ?? []}
        onChange={(v) => {
          const { segments: _s, ...rest } = leaf;
          set(v.length > 0 ? { ...rest, segments: v } : rest);
        }}
      />
      <details>
        <summary>{t('segments.rfmScores')}</summary>
        {(['r', 'f', 'm'] as const).map((axis) => (
          <div key={axis}>
            {score(axis, leaf[axis], (s) => {
              const next = { ...leaf } as Record<string, unknown>;
              if (s === undefined) delete next[axis];
              else next[axis] = s;
              set(next as LeafSegmentCondition);
            })}
          </div>
        ))}
      </details>
    </>
  );
}

function clean(score: Score): Score | undefined {
  const out: Score = {};
  if (score.min !== undefined) out.min = score.min;
  if (score.max !== undefined) out.max = score.max;
  return Object.keys(out).length > 0 ? out : undefined;
}
