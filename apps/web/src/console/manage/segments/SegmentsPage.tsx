import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { Card, EmptyState, ErrorBox, Field, Loading, PageHeader } from '../../../ui/components.js';
import { formatDateTime, formatNumber } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { usePageTitle } from '../../page-title.js';
import type { SegmentCondition } from '../api-types.js';
import { slugify, useCanWrite, useSubmit } from '../shared.js';
import { ConditionBuilder } from './ConditionBuilder.js';
import { CsvInput } from './CsvUpload.js';

/** The program's segments with their current sizes. */
export function SegmentsPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('segments.title'));
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const [kind, setKind] = useState<'' | 'dynamic' | 'static'>('');
  const list = useAsync(
    () =>
      unwrap(
        api.GET('/v1/segments', { params: { query: { programId: program.id, ...(kind ? { kind } : {}) } } }),
      ),
    [program.id, kind],
  );
  return (
    <>
      <PageHeader
        title={t('segments.title')}
        actions={
          canWrite ? (
            <Link className="button" to="/admin/segments/new">
              {t('segments.create')}
            </Link>
          ) : undefined
        }
      >
        <p className="muted">{t('segments.intro')}</p>
      </PageHeader>
      <div className="filters">
        <Field label={t('segments.filterKind')}>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="">{t('segments.allKinds')}</option>
              <option value="dynamic">{t('segments.dynamic')}</option>
              <option value="static">{t('segments.static')}</option>
            </select>
          )}
        </Field>
      </div>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <EmptyState>{t('segments.empty')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('segments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('segments.name')}</th>
                <th scope="col">{t('segments.code')}</th>
                <th scope="col">{t('segments.kind')}</th>
                <th scope="col" className="num">
                  {t('segments.size')}
                </th>
                <th scope="col">{t('segments.computedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/admin/segments/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>{s.kind === 'dynamic' ? t('segments.dynamic') : t('segments.static')}</td>
                  <td className="num">{formatNumber(s.size)}</td>
                  <td>{formatDateTime(s.computedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Builds a new segment: dynamic from a condition (with a live count), or static from an uploaded CSV list. */
export function NewSegmentPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('segments.newTitle'));
  const { program } = useProgram();
  const navigate = useNavigate();
  const canWrite = useCanWrite();
  const [name, setName] = useState('');
  const [code, setCode] = useState<string>();
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [condition, setCondition] = useState<SegmentCondition>();
  const [invalid, setInvalid] = useState(false);
  const [csv, setCsv] = useState('');
  const submit = useSubmit();
  const e = submit.errors;
  const effectiveCode = code ?? slugify(name, 'segment');

  const save = () =>
    void submit.run(async () => {
      const segment = await unwrap(
        api.POST('/v1/segments', {
          body: {
            programId: program.id,
            code: effectiveCode,
            name: name.trim(),
            kind,
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(kind === 'dynamic' && condition ? { condition } : {}),
          },
        }),
      );
      if (kind === 'static' && csv.trim() !== '') {
        await unwrap(
          api.POST('/v1/segments/{id}/members', { params: { path: { id: segment.id } }, body: { csv } }),
        );
      }
      navigate(`/admin/segments/${segment.id}`, { state: { created: true } });
    });

  return (
    <>
      <PageHeader title={t('segments.newTitle')}>
        <p>
          <Link to="/admin/segments">{t('segments.back')}</Link>
        </p>
      </PageHeader>
      <form
        aria-label={t('segments.newTitle')}
        onSubmit={(ev) => {
          ev.preventDefault();
          save();
        }}
      >
        <Card title={t('builder.details')}>
          <div className="form-row">
            <Field label={t('segments.name')} error={e['/name']}>
              {(props) => (
                <input {...props} required value={name} onChange={(ev) => setName(ev.target.value)} />
              )}
            </Field>
            <Field label={t('segments.code')} hint={t('segments.codeHint')} error={e['/code']}>
              {(props) => (
                <input
                  {...props}
                  required
                  value={effectiveCode}
                  onChange={(ev) => setCode(ev.target.value)}
                />
              )}
            </Field>
          </div>
          <Field label={t('segments.description')} error={e['/description']}>
            {(props) => (
              <textarea
                {...props}
                className="prose"
                value={description}
                onChange={(ev) => setDescription(ev.target.value)}
              />
            )}
          </Field>
          <fieldset className="checkbox-group">
            <legend>{t('segments.kind')}</legend>
            <label className="check">
              <input
                type="radio"
                name="kind"
                value="dynamic"
                checked={kind === 'dynamic'}
                onChange={() => setKind('dynamic')}
              />
              {t('segments.dynamicLong')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="kind"
                value="static"
                checked={kind === 'static'}
                onChange={() => setKind('static')}
              />
              {t('segments.staticLong')}
            </label>
          </fieldset>
        </Card>
        {kind === 'dynamic' ? (
          <ConditionBuilder
            initial={undefined}
            onChange={(c, bad) => {
              setCondition(c);
              setInvalid(bad);
            }}
          />
        ) : (
          <Card title={t('segments.upload')}>
            <CsvInput
              value={csv}
              onChange={setCsv}
              error={Object.entries(e).find(([f]) => f.startsWith('/csv'))?.[1]}
            />
          </Card>
        )}
        {e['/condition'] && <p className="field-error">{e['/condition']}</p>}
        <ErrorBox error={submit.error} />
        {canWrite && (
          <div className="form-actions">
            <button
              type="submit"
              disabled={submit.sending || (kind === 'dynamic' && (condition === undefined || invalid))}
            >
              {t('segments.save')}
            </button>
          </div>
        )}
      </form>
    </>
  );
}
