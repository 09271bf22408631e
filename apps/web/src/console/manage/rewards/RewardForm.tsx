import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { useProgram } from '../../context.js';
import type { Reward, RewardBody } from '../api-types.js';
import { MoneyInput, NumberInput } from '../inputs.js';
import { slugify, useSubmit } from '../shared.js';
import {
  bodyOf,
  COUPON_TYPES,
  EMPTY_REWARD,
  REWARD_TYPES,
  type RewardType,
  type Value,
  valueFor,
} from './reward-model.js';

/** Create or edit a catalog reward: what it is, what it costs, how many there are, whether it is on offer. */
export function RewardForm({
  reward,
  onSaved,
  onCancel,
}: {
  reward?: Reward;
  onSaved: (reward: Reward) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const currency = program.currency;
  const [body, setBody] = useState<RewardBody>(() => (reward ? bodyOf(reward) : EMPTY_REWARD));
  const [codeEdited, setCodeEdited] = useState(reward !== undefined);
  const submit = useSubmit();
  const e = submit.errors;
  const value: Value = body.value ?? {};
  const setValue = (patch: Partial<Value>) => {
    const next: Record<string, unknown> = { ...value, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    setBody({ ...body, value: next as Value });
  };
  const type = body.type as RewardType;
  const code = codeEdited ? body.code : slugify(body.name, 'reward');

  const save = () =>
    void submit.run(async () => {
      const payload: RewardBody = { ...body, code };
      const saved = reward
        ? await unwrap(api.PUT('/v1/rewards/{id}', { params: { path: { id: reward.id } }, body: payload }))
        : await unwrap(api.POST('/v1/rewards', { body: { ...payload, programId: program.id } }));
      onSaved(saved);
    });

  return (
    <form
      className="card"
      aria-label={reward ? t('rewards.editTitle', { name: reward.name }) : t('rewards.newTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <h2>{reward ? t('rewards.editTitle', { name: reward.name }) : t('rewards.newTitle')}</h2>
      <div className="form-row">
        <Field label={t('rewards.name')} error={e['/name']}>
          {(props) => (
            <input
              {...props}
              required
              value={body.name}
              onChange={(ev) => setBody({ ...body, name: ev.target.value })}
            />
          )}
        </Field>
        <Field label={t('rewards.code')} hint={t('rewards.codeHint')} error={e['/code']}>
          {(props) => (
            <input
              {...props}
              required
              value={code}
              readOnly={reward !== undefined}
              onChange={(ev) => {
                setCodeEdited(true);
                setBody({ ...body, code: ev.target.value });
              }}
            />
          )}
        </Field>
      </div>
      <Field label={t('rewards.description')} error={e['/description']}>
        {(props) => (
          <textarea
            {...props}
            className="prose"
            value={body.description ?? ''}
            onChange={(ev) =>
              setBody({ ...body, description: ev.target.value === '' ? null : ev.target.value })
            }
          />
        )}
      </Field>
      <div className="form-row">
        <Field label={t('rewards.type')} error={e['/type']}>
          {(props) => (
            <select
              {...props}
              value={type}
              onChange={(ev) => {
                const next = ev.target.value as RewardType;
                setBody({ ...body, type: next, value: valueFor(next, value) });
              }}
            >
              {REWARD_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`rewards.types.${ty}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <NumberInput
          label={t('rewards.cost', { points: program.pointName })}
          integer
          required
          error={e['/cost']}
          value={body.cost}
          onChange={(v) => setBody({ ...body, cost: v ?? 0 })}
        />
        <NumberInput
          label={t('rewards.stock')}
          hint={t('rewards.stockHint')}
          integer
          error={e['/stock/total']}
          value={body.stock?.total ?? undefined}
          onChange={(v) => setBody({ ...body, stock: { ...(body.stock ?? {}), total: v ?? null } })}
        />
      </div>
      <div className="form-row">
        {(type === 'amount_discount' ||
          type === 'store_credit' ||
          type === 'cashback' ||
          type === 'charity') && (
          <MoneyInput
            label={t('rewards.valueAmount')}
            currency={currency}
            required
            error={e['/value/amount']}
            value={value.amount}
            onChange={(v) => setValue({ amount: v })}
          />
        )}
        {type === 'percent_discount' && (
          <NumberInput
            label={t('rewards.valuePercent')}
            integer
            required
            error={e['/value/percent']}
            value={value.percent}
            onChange={(v) => setValue({ percent: v })}
          />
        )}
        {(type === 'free_product' || type === 'physical') && (
          <Field label={t('rewards.sku')} error={e['/value/sku']}>
            {(props) => (
              <input
                {...props}
                required={type === 'free_product'}
                value={value.sku ?? ''}
                onChange={(ev) => setValue({ sku: ev.target.value })}
              />
            )}
          </Field>
        )}
        {(type === 'store_credit' || type === 'cashback') && (
          <Field label={t('rewards.wallet')} hint={t('rewards.walletHint')} error={e['/value/wallet']}>
            {(props) => (
              <input
                {...props}
                required
                value={value.wallet ?? ''}
                onChange={(ev) => setValue({ wallet: ev.target.value })}
              />
            )}
          </Field>
        )}
        {type === 'charity' && (
          <Field label={t('rewards.charity')} error={e['/value/charity']}>
            {(props) => (
              <input
                {...props}
                required
                value={value.charity ?? ''}
                onChange={(ev) => setValue({ charity: ev.target.value })}
              />
            )}
          </Field>
        )}
        {type === 'experience' && (
          <Field label={t('rewards.event')} error={e['/value/event']}>
            {(props) => (
              <input
                {...props}
                value={value.event ?? ''}
                onChange={(ev) => setValue({ event: ev.target.value })}
              />
            )}
          </Field>
        )}
        {COUPON_TYPES.includes(type) && (
          <>
            <NumberInput
              label={t('rewards.couponValidDays')}
              integer
              error={e['/value/couponValidDays']}
              value={value.couponValidDays}
              onChange={(v) => setValue({ couponValidDays: v })}
            />
            <MoneyInput
              label={t('rewards.minSpend')}
              currency={currency}
              error={e['/value/minSpend']}
              value={value.minSpend}
              onChange={(v) => setValue({ minSpend: v })}
            />
          </>
        )}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={body.status !== 'inactive'}
          onChange={(ev) => setBody({ ...body, status: ev.target.checked ? 'active' : 'inactive' })}
        />
        {t('rewards.active')}
      </label>
      <ErrorBox error={submit.error} />
      <div className="form-actions">
        <button type="submit" disabled={submit.sending}>
          {reward ? t('rewards.saveChanges') : t('rewards.saveNew')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
