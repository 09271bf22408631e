import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import type { Member } from '../lib.js';

const TYPES = ['email', 'phone', 'card', 'external', 'social'] as const;
type IdentityType = (typeof TYPES)[number];

/** Every identity the member is known by (the single customer view); support can attach, detach and issue cards. */
export function IdentitiesCard({
  member,
  mayEdit,
  onChanged,
}: {
  member: Member;
  mayEdit: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('console');
  const [type, setType] = useState<IdentityType>('external');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      await action();
      setMessage(done);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await unwrap(
        api.POST('/v1/members/{id}/identities', {
          params: { path: { id: member.id } },
          body: { type, value: value.trim() },
        }),
      );
      setValue('');
    }, t('identities.added'));
  };

  return (
    <Card title={t('identities.title')}>
      {member.identities.length === 0 ? (
        <p className="muted">{t('identities.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('identities.type')}</th>
                <th scope="col">{t('identities.value')}</th>
                <th scope="col">{t('identities.added')}</th>
                {mayEdit && <th scope="col">{t('identities.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {member.identities.map((identity) => (
                <tr key={identity.id}>
                  <td>{t(`identities.types.${identity.type}`, { defaultValue: identity.type })}</td>
                  <td className="break">{identity.value}</td>
                  <td>{formatDate(identity.createdAt)}</td>
                  {mayEdit && (
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        aria-label={t('identities.removeLabel', { value: identity.value })}
                        onClick={() =>
                          void run(
                            () =>
                              unwrap(
                                api.DELETE('/v1/members/{id}/identities/{identityId}', {
                                  params: { path: { id: member.id, identityId: identity.id } },
                                }),
                              ),
                            t('identities.removed'),
                          )
                        }
                      >
                        {t('identities.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {message !== undefined && (
        <p className="success-box" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={error} />
      {mayEdit && (
        <form className="identity-form" onSubmit={add} aria-label={t('identities.addTitle')}>
          <div className="form-row">
            <Field label={t('identities.type')}>
              {(props) => (
                <select
                  {...props}
                  value={type}
                  onChange={(event) => setType(event.target.value as IdentityType)}
                >
                  {TYPES.map((option) => (
                    <option key={option} value={option}>
                      {t(`identities.types.${option}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('identities.value')} hint={t(`identities.hints.${type}`)}>
              {(props) => (
                <input {...props} required value={value} onChange={(event) => setValue(event.target.value)} />
              )}
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t('identities.add')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void run(
                  () => unwrap(api.POST('/v1/members/{id}/cards', { params: { path: { id: member.id } } })),
                  t('identities.cardIssued'),
                )
              }
            >
              {t('identities.issueCard')}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
