import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Field, Loading } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import { AccountActions } from './AccountActions.js';
import { portalPath, usePortal } from './context.js';
import { useDay, usePageTitle } from './page.js';
import { CONSENTS, type ConsentKind } from './SignUpFields.js';
import type { Profile } from './types.js';

interface Form {
  givenName: string;
  familyName: string;
  phone: string;
  birthDate: string;
  consents: Record<ConsentKind, boolean>;
}

function formOf(profile: Profile): Form {
  return {
    givenName: profile.givenName ?? '',
    familyName: profile.familyName ?? '',
    phone: profile.phone ?? '',
    birthDate: profile.birthDate ?? '',
    consents: {
      marketingEmail: profile.consents.marketingEmail?.granted === true,
      sms: profile.consents.sms?.granted === true,
      push: profile.consents.push?.granted === true,
      profiling: profile.consents.profiling?.granted === true,
    },
  };
}

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field === undefined) return undefined;
  return error.field.replace(/^\//, '') === field ? error.detail : undefined;
}

/** Profile and consents, the data export, account deletion and signing out. */
export function ProfilePage() {
  const { t } = useTranslation('portal');
  const me = useAsync(() => unwrap(portalApi.GET('/v1/portal/me')), []);
  usePageTitle(t('profile.title'));
  return (
    <>
      <h1>{t('profile.title')}</h1>
      {me.error !== undefined ? (
        <ErrorBox error={me.error} onRetry={me.reload} />
      ) : me.data === undefined ? (
        <Loading />
      ) : (
        <>
          <ProfileForm profile={me.data} />
          <AccountActions />
        </>
      )}
    </>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation('portal');
  const { slug } = usePortal();
  const day = useDay();
  const [current, setCurrent] = useState(profile);
  const [form, setForm] = useState(() => formOf(profile));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => setForm(formOf(current)), [current]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const before = formOf(current);
      // Only consents that changed are sent: each one sent is recorded anew with its time and source.
      const consents = Object.fromEntries(
        CONSENTS.filter((kind) => form.consents[kind] !== before.consents[kind]).map((kind) => [
          kind,
          form.consents[kind],
        ]),
      );
      const updated = await unwrap(
        portalApi.PATCH('/v1/portal/me', {
          body: {
            givenName: blankToNull(form.givenName),
            familyName: blankToNull(form.familyName),
            phone: blankToNull(form.phone),
            birthDate: blankToNull(form.birthDate),
            ...(Object.keys(consents).length > 0 ? { consents } : {}),
          },
        }),
      );
      setCurrent(updated);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const generalError = ['givenName', 'familyName', 'phone', 'birthDate'].some(
    (f) => fieldError(error, f) !== undefined,
  )
    ? undefined
    : error;

  return (
    <form className="card" onSubmit={save} aria-labelledby="details-title">
      <h2 id="details-title">{t('profile.details')}</h2>
      <p className="muted">
        {t('profile.email')} <strong className="email">{current.email ?? '—'}</strong>
        <br />
        {t('profile.memberSince', { date: day(current.memberSince) })}
      </p>
      <div className="form-row">
        <Field label={t('profile.givenName')} error={fieldError(error, 'givenName')}>
          {(props) => (
            <input
              {...props}
              autoComplete="given-name"
              maxLength={100}
              value={form.givenName}
              onChange={(event) => set({ givenName: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('profile.familyName')} error={fieldError(error, 'familyName')}>
          {(props) => (
            <input
              {...props}
              autoComplete="family-name"
              maxLength={100}
              value={form.familyName}
              onChange={(event) => set({ familyName: event.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('profile.phone')} hint={t('profile.phoneHint')} error={fieldError(error, 'phone')}>
          {(props) => (
            <input
              {...props}
              type="tel"
              autoComplete="tel"
              maxLength={32}
              value={form.phone}
              onChange={(event) => set({ phone: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('profile.birthDate')}
          hint={t('profile.birthDateHint')}
          error={fieldError(error, 'birthDate')}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              autoComplete="bday"
              value={form.birthDate}
              onChange={(event) => set({ birthDate: event.target.value })}
            />
          )}
        </Field>
      </div>
      <fieldset className="consents">
        <legend>{t('consents.legend')}</legend>
        <p className="hint">{t('consents.hint')}</p>
        {CONSENTS.map((kind) => {
          const record = current.consents[kind];
          return (
            <label key={kind} className="check">
              <input
                type="checkbox"
                checked={form.consents[kind]}
                onChange={(event) => set({ consents: { ...form.consents, [kind]: event.target.checked } })}
              />
              <span>
                {t(`consents.${kind}`)}
                {record !== null && (
                  <span className="muted small consent-when">
                    {' '}
                    {record.granted
                      ? t('consents.givenOn', { date: day(record.at) })
                      : t('consents.withdrawnOn', { date: day(record.at) })}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </fieldset>
      <ErrorBox error={generalError} />
      {saved && (
        <p className="success-box" role="status">
          {t('profile.saved')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('profile.saving') : t('profile.save')}
        </button>
        <Link to={portalPath(slug, 'invite')}>{t('home.inviteLink')}</Link>
      </div>
    </form>
  );
}
