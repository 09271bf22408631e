import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { ErrorBox, Field } from '../../../ui/components.js';
import { formatDateTime, formatNumber } from '../../../ui/format.js';
import { useProgram } from '../../context.js';
import type { SegmentCondition } from '../api-types.js';
import { useTiers } from '../options.js';
import { SegmentConditionEditor } from './SegmentConditionEditor.js';
import { conditionOf, newRow, rowsOf, type SegmentRow } from './segment-model.js';

type Preview = { members: number; metricsComputedAt: string | null };

/**
 * The segment condition, as a form of conditions joined by all/any or as JSON, with a live count of the members it
 * selects: every change asks the server for a preview after a short pause.
 */
export function ConditionBuilder({
  initial,
  onChange,
}: {
  initial: SegmentCondition | null | undefined;
  onChange: (condition: SegmentCondition | undefined, invalid: boolean) => void;
}) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const start = rowsOf(initial);
  const [match, setMatch] = useState(start.match);
  const [rows, setRows] = useState<SegmentRow[] | undefined>(start.rows);
  const [json, setJson] = useState<string | undefined>(
    start.rows === undefined ? JSON.stringify(initial, null, 2) : undefined,
  );
  const [jsonError, setJsonError] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [counting, setCounting] = useState(false);
  const tiers = useTiers((rows ?? []).some((r) => r.leaf.kind === 'tier'));

  let condition: SegmentCondition | undefined;
  let invalid = false;
  if (json !== undefined) {
    try {
      condition = json.trim() === '' ? undefined : (JSON.parse(json) as SegmentCondition);
    } catch {
      invalid = true;
    }
  } else {
    condition = conditionOf(match, rows ?? []);
  }
  const key = invalid ? 'invalid' : JSON.stringify(condition ?? null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialised condition is the dependency
  useEffect(() => {
    onChange(condition, invalid);
    if (condition === undefined || invalid) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      setCounting(true);
      unwrap(api.POST('/v1/segments/preview', { body: { programId: program.id, condition } })).then(
        (answer) => {
          if (cancelled) return;
          setPreview(answer);
          setPreviewError(undefined);
          setCounting(false);
        },
        (failure: unknown) => {
          if (cancelled) return;
          setPreviewError(failure);
          setCounting(false);
        },
      );
    }, 500);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [key, program.id]);

  const toggleJson = () => {
    setJsonError(undefined);
    if (json === undefined) {
      setJson(JSON.stringify(condition ?? null, null, 2));
      return;
    }
    if (invalid) {
      setJsonError(t('shared.invalidJson'));
      return;
    }
    const back = rowsOf(condition);
    if (back.rows === undefined) {
      setJsonError(t('segments.tooNested'));
      return;
    }
    setMatch(back.match);
    setRows(back.rows);
    setJson(undefined);
  };

  return (
    <section className="card" aria-labelledby="conditions-heading">
      <div className="section-header">
        <h2 id="conditions-heading">{t('segments.conditions')}</h2>
        <button type="button" className="secondary" onClick={toggleJson} aria-pressed={json !== undefined}>
          {json === undefined ? t('builder.editJson') : t('builder.backToForm')}
        </button>
      </div>
      <LiveCount
        preview={preview}
        counting={counting}
        failed={previewError !== undefined}
        hasCondition={condition !== undefined && !invalid}
      />
      <ErrorBox error={previewError} />
      {jsonError && <ErrorBox error={new Error(jsonError)} />}
      {json !== undefined ? (
        <Field label={t('segments.json')} error={invalid ? t('shared.invalidJson') : undefined}>
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
          {(rows ?? []).length > 1 && (
            <Field label={t('rules.match')}>
              {(props) => (
                <select {...props} value={match} onChange={(e) => setMatch(e.target.value as 'all' | 'any')}>
                  <option value="all">{t('segments.matchAll')}</option>
                  <option value="any">{t('segments.matchAny')}</option>
                </select>
              )}
            </Field>
          )}
          {(rows ?? []).map((row, i) => (
            <SegmentConditionEditor
              key={row.uid}
              row={row}
              position={i + 1}
              tiers={tiers}
              onChange={(next) => setRows((rs) => rs?.map((r) => (r.uid === row.uid ? next : r)))}
              onRemove={() => setRows((rs) => rs?.filter((r) => r.uid !== row.uid))}
            />
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setRows((rs) => [...(rs ?? []), newRow()])}
          >
            {t('rules.addCondition')}
          </button>
        </>
      )}
    </section>
  );
}

function LiveCount({
  preview,
  counting,
  failed,
  hasCondition,
}: {
  preview?: Preview;
  counting: boolean;
  failed: boolean;
  hasCondition: boolean;
}) {
  const { t } = useTranslation('manage');
  return (
    <div className="live-count" role="status" aria-live="polite" aria-busy={counting}>
      {!hasCondition ? (
        <span className="muted">{t('segments.addToCount')}</span>
      ) : failed && !counting ? (
        <span className="muted">{t('segments.countFailed')}</span>
      ) : preview === undefined ? (
        <span className="muted">{t('segments.counting')}</span>
      ) : (
        <>
          <strong className="count">
            {t('segments.matching', { count: preview.members, formatted: formatNumber(preview.members) })}
          </strong>
          {counting && <span className="muted"> {t('segments.updating')}</span>}
          {preview.metricsComputedAt && (
            <span className="muted small">
              {' '}
              {t('segments.metricsAsOf', { at: formatDateTime(preview.metricsComputedAt) })}
            </span>
          )}
        </>
      )}
    </div>
  );
}
