import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/components.js';
import { ListInput } from './inputs.js';
import type { Option } from './options.js';
import { CheckboxGroup } from './widgets.js';

/** Building blocks shared by the rule condition editor and the segment condition editor. */
export const NUM_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'ne'] as const;
export const QUANTIFIERS = ['any', 'all', 'none'] as const;

/** A select over a closed set of words, each shown as the translation `${prefix}.${word}`. */
export function ChoiceSelect<V extends string>({
  label,
  value,
  options,
  prefix,
  onChange,
}: {
  label: string;
  value: V;
  options: readonly V[];
  prefix: string;
  onChange: (value: V) => void;
}) {
  const { t } = useTranslation('manage');
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {t(`${prefix}.${o}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Tier or segment codes: checkboxes when the program has some, a typed list otherwise. */
export function CodePicker({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: Option[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { t } = useTranslation('manage');
  return options.length > 0 ? (
    <CheckboxGroup
      legend={label}
      options={options.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
      value={value}
      onChange={onChange}
    />
  ) : (
    <ListInput label={label} value={value} onChange={onChange} hint={t('conditions.codesHint')} />
  );
}

/** The frame of one condition: its number, its kind, "not", its own fields and a remove button. */
export function ConditionFrame<K extends string>({
  position,
  kind,
  kinds,
  kindPrefix,
  onKind,
  negate,
  onNegate,
  onRemove,
  children,
}: {
  position: number;
  kind: K;
  kinds: readonly K[];
  kindPrefix: string;
  onKind: (kind: K) => void;
  negate: boolean;
  onNegate: (negate: boolean) => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('manage');
  return (
    <fieldset className="condition-row">
      <legend>{t('conditions.legend', { n: position })}</legend>
      <div className="form-row">
        <ChoiceSelect
          label={t('conditions.kind')}
          value={kind}
          options={kinds}
          prefix={kindPrefix}
          onChange={onKind}
        />
        <label className="check inline-check">
          <input type="checkbox" checked={negate} onChange={(e) => onNegate(e.target.checked)} />
          {t('conditions.negate')}
        </label>
      </div>
      {children}
      <button type="button" className="link-button" onClick={onRemove}>
        {t('conditions.remove', { n: position })}
      </button>
    </fieldset>
  );
}
