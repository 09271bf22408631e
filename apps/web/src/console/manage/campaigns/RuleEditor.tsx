import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/components.js';
import type { Trigger } from '../api-types.js';
import { ListInput, NumberInput } from '../inputs.js';
import type { Option } from '../options.js';
import { ConditionEditor } from './ConditionEditor.js';
import { newCondition, newEffect } from './campaign-defaults.js';
import { autoKey, type RuleForm, uid } from './campaign-model.js';
import { EffectEditor } from './EffectEditor.js';

const TRIGGERS: Trigger['type'][] = [
  'purchase',
  'return',
  'event',
  'enrolment',
  'profile_completed',
  'birthday',
  'anniversary',
  'tier_changed',
  'segment_entered',
  'segment_left',
  'inactivity',
  'schedule',
];

function newTrigger(type: Trigger['type']): Trigger {
  switch (type) {
    case 'event':
      return { type, eventType: 'review_written' };
    case 'segment_entered':
    case 'segment_left':
      return { type, segments: [] };
    case 'inactivity':
      return { type, days: 90 };
    case 'schedule':
      return { type, every: 'month', day: 1 };
    default:
      return { type } as Trigger;
  }
}

/** One rule of a campaign: when it runs (trigger), for whom and what (conditions) and what it gives (effects). */
export function RuleEditor({
  rule,
  index,
  onChange,
  onRemove,
  canRemove,
  tiers,
  segments,
  errors,
}: {
  rule: RuleForm;
  index: number;
  onChange: (rule: RuleForm) => void;
  onRemove: () => void;
  canRemove: boolean;
  tiers: Option[];
  segments: Option[];
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('manage');
  const n = index + 1;
  const prefix = `/rules/${index}`;
  const errorAt = (path: string) =>
    Object.entries(errors).find(
      ([field]) => field === `${prefix}${path}` || field.startsWith(`${prefix}${path}/`),
    )?.[1];
  const trigger = rule.trigger;

  return (
    <section className="card rule-card" aria-labelledby={`rule-${rule.uid}`}>
      <h3 id={`rule-${rule.uid}`}>{t('rules.heading', { n, name: rule.name || t('rules.untitled') })}</h3>
      <div className="form-row">
        <Field label={t('rules.name')} error={errorAt('/name')}>
          {(props) => (
            <input
              {...props}
              required
              value={rule.name}
              onChange={(e) => onChange({ ...rule, name: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('rules.key')} hint={t('rules.keyHint')} error={errorAt('/key')}>
          {(props) => (
            <input
              {...props}
              value={autoKey(rule, index)}
              pattern="[a-z0-9][a-z0-9_\-]{0,63}"
              onChange={(e) => onChange({ ...rule, key: e.target.value, keyEdited: true })}
            />
          )}
        </Field>
      </div>

      <div className="form-row">
        <Field label={t('rules.trigger')} error={errorAt('/trigger')}>
          {(props) => (
            <select
              {...props}
              value={trigger.type}
              onChange={(e) => onChange({ ...rule, trigger: newTrigger(e.target.value as Trigger['type']) })}
            >
              {TRIGGERS.map((type) => (
                <option key={type} value={type}>
                  {t(`triggers.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {trigger.type === 'event' && (
          <Field label={t('rules.eventType')}>
            {(props) => (
              <input
                {...props}
                value={trigger.eventType}
                onChange={(e) => onChange({ ...rule, trigger: { ...trigger, eventType: e.target.value } })}
              />
            )}
          </Field>
        )}
        {trigger.type === 'inactivity' && (
          <NumberInput
            label={t('rules.inactiveDays')}
            integer
            value={trigger.days}
            onChange={(v) => onChange({ ...rule, trigger: { ...trigger, days: v ?? 0 } })}
          />
        )}
        {trigger.type === 'schedule' && (
          <>
            <Field label={t('rules.every')}>
              {(props) => (
                <select
                  {...props}
                  value={trigger.every}
                  onChange={(e) =>
                    onChange({
                      ...rule,
                      trigger: { ...trigger, every: e.target.value as typeof trigger.every },
                    })
                  }
                >
                  {(['day', 'week', 'month', 'year'] as const).map((p) => (
                    <option key={p} value={p}>
                      {t(`periods.${p}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <NumberInput
              label={t('rules.scheduleDay')}
              hint={t('rules.scheduleDayHint')}
              integer
              value={trigger.day}
              onChange={(v) => onChange({ ...rule, trigger: { ...trigger, day: v } })}
            />
          </>
        )}
        {trigger.type === 'tier_changed' && (
          <ListInput
            label={t('rules.toTiers')}
            value={trigger.toTiers}
            hint={tiers.map((tier) => tier.code).join(', ') || undefined}
            onChange={(v) =>
              onChange({
                ...rule,
                trigger: v.length > 0 ? { ...trigger, toTiers: v } : { type: 'tier_changed' },
              })
            }
          />
        )}
        {(trigger.type === 'segment_entered' || trigger.type === 'segment_left') && (
          <ListInput
            label={t('rules.triggerSegments')}
            value={trigger.segments}
            hint={segments.map((s) => s.code).join(', ') || undefined}
            onChange={(v) => onChange({ ...rule, trigger: { ...trigger, segments: v } })}
          />
        )}
      </div>

      <h4>{t('rules.conditions')}</h4>
      {rule.conditions === undefined ? (
        <Field label={t('rules.whenJson')} hint={t('rules.whenJsonHint')} error={errorAt('/when')}>
          {(props) => (
            <textarea
              {...props}
              value={rule.whenJson}
              onChange={(e) => onChange({ ...rule, whenJson: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <>
          {rule.conditions.length === 0 && <p className="muted">{t('rules.noConditions')}</p>}
          {rule.conditions.length > 1 && (
            <Field label={t('rules.match')}>
              {(props) => (
                <select
                  {...props}
                  value={rule.match}
                  onChange={(e) => onChange({ ...rule, match: e.target.value as 'all' | 'any' })}
                >
                  <option value="all">{t('rules.matchAll')}</option>
                  <option value="any">{t('rules.matchAny')}</option>
                </select>
              )}
            </Field>
          )}
          {rule.conditions.map((row, i) => (
            <ConditionEditor
              key={row.uid}
              row={row}
              position={i + 1}
              tiers={tiers}
              segments={segments}
              onChange={(next) =>
                onChange({ ...rule, conditions: rule.conditions?.map((r) => (r.uid === row.uid ? next : r)) })
              }
              onRemove={() =>
                onChange({ ...rule, conditions: rule.conditions?.filter((r) => r.uid !== row.uid) })
              }
            />
          ))}
          {errorAt('/when') !== undefined && <p className="field-error">{errorAt('/when')}</p>}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              onChange({
                ...rule,
                conditions: [
                  ...(rule.conditions ?? []),
                  { uid: uid(), negate: false, leaf: newCondition('items') },
                ],
              })
            }
          >
            {t('rules.addCondition')}
          </button>
        </>
      )}

      <h4>{t('rules.effects')}</h4>
      {rule.effects.map((row, i) => (
        <EffectEditor
          key={row.uid}
          row={row}
          position={i + 1}
          error={errorAt(`/effects/${i}`)}
          onChange={(next) =>
            onChange({ ...rule, effects: rule.effects.map((r) => (r.uid === row.uid ? next : r)) })
          }
          onRemove={() => onChange({ ...rule, effects: rule.effects.filter((r) => r.uid !== row.uid) })}
        />
      ))}
      {errorAt('/effects') !== undefined && rule.effects.length === 0 && (
        <p className="field-error">{errorAt('/effects')}</p>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          onChange({ ...rule, effects: [...rule.effects, { uid: uid(), effect: newEffect('points_fixed') }] })
        }
      >
        {t('rules.addEffect')}
      </button>

      <div className="form-row rule-options">
        <NumberInput
          label={t('rules.priority')}
          hint={t('rules.priorityHint')}
          integer
          value={rule.priority === '' ? undefined : Number(rule.priority)}
          onChange={(v) => onChange({ ...rule, priority: v === undefined ? '' : String(v) })}
        />
        <label className="check inline-check">
          <input
            type="checkbox"
            checked={rule.stop}
            onChange={(e) => onChange({ ...rule, stop: e.target.checked })}
          />
          {t('rules.stop')}
        </label>
      </div>
      {canRemove && (
        <button type="button" className="danger" onClick={onRemove}>
          {t('rules.remove', { n })}
        </button>
      )}
    </section>
  );
}
