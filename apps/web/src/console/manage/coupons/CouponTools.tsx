import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { formatMoney } from '../../../ui/format.js';
import { useProgram } from '../../context.js';
import type { CouponValidateBody, CouponValidation } from '../api-types.js';
import { MoneyInput } from '../inputs.js';
import { SuccessMessage, useSubmit } from '../shared.js';
import { StatusBadge } from '../widgets.js';

type Validation = CouponValidation;
const validate = (body: CouponValidateBody) => unwrap(api.POST('/v1/coupons/validate', { body }));

/**
 * Looks a code up the way a till would: would it apply to this basket now, for how much, or why not (used, void,
 * expired, below minimum spend, another member's). Consumes nothing.
 */
export function CouponCheck() {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState<number | undefined>(5000);
  const [category, setCategory] = useState('');
  const [memberId, setMemberId] = useState('');
  const [result, setResult] = useState<Validation>();
  const submit = useSubmit();
  const check = () =>
    void submit.run(async () => {
      setResult(
        await validate({
          code: code.trim(),
          ...(memberId.trim() ? { memberId: memberId.trim() } : {}),
          lines: [
            {
              sku: 'CHECK',
              quantity: 1,
              unitPrice: amount ?? 0,
              ...(category.trim() ? { category: category.trim() } : {}),
            },
          ],
        }),
      );
    });
  return (
    <form
      className="card"
      aria-labelledby="check-heading"
      onSubmit={(e) => {
        e.preventDefault();
        check();
      }}
    >
      <h2 id="check-heading">{t('coupons.checkTitle')}</h2>
      <p className="muted">{t('coupons.checkIntro')}</p>
      <Field label={t('coupons.code')} error={submit.errors['/code']}>
        {(props) => <input {...props} required value={code} onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <div className="form-row">
        <MoneyInput
          label={t('coupons.basket')}
          currency={program.currency}
          value={amount}
          onChange={setAmount}
        />
        <Field label={t('coupons.basketCategory')}>
          {(props) => <input {...props} value={category} onChange={(e) => setCategory(e.target.value)} />}
        </Field>
      </div>
      <Field
        label={t('coupons.memberId')}
        hint={t('coupons.memberIdHint')}
        error={submit.errors['/memberId']}
      >
        {(props) => <input {...props} value={memberId} onChange={(e) => setMemberId(e.target.value)} />}
      </Field>
      <ErrorBox error={submit.error} />
      <div className="form-actions">
        <button type="submit" disabled={submit.sending}>
          {t('coupons.check')}
        </button>
      </div>
      {result && (
        <div role="status" className="check-result">
          <p>
            <code>{result.code}</code>{' '}
            <StatusBadge tone={result.valid ? 'ok' : 'bad'}>
              {result.valid ? t('coupons.valid') : t('coupons.invalid')}
            </StatusBadge>
          </p>
          {result.valid && (
            <p>{t('coupons.wouldTakeOff', { amount: formatMoney(result.discount, program.currency) })}</p>
          )}
          {result.reasons.length > 0 && (
            <ul className="reasons">
              {result.reasons.map((r) => (
                <li key={r.code}>{t(`coupons.reasons.${r.code}`, { defaultValue: r.message })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

/** Undoes an order's coupon redemption (a refund or a mistaken scan), so the use is available again. */
export function ReverseRedemption() {
  const { t } = useTranslation('manage');
  const [orderId, setOrderId] = useState('');
  const [code, setCode] = useState('');
  const submit = useSubmit();
  const reverse = () => {
    if (!window.confirm(t('coupons.confirmReverse', { order: orderId }))) return;
    void submit.run(async () => {
      const result = await unwrap(
        api.POST('/v1/coupons/release', {
          body: { orderId: orderId.trim(), ...(code.trim() ? { code: code.trim() } : {}) },
        }),
      );
      const count = result.redemptions?.length ?? 0;
      submit.setSuccess(t('coupons.reversed', { count }));
    });
  };
  return (
    <form
      className="card"
      aria-labelledby="reverse-heading"
      onSubmit={(e) => {
        e.preventDefault();
        reverse();
      }}
    >
      <h2 id="reverse-heading">{t('coupons.reverseTitle')}</h2>
      <p className="muted">{t('coupons.reverseIntro')}</p>
      <Field label={t('coupons.orderId')} error={submit.errors['/orderId']}>
        {(props) => (
          <input {...props} required value={orderId} onChange={(e) => setOrderId(e.target.value)} />
        )}
      </Field>
      <Field label={t('coupons.codeOptional')} error={submit.errors['/code']}>
        {(props) => <input {...props} value={code} onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <ErrorBox error={submit.error} />
      <SuccessMessage>{submit.success}</SuccessMessage>
      <div className="form-actions">
        <button type="submit" className="danger" disabled={submit.sending}>
          {t('coupons.reverse')}
        </button>
      </div>
    </form>
  );
}
