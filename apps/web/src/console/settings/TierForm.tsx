import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/components.js';
import { fromMinor, type TierDefinition, toMinor } from '../lib.js';

interface TierDraft {
  code: string;
  name: string;
  rank: string;
  match: 'any' | 'all';
  spend: string;
  qualifyingPoints: string;
  purchases: string;
  earnMultiplier: string;
  discountPercent: string;
  freeShipping: boolean;
  perks: string;
  inviteOnly: boolean;
  hidden: boolean;
}

function draftOf(tier: TierDefinition | undefined, rank: number, currency: string): TierDraft {
  const q = tier?.qualification;
  const b = tier?.benefits;
  return {
    code: tier?.code ?? '',
    name: tier?.name ?? '',
    rank: String(tier?.rank ?? rank),
    match: q?.match ?? 'any',
    spend: fromMinor(q?.spend, currency),
    qualifyingPoints: q?.qualifyingPoints !== undefined ? String(q.qualifyingPoints) : '',
    purchases: q?.purchases !== undefined ? String(q.purchases) : '',
    earnMultiplier: b?.earnMultiplier !== undefined ? String(b.earnMultiplier) : '',
    discountPercent: b?.discountPercent !== undefined ? String(b.discountPercent) : '',
    freeShipping: b?.freeShipping ?? false,
    perks: (b?.perks ?? []).join('\n'),
    inviteOnly: tier?.inviteOnly ?? false,
    hidden: tier?.hidden ?? false,
  };
}

type FlagKey = 'freeShipping' | 'inviteOnly' | 'hidden';
type TextKey = Exclude<keyof TierDraft, FlagKey | 'match'>;

/** Where the server's field errors for a form field point, below the tier (`/tiers/<i>/...`). */
const ERROR_PATH: Partial<Record<TextKey, string>> = {
  spend: 'qualification/spend',
  qualifyingPoints: 'qualification/qualifyingPoints',
  purchases: 'qualification/purchases',
  earnMultiplier: 'benefits/earnMultiplier',
  discountPercent: 'benefits/discountPercent',
};

/** A tier as the API takes it; empty fields are left out rather than sent as zero. */
function tierOf(d: TierDraft, entry: boolean, currency: string): TierDefinition {
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const qualification = {
    match: d.match,
    ...(toMinor(d.spend, currency) !== undefined ? { spend: toMinor(d.spend, currency) } : {}),
    ...(num(d.qualifyingPoints) !== undefined ? { qualifyingPoints: num(d.qualifyingPoints) } : {}),
    ...(num(d.purchases) !== undefined ? { purchases: num(d.purchases) } : {}),
  };
  const perks = d.perks
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const benefits = {
    ...(num(d.earnMultiplier) !== undefined ? { earnMultiplier: num(d.earnMultiplier) } : {}),
    ...(num(d.discountPercent) !== undefined ? { discountPercent: num(d.discountPercent) } : {}),
    ...(d.freeShipping ? { freeShipping: true } : {}),
    ...(perks.length > 0 ? { perks } : {}),
  };
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    rank: Number(d.rank),
    ...(d.inviteOnly ? { inviteOnly: true } : {}),
    ...(d.hidden ? { hidden: true } : {}),
    // The entry tier and invite-only tiers are not qualified for; the server refuses a qualification on them.
    ...(entry || d.inviteOnly ? {} : { qualification }),
    ...(Object.keys(benefits).length > 0 ? { benefits } : {}),
  };
}

/**
 * One tier's fields: code, name, rank, the thresholds that qualify for it (spend in the currency's major unit,
 * qualifying points, purchases) and its benefits (earn multiplier, discount, perks).
 */
export function TierFields({
  tier,
  entry,
  rank,
  currency,
  errorPrefix,
  errors,
  onSubmit,
  submitLabel,
  sending,
  extra,
  onCancel,
}: {
  tier: TierDefinition | undefined;
  entry: boolean;
  rank: number;
  currency: string;
  errorPrefix: string;
  errors: Record<string, string>;
  onSubmit: (tier: TierDefinition) => void;
  submitLabel: string;
  sending: boolean;
  extra?: ReactNode;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const [d, setD] = useState(() => draftOf(tier, rank, currency));
  const err = (field: string) => errors[`${errorPrefix}/${field}`];
  const text = (
    key: TextKey,
    label: string,
    opts: { hint?: string; type?: string; step?: string; min?: number } = {},
  ) => (
    <Field label={label} hint={opts.hint} error={err(ERROR_PATH[key] ?? key)}>
      {(props) => (
        <input
          {...props}
          type={opts.type ?? 'text'}
          step={opts.step}
          min={opts.min}
          required={key === 'code' || key === 'name' || key === 'rank'}
          value={d[key]}
          onChange={(e) => setD({ ...d, [key]: e.target.value })}
        />
      )}
    </Field>
  );
  const flags: FlagKey[] = entry ? ['freeShipping', 'hidden'] : ['freeShipping', 'inviteOnly', 'hidden'];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(tierOf(d, entry, currency));
  };

  return (
    <form onSubmit={submit} className="tier-form">
      {extra}
      <fieldset className="fieldset">
        <legend>{t('tiers.tierFields')}</legend>
        <div className="form-row">
          {text('name', t('tiers.name'))}
          {text('code', t('tiers.code'), { hint: t('tiers.codeHint') })}
          {text('rank', t('tiers.rank'), { type: 'number', step: '1', min: 0, hint: t('tiers.rankHint') })}
        </div>
        {entry ? (
          <p className="muted small">{t('tiers.entryNoThreshold')}</p>
        ) : (
          !d.inviteOnly && (
            <>
              <div className="form-row">
                {text('spend', t('tiers.spendThreshold', { currency }), {
                  type: 'number',
                  step: 'any',
                  min: 0,
                })}
                {text('qualifyingPoints', t('tiers.pointsThreshold'), { type: 'number', step: '1', min: 1 })}
                {text('purchases', t('tiers.purchasesThreshold'), { type: 'number', step: '1', min: 1 })}
              </div>
              <Field label={t('tiers.match')} error={err('qualification')}>
                {(props) => (
                  <select
                    {...props}
                    value={d.match}
                    onChange={(e) => setD({ ...d, match: e.target.value as 'any' | 'all' })}
                  >
                    <option value="any">{t('tiers.matchAny')}</option>
                    <option value="all">{t('tiers.matchAll')}</option>
                  </select>
                )}
              </Field>
            </>
          )
        )}
        <div className="form-row">
          {text('earnMultiplier', t('tiers.multiplier'), {
            type: 'number',
            step: '0.01',
            min: 1,
            hint: t('tiers.multiplierHint'),
          })}
          {text('discountPercent', t('tiers.discount'), { type: 'number', step: '0.01', min: 0 })}
        </div>
        <Field label={t('tiers.perks')} hint={t('tiers.perksHint')}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={d.perks}
              onChange={(e) => setD({ ...d, perks: e.target.value })}
            />
          )}
        </Field>
        <div className="checks">
          {flags.map((flag) => (
            <div className="check" key={flag}>
              <input
                id={`${errorPrefix}-${flag}`}
                type="checkbox"
                checked={d[flag]}
                onChange={(e) => setD({ ...d, [flag]: e.target.checked })}
              />
              <label htmlFor={`${errorPrefix}-${flag}`}>{t(`tiers.flags.${flag}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={sending}>
          {sending ? t('form.saving') : submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="secondary" onClick={onCancel}>
            {tc('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
