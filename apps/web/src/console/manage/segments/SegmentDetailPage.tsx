import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { LineChartFigure } from '../../../ui/charts.js';
import { Card, ErrorBox, Field, Loading, PageHeader, Stat } from '../../../ui/components.js';
import { formatDateTime, formatNumber } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { usePageTitle } from '../../page-title.js';
import type { Segment, SegmentCondition } from '../api-types.js';
import {
  compactNumber,
  daysAgo,
  downloadWithAuth,
  formatDay,
  SuccessMessage,
  useCanWrite,
  useSubmit,
} from '../shared.js';
import { ConditionBuilder } from './ConditionBuilder.js';
import { UploadMembers } from './CsvUpload.js';
import { SegmentMembers } from './SegmentMembers.js';

/** One segment: size now and over time, CSV export, its condition (editable) or its uploaded members. */
export function SegmentDetailPage() {
  const { t } = useTranslation('manage');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [created] = useState((location.state as { created?: boolean } | null)?.created === true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the state of the navigation that brought us here, once
  useEffect(() => {
    if (location.state !== null) navigate(location.pathname, { replace: true, state: null });
  }, []);
  const canWrite = useCanWrite();
  const segment = useAsync(() => unwrap(api.GET('/v1/segments/{id}', { params: { path: { id } } })), [id]);
  const [from, setFrom] = useState(daysAgo(90));
  const sizes = useAsync(
    () => unwrap(api.GET('/v1/segments/{id}/sizes', { params: { path: { id }, query: { from } } })),
    [id, from, segment.data?.computedAt],
  );
  const actions = useSubmit();
  usePageTitle(segment.data?.name ?? t('segments.title'));

  if (segment.loading && segment.data === undefined) return <Loading />;
  const s = segment.data;
  if (s === undefined) return <ErrorBox error={segment.error} onRetry={segment.reload} />;

  const recompute = () =>
    void actions.run(async () => {
      const r = await unwrap(api.POST('/v1/segments/{id}/recompute', { params: { path: { id } } }));
      segment.reload();
      return r;
    }, t('segments.recomputed'));
  const remove = () => {
    if (!window.confirm(t('segments.confirmDelete', { name: s.name }))) return;
    void actions.run(async () => {
      await unwrap(api.DELETE('/v1/segments/{id}', { params: { path: { id } } }));
      navigate('/admin/segments');
    });
  };
  const exportCsv = () =>
    void actions.run(
      () => downloadWithAuth(`/v1/segments/${id}/members.csv`, `segment-${s.code}.csv`),
      t('segments.exported'),
    );

  return (
    <>
      <PageHeader
        title={s.name}
        actions={
          <>
            <button type="button" className="secondary" onClick={exportCsv} disabled={actions.sending}>
              {t('segments.export')}
            </button>
            {canWrite && s.kind === 'dynamic' && (
              <button type="button" className="secondary" onClick={recompute} disabled={actions.sending}>
                {t('segments.recompute')}
              </button>
            )}
            {canWrite && (
              <button type="button" className="danger" onClick={remove} disabled={actions.sending}>
                {t('segments.delete')}
              </button>
            )}
          </>
        }
      >
        <p>
          <Link to="/admin/segments">{t('segments.back')}</Link>
        </p>
        {s.description && <p className="muted">{s.description}</p>}
      </PageHeader>
      <SuccessMessage>{created ? t('segments.created') : undefined}</SuccessMessage>
      <ErrorBox error={actions.error} />
      <SuccessMessage>{actions.success}</SuccessMessage>
      <div className="stats">
        <Stat label={t('segments.size')} value={formatNumber(s.size)} />
        <Stat
          label={t('segments.kind')}
          value={s.kind === 'dynamic' ? t('segments.dynamic') : t('segments.static')}
        />
        <Stat label={t('segments.code')} value={<code className="stat-small break">{s.code}</code>} />
        <Stat
          label={t('segments.computedAt')}
          value={<span className="stat-small">{formatDateTime(s.computedAt)}</span>}
        />
      </div>
      <Card title={t('segments.sizeOverTime')}>
        <div className="filters">
          <Field label={t('segments.since')}>
            {(props) => (
              <input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            )}
          </Field>
        </div>
        <ErrorBox error={sizes.error} onRetry={sizes.reload} />
        {sizes.data && sizes.data.items.length > 0 ? (
          <LineChartFigure
            title={t('segments.sizeChart', { name: s.name })}
            data={sizes.data.items.map((p) => ({ day: formatDay(p.day), size: p.size }))}
            xKey="day"
            series={[{ key: 'size', label: t('segments.size') }]}
            formatValue={compactNumber}
          />
        ) : (
          sizes.data && <p className="muted">{t('segments.noSizes')}</p>
        )}
      </Card>
      {s.kind === 'dynamic' ? (
        <EditSegment segment={s} readOnly={!canWrite} onSaved={segment.reload} />
      ) : (
        canWrite && <UploadMembers segmentId={s.id} onDone={segment.reload} />
      )}
      <SegmentMembers
        segmentId={s.id}
        version={s.computedAt ?? s.updatedAt}
        canWrite={canWrite && s.kind === 'static'}
      />
    </>
  );
}

function EditSegment({
  segment,
  readOnly,
  onSaved,
}: {
  segment: Segment;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation('manage');
  const [name, setName] = useState(segment.name);
  const [description, setDescription] = useState(segment.description ?? '');
  const [condition, setCondition] = useState<SegmentCondition | undefined>(segment.condition ?? undefined);
  const [invalid, setInvalid] = useState(false);
  const submit = useSubmit();
  const save = () =>
    void submit.run(async () => {
      await unwrap(
        api.PUT('/v1/segments/{id}', {
          params: { path: { id: segment.id } },
          body: {
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(condition ? { condition } : {}),
          },
        }),
      );
      onSaved();
    }, t('segments.saved'));
  return (
    <form
      aria-label={t('segments.editTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {readOnly && <p className="muted">{t('shared.readOnly')}</p>}
      <fieldset className="plain-fieldset" disabled={readOnly}>
        <Card title={t('segments.editTitle')}>
          <Field label={t('segments.name')} error={submit.errors['/name']}>
            {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('segments.description')} error={submit.errors['/description']}>
            {(props) => (
              <textarea
                {...props}
                className="prose"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
        </Card>
        <ConditionBuilder
          initial={segment.condition}
          onChange={(c, bad) => {
            setCondition(c);
            setInvalid(bad);
          }}
        />
      </fieldset>
      <ErrorBox error={submit.error} />
      <SuccessMessage>{submit.success}</SuccessMessage>
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" disabled={submit.sending || invalid || condition === undefined}>
            {t('segments.saveChanges')}
          </button>
        </div>
      )}
    </form>
  );
}
