import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field, Loading, PageHeader } from '../../ui/components.js';
import { formatDateTime } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { MIN_PASSWORD_LENGTH } from '../auth/SetupPage.js';
import { type AdminRole, useAdmin } from '../context.js';
import { type ConsoleUser, fieldErrors, newIdempotencyKey } from '../lib.js';
import { usePageTitle } from '../page-title.js';

const ROLES: AdminRole[] = ['owner', 'marketer', 'support', 'analyst'];

/** Console users of the tenant (owners only): who may sign in, with which role, and who is disabled. */
export function UsersPage() {
  const { t } = useTranslation('console');
  usePageTitle(t('users.title'));
  const users = useAsync(async () => (await unwrap(api.GET('/v1/admin-users'))).data, []);
  const [message, setMessage] = useState<string>();

  return (
    <>
      <PageHeader title={t('users.title')}>
        <p className="muted">{t('users.intro')}</p>
      </PageHeader>
      <dl className="role-help">
        {ROLES.map((role) => (
          <div key={role}>
            <dt>{t(`roles.${role}`)}</dt>
            <dd>{t(`roleHelp.${role}`)}</dd>
          </div>
        ))}
      </dl>
      {message !== undefined && (
        <p className="success-box" role="status">
          {message}
        </p>
      )}
      {users.error !== undefined && <ErrorBox error={users.error} onRetry={users.reload} />}
      {users.data === undefined && users.error === undefined && <Loading />}
      {users.data !== undefined && (
        <UserTable
          users={users.data}
          onChanged={(text) => {
            setMessage(text);
            users.reload();
          }}
        />
      )}
      <CreateUserForm
        onCreated={(user) => {
          setMessage(t('users.created', { name: user.name }));
          users.reload();
        }}
      />
    </>
  );
}

function UserTable({ users, onChanged }: { users: ConsoleUser[]; onChanged: (message: string) => void }) {
  const { t } = useTranslation('console');
  const { user: me } = useAdmin();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();

  const change = async (user: ConsoleUser, body: { role?: AdminRole; disabled?: boolean }, done: string) => {
    setBusy(user.id);
    setError(undefined);
    try {
      await unwrap(api.PATCH('/v1/admin-users/{id}', { params: { path: { id: user.id } }, body }));
      onChanged(done);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={t('users.listLabel')}>
      <ErrorBox error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">{t('users.lastSignIn')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name}
                  {u.id === me.id && <span className="muted small"> ({t('users.you')})</span>}
                </td>
                <td className="break">{u.email}</td>
                <td>
                  <select
                    aria-label={t('users.roleFor', { name: u.name })}
                    value={u.role}
                    // Your own role is changed by another owner: a slip here could lock you out of this page.
                    disabled={busy === u.id || u.id === me.id}
                    onChange={(event) =>
                      void change(
                        u,
                        { role: event.target.value as AdminRole },
                        t('users.roleChanged', { name: u.name, role: t(`roles.${event.target.value}`) }),
                      )
                    }
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`roles.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <span className={u.disabled ? 'badge bad' : 'badge ok'}>
                    {u.disabled ? t('users.disabled') : t('users.enabled')}
                  </span>
                </td>
                <td>{u.lastSignInAt === null ? t('users.never') : formatDateTime(u.lastSignInAt)}</td>
                <td>
                  {u.id !== me.id && (
                    <button
                      type="button"
                      className={u.disabled ? 'secondary' : 'danger'}
                      disabled={busy === u.id}
                      aria-label={t(u.disabled ? 'users.enableLabel' : 'users.disableLabel', {
                        name: u.name,
                      })}
                      onClick={() =>
                        void change(
                          u,
                          { disabled: !u.disabled },
                          t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', { name: u.name }),
                        )
                      }
                    >
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: ConsoleUser) => void }) {
  const { t } = useTranslation('console');
  const [draft, setDraft] = useState({ name: '', email: '', role: 'marketer' as AdminRole, password: '' });
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(newIdempotencyKey);
  const errors = fieldErrors(error);
  const set = (changes: Partial<typeof draft>) => {
    setKey(newIdempotencyKey());
    setDraft({ ...draft, ...changes });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const user = await unwrap(
        api.POST('/v1/admin-users', {
          headers: { 'Idempotency-Key': key },
          body: {
            name: draft.name.trim(),
            email: draft.email.trim(),
            role: draft.role,
            password: draft.password,
          },
        }),
      );
      setDraft({ name: '', email: '', role: 'marketer', password: '' });
      setKey(newIdempotencyKey());
      onCreated(user);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('users.createTitle')}>
      <p className="muted small">{t('users.createIntro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          <Field label={t('users.name')} error={errors.name}>
            {(props) => (
              <input {...props} required value={draft.name} onChange={(e) => set({ name: e.target.value })} />
            )}
          </Field>
          <Field label={t('users.email')} error={errors.email}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="off"
                required
                value={draft.email}
                onChange={(e) => set({ email: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('users.role')} error={errors.role}>
            {(props) => (
              <select
                {...props}
                value={draft.role}
                onChange={(e) => set({ role: e.target.value as AdminRole })}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('users.initialPassword')}
            hint={t('auth.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            error={errors.password}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD_LENGTH}
                value={draft.password}
                onChange={(e) => set({ password: e.target.value })}
              />
            )}
          </Field>
        </div>
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.sending') : t('users.create')}
          </button>
        </div>
      </form>
    </Card>
  );
}
