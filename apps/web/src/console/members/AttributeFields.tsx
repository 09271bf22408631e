import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/components.js';
import type { Program } from '../context.js';

export type AttributeDef = Program['attributeSchema'][number];
/** Form state of custom attributes: text for typed inputs, booleans for checkboxes. */
export type AttributeDraft = Record<string, string | boolean>;

export function attributeDraft(defs: AttributeDef[], values: Record<string, unknown>): AttributeDraft {
  const draft: AttributeDraft = {};
  for (const def of defs) {
    const value = values[def.key];
    draft[def.key] =
      def.type === 'boolean' ? value === true : value === undefined || value === null ? '' : String(value);
  }
  return draft;
}

/**
 * The program's attribute schema decides the fields; the values go back typed as the schema says. An emptied field
 * is sent as null (which removes the attribute) when `clearEmpty` is set, and left out otherwise.
 */
export function attributeValues(
  defs: AttributeDef[],
  draft: AttributeDraft,
  clearEmpty: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    const raw = draft[def.key];
    if (def.type === 'boolean') {
      out[def.key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (clearEmpty) out[def.key] = null;
      continue;
    }
    out[def.key] = def.type === 'number' || def.type === 'integer' ? Number(text) : text;
  }
  return out;
}

export function AttributeFields({
  defs,
  draft,
  onChange,
  errors,
}: {
  defs: AttributeDef[];
  draft: AttributeDraft;
  onChange: (draft: AttributeDraft) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('console');
  if (defs.length === 0) return null;
  return (
    <fieldset className="fieldset">
      <legend>{t('profile.attributes')}</legend>
      <div className="form-row">
        {defs.map((def) => (
          <AttributeField
            key={def.key}
            def={def}
            value={draft[def.key] ?? ''}
            error={errors[`attributes/${def.key}`]}
            onChange={(value) => onChange({ ...draft, [def.key]: value })}
          />
        ))}
      </div>
    </fieldset>
  );
}

function AttributeField({
  def,
  value,
  error,
  onChange,
}: {
  def: AttributeDef;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const { t } = useTranslation('console');
  const id = useId();
  const label = def.required ? `${def.key} (${t('form.requiredMark')})` : def.key;
  if (def.type === 'boolean') {
    return (
      <div className="check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{def.key}</label>
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <Field label={label} hint={def.description} error={error}>
      {(props) =>
        def.enum !== undefined ? (
          <select
            {...props}
            required={def.required}
            value={text}
            onChange={(event) => onChange(event.target.value)}
          >
            <option value="">{t('form.notSet')}</option>
            {def.enum.map((option) => (
              <option key={String(option)} value={String(option)}>
                {String(option)}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...props}
            required={def.required}
            type={def.type === 'date' ? 'date' : def.type === 'string' ? 'text' : 'number'}
            step={def.type === 'integer' ? 1 : def.type === 'number' ? 'any' : undefined}
            value={text}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}
