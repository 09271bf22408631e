import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Loading, PageHeader } from '../../../ui/components.js';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { usePageTitle } from '../../page-title.js';
import type { CouponSeries } from '../api-types.js';
import { NumberInput } from '../inputs.js';
import { SuccessMessage, useCanWrite, useSubmit } from '../shared.js';
import { CouponCheck, ReverseRedemption } from './CouponTools.js';
import { SeriesCodes } from './SeriesCodes.js';
import { SeriesForm } from './SeriesForm.js';

export function discountText(discount: { type: string; value: number }, currency: string): string {
  return discount.type === 'percent'
    ? formatPercent(discount.value / 100, 0)
    : formatMoney(discount.value, currency);
}

/** Coupon series with their codes, plus the checkout desk tools: check a code, reverse a redemption. */
export function CouponsPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('coupons.title'));
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const canCare = useCanWrite('members');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const list = useAsync(
    () => unwrap(api.GET('/v1/coupon-series', { params: { query: { programId: program.id } } })),
    [program.id],
  );
  const pending = list.data?.items.some((s) => !s.generation.done) ?? false;
  // While codes are being generated in the background, refresh the progress.
  const reload = list.reload;
  // biome-ignore lint/correctness/useExhaustiveDependencies: one poll per answer, not per render
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(reload, 2000);
    return () => window.clearTimeout(timer);
  }, [pending, list.data]);
  const series = list.data?.items ?? [];
  const shownSeries = series.find((s) => s.id === shown);

  return (
    <>
      <PageHeader
        title={t('coupons.title')}
        actions={
          canWrite && !creating ? (
            <button type="button" onClick={() => setCreating(true)}>
              {t('coupons.createSeries')}
            </button>
          ) : undefined
        }
      >
        <p className="muted">{t('coupons.intro')}</p>
      </PageHeader>
      <SuccessMessage>{saved}</SuccessMessage>
      {creating && (
        <SeriesForm
          onCancel={() => setCreating(false)}
          onSaved={(s) => {
            setCreating(false);
            setSaved(t('coupons.seriesSaved', { name: s.name }));
            setShown(s.id);
            list.reload();
          }}
        />
      )}
      <section aria-labelledby="series-heading" className="card">
        <h2 id="series-heading">{t('coupons.series')}</h2>
        {list.loading && list.data === undefined && <Loading />}
        <ErrorBox error={list.error} onRetry={list.reload} />
        {list.data && series.length === 0 && <EmptyState>{t('coupons.empty')}</EmptyState>}
        {series.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('coupons.seriesName')}</th>
                  <th scope="col">{t('coupons.discount')}</th>
                  <th scope="col">{t('coupons.validity')}</th>
                  <th scope="col" className="num">
                    {t('coupons.codes')}
                  </th>
                  <th scope="col">{t('common:actions')}</th>
                </tr>
              </thead>
              <tbody>
                {series.map((s) => (
                  <SeriesRow
                    key={s.id}
                    series={s}
                    canWrite={canWrite}
                    onShow={() => setShown(s.id)}
                    onChanged={list.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {shownSeries && <SeriesCodes key={shownSeries.id} series={shownSeries} />}
      <div className="grid">
        <CouponCheck />
        {canCare && <ReverseRedemption />}
      </div>
    </>
  );
}

function SeriesRow({
  series,
  canWrite,
  onShow,
  onChanged,
}: {
  series: CouponSeries;
  canWrite: boolean;
  onShow: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [count, setCount] = useState<number | undefined>(100);
  const [open, setOpen] = useState(false);
  const submit = useSubmit();
  const g = series.generation;
  const generate = () =>
    void submit.run(async () => {
      await unwrap(
        api.POST('/v1/coupon-series/{id}/generate', {
          params: { path: { id: series.id } },
          body: { count: count ?? 0 },
        }),
      );
      setOpen(false);
      onChanged();
    }, t('coupons.generating'));
  return (
    <tr>
      <td>
        <strong>{series.name}</strong>
        {series.categories.length > 0 && <div className="muted small">{series.categories.join(', ')}</div>}
      </td>
      <td>
        {discountText(series.discount, program.currency)}
        {series.minSpend > 0 && (
          <div className="muted small">
            {t('coupons.minSpendShort', { amount: formatMoney(series.minSpend, program.currency) })}
          </div>
        )}
      </td>
      <td>
        {formatDate(series.validFrom)} – {formatDate(series.validUntil)}
      </td>
      <td className="num">
        {formatNumber(g.generated + series.imported)}
        {!g.done && (
          <div className="muted small" role="status">
            {t('coupons.progress', { generated: formatNumber(g.generated), total: formatNumber(g.total) })}
          </div>
        )}
      </td>
      <td>
        <button type="button" className="link-button" onClick={onShow}>
          {t('coupons.showCodes')}
          <span className="visually-hidden"> {series.name}</span>
        </button>
        {canWrite && !open && (
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            {t('coupons.generate')}
            <span className="visually-hidden"> {series.name}</span>
          </button>
        )}
        {open && (
          <form
            className="inline-form"
            aria-label={t('coupons.generateFor', { name: series.name })}
            onSubmit={(e) => {
              e.preventDefault();
              generate();
            }}
          >
            <NumberInput
              label={t('coupons.howMany')}
              integer
              value={count}
              onChange={setCount}
              error={submit.errors['/count']}
            />
            <button type="submit" disabled={submit.sending}>
              {t('coupons.generate')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common:cancel')}
            </button>
          </form>
        )}
        <ErrorBox error={submit.error} />
        <SuccessMessage>{submit.success}</SuccessMessage>
      </td>
    </tr>
  );
}
