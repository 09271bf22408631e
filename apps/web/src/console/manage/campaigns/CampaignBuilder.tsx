import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, ErrorBox, Field } from '../../../ui/components.js';
import type { CampaignDocument } from '../api-types.js';
import { NumberInput, weekdayOptions } from '../inputs.js';
import { useSegments, useTiers } from '../options.js';
import { SuccessMessage, useSubmit } from '../shared.js';
import { CheckboxGroup } from '../widgets.js';
import { type CampaignForm, campaignDocument, campaignForm, FormProblem, newRule } from './campaign-model.js';
import { RuleEditor } from './RuleEditor.js';

export type SaveMode = 'draft' | 'publish';

/**
 * The campaign and rule builder: a form for what most campaigns need, and the whole document as JSON for the rest.
 * Saving hands the document to the page, which knows whether it creates a campaign or replaces a draft.
 */
export function CampaignBuilder({
  initial,
  onSave,
  readOnly,
  publishLabel,
  canPublish = true,
}: {
  initial: Partial<CampaignDocument>;
  onSave: (doc: CampaignDocument, mode: SaveMode) => Promise<unknown>;
  readOnly: boolean;
  publishLabel: string;
  canPublish?: boolean;
}) {
  const { t, i18n } = useTranslation('manage');
  const segments = useSegments();
  const [form, setForm] = useState<CampaignForm>(() => {
    const f = campaignForm(initial);
    return f.rules.length > 0 ? f : { ...f, rules: [newRule(0)] };
  });
  const [json, setJson] = useState<string>();
  const [jsonError, setJsonError] = useState<string>();
  const submit = useSubmit();
  const set = (patch: Partial<CampaignForm>) => setForm((f) => ({ ...f, ...patch }));
  const tiers = useTiers(
    form.audience === 'tiers' || /"(member_tier|tier_changed)"/.test(JSON.stringify(form.rules)),
  );

  const currentDocument = (): CampaignDocument => {
    if (json === undefined) return campaignDocument(form);
    return JSON.parse(json) as CampaignDocument;
  };

  const toggleJson = () => {
    setJsonError(undefined);
    if (json === undefined) {
      try {
        setJson(JSON.stringify(campaignDocument(form), null, 2));
      } catch (e) {
        setJsonError(e instanceof Error ? e.message : String(e));
      }
      return;
    }
    try {
      const doc = JSON.parse(json) as CampaignDocument;
      if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.rules))
        throw new Error(t('builder.jsonNeedsRules'));
      setForm(campaignForm(doc));
      setJson(undefined);
    } catch (e) {
      setJsonError(e instanceof Error ? e.message : String(e));
    }
  };

  const save = (mode: SaveMode) =>
    void submit.run(
      async () => {
        let doc: CampaignDocument;
        try {
          doc = currentDocument();
        } catch (e) {
          throw e instanceof FormProblem ? e : new Error(t('shared.invalidJson'));
        }
        await onSave(doc, mode);
      },
      mode === 'publish' ? t('builder.published') : t('builder.savedDraft'),
    );

  const errors = submit.errors;
  const formProblem = submit.error instanceof FormProblem ? submit.error : undefined;
  if (formProblem) errors[formProblem.field] = formProblem.message;

  return (
    <form
      className="campaign-builder"
      aria-label={t('builder.formLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        save('draft');
      }}
    >
      <div className="form-actions builder-mode">
        <button type="button" className="secondary" onClick={toggleJson} aria-pressed={json !== undefined}>
          {json === undefined ? t('builder.editJson') : t('builder.backToForm')}
        </button>
      </div>
      {jsonError !== undefined && <ErrorBox error={new Error(jsonError)} />}
      {readOnly && <p className="muted">{t('shared.readOnly')}</p>}
      {/* A disabled fieldset makes every control read-only at once for roles that may only look. */}
      <fieldset className="plain-fieldset" disabled={readOnly}>
        {json !== undefined ? (
          <Field label={t('builder.json')} hint={t('builder.jsonHint')}>
            {(props) => (
              <textarea
                {...props}
                className="json-editor"
                value={json}
                onChange={(e) => setJson(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <>
            <Card title={t('builder.details')}>
              <Field label={t('builder.name')} error={errors['/name']}>
                {(props) => (
                  <input
                    {...props}
                    required
                    value={form.name}
                    onChange={(e) => set({ name: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t('builder.description')} error={errors['/description']}>
                {(props) => (
                  <textarea
                    {...props}
                    className="prose"
                    value={form.description}
                    onChange={(e) => set({ description: e.target.value })}
                  />
                )}
              </Field>
            </Card>

            <Card title={t('builder.schedule')}>
              <div className="form-row">
                <Field
                  label={t('builder.start')}
                  hint={t('builder.localTime')}
                  error={errors['/schedule/start']}
                >
                  {(props) => (
                    <input
                      {...props}
                      type="datetime-local"
                      value={form.start}
                      onChange={(e) => set({ start: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('builder.end')} hint={t('builder.localTime')} error={errors['/schedule/end']}>
                  {(props) => (
                    <input
                      {...props}
                      type="datetime-local"
                      value={form.end}
                      onChange={(e) => set({ end: e.target.value })}
                    />
                  )}
                </Field>
              </div>
              <CheckboxGroup
                legend={t('builder.daysOfWeek')}
                hint={t('builder.daysOfWeekHint')}
                options={weekdayOptions(i18n.language)}
                value={form.daysOfWeek}
                onChange={(daysOfWeek) => set({ daysOfWeek })}
              />
              <div className="form-row">
                <Field label={t('builder.timeFrom')} hint={t('builder.programTime')}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      value={form.timeFrom}
                      onChange={(e) => set({ timeFrom: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('builder.timeTo')} hint={t('builder.programTime')}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      value={form.timeTo}
                      onChange={(e) => set({ timeTo: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            </Card>

            <Card title={t('builder.audience')}>
              <Field label={t('builder.audienceType')} error={errors['/audience']}>
                {(props) => (
                  <select
                    {...props}
                    value={form.audience}
                    onChange={(e) => set({ audience: e.target.value as CampaignForm['audience'] })}
                  >
                    <option value="all">{t('builder.audienceAll')}</option>
                    <option value="tiers">{t('builder.audienceTiers')}</option>
                    <option value="segments">{t('builder.audienceSegments')}</option>
                  </select>
                )}
              </Field>
              {form.audience === 'tiers' &&
                (tiers.length > 0 ? (
                  <CheckboxGroup
                    legend={t('builder.tiers')}
                    options={tiers.map((tier) => ({ value: tier.code, label: tier.name }))}
                    value={form.audienceTiers}
                    onChange={(audienceTiers) => set({ audienceTiers })}
                  />
                ) : (
                  <p className="muted">{t('builder.noTiers')}</p>
                ))}
              {form.audience === 'segments' &&
                (segments.length > 0 ? (
                  <CheckboxGroup
                    legend={t('builder.segments')}
                    options={segments.map((s) => ({ value: s.code, label: s.name }))}
                    value={form.audienceSegments}
                    onChange={(audienceSegments) => set({ audienceSegments })}
                  />
                ) : (
                  <p className="muted">{t('builder.noSegments')}</p>
                ))}
              <div className="form-row">
                <NumberInput
                  label={t('builder.budget')}
                  hint={t('builder.budgetHint')}
                  integer
                  error={errors['/budget/total']}
                  value={form.budgetTotal === '' ? undefined : Number(form.budgetTotal)}
                  onChange={(v) => set({ budgetTotal: v === undefined ? '' : String(v) })}
                />
                <NumberInput
                  label={t('builder.holdout')}
                  hint={t('builder.holdoutHint')}
                  error={errors['/holdout/percent']}
                  value={form.holdoutPercent === '' ? undefined : Number(form.holdoutPercent)}
                  onChange={(v) => set({ holdoutPercent: v === undefined ? '' : String(v) })}
                />
              </div>
            </Card>

            <h2>{t('builder.rules')}</h2>
            {form.rules.map((rule, index) => (
              <RuleEditor
                key={rule.uid}
                rule={rule}
                index={index}
                tiers={tiers}
                segments={segments}
                errors={errors}
                canRemove={form.rules.length > 1}
                onChange={(next) => set({ rules: form.rules.map((r) => (r.uid === rule.uid ? next : r)) })}
                onRemove={() => set({ rules: form.rules.filter((r) => r.uid !== rule.uid) })}
              />
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() => set({ rules: [...form.rules, newRule(form.rules.length)] })}
            >
              {t('builder.addRule')}
            </button>
          </>
        )}
      </fieldset>
      <ErrorBox error={submit.error} />
      <SuccessMessage>{submit.success}</SuccessMessage>
      {!readOnly && (
        <div className="form-actions builder-actions">
          <button type="submit" className="secondary" disabled={submit.sending}>
            {t('builder.saveDraft')}
          </button>
          {canPublish && (
            <button type="button" disabled={submit.sending} onClick={() => save('publish')}>
              {publishLabel}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
