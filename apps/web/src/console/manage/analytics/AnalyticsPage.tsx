import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, PageHeader } from '../../../ui/components.js';
import { usePageTitle } from '../../page-title.js';
import { useSegments } from '../options.js';
import { daysAgo, isoDay } from '../shared.js';
import { Tabs } from '../widgets.js';
import { CampaignPerformance } from './CampaignPerformance.js';
import { CohortsSection } from './CohortsSection.js';
import { KpiSection } from './KpiSection.js';
import { RfmSection } from './RfmSection.js';

export interface Range {
  from: string;
  to: string;
}
type Tab = 'kpis' | 'cohorts' | 'campaigns' | 'customers';
export type Interval = 'day' | 'week' | 'month';

/** Program analytics: KPIs for a range (optionally one segment), cohorts, campaign uplift, RFM and loyalty types. */
export function AnalyticsPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('analytics.title'));
  const segments = useSegments();
  const [from, setFrom] = useState(daysAgo(89));
  const [to, setTo] = useState(isoDay(new Date()));
  const [interval, setInterval] = useState<Interval>('week');
  const [segmentId, setSegmentId] = useState('');
  const [tab, setTab] = useState<Tab>('kpis');
  const range = { from, to };
  return (
    <>
      <PageHeader title={t('analytics.title')}>
        <p className="muted">{t('analytics.intro')}</p>
      </PageHeader>
      <form className="filters card" aria-label={t('analytics.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('analytics.from')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={from}
              max={to}
              onChange={(e) => e.target.value && setFrom(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('analytics.to')}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={to}
              min={from}
              onChange={(e) => e.target.value && setTo(e.target.value)}
            />
          )}
        </Field>
        {tab === 'kpis' && (
          <>
            <Field label={t('analytics.interval')}>
              {(props) => (
                <select {...props} value={interval} onChange={(e) => setInterval(e.target.value as Interval)}>
                  {(['day', 'week', 'month'] as const).map((i) => (
                    <option key={i} value={i}>
                      {t(`analytics.intervals.${i}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('analytics.segment')}>
              {(props) => (
                <select {...props} value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
                  <option value="">{t('analytics.allMembers')}</option>
                  {segments.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
      </form>
      <Tabs
        label={t('analytics.sections')}
        current={tab}
        onSelect={setTab}
        tabs={[
          { key: 'kpis', label: t('analytics.tabs.kpis') },
          { key: 'cohorts', label: t('analytics.tabs.cohorts') },
          { key: 'campaigns', label: t('analytics.tabs.campaigns') },
          { key: 'customers', label: t('analytics.tabs.customers') },
        ]}
      >
        {tab === 'kpis' && <KpiSection range={range} interval={interval} segmentId={segmentId} />}
        {tab === 'cohorts' && <CohortsSection range={range} />}
        {tab === 'campaigns' && <CampaignPerformance range={range} />}
        {tab === 'customers' && <RfmSection />}
      </Tabs>
    </>
  );
}
