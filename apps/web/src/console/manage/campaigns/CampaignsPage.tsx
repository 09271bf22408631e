import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Loading, PageHeader } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { usePageTitle } from '../../page-title.js';
import type { Campaign, CampaignDocument } from '../api-types.js';
import { useCanWrite } from '../shared.js';
import { StatusBadge } from '../widgets.js';
import { CampaignBuilder } from './CampaignBuilder.js';

const TONES = { active: 'ok', scheduled: 'warn', paused: 'warn', draft: 'neutral', ended: 'bad' } as const;

export function CampaignStatus({ status }: { status: Campaign['status'] }) {
  const { t } = useTranslation('manage');
  return <StatusBadge tone={TONES[status]}>{t(`campaigns.status.${status}`)}</StatusBadge>;
}

/** Every campaign of the program with its status and live version. */
export function CampaignsPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('campaigns.title'));
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const list = useAsync(
    () => unwrap(api.GET('/v1/campaigns', { params: { query: { programId: program.id } } })),
    [program.id],
  );
  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        actions={
          canWrite ? (
            <Link className="button" to="/admin/campaigns/new">
              {t('campaigns.create')}
            </Link>
          ) : undefined
        }
      >
        <p className="muted">{t('campaigns.intro')}</p>
      </PageHeader>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <EmptyState>{t('campaigns.empty')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('campaigns.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.name')}</th>
                <th scope="col">{t('campaigns.statusLabel')}</th>
                <th scope="col" className="num">
                  {t('campaigns.version')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.rulesCount')}
                </th>
                <th scope="col">{t('campaigns.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={`/admin/campaigns/${campaign.id}`}>{campaign.name}</Link>
                    {campaign.kind === 'base' && <span className="badge tag">{t('campaigns.base')}</span>}
                    {campaign.draftChanged && campaign.currentVersion !== null && (
                      <span className="badge warn tag">{t('campaigns.unpublishedChanges')}</span>
                    )}
                  </td>
                  <td>
                    <CampaignStatus status={campaign.status} />
                  </td>
                  <td className="num">{campaign.currentVersion ?? '—'}</td>
                  <td className="num">{(campaign.draft as Partial<CampaignDocument>).rules?.length ?? 0}</td>
                  <td>{formatDateTime(campaign.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The "Create campaign" flow: build the first draft, then save it as a draft or publish version 1 at once. */
export function NewCampaignPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('campaigns.newTitle'));
  const { program } = useProgram();
  const navigate = useNavigate();
  const canWrite = useCanWrite();
  return (
    <>
      <PageHeader title={t('campaigns.newTitle')}>
        <p className="muted">{t('campaigns.newIntro')}</p>
      </PageHeader>
      <CampaignBuilder
        initial={{}}
        readOnly={!canWrite}
        publishLabel={t('builder.publishNew')}
        onSave={async (doc, mode) => {
          const created = await unwrap(
            api.POST('/v1/campaigns', {
              body: { ...doc, programId: program.id, ...(mode === 'publish' ? { publish: true } : {}) },
            }),
          );
          navigate(`/admin/campaigns/${created.id}`, { state: { saved: mode } });
        }}
      />
    </>
  );
}
