import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { ErrorBox, Field } from '../../ui/components.js';
import type { ConsoleSession } from '../lib.js';
import { AuthLayout } from './AuthLayout.js';

export function SignInPage({
  expired,
  onDone,
  onSetup,
}: {
  expired: boolean;
  onDone: (session: ConsoleSession) => void;
  /** Offered while the installation still has no owner of its own (the demo brand's owner may sign in meanwhile). */
  onSetup?: (() => void) | undefined;
}) {
  const { t } = useTranslation('console');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      onDone(await unwrap(api.POST('/v1/console/sessions', { body: { email: email.trim(), password } })));
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };

  return (
    <AuthLayout title={t('auth.signInTitle')} intro={t('auth.signInIntro')}>
      {expired && (
        <p className="notice" role="status">
          {t('auth.expired')}
        </p>
      )}
      <form className="card auth-form" onSubmit={(event) => void submit(event)}>
        <Field label={t('auth.email')}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('auth.password')}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </div>
      </form>
      {onSetup !== undefined && (
        <p>
          <button type="button" className="link-button" onClick={onSetup}>
            {t('auth.setupInstead')}
          </button>
        </p>
      )}
    </AuthLayout>
  );
}
