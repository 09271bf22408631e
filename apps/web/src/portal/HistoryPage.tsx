import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { formatDateTime } from '../ui/format.js';
import { serverTextLang, signed, usePageTitle } from './page.js';
import type { HistoryEntry } from './types.js';

const PAGE_SIZE = 20;

/**
 * Every change of the member's points, newest first, each with the ledger's explanation of why. Pages are fetched
 * with the cursor of the previous one and appended, so "Show more" never repeats or skips an entry.
 */
export function HistoryPage() {
  const { t, i18n } = useTranslation('portal');
  const [items, setItems] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [started, setStarted] = useState(false);
  usePageTitle(t('history.title'));

  const load = useCallback(async (after: string | null) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await unwrap(
        portalApi.GET('/v1/portal/me/history', {
          params: { query: { limit: PAGE_SIZE, ...(after !== null ? { cursor: after } : {}) } },
        }),
      );
      setItems((current) => (after === null ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
      setStarted(true);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  const en = serverTextLang(i18n.language);
  return (
    <>
      <h1>{t('history.title')}</h1>
      <p className="muted">{t('history.intro')}</p>
      {started && items.length === 0 && error === undefined && <p className="empty">{t('history.empty')}</p>}
      {items.length > 0 && (
        <ol className="history" aria-label={t('history.title')}>
          {items.map((entry) => (
            <li key={entry.id} className="history-entry">
              <div className="history-main">
                <span className="history-kind">
                  {t(`history.kind.${entry.kind}`, { defaultValue: entry.kind.replace(/_/g, ' ') })}
                  {entry.wallet !== 'points' && ` · ${entry.wallet.replace(/_/g, ' ')}`}
                </span>
                <p className="history-explanation" lang={en}>
                  {entry.explanation}
                </p>
                <time className="muted" dateTime={entry.occurredAt}>
                  {formatDateTime(entry.occurredAt)}
                </time>
              </div>
              <span
                className={`history-amount ${entry.amount > 0 ? 'plus' : entry.amount < 0 ? 'minus' : ''}`}
              >
                <span aria-hidden="true">{signed(entry.amount)}</span>
                <span className="visually-hidden">
                  {t('history.amount', { count: Math.abs(entry.amount), n: signed(entry.amount) })}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
      {error !== undefined && (
        <ErrorBox error={error} onRetry={() => void load(items.length === 0 ? null : cursor)} />
      )}
      {loading ? (
        <Loading />
      ) : (
        cursor !== null && (
          <div className="form-actions center">
            <button type="button" className="secondary" onClick={() => void load(cursor)}>
              {t('history.more')}
            </button>
          </div>
        )
      )}
    </>
  );
}
