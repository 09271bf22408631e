import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Field, Loading, PageHeader } from '../../../ui/components.js';
import { formatMoney, formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { usePageTitle } from '../../page-title.js';
import type { Reward } from '../api-types.js';
import { SuccessMessage, useCanWrite } from '../shared.js';
import { StatusBadge } from '../widgets.js';
import { RewardForm } from './RewardForm.js';

/** What a reward gives, in words: "€5.00 off", "10 % off", "free SKU-1". */
function valueText(
  reward: Reward,
  currency: string,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const v = reward.value;
  if (v.amount !== undefined && reward.type !== 'percent_discount') return formatMoney(v.amount, currency);
  if (v.percent !== undefined) return formatPercent(v.percent / 100, 0);
  if (v.sku !== undefined) return v.sku;
  if (v.charity !== undefined) return v.charity;
  if (v.event !== undefined) return v.event;
  return t('rewards.noValue');
}

/** The rewards catalog: every reward with its price and stock, and the form to add or change one. */
export function RewardsPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('rewards.title'));
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const [status, setStatus] = useState<'' | 'active' | 'inactive'>('');
  const [editing, setEditing] = useState<Reward | 'new'>();
  const [saved, setSaved] = useState<string>();
  const list = useAsync(
    () =>
      unwrap(
        api.GET('/v1/rewards', {
          params: { query: { programId: program.id, ...(status !== '' ? { status } : {}) } },
        }),
      ),
    [program.id, status],
  );
  return (
    <>
      <PageHeader
        title={t('rewards.title')}
        actions={
          canWrite && editing === undefined ? (
            <button
              type="button"
              onClick={() => {
                setSaved(undefined);
                setEditing('new');
              }}
            >
              {t('rewards.create')}
            </button>
          ) : undefined
        }
      >
        <p className="muted">{t('rewards.intro')}</p>
      </PageHeader>
      <SuccessMessage>{saved}</SuccessMessage>
      {editing !== undefined && (
        <RewardForm
          key={editing === 'new' ? 'new' : editing.id}
          reward={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={(reward) => {
            setEditing(undefined);
            setSaved(t('rewards.saved', { name: reward.name }));
            list.reload();
          }}
        />
      )}
      <div className="filters">
        <Field label={t('rewards.filterStatus')}>
          {(props) => (
            <select {...props} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              <option value="">{t('rewards.allStatuses')}</option>
              <option value="active">{t('rewards.statusActive')}</option>
              <option value="inactive">{t('rewards.statusInactive')}</option>
            </select>
          )}
        </Field>
      </div>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <EmptyState>{t('rewards.empty')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('rewards.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rewards.name')}</th>
                <th scope="col">{t('rewards.type')}</th>
                <th scope="col">{t('rewards.value')}</th>
                <th scope="col" className="num">
                  {t('rewards.costShort')}
                </th>
                <th scope="col" className="num">
                  {t('rewards.stockShort')}
                </th>
                <th scope="col">{t('rewards.statusLabel')}</th>
                {canWrite && <th scope="col">{t('common:actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((reward) => (
                <tr key={reward.id}>
                  <td>
                    <strong>{reward.name}</strong>
                    <div className="muted small">{reward.code}</div>
                  </td>
                  <td>{t(`rewards.types.${reward.type}`, { defaultValue: reward.type })}</td>
                  <td>{valueText(reward, program.currency, t)}</td>
                  <td className="num">{formatNumber(reward.cost)}</td>
                  <td className="num">
                    {reward.stock.remaining === null
                      ? t('rewards.unlimited')
                      : t('rewards.stockLeft', {
                          remaining: formatNumber(reward.stock.remaining),
                          total: formatNumber(reward.stock.total ?? 0),
                        })}
                  </td>
                  <td>
                    <StatusBadge tone={reward.status === 'active' ? 'ok' : 'neutral'}>
                      {reward.status === 'active' ? t('rewards.statusActive') : t('rewards.statusInactive')}
                    </StatusBadge>
                  </td>
                  {canWrite && (
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setSaved(undefined);
                          setEditing(reward);
                        }}
                      >
                        {t('common:edit')}
                        <span className="visually-hidden"> {reward.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
