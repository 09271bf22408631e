import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Field, Loading, PageHeader } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { usePageTitle } from '../../page-title.js';
import { useSubmit } from '../shared.js';

type Entry = {
  id: string;
  actor: string;
  actorName?: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  createdAt: string;
};
interface Filters {
  subjectType: string;
  subjectId: string;
  actor: string;
  action: string;
}
const EMPTY: Filters = { subjectType: '', subjectId: '', actor: '', action: '' };
const PAGE = 50;
const SUBJECT_TYPES = [
  'member',
  'campaign',
  'reward',
  'segment',
  'partner',
  'webhook',
  'admin_user',
  'program',
  'tier_set',
];

/** Where a subject lives in the console, for the subjects that have a page. */
function subjectLink(type: string, id: string): string | undefined {
  if (type === 'member') return `/admin/members/${id}`;
  if (type === 'campaign') return `/admin/campaigns/${id}`;
  if (type === 'segment') return `/admin/segments/${id}`;
  return undefined;
}

/** The tenant's audit log: who changed what, newest first, filtered, an older page at a time. */
export function AuditPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('audit.title'));
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const submit = useSubmit();

  const load = (before?: string) =>
    void submit.run(async () => {
      const query: Record<string, string | number> = { limit: PAGE };
      for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') query[key] = value.trim();
      if (before) query.before = before;
      const page = await unwrap(api.GET('/v1/audit-log', { params: { query: query as { limit: number } } }));
      setItems((current) => (before ? [...current, ...page.items] : page.items));
      setNext(page.nextBefore);
      setLoaded(true);
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter set starts from the newest entries
  useEffect(() => load(), [filters]);

  const field = (key: keyof Filters, label: string, hint?: string, list?: string) => (
    <Field label={label} hint={hint}>
      {(props) => (
        <input
          {...props}
          list={list}
          value={draft[key]}
          onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <p className="muted">{t('audit.intro')}</p>
      </PageHeader>
      <form
        className="card"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <div className="filters">
          {field('subjectType', t('audit.subjectType'), undefined, 'audit-subject-types')}
          <datalist id="audit-subject-types">
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          {field('subjectId', t('audit.subjectId'))}
          {field('actor', t('audit.actor'), t('audit.actorHint'))}
          {field('action', t('audit.action'), t('audit.actionHint'))}
        </div>
        <div className="form-actions">
          <button type="submit">{t('audit.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      {!loaded && submit.sending && <Loading />}
      <ErrorBox error={submit.error} onRetry={() => load()} />
      {loaded && items.length === 0 && <EmptyState>{t('audit.empty')}</EmptyState>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="audit">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => {
                const link = subjectLink(entry.subjectType, entry.subjectId);
                const hasDetails = Object.keys(entry.details).length > 0;
                return (
                  <tr key={entry.id}>
                    <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                    <td>
                      {entry.actorName ?? <code>{entry.actor}</code>}
                      {entry.actorName && <div className="muted small">{entry.actor}</div>}
                    </td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>
                      <span className="muted">{entry.subjectType}</span>{' '}
                      {link ? (
                        <Link to={link}>
                          <code className="break">{entry.subjectId}</code>
                        </Link>
                      ) : (
                        <code className="break">{entry.subjectId}</code>
                      )}
                    </td>
                    <td>
                      {hasDetails ? (
                        <details>
                          <summary>{t('audit.show')}</summary>
                          <pre className="explain json-view">{JSON.stringify(entry.details, null, 2)}</pre>
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <div className="form-actions">
          <button type="button" className="secondary" disabled={submit.sending} onClick={() => load(next)}>
            {t('shared.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}
