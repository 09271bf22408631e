import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { Card, ErrorBox, Field, Stat } from '../../../ui/components.js';
import { formatNumber } from '../../../ui/format.js';
import { useProgram } from '../../context.js';
import type { Campaign, Evaluation, ExplainBody, ExplainLine } from '../api-types.js';
import { MoneyInput, NumberInput } from '../inputs.js';
import { MemberPicker } from '../MemberPicker.js';
import { localToIso, useSubmit } from '../shared.js';
import { StatusBadge } from '../widgets.js';

type ActivityType = ExplainBody['activity']['type'];
const TYPES: ActivityType[] = [
  'purchase',
  'return',
  'event',
  'enrolment',
  'profile_completed',
  'birthday',
  'anniversary',
];

interface LineRow extends ExplainLine {
  uid: number;
}

/**
 * Dry run and explain: a hypothetical activity for a chosen member, evaluated against the live rules (and this
 * campaign's draft, if asked) with real limits. Nothing is written; every rule says whether it applied and why.
 */
export function ExplainPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [memberId, setMemberId] = useState('');
  const [type, setType] = useState<ActivityType>('purchase');
  const [occurredAt, setOccurredAt] = useState('');
  const [channel, setChannel] = useState('');
  const [eventType, setEventType] = useState('');
  const [useDraft, setUseDraft] = useState(campaign.draftChanged || campaign.currentVersion === null);
  const [lines, setLines] = useState<LineRow[]>([
    { uid: 1, sku: 'SKU-1', category: '', quantity: 1, unitPrice: 5000 },
  ]);
  const [result, setResult] = useState<Evaluation>();
  const submit = useSubmit();
  const setLine = (uid: number, patch: Partial<ExplainLine>) =>
    setLines((ls) => ls.map((l) => (l.uid === uid ? { ...l, ...patch } : l)));

  const run = () =>
    void submit.run(async () => {
      const purchase = type === 'purchase' || type === 'return';
      const body: ExplainBody = {
        activity: {
          type,
          ...(localToIso(occurredAt) ? { occurredAt: localToIso(occurredAt) } : {}),
          ...(purchase
            ? {
                lines: lines.map(({ uid: _uid, category, ...line }) => ({
                  ...line,
                  ...(category ? { category } : {}),
                })),
              }
            : {}),
          ...(purchase && channel.trim() ? { channel: channel.trim() } : {}),
          ...(type === 'event' ? { eventType: eventType.trim() } : {}),
        },
        ...(useDraft ? { draftCampaignIds: [campaign.id] } : {}),
      };
      setResult(
        await unwrap(api.POST('/v1/members/{id}/explain', { params: { path: { id: memberId } }, body })),
      );
    });

  return (
    <>
      <form
        className="card"
        aria-label={t('explain.title')}
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <h2>{t('explain.title')}</h2>
        <p className="muted">{t('explain.intro')}</p>
        <MemberPicker value={memberId} onChange={setMemberId} />
        <div className="form-row">
          <Field label={t('explain.activityType')}>
            {(props) => (
              <select {...props} value={type} onChange={(e) => setType(e.target.value as ActivityType)}>
                {TYPES.map((ty) => (
                  <option key={ty} value={ty}>
                    {t(`triggers.${ty}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('explain.occurredAt')} hint={t('explain.occurredAtHint')}>
            {(props) => (
              <input
                {...props}
                type="datetime-local"
                value={occurredAt}
                onChange={(e) => setOccurredAt(e.target.value)}
              />
            )}
          </Field>
          {(type === 'purchase' || type === 'return') && (
            <Field label={t('explain.channel')}>
              {(props) => <input {...props} value={channel} onChange={(e) => setChannel(e.target.value)} />}
            </Field>
          )}
          {type === 'event' && (
            <Field label={t('rules.eventType')}>
              {(props) => (
                <input {...props} required value={eventType} onChange={(e) => setEventType(e.target.value)} />
              )}
            </Field>
          )}
        </div>
        {(type === 'purchase' || type === 'return') && (
          <fieldset className="lines">
            <legend>{t('explain.lines')}</legend>
            {lines.map((line, i) => (
              <div className="form-row line-row" key={line.uid}>
                <Field label={t('explain.sku', { n: i + 1 })}>
                  {(props) => (
                    <input
                      {...props}
                      required
                      value={line.sku}
                      onChange={(e) => setLine(line.uid, { sku: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('explain.category', { n: i + 1 })}>
                  {(props) => (
                    <input
                      {...props}
                      value={line.category ?? ''}
                      onChange={(e) => setLine(line.uid, { category: e.target.value })}
                    />
                  )}
                </Field>
                <NumberInput
                  label={t('explain.quantity', { n: i + 1 })}
                  integer
                  value={line.quantity}
                  onChange={(v) => setLine(line.uid, { quantity: v ?? 1 })}
                />
                <MoneyInput
                  label={t('explain.unitPrice', { n: i + 1 })}
                  currency={program.currency}
                  value={line.unitPrice}
                  onChange={(v) => setLine(line.uid, { unitPrice: v ?? 0 })}
                />
                {lines.length > 1 && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setLines((ls) => ls.filter((l) => l.uid !== line.uid))}
                  >
                    {t('explain.removeLine', { n: i + 1 })}
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() =>
                setLines((ls) => [
                  ...ls,
                  {
                    uid: Math.max(0, ...ls.map((l) => l.uid)) + 1,
                    sku: `SKU-${ls.length + 1}`,
                    quantity: 1,
                    unitPrice: 1000,
                  },
                ])
              }
            >
              {t('explain.addLine')}
            </button>
          </fieldset>
        )}
        <label className="check">
          <input type="checkbox" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} />
          {t('explain.useDraft')}
        </label>
        <ErrorBox error={submit.error} />
        <div className="form-actions">
          <button type="submit" disabled={submit.sending || memberId === ''}>
            {t('explain.run')}
          </button>
        </div>
      </form>
      {result && <ExplainResult result={result} campaignId={campaign.id} />}
    </>
  );
}

function ExplainResult({ result, campaignId }: { result: Evaluation; campaignId: string }) {
  const { t } = useTranslation('manage');
  const fired = result.rules.filter((r) => r.applied).length;
  return (
    <Card title={t('explain.result')}>
      <div className="stats" role="status">
        <Stat label={t('explain.points')} value={formatNumber(result.points)} />
        <Stat label={t('explain.rulesFired')} value={`${fired} / ${result.rules.length}`} />
      </div>
      {result.effects.length > 0 && (
        <>
          <h3>{t('explain.effects')}</h3>
          <ul>
            {result.effects.map((effect) => (
              <li
                key={`${effect.rule.campaignId}-${effect.rule.ruleKey}-${effect.kind}-${effect.wallet ?? ''}-${effect.explanation}`}
              >
                {effect.explanation}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('explain.rulesTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('explain.campaign')}</th>
              <th scope="col">{t('explain.rule')}</th>
              <th scope="col">{t('explain.outcome')}</th>
              <th scope="col" className="num">
                {t('explain.points')}
              </th>
              <th scope="col">{t('explain.why')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rules.map((r) => (
              <tr
                key={`${r.rule.campaignId}-${r.rule.ruleKey}`}
                className={r.rule.campaignId === campaignId ? 'highlight' : undefined}
              >
                <td>
                  {r.rule.campaignName}{' '}
                  <span className="muted">
                    {r.rule.version === 0 ? t('explain.draft') : `v${r.rule.version}`}
                  </span>
                </td>
                <td>{r.rule.ruleName}</td>
                <td>
                  <StatusBadge tone={r.applied ? 'ok' : 'neutral'}>
                    {r.applied ? t('explain.applied') : t('explain.notApplied')}
                  </StatusBadge>
                </td>
                <td className="num">{formatNumber(r.points)}</td>
                <td>
                  {r.reasons.length > 0 ? (
                    <ul className="reasons">
                      {r.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
