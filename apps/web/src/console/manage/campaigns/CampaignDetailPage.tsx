import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Loading, PageHeader } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { usePageTitle } from '../../page-title.js';
import type { Campaign, CampaignDocument } from '../api-types.js';
import { SuccessMessage, useCanWrite, useSubmit } from '../shared.js';
import { Tabs } from '../widgets.js';
import { BacktestPanel } from './BacktestPanel.js';
import { CampaignBuilder } from './CampaignBuilder.js';
import { CampaignStatus } from './CampaignsPage.js';
import { ExplainPanel } from './ExplainPanel.js';

type Tab = 'rules' | 'dryRun' | 'backtest' | 'versions';

/** One campaign: its status and lifecycle actions, the draft in the builder, dry run, backtest and versions. */
export function CampaignDetailPage() {
  const { t } = useTranslation('manage');
  const { id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // The "created" message is shown once: a reload of the page should not announce it again.
  const [saved] = useState((location.state as { saved?: 'draft' | 'publish' } | null)?.saved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the state of the navigation that brought us here, once
  useEffect(() => {
    if (location.state !== null) navigate(location.pathname, { replace: true, state: null });
  }, []);
  const [tab, setTab] = useState<Tab>('rules');
  const campaign = useAsync(() => unwrap(api.GET('/v1/campaigns/{id}', { params: { path: { id } } })), [id]);
  const [current, setCurrent] = useState<Campaign>();
  const data = current?.id === id ? current : campaign.data;
  usePageTitle(data?.name ?? t('campaigns.title'));

  if (campaign.loading && data === undefined) return <Loading />;
  if (data === undefined) return <ErrorBox error={campaign.error} onRetry={campaign.reload} />;
  return (
    <>
      <PageHeader title={data.name} actions={<LifecycleActions campaign={data} onChange={setCurrent} />}>
        <p>
          <Link to="/admin/campaigns">{t('campaigns.back')}</Link>
        </p>
        <p className="campaign-meta">
          <CampaignStatus status={data.status} />{' '}
          {data.currentVersion !== null
            ? t('campaigns.liveVersion', { version: data.currentVersion })
            : t('campaigns.neverPublished')}
          {data.draftChanged && data.currentVersion !== null && (
            <span className="badge warn tag">{t('campaigns.unpublishedChanges')}</span>
          )}
        </p>
      </PageHeader>
      <SuccessMessage>
        {saved === 'publish'
          ? t('builder.published')
          : saved === 'draft'
            ? t('builder.savedDraft')
            : undefined}
      </SuccessMessage>
      <Tabs
        label={t('campaigns.sections')}
        current={tab}
        onSelect={setTab}
        tabs={[
          { key: 'rules', label: t('campaigns.tabs.rules') },
          { key: 'dryRun', label: t('campaigns.tabs.dryRun') },
          { key: 'backtest', label: t('campaigns.tabs.backtest') },
          { key: 'versions', label: t('campaigns.tabs.versions') },
        ]}
      >
        {tab === 'rules' && <DraftEditor campaign={data} onChange={setCurrent} />}
        {tab === 'dryRun' && <ExplainPanel campaign={data} />}
        {tab === 'backtest' && <BacktestPanel campaign={data} />}
        {tab === 'versions' && <Versions campaign={data} />}
      </Tabs>
    </>
  );
}

function DraftEditor({ campaign, onChange }: { campaign: Campaign; onChange: (c: Campaign) => void }) {
  const { t } = useTranslation('manage');
  const canWrite = useCanWrite();
  const id = campaign.id;
  return (
    <CampaignBuilder
      key={id}
      initial={campaign.draft as Partial<CampaignDocument>}
      readOnly={!canWrite || campaign.status === 'ended'}
      canPublish={campaign.status !== 'ended'}
      publishLabel={t('builder.saveAndPublish')}
      onSave={async (doc, mode) => {
        let next = await unwrap(api.PUT('/v1/campaigns/{id}', { params: { path: { id } }, body: doc }));
        if (mode === 'publish')
          next = await unwrap(api.POST('/v1/campaigns/{id}/publish', { params: { path: { id } } }));
        onChange(next);
      }}
    />
  );
}

/** Publish, pause, resume, end: each shown only when the campaign's status allows it and the role may write. */
function LifecycleActions({ campaign, onChange }: { campaign: Campaign; onChange: (c: Campaign) => void }) {
  const { t } = useTranslation('manage');
  const canWrite = useCanWrite();
  const submit = useSubmit();
  if (!canWrite) return null;
  const id = campaign.id;
  const status = campaign.status;
  const transition = (action: 'pause' | 'resume' | 'end') => {
    if (action === 'end' && !window.confirm(t('campaigns.confirmEnd', { name: campaign.name }))) return;
    void submit.run(
      async () => {
        onChange(
          await unwrap(api.POST('/v1/campaigns/{id}/status', { params: { path: { id } }, body: { action } })),
        );
      },
      t(`campaigns.done.${action}`),
    );
  };
  const publish = () =>
    void submit.run(async () => {
      onChange(await unwrap(api.POST('/v1/campaigns/{id}/publish', { params: { path: { id } } })));
    }, t('builder.published'));
  return (
    <div className="lifecycle">
      <div className="page-actions">
        {status !== 'ended' && (campaign.draftChanged || campaign.currentVersion === null) && (
          <button type="button" disabled={submit.sending} onClick={publish}>
            {t('campaigns.publish')}
          </button>
        )}
        {(status === 'active' || status === 'scheduled') && (
          <button
            type="button"
            className="secondary"
            disabled={submit.sending}
            onClick={() => transition('pause')}
          >
            {t('campaigns.pause')}
          </button>
        )}
        {status === 'paused' && (
          <button
            type="button"
            className="secondary"
            disabled={submit.sending}
            onClick={() => transition('resume')}
          >
            {t('campaigns.resume')}
          </button>
        )}
        {status !== 'ended' && status !== 'draft' && (
          <button
            type="button"
            className="danger"
            disabled={submit.sending}
            onClick={() => transition('end')}
          >
            {t('campaigns.end')}
          </button>
        )}
      </div>
      <ErrorBox error={submit.error} />
      <SuccessMessage>{submit.success}</SuccessMessage>
    </div>
  );
}

function Versions({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('manage');
  const [shown, setShown] = useState<number>();
  const version = useAsync(
    async () =>
      shown === undefined
        ? undefined
        : unwrap(
            api.GET('/v1/campaigns/{id}/versions/{version}', {
              params: { path: { id: campaign.id, version: shown } },
            }),
          ),
    [campaign.id, shown],
  );
  if (campaign.versions.length === 0) return <p className="muted">{t('campaigns.noVersions')}</p>;
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('campaigns.tabs.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.version')}</th>
              <th scope="col">{t('campaigns.publishedAt')}</th>
              <th scope="col">{t('campaigns.publishedBy')}</th>
              <th scope="col">{t('common:actions')}</th>
            </tr>
          </thead>
          <tbody>
            {[...campaign.versions].reverse().map((v) => (
              <tr key={v.id}>
                <td>v{v.version}</td>
                <td>{formatDateTime(v.publishedAt)}</td>
                <td>{v.publishedBy ?? '—'}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => setShown(v.version)}>
                    {t('campaigns.showVersion', { version: v.version })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorBox error={version.error} />
      {version.data && (
        <section aria-label={t('campaigns.versionDocument', { version: version.data.version })}>
          <h3>{t('campaigns.versionDocument', { version: version.data.version })}</h3>
          <pre className="explain json-view">{JSON.stringify(version.data.document, null, 2)}</pre>
        </section>
      )}
    </>
  );
}
