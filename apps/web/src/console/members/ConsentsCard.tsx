import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox } from '../../ui/components.js';
import { formatDateTime } from '../../ui/format.js';
import type { Member, MemberPatch } from '../lib.js';

const CONSENTS = ['marketingEmail', 'sms', 'push', 'profiling'] as const;
type ConsentKey = (typeof CONSENTS)[number];

/**
 * Consents with when and where each was given. A change made here is recorded with source "console", so the record
 * shows that staff, not the member, changed it.
 */
export function ConsentsCard({
  member,
  mayEdit,
  onSaved,
}: {
  member: Member;
  mayEdit: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation('console');
  const initial = () =>
    Object.fromEntries(CONSENTS.map((c) => [c, member.consents[c]?.granted ?? false])) as Record<
      ConsentKey,
      boolean
    >;
  const [draft, setDraft] = useState(initial);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const changed = CONSENTS.filter((c) => draft[c] !== (member.consents[c]?.granted ?? false));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    setSaved(false);
    const consents: NonNullable<MemberPatch['consents']> = {};
    for (const c of changed) consents[c] = { granted: draft[c], source: 'console' };
    try {
      await unwrap(
        api.PATCH('/v1/members/{id}', { params: { path: { id: member.id } }, body: { consents } }),
      );
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('consents.title')}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('consents.consent')}</th>
                <th scope="col">{t('consents.state')}</th>
                <th scope="col">{t('consents.when')}</th>
              </tr>
            </thead>
            <tbody>
              {CONSENTS.map((c) => {
                const record = member.consents[c];
                return (
                  <tr key={c}>
                    <td>
                      {mayEdit ? (
                        <span className="check inline">
                          <input
                            id={`consent-${c}`}
                            type="checkbox"
                            checked={draft[c]}
                            onChange={(event) => setDraft({ ...draft, [c]: event.target.checked })}
                          />
                          <label htmlFor={`consent-${c}`}>{t(`consents.${c}`)}</label>
                        </span>
                      ) : (
                        t(`consents.${c}`)
                      )}
                    </td>
                    <td>
                      {record === undefined ? (
                        <span className="badge">{t('consents.notAsked')}</span>
                      ) : record.granted ? (
                        <span className="badge ok">{t('consents.granted')}</span>
                      ) : (
                        <span className="badge bad">{t('consents.refused')}</span>
                      )}
                    </td>
                    <td className="small">
                      {record === undefined
                        ? '—'
                        : t('consents.at', { at: formatDateTime(record.at), source: record.source })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {saved && (
          <p className="success-box" role="status">
            {t('consents.saved')}
          </p>
        )}
        <ErrorBox error={error} />
        {mayEdit && (
          <div className="form-actions">
            <button type="submit" disabled={sending || changed.length === 0}>
              {sending ? t('form.saving') : t('consents.save')}
            </button>
          </div>
        )}
      </form>
    </Card>
  );
}
