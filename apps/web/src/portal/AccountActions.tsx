import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, portalApi, unwrap } from '../api/client.js';
import { ErrorBox } from '../ui/components.js';
import { portalPath, usePortal } from './context.js';
import { Dialog } from './Dialog.js';

/** "Download my data", signing out and deleting the account, at the foot of the profile page. */
export function AccountActions() {
  const { t } = useTranslation('portal');
  const { slug, signOut } = usePortal();
  const [downloading, setDownloading] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>();
  const [signingOut, setSigningOut] = useState(false);

  async function download() {
    setDownloading(true);
    setExportError(undefined);
    try {
      const { data, error, response } = await portalApi.GET('/v1/portal/me/export', { parseAs: 'blob' });
      if (error !== undefined || !response.ok || data === undefined) {
        throw new ApiError(response.status, 'export_failed', t('profile.exportFailed'), undefined, {});
      }
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'member-data.json';
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled; the URL only keeps the blob alive.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setExportError(failure);
    } finally {
      setDownloading(false);
    }
  }

  async function deleteAccount() {
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await unwrap(portalApi.DELETE('/v1/portal/me'));
      signOut({ to: portalPath(slug), state: { deleted: true } });
    } catch (failure) {
      setDeleteError(failure);
      setDeleting(false);
    }
  }

  async function leave() {
    setSigningOut(true);
    // Signing out locally must work even when the server cannot be reached: the token is forgotten either way.
    await portalApi.DELETE('/v1/portal/session').catch(() => undefined);
    signOut({ to: portalPath(slug), state: { signedOut: true } });
  }

  return (
    <>
      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t('profile.dataTitle')}</h2>
        <p>{t('profile.exportText')}</p>
        <ErrorBox error={exportError} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={() => void download()} disabled={downloading}>
            {downloading ? t('profile.exporting') : t('profile.export')}
          </button>
        </div>
      </section>
      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">{t('profile.accountTitle')}</h2>
        <div className="form-actions wrap">
          <button type="button" className="secondary" onClick={() => void leave()} disabled={signingOut}>
            {t('signOut', { ns: 'common' })}
          </button>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('profile.delete')}
          </button>
        </div>
      </section>
      <Dialog
        open={confirming}
        title={t('profile.deleteTitle')}
        role="alertdialog"
        onClose={() => setConfirming(false)}
      >
        <p>{t('profile.deleteText')}</p>
        <ErrorBox error={deleteError} />
        {/* Cancel comes first: the native dialog focuses it, so a stray Enter keeps the account. */}
        <div className="form-actions wrap">
          <button
            type="button"
            className="secondary"
            onClick={() => setConfirming(false)}
            disabled={deleting}
          >
            {t('cancel', { ns: 'common' })}
          </button>
          <button type="button" className="danger" onClick={() => void deleteAccount()} disabled={deleting}>
            {deleting ? t('profile.deleting') : t('profile.deleteConfirm')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
