import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { CouponSeries, SeriesBody } from '../api-types.js';
import { ListInput, MoneyInput, NumberInput } from '../inputs.js';
import { daysAgo, isoDay, useSubmit } from '../shared.js';

/** Defines a coupon series: the discount and terms its codes share. Codes are generated or imported afterwards. */
export function SeriesForm({
  onSaved,
  onCancel,
}: {
  onSaved: (s: CouponSeries) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [name, setName] = useState('');
  const [discountType, setDiscountType] = useState<'percent' | 'amount'>('percent');
  const [discountValue, setDiscountValue] = useState<number | undefined>(10);
  const [minSpend, setMinSpend] = useState<number>();
  const [validFrom, setValidFrom] = useState(daysAgo(0));
  const [validUntil, setValidUntil] = useState(isoDay(new Date(Date.now() + 90 * 86_400_000)));
  const [maxRedemptions, setMaxRedemptions] = useState<number | undefined>(1);
  const [maxPerMember, setMaxPerMember] = useState<number>();
  const [categories, setCategories] = useState<string[]>([]);
  const [skus, setSkus] = useState<string[]>([]);
  const [count, setCount] = useState<number | undefined>(100);
  const submit = useSubmit();
  const e = submit.errors;

  const save = () =>
    void submit.run(async () => {
      const until = new Date(`${validUntil}T00:00:00`);
      until.setDate(until.getDate() + 1);
      const body: SeriesBody = {
        programId: program.id,
        name: name.trim(),
        discount: { type: discountType, value: discountValue ?? 0 },
        validFrom: new Date(`${validFrom}T00:00:00`).toISOString(),
        validUntil: until.toISOString(),
        maxRedemptions: maxRedemptions ?? null,
        ...(minSpend !== undefined ? { minSpend } : {}),
        ...(maxPerMember !== undefined ? { maxPerMember } : {}),
        ...(categories.length > 0 ? { categories } : {}),
        ...(skus.length > 0 ? { skus } : {}),
      };
      let series = await unwrap(api.POST('/v1/coupon-series', { body }));
      if (count !== undefined && count > 0) {
        series = await unwrap(
          api.POST('/v1/coupon-series/{id}/generate', {
            params: { path: { id: series.id } },
            body: { count },
          }),
        );
      }
      onSaved(series);
    });

  return (
    <form
      className="card"
      aria-label={t('coupons.newSeries')}
      onSubmit={(ev) => {
        ev.preventDefault();
        save();
      }}
    >
      <h2>{t('coupons.newSeries')}</h2>
      <Field label={t('coupons.seriesName')} error={e['/name']}>
        {(props) => <input {...props} required value={name} onChange={(ev) => setName(ev.target.value)} />}
      </Field>
      <div className="form-row">
        <Field label={t('effects.discountType')}>
          {(props) => (
            <select
              {...props}
              value={discountType}
              onChange={(ev) => setDiscountType(ev.target.value as 'percent' | 'amount')}
            >
              <option value="percent">{t('effects.discountPercent')}</option>
              <option value="amount">{t('effects.discountAmount')}</option>
            </select>
          )}
        </Field>
        {discountType === 'percent' ? (
          <NumberInput
            label={t('effects.percent')}
            integer
            required
            error={e['/discount/value']}
            value={discountValue}
            onChange={setDiscountValue}
          />
        ) : (
          <MoneyInput
            label={t('effects.amount')}
            currency={program.currency}
            required
            error={e['/discount/value']}
            value={discountValue}
            onChange={setDiscountValue}
          />
        )}
        <MoneyInput
          label={t('rewards.minSpend')}
          currency={program.currency}
          error={e['/minSpend']}
          value={minSpend}
          onChange={setMinSpend}
        />
      </div>
      <div className="form-row">
        <Field label={t('coupons.validFrom')} error={e['/validFrom']}>
          {(props) => (
            <input
              {...props}
              type="date"
              required
              value={validFrom}
              onChange={(ev) => setValidFrom(ev.target.value)}
            />
          )}
        </Field>
        <Field label={t('coupons.validUntil')} hint={t('coupons.inclusive')} error={e['/validUntil']}>
          {(props) => (
            <input
              {...props}
              type="date"
              required
              value={validUntil}
              onChange={(ev) => setValidUntil(ev.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-row">
        <NumberInput
          label={t('coupons.maxRedemptions')}
          hint={t('coupons.maxRedemptionsHint')}
          integer
          error={e['/maxRedemptions']}
          value={maxRedemptions}
          onChange={setMaxRedemptions}
        />
        <NumberInput
          label={t('coupons.maxPerMember')}
          integer
          error={e['/maxPerMember']}
          value={maxPerMember}
          onChange={setMaxPerMember}
        />
        <NumberInput
          label={t('coupons.generateCount')}
          hint={t('coupons.generateCountHint')}
          integer
          value={count}
          onChange={setCount}
        />
      </div>
      <div className="form-row">
        <ListInput
          label={t('coupons.categories')}
          hint={t('coupons.scopeHint')}
          value={categories}
          onChange={setCategories}
        />
        <ListInput label={t('coupons.skus')} hint={t('coupons.scopeHint')} value={skus} onChange={setSkus} />
      </div>
      <ErrorBox error={submit.error} />
      <div className="form-actions">
        <button type="submit" disabled={submit.sending}>
          {t('coupons.saveSeries')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
