import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError, portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Field } from '../ui/components.js';
import { forgetReferral, portalPath, usePortal } from './context.js';
import { usePageTitle } from './page.js';
import { type SignUpDetails, SignUpFields } from './SignUpFields.js';

type Step = 'email' | 'code' | 'signUp';

/** The server names the offending field with a JSON pointer (`/email`, `/signUp/givenName`). */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field === undefined) return undefined;
  return error.field.replace(/^\//, '').replace(/\//g, '.') === field ? error.detail : undefined;
}

const SIGN_UP_FIELDS = ['signUp.givenName', 'signUp.familyName', 'signUp.referralCode'];

/** True when the error belongs to a field the current form shows next to that field. */
function shownElsewhere(error: unknown, fields: string[]): boolean {
  return fields.some((field) => fieldError(error, field) !== undefined);
}

/**
 * Sign in or join with a one-time code: email → code (sent by email) → signed in. Joining asks for the details with
 * the code, so a new member signs up in one request (an existing one is simply signed in). Signing in with an
 * address nobody has yet gets `sign_up_required`: the details are asked then and the same code is sent again.
 */
export function SignInPage() {
  const { t, i18n } = useTranslation('portal');
  const { slug, program, signIn, signedIn, referralCode, sessionEnded } = usePortal();
  // Decided once: a member who opens this page signed in goes home, but the sign-in made here must not race the
  // navigation to where the member was going (a transition, rendered after the signed-in state).
  const [signedInOnArrival] = useState(signedIn);
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const joining = searchParams.get('join') === '1';
  const from = (location.state as { from?: string } | null)?.from;

  const [step, setStep] = useState<Step>('email');
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [expiresIn, setExpiresIn] = useState(600);
  const [details, setDetails] = useState<SignUpDetails>({
    givenName: '',
    familyName: '',
    consents: { marketingEmail: false, sms: false, push: false, profiling: false },
    referral: referralCode ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [resent, setResent] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  usePageTitle(joining ? t('signIn.joinTitle', { program: program.name }) : t('signIn.title'));

  // Each step replaces the form: focus goes to its heading so keyboard and screen reader users start there.
  useEffect(() => {
    if (step !== 'email') stepHeading.current?.focus();
  }, [step]);

  async function requestCode(event?: FormEvent) {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    setResent(false);
    try {
      const answer = await unwrap(
        portalApi.POST('/v1/portal/programs/{slug}/codes', { params: { path: { slug } }, body: { email } }),
      );
      setExpiresIn(answer.expiresInSeconds);
      if (step === 'email') setStep('code');
      else setResent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function createSession(withSignUp: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const signUp = withSignUp
        ? {
            ...(details.givenName.trim() !== '' ? { givenName: details.givenName.trim() } : {}),
            ...(details.familyName.trim() !== '' ? { familyName: details.familyName.trim() } : {}),
            ...(details.referral.trim() !== '' ? { referralCode: details.referral.trim() } : {}),
            locale: i18n.language,
            consents: details.consents,
          }
        : undefined;
      const session = await unwrap(
        portalApi.POST('/v1/portal/programs/{slug}/sessions', {
          params: { path: { slug } },
          body: { email, code, ...(signUp !== undefined ? { signUp } : {}) },
        }),
      );
      if (session.created) forgetReferral(slug);
      signIn(session.token);
      navigate(from ?? portalPath(slug, 'home'), { replace: true, state: { welcome: session.created } });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'sign_up_required') {
        setStep('signUp');
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  function restart() {
    setStep('email');
    setCode('');
    setError(undefined);
    setResent(false);
  }

  if (signedInOnArrival) return <Navigate to={portalPath(slug, 'home')} replace />;
  const minutes = Math.max(1, Math.round(expiresIn / 60));
  const codeStepFields = joining ? ['code', ...SIGN_UP_FIELDS] : ['code'];
  // The details a new member gives: asked after the code when joining, or when signing in finds no member.
  const signUpFields = (
    <SignUpFields
      value={details}
      onChange={(patch) => setDetails({ ...details, ...patch })}
      errorOf={(field) => fieldError(error, `signUp.${field}`)}
    />
  );

  return (
    <div className="narrow">
      <h1>
        {joining || step === 'signUp' ? t('signIn.joinTitle', { program: program.name }) : t('signIn.title')}
      </h1>
      {sessionEnded && step === 'email' && (
        <p className="notice" role="status">
          {t('signIn.expired')}
        </p>
      )}

      {step === 'email' && (
        <form className="card" onSubmit={requestCode} noValidate={false}>
          <p>{joining ? t('signIn.joinIntro') : t('signIn.intro')}</p>
          <Field label={t('signIn.email')} error={fieldError(error, 'email')}>
            {(props) => (
              <input
                {...props}
                type="email"
                name="email"
                autoComplete="email"
                inputMode="email"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <ErrorBox error={shownElsewhere(error, ['email']) ? undefined : error} />
          <div className="form-actions">
            <button type="submit" disabled={busy || email.trim() === ''}>
              {busy ? t('signIn.sending') : t('signIn.sendCode')}
            </button>
          </div>
        </form>
      )}

      {step === 'code' && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            void createSession(joining);
          }}
        >
          <h2 ref={stepHeading} tabIndex={-1}>
            {t('signIn.codeTitle')}
          </h2>
          <p className="notice" role="status">
            {t('signIn.codeSent', { email, count: minutes })}
          </p>
          <Field label={t('signIn.code')} hint={t('signIn.codeHint')} error={fieldError(error, 'code')}>
            {(props) => (
              <input
                {...props}
                className="code-input"
                type="text"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={20}
                required
                value={code}
                onChange={(event) => setCode(event.target.value)}
              />
            )}
          </Field>
          {joining && (
            <>
              <h3>{t('signUp.title')}</h3>
              {signUpFields}
            </>
          )}
          <ErrorBox error={shownElsewhere(error, codeStepFields) ? undefined : error} />
          {resent && (
            <p className="success-box" role="status">
              {t('signIn.resent', { email })}
            </p>
          )}
          <div className="form-actions wrap">
            <button type="submit" disabled={busy || code.trim() === ''}>
              {joining
                ? busy
                  ? t('signUp.joining')
                  : t('signUp.submit')
                : busy
                  ? t('signIn.checking')
                  : t('signIn.submitCode')}
            </button>
            <button type="button" className="link-button" onClick={() => void requestCode()} disabled={busy}>
              {t('signIn.resend')}
            </button>
            <button type="button" className="link-button" onClick={restart} disabled={busy}>
              {t('signIn.otherEmail')}
            </button>
          </div>
        </form>
      )}

      {step === 'signUp' && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            void createSession(true);
          }}
        >
          <h2 ref={stepHeading} tabIndex={-1}>
            {t('signUp.title', { program: program.name })}
          </h2>
          <p>{t('signUp.intro', { email })}</p>
          {signUpFields}
          <ErrorBox error={shownElsewhere(error, SIGN_UP_FIELDS) ? undefined : error} />
          <div className="form-actions wrap">
            <button type="submit" disabled={busy}>
              {busy ? t('signUp.joining') : t('signUp.submit')}
            </button>
            <button type="button" className="link-button" onClick={restart} disabled={busy}>
              {t('signIn.otherEmail')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
