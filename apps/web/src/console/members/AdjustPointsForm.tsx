import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import { fieldErrors, type Journal, newIdempotencyKey } from '../lib.js';

/** Reason codes staff choose from; the audit log and the member's timeline show them. */
export const ADJUSTMENT_REASONS = [
  'goodwill',
  'service_recovery',
  'missing_purchase',
  'correction',
  'fraud',
  'other',
] as const;

/**
 * A manual credit or debit with a required reason. Each submission carries one Idempotency-Key, kept until it
 * succeeds, so a double click or a retry after a timeout never adjusts twice.
 */
export function AdjustPointsForm({ memberId, onAdjusted }: { memberId: string; onAdjusted: () => void }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const wallets = useAsync(
    async () =>
      (await unwrap(api.GET('/v1/programs/{id}/wallets', { params: { path: { id: program.id } } }))).data,
    [program.id],
  );
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const [wallet, setWallet] = useState('points');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Journal>();
  const key = useRef(newIdempotencyKey());
  const errors = fieldErrors(error);

  const value = Number(amount);
  const amountInvalid = amount !== '' && (!Number.isInteger(value) || value <= 0);

  // Any change to the form is a different adjustment, so it gets a fresh key.
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      key.current = newIdempotencyKey();
      set(v);
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (amountInvalid || amount === '' || reason === '') return;
    setSending(true);
    setError(undefined);
    setDone(undefined);
    try {
      const journal = await unwrap(
        api.POST('/v1/members/{id}/points/adjustments', {
          params: { path: { id: memberId } },
          headers: { 'Idempotency-Key': key.current },
          body: {
            amount: direction === 'credit' ? value : -value,
            reasonCode: reason,
            wallet,
            ...(note.trim() !== '' ? { note: note.trim() } : {}),
          },
        }),
      );
      key.current = newIdempotencyKey();
      setDone(journal);
      setAmount('');
      setNote('');
      setReason('');
      onAdjusted();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const walletList = wallets.data ?? [{ code: 'points', name: program.pointName, unit: 'points' }];

  return (
    <Card title={t('adjust.title')}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          <Field label={t('adjust.direction')}>
            {(props) => (
              <select
                {...props}
                value={direction}
                onChange={(event) => edit(setDirection)(event.target.value as 'credit' | 'debit')}
              >
                <option value="credit">{t('adjust.credit')}</option>
                <option value="debit">{t('adjust.debit')}</option>
              </select>
            )}
          </Field>
          <Field
            label={t('adjust.amount')}
            hint={t('adjust.amountHint')}
            error={amountInvalid ? t('adjust.amountInvalid') : errors.amount}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                required
                value={amount}
                onChange={(event) => edit(setAmount)(event.target.value)}
              />
            )}
          </Field>
          {walletList.length > 1 && (
            <Field label={t('adjust.wallet')} error={errors.wallet}>
              {(props) => (
                <select {...props} value={wallet} onChange={(event) => edit(setWallet)(event.target.value)}>
                  {walletList.map((w) => (
                    <option key={w.code} value={w.code}>
                      {w.code === 'points' ? program.pointName : w.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
        <Field label={t('adjust.reason')} error={errors.reasonCode}>
          {(props) => (
            <select
              {...props}
              required
              value={reason}
              onChange={(event) => edit(setReason)(event.target.value)}
            >
              <option value="">{t('adjust.chooseReason')}</option>
              {ADJUSTMENT_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`adjust.reasons.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('adjust.note')} hint={t('adjust.noteHint')} error={errors.note}>
          {(props) => (
            <input
              {...props}
              maxLength={500}
              value={note}
              onChange={(event) => edit(setNote)(event.target.value)}
            />
          )}
        </Field>
        {done !== undefined && (
          <p className="success-box" role="status">
            {t('adjust.done', { explanation: done.explanation })}
          </p>
        )}
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.sending') : t('adjust.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}
