import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { ErrorBox, Field } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import type { Member } from './api-types.js';

export function memberLabel(m: Member): string {
  const name = [m.firstName, m.lastName].filter(Boolean).join(' ');
  return [name, m.email ?? m.phone].filter(Boolean).join(' — ') || m.id;
}

/** Finds a member by name, email or phone (debounced) and picks one of the matches. */
export function MemberPicker({ value, onChange }: { value: string; onChange: (memberId: string) => void }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(query.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [query]);
  const found = useAsync(
    async () =>
      (
        await unwrap(
          api.GET('/v1/members', {
            params: {
              query: {
                programId: program.id,
                status: 'active',
                limit: 20,
                ...(debounced !== '' ? { q: debounced } : {}),
              },
            },
          }),
        )
      ).data,
    [program.id, debounced],
  );
  const members = found.data ?? [];
  // Picks the first match so a search followed by "Run" needs no extra click.
  useEffect(() => {
    const first = members[0];
    if (first !== undefined && !members.some((m) => m.id === value)) onChange(first.id);
  }, [members, value, onChange]);
  return (
    <div className="form-row">
      <Field label={t('members.search')} hint={t('members.searchHint')}>
        {(props) => (
          <input {...props} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        )}
      </Field>
      <Field label={t('members.member')}>
        {(props) => (
          <select {...props} value={value} onChange={(e) => onChange(e.target.value)} required>
            {members.length === 0 && (
              <option value="">{found.loading ? t('common:loading') : t('members.none')}</option>
            )}
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {memberLabel(m)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorBox error={found.error} />
    </div>
  );
}
