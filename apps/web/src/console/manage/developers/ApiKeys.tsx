import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Field, Loading } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import type { ApiKey } from '../api-types.js';
import { useSubmit } from '../shared.js';
import { SecretReveal, StatusBadge } from '../widgets.js';

/** The tenant's API keys: create one (its secret is shown once), see when each was last used, revoke. */
export function ApiKeys() {
  const { t } = useTranslation('manage');
  const list = useAsync(() => unwrap(api.GET('/v1/api-keys')), []);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'server' | 'publishable'>('server');
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [showRevoked, setShowRevoked] = useState(false);
  const submit = useSubmit();
  const create = () =>
    void submit.run(async () => {
      const key = await unwrap(api.POST('/v1/api-keys', { body: { name: name.trim(), scope } }));
      setCreated({ name: key.name, secret: key.secret });
      setName('');
      list.reload();
    });
  const revoke = (key: ApiKey) => {
    if (!window.confirm(t('developers.confirmRevoke', { name: key.name }))) return;
    void submit.run(
      async () => {
        await unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
        list.reload();
      },
      t('developers.revoked', { name: key.name }),
    );
  };
  const keys = (list.data?.data ?? []).filter((k) => showRevoked || k.revokedAt === null);

  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('developers.apiKeys')}</h2>
      <form
        className="inline-form"
        aria-label={t('developers.createKey')}
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <Field label={t('developers.keyName')} error={submit.errors['/name']}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('developers.scope')} hint={t(`developers.scopeHint.${scope}`)}>
          {(props) => (
            <select {...props} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
              <option value="server">{t('developers.scopes.server')}</option>
              <option value="publishable">{t('developers.scopes.publishable')}</option>
            </select>
          )}
        </Field>
        <button type="submit" disabled={submit.sending}>
          {t('developers.createKey')}
        </button>
      </form>
      {created && (
        <SecretReveal
          title={t('developers.keyCreated', { name: created.name })}
          secret={created.secret}
          onDone={() => setCreated(undefined)}
        />
      )}
      <ErrorBox error={submit.error} />
      {submit.success && (
        <p className="success-box" role="status">
          {submit.success}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
        {t('developers.showRevoked')}
      </label>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && keys.length === 0 && <EmptyState>{t('developers.noKeys')}</EmptyState>}
      {keys.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('developers.keyName')}</th>
                <th scope="col">{t('developers.scope')}</th>
                <th scope="col">{t('developers.prefix')}</th>
                <th scope="col">{t('developers.created')}</th>
                <th scope="col">{t('developers.lastUsed')}</th>
                <th scope="col">{t('common:actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name}
                    {k.partnerId && <span className="badge tag">{t('developers.partnerKey')}</span>}
                  </td>
                  <td>{t(`developers.scopes.${k.scope}`)}</td>
                  <td>
                    <code>{k.prefix}</code>
                  </td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('developers.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      <StatusBadge tone="bad">
                        {t('developers.revokedAt', { at: formatDateTime(k.revokedAt) })}
                      </StatusBadge>
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => revoke(k)}
                        disabled={submit.sending}
                      >
                        {t('developers.revoke')}
                        <span className="visually-hidden"> {k.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
