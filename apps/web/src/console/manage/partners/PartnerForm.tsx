import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { Partner, PartnerBody } from '../api-types.js';
import { MoneyInput, NumberInput } from '../inputs.js';
import { minorDigits, slugify, useSubmit } from '../shared.js';

type Value = PartnerBody['issueValue'];

/** An agreed value of points: "1.00 (currency) for every 100 points". */
function ValueFields({
  legend,
  value,
  onChange,
  errors,
  prefix,
}: {
  legend: string;
  value: Value;
  onChange: (v: Value) => void;
  errors: Record<string, string>;
  prefix: string;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  return (
    <fieldset className="checkbox-group">
      <legend>{legend}</legend>
      <div className="form-row">
        <MoneyInput
          label={t('partners.valueMoney')}
          currency={program.currency}
          error={errors[`${prefix}/minor`]}
          value={value.minor}
          onChange={(minor) => onChange({ ...value, minor: minor ?? 0 })}
        />
        <NumberInput
          label={t('partners.valuePoints')}
          integer
          error={errors[`${prefix}/points`]}
          value={value.points}
          onChange={(points) => onChange({ ...value, points: points ?? 1 })}
        />
      </div>
    </fieldset>
  );
}

/** Adds a coalition partner, or changes one: name, earn rate and the agreed values settlement uses. */
export function PartnerForm({
  partner,
  onSaved,
  onCancel,
}: {
  partner?: Partner;
  onSaved: (p: Partner) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const unit = 10 ** minorDigits(program.currency);
  const [name, setName] = useState(partner?.name ?? '');
  const [code, setCode] = useState<string>();
  const [earnRate, setEarnRate] = useState<PartnerBody['earnRate']>(
    partner
      ? {
          points: partner.earnRate.points,
          perMinor: partner.earnRate.perMinor,
          rounding: partner.earnRate.rounding,
        }
      : { points: 1, perMinor: unit },
  );
  const [issueValue, setIssueValue] = useState<Value>(partner?.issueValue ?? { minor: unit, points: 100 });
  const [redeemValue, setRedeemValue] = useState<Value>(partner?.redeemValue ?? { minor: unit, points: 100 });
  const submit = useSubmit();
  const e = submit.errors;
  const effectiveCode = code ?? slugify(name, 'partner');
  const save = () =>
    void submit.run(async () => {
      const saved = partner
        ? await unwrap(
            api.PATCH('/v1/programs/{id}/partners/{partnerId}', {
              params: { path: { id: program.id, partnerId: partner.id } },
              body: { name: name.trim(), earnRate, issueValue, redeemValue },
            }),
          )
        : await unwrap(
            api.POST('/v1/programs/{id}/partners', {
              params: { path: { id: program.id } },
              body: { code: effectiveCode, name: name.trim(), earnRate, issueValue, redeemValue },
            }),
          );
      onSaved(saved);
    });
  const title = partner ? t('partners.editTitle', { name: partner.name }) : t('partners.newTitle');
  return (
    <form
      className="card"
      aria-label={title}
      onSubmit={(ev) => {
        ev.preventDefault();
        save();
      }}
    >
      <h2>{title}</h2>
      <div className="form-row">
        <Field label={t('partners.name')} error={e['/name']}>
          {(props) => <input {...props} required value={name} onChange={(ev) => setName(ev.target.value)} />}
        </Field>
        <Field label={t('partners.code')} hint={t('partners.codeHint')} error={e['/code']}>
          {(props) => (
            <input
              {...props}
              required
              readOnly={partner !== undefined}
              value={partner?.code ?? effectiveCode}
              onChange={(ev) => setCode(ev.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset className="checkbox-group">
        <legend>{t('partners.earnRate')}</legend>
        <div className="form-row">
          <NumberInput
            label={t('effects.points')}
            integer
            error={e['/earnRate/points']}
            value={earnRate.points}
            onChange={(points) => setEarnRate({ ...earnRate, points: points ?? 1 })}
          />
          <MoneyInput
            label={t('effects.perAmount')}
            currency={program.currency}
            error={e['/earnRate/perMinor']}
            value={earnRate.perMinor}
            onChange={(perMinor) => setEarnRate({ ...earnRate, perMinor: perMinor ?? unit })}
          />
        </div>
      </fieldset>
      <ValueFields
        legend={t('partners.issueValue')}
        value={issueValue}
        onChange={setIssueValue}
        errors={e}
        prefix="/issueValue"
      />
      <ValueFields
        legend={t('partners.redeemValue')}
        value={redeemValue}
        onChange={setRedeemValue}
        errors={e}
        prefix="/redeemValue"
      />
      <ErrorBox error={submit.error} />
      <div className="form-actions">
        <button type="submit" disabled={submit.sending}>
          {partner ? t('partners.saveChanges') : t('partners.saveNew')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
