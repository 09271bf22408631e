import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import type { Program } from '../context.js';
import { fieldErrors } from '../lib.js';
import { timeZones } from './ProgramSettingsCard.js';

/** A URL-safe slug from a name, as the API requires (lowercase letters, digits and dashes). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'RUB',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'JPY',
  'CAD',
  'AUD',
];

/**
 * Creates a program, blank or from one of the real-world templates (with its tiers, campaigns and rewards). The
 * new program becomes the selected one.
 */
export function CreateProgramCard({ onCreated }: { onCreated: (program: Program) => void }) {
  const { t } = useTranslation('console');
  const [mode, setMode] = useState<'blank' | 'template'>('blank');
  const [draft, setDraft] = useState({
    name: '',
    slug: '',
    currency: 'EUR',
    timezone: browserZone(),
    pointName: '',
    template: '',
  });
  const [slugEdited, setSlugEdited] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrors(error);
  const templates = useAsync(async () => (await unwrap(api.GET('/v1/program-templates'))).data, []);
  const chosen = templates.data?.find((x) => x.name === draft.template);

  const setName = (name: string) =>
    setDraft({ ...draft, name, ...(slugEdited ? {} : { slug: slugify(name) }) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const name = draft.name.trim();
      const program =
        mode === 'blank'
          ? await unwrap(
              api.POST('/v1/programs', {
                body: {
                  name,
                  slug: draft.slug.trim(),
                  currency: draft.currency,
                  timezone: draft.timezone,
                  ...(draft.pointName.trim() !== '' ? { pointName: draft.pointName.trim() } : {}),
                },
              }),
            )
          : (
              await unwrap(
                api.POST('/v1/programs/from-template', {
                  body: {
                    template: draft.template,
                    slug: draft.slug.trim(),
                    ...(name !== '' ? { name } : {}),
                  },
                }),
              )
            ).program;
      setDraft({ ...draft, name: '', slug: '', pointName: '' });
      setSlugEdited(false);
      onCreated(program);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('create.title')}>
      <form onSubmit={(event) => void submit(event)}>
        <fieldset className="fieldset plain">
          <legend>{t('create.start')}</legend>
          <div className="radios">
            {(['blank', 'template'] as const).map((m) => (
              <div className="check" key={m}>
                <input
                  id={`create-mode-${m}`}
                  type="radio"
                  name="create-mode"
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                <label htmlFor={`create-mode-${m}`}>{t(`create.modes.${m}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        {mode === 'template' && (
          <Field
            label={t('create.template')}
            hint={
              chosen !== undefined
                ? `${chosen.summary} (${t(`create.confidence.${chosen.confidence}`)})`
                : undefined
            }
            error={errors.template}
          >
            {(props) => (
              <select
                {...props}
                required
                value={draft.template}
                onChange={(event) => {
                  const template = templates.data?.find((x) => x.name === event.target.value);
                  setDraft({
                    ...draft,
                    template: event.target.value,
                    ...(slugEdited || draft.name !== '' ? {} : { slug: slugify(template?.name ?? '') }),
                  });
                }}
              >
                <option value="">{t('create.chooseTemplate')}</option>
                {(templates.data ?? []).map((x) => (
                  <option key={x.name} value={x.name}>
                    {x.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {templates.error !== undefined && mode === 'template' && <ErrorBox error={templates.error} />}
        <div className="form-row">
          <Field
            label={mode === 'template' ? t('create.nameOptional') : t('create.name')}
            error={errors.name}
          >
            {(props) => (
              <input
                {...props}
                required={mode === 'blank'}
                value={draft.name}
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('create.slug')} hint={t('create.slugHint')} error={errors.slug}>
            {(props) => (
              <input
                {...props}
                required
                pattern="[a-z0-9][a-z0-9\-]{0,62}"
                value={draft.slug}
                onChange={(event) => {
                  setSlugEdited(true);
                  setDraft({ ...draft, slug: event.target.value });
                }}
              />
            )}
          </Field>
        </div>
        {mode === 'blank' && (
          <div className="form-row">
            <Field label={t('create.currency')} error={errors.currency}>
              {(props) => (
                <select
                  {...props}
                  value={draft.currency}
                  onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
                >
                  {CURRENCIES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('create.timezone')} error={errors.timezone}>
              {(props) => (
                <select
                  {...props}
                  value={draft.timezone}
                  onChange={(event) => setDraft({ ...draft, timezone: event.target.value })}
                >
                  {timeZones(draft.timezone).map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('create.pointName')} hint={t('create.pointNameHint')} error={errors.pointName}>
              {(props) => (
                <input
                  {...props}
                  value={draft.pointName}
                  onChange={(event) => setDraft({ ...draft, pointName: event.target.value })}
                />
              )}
            </Field>
          </div>
        )}
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.sending') : t('create.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}
