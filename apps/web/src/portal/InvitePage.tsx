import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import { usePortal } from './context.js';
import { Icon } from './icons.js';
import { usePageTitle } from './page.js';

/** Copies through the Clipboard API, or by selecting the field where it is unavailable (plain http, old browsers). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (field === null) return false;
    field.select();
    return document.execCommand('copy');
  }
}

/** The member's referral link: copy it, or hand it to the phone's share sheet where the Web Share API exists. */
export function InvitePage() {
  const { t } = useTranslation('portal');
  const { program } = usePortal();
  const me = useAsync(() => unwrap(portalApi.GET('/v1/portal/me')), []);
  const [status, setStatus] = useState<string>();
  const fieldId = useId();
  usePageTitle(t('invite.title'));
  const canShare = typeof navigator.share === 'function';

  if (me.data === undefined) {
    return (
      <>
        <h1>{t('invite.title')}</h1>
        {me.error !== undefined ? <ErrorBox error={me.error} onRetry={me.reload} /> : <Loading />}
      </>
    );
  }
  const link = new URL(me.data.referralLink, window.location.origin).toString();
  const shareText = t('invite.shareText', { program: program.name });

  async function copy() {
    const field = document.getElementById(fieldId) as HTMLInputElement | null;
    setStatus((await copyText(link, field)) ? t('invite.copied') : t('invite.copyFailed'));
  }

  async function share() {
    try {
      await navigator.share({ title: program.name, text: shareText, url: link });
    } catch {
      // The member closed the share sheet: nothing to report.
    }
  }

  return (
    <>
      <h1>{t('invite.title')}</h1>
      <section className="card" aria-labelledby="invite-link-title">
        <h2 id="invite-link-title">{t('invite.linkTitle')}</h2>
        <p>{t('invite.intro', { program: program.name })}</p>
        <div className="field">
          <label htmlFor={fieldId}>{t('invite.link')}</label>
          <input id={fieldId} readOnly value={link} onFocus={(event) => event.target.select()} />
        </div>
        <div className="form-actions wrap">
          <button type="button" onClick={() => void copy()}>
            <Icon name="copy" />
            {t('invite.copy')}
          </button>
          {canShare && (
            <button type="button" className="secondary" onClick={() => void share()}>
              <Icon name="share" />
              {t('invite.share')}
            </button>
          )}
        </div>
        <p className="copy-status" role="status" aria-live="polite">
          {status}
        </p>
        <p className="muted">
          {t('invite.code')} <strong className="referral-code">{me.data.referralCode}</strong>
        </p>
      </section>
    </>
  );
}
