import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox } from '../../../ui/components.js';
import { formatDateTime } from '../../../ui/format.js';
import { useSubmit } from '../shared.js';

type Item = { memberId: string; since: string };
const PAGE = 20;

/** The members of a segment, a page at a time; members of a static segment can be taken out one by one. */
export function SegmentMembers({
  segmentId,
  version,
  canWrite,
}: {
  segmentId: string;
  version: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation('manage');
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const submit = useSubmit();
  const load = (after?: string) =>
    void submit.run(async () => {
      const page = await unwrap(
        api.GET('/v1/segments/{id}/members', {
          params: { path: { id: segmentId }, query: { limit: PAGE, ...(after ? { cursor: after } : {}) } },
        }),
      );
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setLoaded(true);
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the first page when the segment changes
  useEffect(() => load(), [segmentId, version]);
  const remove = (memberId: string) =>
    void submit.run(async () => {
      await unwrap(
        api.DELETE('/v1/segments/{id}/members/{memberId}', { params: { path: { id: segmentId, memberId } } }),
      );
      setItems((current) => current.filter((i) => i.memberId !== memberId));
    }, t('segments.removed'));

  return (
    <section className="card" aria-labelledby="segment-members">
      <h2 id="segment-members">{t('segments.members')}</h2>
      <ErrorBox error={submit.error} onRetry={() => load()} />
      {submit.success && (
        <p role="status" className="muted">
          {submit.success}
        </p>
      )}
      {loaded && items.length === 0 && <EmptyState>{t('segments.noMembers')}</EmptyState>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.member')}</th>
                <th scope="col">{t('segments.memberSince')}</th>
                {canWrite && <th scope="col">{t('common:actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.memberId}>
                  <td>
                    <Link to={`/admin/members/${item.memberId}`}>
                      <code>{item.memberId}</code>
                    </Link>
                  </td>
                  <td>{formatDateTime(item.since)}</td>
                  {canWrite && (
                    <td>
                      <button type="button" className="link-button" onClick={() => remove(item.memberId)}>
                        {t('segments.removeMember')}
                        <span className="visually-hidden"> {item.memberId}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor !== null && (
        <div className="form-actions">
          <button type="button" className="secondary" disabled={submit.sending} onClick={() => load(cursor)}>
            {t('shared.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
