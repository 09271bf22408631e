import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { Effect, LineMatch } from '../api-types.js';
import { ListInput, MoneyInput, NumberInput } from '../inputs.js';
import { minorDigits } from '../shared.js';
import { FORM_EFFECT_KINDS, type FormEffectKind, isFormEffect, newEffect } from './campaign-defaults.js';
import type { EffectRow } from './campaign-model.js';

/** Sets or clears the categories of an effect's line match, keeping its other filters. */
function withCategories(match: LineMatch | undefined, categories: string[]): LineMatch | undefined {
  const next: LineMatch = { ...(match ?? {}) };
  if (categories.length > 0) next.categories = categories;
  else delete next.categories;
  return Object.keys(next).length > 0 ? next : undefined;
}

function setMatch<E extends Extract<Effect, { match?: LineMatch }>>(effect: E, categories: string[]): E {
  const match = withCategories(effect.match, categories);
  const { match: _old, ...rest } = effect;
  return (match ? { ...rest, match } : rest) as E;
}

/** One effect of a rule: what the member gets when the rule applies. */
export function EffectEditor({
  row,
  onChange,
  onRemove,
  position,
  error,
}: {
  row: EffectRow;
  onChange: (row: EffectRow) => void;
  onRemove: () => void;
  position: number;
  error?: string | undefined;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const currency = program.currency;
  const effect = row.effect;
  const set = (next: Effect) => onChange({ ...row, effect: next });
  const unit = 10 ** minorDigits(currency);

  let fields: React.ReactNode;
  switch (effect.kind) {
    case 'points_multiplier':
      fields = (
        <div className="form-row">
          <NumberInput
            label={t('effects.factor')}
            hint={t('effects.factorHint')}
            value={effect.factor}
            onChange={(v) => set({ ...effect, factor: v ?? 0 })}
          />
          <ListInput
            label={t('effects.categories')}
            hint={t('effects.categoriesHint')}
            value={effect.match?.categories}
            onChange={(v) => set(setMatch(effect, v))}
          />
        </div>
      );
      break;
    case 'points_fixed':
      fields = (
        <NumberInput
          label={t('effects.points')}
          integer
          value={effect.points}
          onChange={(v) => set({ ...effect, points: v ?? 0 })}
        />
      );
      break;
    case 'points_per_currency':
      fields = (
        <div className="form-row">
          <NumberInput
            label={t('effects.points')}
            integer
            value={effect.points}
            onChange={(v) => set({ ...effect, points: v ?? 0 })}
          />
          <MoneyInput
            label={t('effects.perAmount')}
            currency={currency}
            value={effect.perMinor}
            onChange={(v) => set({ ...effect, perMinor: v ?? unit })}
          />
          <ListInput
            label={t('effects.categories')}
            hint={t('effects.categoriesHint')}
            value={effect.match?.categories}
            onChange={(v) => set(setMatch(effect, v))}
          />
        </div>
      );
      break;
    case 'points_per_item':
      fields = (
        <div className="form-row">
          <NumberInput
            label={t('effects.pointsPerItem')}
            integer
            value={effect.points}
            onChange={(v) => set({ ...effect, points: v ?? 0 })}
          />
          <ListInput
            label={t('effects.categories')}
            hint={t('effects.categoriesHint')}
            value={effect.match?.categories}
            onChange={(v) => set(setMatch(effect, v))}
          />
        </div>
      );
      break;
    case 'issue_coupon':
      fields = (
        <div className="form-row">
          <Field label={t('effects.couponName')}>
            {(props) => (
              <input
                {...props}
                value={effect.name}
                onChange={(e) => set({ ...effect, name: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('effects.discountType')}>
            {(props) => (
              <select
                {...props}
                value={effect.discount.type}
                onChange={(e) =>
                  set({
                    ...effect,
                    discount: { type: e.target.value as 'percent' | 'amount', value: effect.discount.value },
                  })
                }
              >
                <option value="percent">{t('effects.discountPercent')}</option>
                <option value="amount">{t('effects.discountAmount')}</option>
              </select>
            )}
          </Field>
          {effect.discount.type === 'percent' ? (
            <NumberInput
              label={t('effects.percent')}
              integer
              value={effect.discount.value}
              onChange={(v) => set({ ...effect, discount: { ...effect.discount, value: v ?? 0 } })}
            />
          ) : (
            <MoneyInput
              label={t('effects.amount')}
              currency={currency}
              value={effect.discount.value}
              onChange={(v) => set({ ...effect, discount: { ...effect.discount, value: v ?? 0 } })}
            />
          )}
          <NumberInput
            label={t('effects.validDays')}
            integer
            value={effect.validDays}
            onChange={(v) => set({ ...effect, validDays: v ?? 0 })}
          />
        </div>
      );
      break;
    case 'tag_member':
      fields = (
        <Field label={t('effects.tag')}>
          {(props) => (
            <input {...props} value={effect.tag} onChange={(e) => set({ ...effect, tag: e.target.value })} />
          )}
        </Field>
      );
      break;
    default:
      fields = <EffectJson effect={effect} onChange={set} />;
  }

  return (
    <fieldset className="effect-row">
      <legend>{t('effects.legend', { n: position })}</legend>
      <Field label={t('effects.kind')}>
        {(props) => (
          <select
            {...props}
            value={effect.kind}
            onChange={(e) => set(newEffect(e.target.value as FormEffectKind, unit))}
          >
            {FORM_EFFECT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`effects.kinds.${kind}`)}
              </option>
            ))}
            {!isFormEffect(effect) && (
              <option value={effect.kind}>{t(`effects.kinds.${effect.kind}`)}</option>
            )}
          </select>
        )}
      </Field>
      {fields}
      {error !== undefined && <p className="field-error">{error}</p>}
      <button type="button" className="link-button" onClick={onRemove}>
        {t('effects.remove', { n: position })}
      </button>
    </fieldset>
  );
}

/** Effects the form has no fields for (cashback, attributes, events) are edited as JSON in place. */
function EffectJson({ effect, onChange }: { effect: Effect; onChange: (effect: Effect) => void }) {
  const { t } = useTranslation('manage');
  const [text, setText] = useState(JSON.stringify(effect, null, 2));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText((current) => (sameJson(current, effect) ? current : JSON.stringify(effect, null, 2)));
  }, [effect]);
  return (
    <Field label={t('effects.json')} error={invalid ? t('shared.invalidJson') : undefined}>
      {(props) => (
        <textarea
          {...props}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value) as Effect;
              setInvalid(false);
              onChange(parsed);
            } catch {
              setInvalid(true);
            }
          }}
        />
      )}
    </Field>
  );
}

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
