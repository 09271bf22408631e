import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../api/client.js';
import { ErrorBox, Field } from '../../ui/components.js';
import { type ConsoleSession, fieldErrors } from '../lib.js';
import { AuthLayout } from './AuthLayout.js';

/** The server's rule for console passwords (it hashes them with scrypt and refuses shorter ones). */
export const MIN_PASSWORD_LENGTH = 10;

/** First run: nobody can sign in yet, so the console asks for the owner's account and signs them in. */
export function SetupPage({
  onDone,
  onSignIn,
}: {
  onDone: (session: ConsoleSession) => void;
  /** Accounts may exist elsewhere (the demo brand's owner, another tenant): they sign in instead. */
  onSignIn: () => void;
}) {
  const { t } = useTranslation('console');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();

  const tooShort = password.length < MIN_PASSWORD_LENGTH;
  const mismatch = confirm !== password;
  const server = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (tooShort || mismatch) return;
    setSending(true);
    setError(undefined);
    try {
      onDone(
        await unwrap(
          api.POST('/v1/console/setup', { body: { name: name.trim(), email: email.trim(), password } }),
        ),
      );
    } catch (failure) {
      // Someone else finished setup meanwhile: there is an owner now, so the way in is signing in.
      if (failure instanceof ApiError && failure.code === 'owner_exists') {
        onSignIn();
        return;
      }
      setError(failure);
      setSending(false);
    }
  };

  return (
    <AuthLayout title={t('auth.setupTitle')} intro={t('auth.setupIntro')}>
      <form className="card auth-form" onSubmit={(event) => void submit(event)}>
        <Field label={t('auth.name')} error={server.name}>
          {(props) => (
            <input
              {...props}
              autoComplete="name"
              required
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('auth.email')} error={server.email}>
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
        <Field
          label={t('auth.password')}
          hint={t('auth.passwordHint', { count: MIN_PASSWORD_LENGTH })}
          error={
            touched && tooShort ? t('auth.passwordTooShort', { count: MIN_PASSWORD_LENGTH }) : server.password
          }
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('auth.confirmPassword')}
          error={touched && mismatch ? t('auth.passwordMismatch') : undefined}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
            />
          )}
        </Field>
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('auth.creatingOwner') : t('auth.createOwner')}
          </button>
        </div>
      </form>
      <p>
        {t('auth.haveAccount')}{' '}
        <button type="button" className="link-button" onClick={onSignIn}>
          {t('auth.signInInstead')}
        </button>
      </p>
    </AuthLayout>
  );
}
