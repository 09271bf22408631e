import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../../ui/components.js';
import { formatMoney, formatNumber } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { usePageTitle } from '../../page-title.js';
import type { Partner } from '../api-types.js';
import { SuccessMessage, useCanWrite, useRole, useSubmit } from '../shared.js';
import { SecretReveal, StatusBadge } from '../widgets.js';
import { PartnerForm } from './PartnerForm.js';
import { SettlementReport } from './SettlementReport.js';

/** Coalition partners: who earns and burns the program's points, at what rates, and what is owed each period. */
export function PartnersPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('partners.title'));
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const [editing, setEditing] = useState<Partner | 'new'>();
  const [saved, setSaved] = useState<string>();
  const list = useAsync(
    () => unwrap(api.GET('/v1/programs/{id}/partners', { params: { path: { id: program.id } } })),
    [program.id],
  );
  return (
    <>
      <PageHeader
        title={t('partners.title')}
        actions={
          canWrite && editing === undefined ? (
            <button type="button" onClick={() => setEditing('new')}>
              {t('partners.create')}
            </button>
          ) : undefined
        }
      >
        <p className="muted">{t('partners.intro')}</p>
      </PageHeader>
      <SuccessMessage>{saved}</SuccessMessage>
      {editing !== undefined && (
        <PartnerForm
          key={editing === 'new' ? 'new' : editing.id}
          partner={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={(p) => {
            setEditing(undefined);
            setSaved(t('partners.saved', { name: p.name }));
            list.reload();
          }}
        />
      )}
      <Card title={t('partners.listTitle')}>
        {list.loading && <Loading />}
        <ErrorBox error={list.error} onRetry={list.reload} />
        {list.data && list.data.data.length === 0 && <EmptyState>{t('partners.empty')}</EmptyState>}
        {list.data && list.data.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('partners.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('partners.name')}</th>
                  <th scope="col">{t('partners.earnRate')}</th>
                  <th scope="col">{t('partners.issueValue')}</th>
                  <th scope="col">{t('partners.redeemValue')}</th>
                  <th scope="col">{t('partners.status')}</th>
                  {canWrite && <th scope="col">{t('common:actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((p) => (
                  <PartnerRow
                    key={p.id}
                    partner={p}
                    canWrite={canWrite}
                    onEdit={() => setEditing(p)}
                    onChanged={list.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <SettlementReport />
    </>
  );
}

function PartnerRow({
  partner,
  canWrite,
  onEdit,
  onChanged,
}: {
  partner: Partner;
  canWrite: boolean;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const owner = useRole() === 'owner';
  const [secret, setSecret] = useState<string>();
  const submit = useSubmit();
  const money = (minor: number) => formatMoney(minor, program.currency);
  const suspended = partner.status === 'suspended';
  const toggle = () =>
    void submit.run(async () => {
      await unwrap(
        api.PATCH('/v1/programs/{id}/partners/{partnerId}', {
          params: { path: { id: program.id, partnerId: partner.id } },
          body: { status: suspended ? 'active' : 'suspended' },
        }),
      );
      onChanged();
    });
  const createKey = () =>
    void submit.run(async () => {
      const key = await unwrap(
        api.POST('/v1/programs/{id}/partners/{partnerId}/api-keys', {
          params: { path: { id: program.id, partnerId: partner.id } },
          body: { name: `${partner.name} POS` },
        }),
      );
      setSecret(key.secret);
    });
  return (
    <tr>
      <td>
        <strong>{partner.name}</strong>
        <div className="muted small">{partner.code}</div>
      </td>
      <td>
        {t('partners.rateText', {
          points: formatNumber(partner.earnRate.points),
          amount: money(partner.earnRate.perMinor),
        })}
      </td>
      <td>
        {t('partners.valueText', {
          amount: money(partner.issueValue.minor),
          points: formatNumber(partner.issueValue.points),
        })}
      </td>
      <td>
        {t('partners.valueText', {
          amount: money(partner.redeemValue.minor),
          points: formatNumber(partner.redeemValue.points),
        })}
      </td>
      <td>
        <StatusBadge tone={suspended ? 'warn' : 'ok'}>{t(`partners.statuses.${partner.status}`)}</StatusBadge>
      </td>
      {canWrite && (
        <td>
          <div className="row-actions">
            <button type="button" className="link-button" onClick={onEdit}>
              {t('common:edit')}
              <span className="visually-hidden"> {partner.name}</span>
            </button>
            <button type="button" className="link-button" onClick={toggle} disabled={submit.sending}>
              {suspended ? t('partners.resume') : t('partners.suspend')}
              <span className="visually-hidden"> {partner.name}</span>
            </button>
            {owner && (
              <button type="button" className="link-button" onClick={createKey} disabled={submit.sending}>
                {t('partners.createKey')}
                <span className="visually-hidden"> {partner.name}</span>
              </button>
            )}
          </div>
          <ErrorBox error={submit.error} />
          {secret && (
            <SecretReveal
              title={t('partners.keyCreated')}
              secret={secret}
              onDone={() => setSecret(undefined)}
            />
          )}
        </td>
      )}
    </tr>
  );
}
