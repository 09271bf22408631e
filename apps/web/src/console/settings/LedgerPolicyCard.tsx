import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import { fieldErrors, type LedgerPolicy, type TierSet } from '../lib.js';
import { type Draft, toDraft, toPolicy } from './policy-draft.js';

/** Earn rate, pending period, expiry and the rest of the ledger policy; saving applies to points earned from now on. */
export function LedgerPolicyCard({ mayEdit, tiers }: { mayEdit: boolean; tiers: TierSet | undefined }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  // The answer names its program: after a switch, the previous program's policy must not seed the new form.
  const policy = useAsync(
    async () => ({
      programId: program.id,
      policy: await unwrap(
        api.GET('/v1/programs/{id}/ledger-policy', { params: { path: { id: program.id } } }),
      ),
    }),
    [program.id],
  );
  const current = policy.data?.programId === program.id ? policy.data.policy : undefined;
  return (
    <Card title={t('policy.title')}>
      <p className="muted small">{t('policy.intro')}</p>
      {policy.error !== undefined && <ErrorBox error={policy.error} onRetry={policy.reload} />}
      {current === undefined && policy.error === undefined && <Loading />}
      {current !== undefined && (
        <PolicyForm
          key={program.id}
          policy={current}
          mayEdit={mayEdit}
          tiers={tiers}
          onSaved={policy.reload}
        />
      )}
    </Card>
  );
}

function PolicyForm({
  policy,
  mayEdit,
  tiers,
  onSaved,
}: {
  policy: LedgerPolicy;
  mayEdit: boolean;
  tiers: TierSet | undefined;
  onSaved: () => void;
}) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [draft, setDraft] = useState(() => toDraft(policy, program.currency));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const body = toPolicy(draft, program.currency);
      const next = await unwrap(
        api.PUT('/v1/programs/{id}/ledger-policy', { params: { path: { id: program.id } }, body }),
      );
      setDraft(toDraft(next, program.currency));
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const num = (key: keyof Draft, label: string, hint?: string, errorKey?: string, min = 0) => (
    <Field label={label} hint={hint} error={errors[errorKey ?? key]}>
      {(props) => (
        <input
          {...props}
          type="number"
          min={min}
          step="any"
          required
          value={draft[key] as string}
          onChange={(event) => set(key, event.target.value as never)}
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={(event) => void submit(event)}>
      <fieldset className="fieldset" disabled={!mayEdit}>
        <legend>{t('policy.earning')}</legend>
        <div className="form-row">
          {num('earnPoints', t('policy.earnPoints', { pointName: program.pointName }))}
          {num(
            'earnPerMajor',
            t('policy.earnPer', { currency: program.currency }),
            t('policy.earnPerHint'),
            'earnPerMinor',
          )}
          <Field label={t('policy.rounding')} error={errors.earnRounding}>
            {(props) => (
              <select
                {...props}
                value={draft.earnRounding}
                onChange={(event) => set('earnRounding', event.target.value as Draft['earnRounding'])}
              >
                {(['floor', 'round', 'ceil'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`policy.roundings.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('policy.excludedSkus')} hint={t('policy.listHint')} error={errors.excludedSkus}>
            {(props) => (
              <input
                {...props}
                value={draft.excludedSkus}
                onChange={(event) => set('excludedSkus', event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('policy.excludedCategories')}
            hint={t('policy.listHint')}
            error={errors.excludedCategories}
          >
            {(props) => (
              <input
                {...props}
                value={draft.excludedCategories}
                onChange={(event) => set('excludedCategories', event.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="fieldset" disabled={!mayEdit}>
        <legend>{t('policy.pendingAndExpiry')}</legend>
        <div className="form-row">
          {num('pendingDays', t('policy.pendingDays'), t('policy.pendingDaysHint'))}
          <Field label={t('policy.expiryMode')} error={errors.expiryMode}>
            {(props) => (
              <select
                {...props}
                value={draft.expiryMode}
                onChange={(event) => set('expiryMode', event.target.value as Draft['expiryMode'])}
              >
                {(['never', 'after_earn', 'inactivity'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`policy.expiryModes.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {draft.expiryMode !== 'never' && (
          <div className="form-row">
            {num(
              'expiryAmount',
              draft.expiryMode === 'inactivity' ? t('policy.inactivityPeriod') : t('policy.expiryPeriod'),
              undefined,
              draft.expiryUnit === 'days' ? 'expiryDays' : 'expiryMonths',
              1,
            )}
            <Field label={t('policy.expiryUnit')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.expiryUnit}
                  onChange={(event) => set('expiryUnit', event.target.value as Draft['expiryUnit'])}
                >
                  <option value="days">{t('policy.units.days')}</option>
                  <option value="months">{t('policy.units.months')}</option>
                </select>
              )}
            </Field>
            <Field label={t('policy.roundTo')} hint={t('policy.roundToHint')} error={errors.expiryRoundTo}>
              {(props) => (
                <select
                  {...props}
                  value={draft.expiryRoundTo}
                  onChange={(event) => set('expiryRoundTo', event.target.value as Draft['expiryRoundTo'])}
                >
                  {(['none', 'month', 'quarter', 'year'] as const).map((r) => (
                    <option key={r} value={r}>
                      {t(`policy.roundTos.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
        {draft.expiryMode !== 'never' && tiers !== undefined && (
          <fieldset className="fieldset nested">
            <legend>{t('policy.exemptTiers')}</legend>
            {tiers.tiers.map((tier) => (
              <div className="check" key={tier.code}>
                <input
                  id={`exempt-${tier.code}`}
                  type="checkbox"
                  checked={draft.expiryExemptTiers.includes(tier.code)}
                  onChange={(event) =>
                    set(
                      'expiryExemptTiers',
                      event.target.checked
                        ? [...draft.expiryExemptTiers, tier.code]
                        : draft.expiryExemptTiers.filter((c) => c !== tier.code),
                    )
                  }
                />
                <label htmlFor={`exempt-${tier.code}`}>{tier.name}</label>
              </div>
            ))}
          </fieldset>
        )}
      </fieldset>
      <fieldset className="fieldset" disabled={!mayEdit}>
        <legend>{t('policy.other')}</legend>
        <div className="form-row">
          <Field label={t('policy.returnPolicy')} error={errors.returnPolicy}>
            {(props) => (
              <select
                {...props}
                value={draft.returnPolicy}
                onChange={(event) => set('returnPolicy', event.target.value as Draft['returnPolicy'])}
              >
                <option value="negative">{t('policy.returnPolicies.negative')}</option>
                <option value="clip">{t('policy.returnPolicies.clip')}</option>
              </select>
            )}
          </Field>
          {num('claimWindowDays', t('policy.claimWindowDays'), t('policy.claimWindowHint'))}
          {num('holdTtlMinutes', t('policy.holdTtlMinutes'), undefined, 'holdTtlSeconds', 1)}
        </div>
        <div className="check">
          <input
            id="policy-transfers"
            type="checkbox"
            checked={draft.transfersAllowed}
            onChange={(event) => set('transfersAllowed', event.target.checked)}
          />
          <label htmlFor="policy-transfers">{t('policy.transfersAllowed')}</label>
        </div>
      </fieldset>
      {saved && (
        <p className="success-box" role="status">
          {t('policy.saved')}
        </p>
      )}
      <ErrorBox error={error} />
      {mayEdit && (
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.saving') : t('policy.save')}
          </button>
        </div>
      )}
    </form>
  );
}
