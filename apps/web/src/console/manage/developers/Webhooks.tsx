import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Field, Loading } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import type { Webhook } from '../api-types.js';
import { ListInput } from '../inputs.js';
import { useSubmit } from '../shared.js';
import { SecretReveal, StatusBadge } from '../widgets.js';

const TONES = { delivered: 'ok', pending: 'warn', failed: 'bad' } as const;

/** Webhook endpoints: subscribe one (its signing secret is shown once), unsubscribe, see recent deliveries. */
export function Webhooks() {
  const { t } = useTranslation('manage');
  const list = useAsync(() => unwrap(api.GET('/v1/webhooks')), []);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [shown, setShown] = useState<string>();
  const submit = useSubmit();
  const create = () =>
    void submit.run(async () => {
      const hook = await unwrap(
        api.POST('/v1/webhooks', {
          body: {
            url: url.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(eventTypes.length > 0 ? { eventTypes } : {}),
          },
        }),
      );
      setCreated({ url: hook.url, secret: hook.secret });
      setUrl('');
      setDescription('');
      setEventTypes([]);
      list.reload();
    });
  const remove = (hook: Webhook) => {
    if (!window.confirm(t('developers.confirmDeleteHook', { url: hook.url }))) return;
    void submit.run(async () => {
      await unwrap(api.DELETE('/v1/webhooks/{id}', { params: { path: { id: hook.id } } }));
      if (shown === hook.id) setShown(undefined);
      list.reload();
    }, t('developers.hookDeleted'));
  };
  const hooks = list.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="hooks-heading">
      <h2 id="hooks-heading">{t('developers.webhooks')}</h2>
      <form
        aria-label={t('developers.createHook')}
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <div className="form-row">
          <Field label={t('developers.url')} error={submit.errors['/url']}>
            {(props) => (
              <input
                {...props}
                type="url"
                required
                placeholder="https://"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('developers.hookDescription')} error={submit.errors['/description']}>
            {(props) => (
              <input {...props} value={description} onChange={(e) => setDescription(e.target.value)} />
            )}
          </Field>
          <ListInput
            label={t('developers.eventTypes')}
            hint={t('developers.eventTypesHint')}
            value={eventTypes}
            onChange={setEventTypes}
          />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={submit.sending}>
            {t('developers.createHook')}
          </button>
        </div>
      </form>
      {created && (
        <SecretReveal
          title={t('developers.hookCreated', { url: created.url })}
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
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && hooks.length === 0 && <EmptyState>{t('developers.noHooks')}</EmptyState>}
      {hooks.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('developers.url')}</th>
                <th scope="col">{t('developers.eventTypes')}</th>
                <th scope="col">{t('developers.created')}</th>
                <th scope="col">{t('common:actions')}</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id}>
                  <td>
                    <code className="break">{h.url}</code>
                    {h.description && <div className="muted small">{h.description}</div>}
                  </td>
                  <td>{h.eventTypes.length > 0 ? h.eventTypes.join(', ') : t('developers.allEvents')}</td>
                  <td>{formatDateTime(h.createdAt)}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setShown(shown === h.id ? undefined : h.id)}
                        aria-expanded={shown === h.id}
                      >
                        {t('developers.deliveries')}
                        <span className="visually-hidden"> {h.url}</span>
                      </button>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => remove(h)}
                        disabled={submit.sending}
                      >
                        {t('common:delete')}
                        <span className="visually-hidden"> {h.url}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && <Deliveries hookId={shown} url={hooks.find((h) => h.id === shown)?.url ?? ''} />}
    </section>
  );
}

function Deliveries({ hookId, url }: { hookId: string; url: string }) {
  const { t } = useTranslation('manage');
  const list = useAsync(
    () => unwrap(api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: hookId } } })),
    [hookId],
  );
  return (
    <section aria-labelledby="deliveries-heading" className="deliveries">
      <div className="section-header">
        <h3 id="deliveries-heading">{t('developers.deliveriesTo', { url })}</h3>
        <button type="button" className="secondary" onClick={list.reload}>
          {t('developers.refresh')}
        </button>
      </div>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <EmptyState>{t('developers.noDeliveries')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('developers.eventType')}</th>
                <th scope="col">{t('developers.deliveryStatus')}</th>
                <th scope="col" className="num">
                  {t('developers.attempts')}
                </th>
                <th scope="col">{t('developers.response')}</th>
                <th scope="col">{t('developers.when')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.type}</code>
                  </td>
                  <td>
                    <StatusBadge tone={TONES[d.status]}>
                      {t(`developers.deliveryStatuses.${d.status}`)}
                    </StatusBadge>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    {d.responseStatus ?? '—'}
                    {d.lastError && <div className="muted small break">{d.lastError}</div>}
                  </td>
                  <td>
                    {d.deliveredAt
                      ? formatDateTime(d.deliveredAt)
                      : t('developers.nextAttempt', { at: formatDateTime(d.nextAttemptAt) })}
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
