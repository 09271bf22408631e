import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { formatMoney } from '../../ui/format.js';
import { type Program, useProgram } from '../context.js';
import { fieldErrors, fromMinor, toMinor } from '../lib.js';

/** Every IANA zone the browser knows, for the time zone pickers. */
export function timeZones(current?: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current !== undefined && !zones.includes(current) ? [current, ...zones] : zones;
}

/** The program's own settings: name, point name and value, time zone, country, control group. */
export function ProgramSettingsCard({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  return (
    <Card title={t('program.title')}>
      <ProgramForm key={program.id} program={program} mayEdit={mayEdit} />
    </Card>
  );
}

function ProgramForm({ program, mayEdit }: { program: Program; mayEdit: boolean }) {
  const { t } = useTranslation('console');
  const { reloadPrograms } = useProgram();
  const [draft, setDraft] = useState({
    name: program.name,
    pointName: program.pointName,
    points: String(program.pointValue.points),
    worth: fromMinor(program.pointValue.minor, program.currency),
    timezone: program.timezone,
    defaultCountry: program.defaultCountry ?? '',
    holdoutPercent: String(program.holdoutPercent),
  });
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof typeof draft, value: string) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      await unwrap(
        api.PATCH('/v1/programs/{id}', {
          params: { path: { id: program.id } },
          body: {
            name: draft.name.trim(),
            pointName: draft.pointName.trim(),
            pointValue: { points: Number(draft.points), minor: toMinor(draft.worth, program.currency) ?? 0 },
            timezone: draft.timezone,
            defaultCountry:
              draft.defaultCountry.trim() === '' ? null : draft.defaultCountry.trim().toUpperCase(),
            holdoutPercent: Number(draft.holdoutPercent),
          },
        }),
      );
      setSaved(true);
      setSending(false);
      reloadPrograms();
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };

  const minor = toMinor(draft.worth, program.currency);
  const example =
    minor !== undefined && Number.isFinite(minor) && Number(draft.points) > 0
      ? t('program.valueExample', {
          points: draft.points,
          pointName: draft.pointName,
          value: formatMoney(minor, program.currency),
        })
      : undefined;

  return (
    <form onSubmit={(event) => void submit(event)}>
      <fieldset className="fieldset plain" disabled={!mayEdit}>
        <legend className="visually-hidden">{t('program.title')}</legend>
        <div className="form-row">
          <Field label={t('program.name')} error={errors.name}>
            {(props) => (
              <input
                {...props}
                required
                value={draft.name}
                onChange={(event) => set('name', event.target.value)}
              />
            )}
          </Field>
          <Field label={t('program.slug')} hint={t('program.slugFixed')}>
            {(props) => <input {...props} readOnly value={program.slug} />}
          </Field>
          <Field label={t('program.currency')} hint={t('program.currencyFixed')}>
            {(props) => <input {...props} readOnly value={program.currency} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('program.pointName')} error={errors.pointName}>
            {(props) => (
              <input
                {...props}
                required
                value={draft.pointName}
                onChange={(event) => set('pointName', event.target.value)}
              />
            )}
          </Field>
          <Field label={t('program.valuePoints')} error={errors['pointValue/points']}>
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                step={1}
                required
                value={draft.points}
                onChange={(event) => set('points', event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('program.valueWorth', { currency: program.currency })}
            hint={example}
            error={errors['pointValue/minor']}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={0}
                step="any"
                required
                value={draft.worth}
                onChange={(event) => set('worth', event.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('program.timezone')} error={errors.timezone}>
            {(props) => (
              <select
                {...props}
                value={draft.timezone}
                onChange={(event) => set('timezone', event.target.value)}
              >
                {timeZones(program.timezone).map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('program.defaultCountry')}
            hint={t('program.defaultCountryHint')}
            error={errors.defaultCountry}
          >
            {(props) => (
              <input
                {...props}
                maxLength={2}
                value={draft.defaultCountry}
                onChange={(event) => set('defaultCountry', event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('program.holdoutPercent')}
            hint={t('program.holdoutHint')}
            error={errors.holdoutPercent}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={0}
                max={50}
                step="any"
                value={draft.holdoutPercent}
                onChange={(event) => set('holdoutPercent', event.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      {saved && (
        <p className="success-box" role="status">
          {t('program.saved')}
        </p>
      )}
      <ErrorBox error={error} />
      {mayEdit && (
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.saving') : t('program.save')}
          </button>
        </div>
      )}
    </form>
  );
}
