import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { EmptyState, ErrorBox, Field, Loading, PageHeader } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { canWrite, useAdmin, useProgram } from '../context.js';
import { memberName } from '../lib.js';
import { usePageTitle } from '../page-title.js';
import { EnrolMemberForm } from './EnrolMemberForm.js';
import {
  loadMemberPage,
  type MemberQuery,
  type MemberStatus,
  SEARCH_BY,
  type SearchBy,
} from './member-search.js';

const STATUSES: MemberStatus[] = ['active', 'blocked', 'deleted'];

export function statusBadge(status: string): string {
  return status === 'active' ? 'badge ok' : status === 'blocked' ? 'badge warn' : 'badge bad';
}

/** Members of the selected program: search, filters, pages, and enrolment for roles that may. */
export function MembersPage() {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const { user } = useAdmin();
  const { program } = useProgram();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [enrolling, setEnrolling] = useState(false);
  usePageTitle(t('members.title'));

  const query: MemberQuery = {
    programId: program.id,
    searchBy: (SEARCH_BY as string[]).includes(params.get('by') ?? '')
      ? (params.get('by') as SearchBy)
      : 'text',
    q: params.get('q') ?? '',
    status: (STATUSES as string[]).includes(params.get('status') ?? '')
      ? (params.get('status') as MemberStatus)
      : '',
    segmentId: params.get('segment') ?? '',
  };
  const [draft, setDraft] = useState({ q: query.q, searchBy: query.searchBy });
  // Cursors of the pages before the current one, so "Previous" can go back (the API pages forward only).
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const cursor = cursors.at(-1);

  const segments = useAsync(
    async () =>
      (await unwrap(api.GET('/v1/segments', { params: { query: { programId: program.id } } }))).items,
    [program.id],
  );
  const page = useAsync(
    () => loadMemberPage(query, cursor),
    [program.id, query.searchBy, query.q, query.status, query.segmentId, cursor],
  );

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === '') next.delete(key);
      else next.set(key, value);
    }
    setCursors([]);
    setParams(next, { replace: true });
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    update({ q: draft.q.trim(), by: draft.searchBy === 'text' ? '' : draft.searchBy });
  };

  const mayEnrol = canWrite(user.role, 'members');
  const pageNumber = cursors.length + 1;

  return (
    <>
      <PageHeader
        title={t('members.title')}
        actions={
          mayEnrol && !enrolling ? (
            <button type="button" onClick={() => setEnrolling(true)}>
              {t('members.enrol')}
            </button>
          ) : undefined
        }
      />
      {enrolling && (
        <EnrolMemberForm
          onCancel={() => setEnrolling(false)}
          onEnrolled={(member) => navigate(`/admin/members/${member.id}`)}
        />
      )}
      <search className="card member-filters" aria-label={t('members.searchLabel')}>
        <form onSubmit={search}>
          <div className="filters-row">
            <Field label={t('members.searchBy')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.searchBy}
                  onChange={(event) => setDraft({ ...draft, searchBy: event.target.value as SearchBy })}
                >
                  {SEARCH_BY.map((by) => (
                    <option key={by} value={by}>
                      {t(`members.by.${by}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('members.search')} hint={t(`members.searchHint.${draft.searchBy}`)}>
              {(props) => (
                <input
                  {...props}
                  type="search"
                  value={draft.q}
                  onChange={(event) => setDraft({ ...draft, q: event.target.value })}
                />
              )}
            </Field>
            <div className="filters-submit">
              <button type="submit">{tc('search')}</button>
            </div>
          </div>
          <div className="filters-row">
            <Field label={t('members.status')}>
              {(props) => (
                <select
                  {...props}
                  value={query.status}
                  onChange={(event) => update({ status: event.target.value })}
                >
                  <option value="">{t('members.anyStatus')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`memberStatus.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t('members.segment')}
              hint={query.segmentId !== '' ? t('members.segmentHint') : undefined}
            >
              {(props) => (
                <select
                  {...props}
                  value={query.segmentId}
                  onChange={(event) => update({ segment: event.target.value })}
                >
                  <option value="">{t('members.anySegment')}</option>
                  {(segments.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {t('members.segmentOption', { name: s.name, count: s.size })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </form>
      </search>
      {page.error !== undefined && <ErrorBox error={page.error} onRetry={page.reload} />}
      {page.data === undefined && page.error === undefined && <Loading />}
      {page.data !== undefined && (
        <section aria-label={t('members.results')} aria-busy={page.loading}>
          {page.data.members.length === 0 ? (
            <EmptyState>{t('members.noneFound')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="members-table">
                <caption className="visually-hidden">
                  {t('members.tableCaption', { page: pageNumber })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('members.name')}</th>
                    <th scope="col" className="hide-narrow">
                      {t('members.email')}
                    </th>
                    <th scope="col" className="hide-narrow">
                      {t('members.phone')}
                    </th>
                    <th scope="col">{t('members.status')}</th>
                    <th scope="col" className="hide-narrow">
                      {t('members.enrolled')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.members.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/admin/members/${m.id}`}>{memberName(m) || t('members.unnamed')}</Link>
                        {/* On a phone the contact goes under the name instead of in columns of its own. */}
                        <span className="show-narrow muted small break">{m.email ?? m.phone ?? ''}</span>
                      </td>
                      <td className="break hide-narrow">{m.email ?? '—'}</td>
                      <td className="hide-narrow">{m.phone ?? '—'}</td>
                      <td>
                        <span className={statusBadge(m.status)}>{t(`memberStatus.${m.status}`)}</span>
                      </td>
                      <td className="hide-narrow">{formatDate(m.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label={t('members.pagination')}>
            <button
              type="button"
              className="secondary"
              disabled={cursors.length === 0 || page.loading}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {t('members.previousPage')}
            </button>
            <span aria-live="polite">{t('members.page', { page: pageNumber })}</span>
            <button
              type="button"
              className="secondary"
              disabled={page.data.nextCursor === null || page.loading}
              onClick={() => setCursors([...cursors, page.data?.nextCursor ?? undefined])}
            >
              {t('members.nextPage')}
            </button>
          </nav>
        </section>
      )}
    </>
  );
}
