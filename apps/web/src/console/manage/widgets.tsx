import { type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Small interactive pieces the management pages share: secrets shown once, checkbox groups, tabs, badges. */

/** Copies a secret to the clipboard and says so (the secret is shown only once). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation('manage');
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {label}
      </button>
      <span role="status" className="muted">
        {copied ? t('shared.copied') : ''}
      </span>
    </>
  );
}

/** A secret shown once, selectable, with a copy button. */
export function SecretReveal({
  title,
  secret,
  onDone,
}: {
  title: string;
  secret: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('manage');
  const id = useId();
  return (
    <div className="success-box secret-box" role="status">
      <p>
        <strong>{title}</strong> {t('shared.secretOnce')}
      </p>
      <label htmlFor={id} className="visually-hidden">
        {t('shared.secret')}
      </label>
      <input id={id} readOnly value={secret} className="secret" onFocus={(e) => e.currentTarget.select()} />
      <div className="form-actions">
        <CopyButton value={secret} label={t('shared.copySecret')} />
        <button type="button" className="secondary" onClick={onDone}>
          {t('shared.secretStored')}
        </button>
      </div>
    </div>
  );
}

/** A group of checkboxes with a legend: tiers, segments, days of the week. */
export function CheckboxGroup<V extends string | number>({
  legend,
  options,
  value,
  onChange,
  hint,
}: {
  legend: string;
  options: { value: V; label: string }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <fieldset className="checkbox-group" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={String(option.value)} className="check">
            <input
              type="checkbox"
              checked={value.includes(option.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value),
                )
              }
            />
            {option.label}
          </label>
        ))}
      </div>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </fieldset>
  );
}

/** Tabs following the WAI-ARIA pattern: arrow keys move between tabs, the panel is labelled by its tab. */
export function Tabs<K extends string>({
  label,
  tabs,
  current,
  onSelect,
  children,
}: {
  label: string;
  tabs: { key: K; label: string }[];
  current: K;
  onSelect: (key: K) => void;
  children: ReactNode;
}) {
  const id = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (tab === undefined) return;
    onSelect(tab.key);
    refs.current[tab.key]?.focus();
  };
  const currentIndex = tabs.findIndex((tab) => tab.key === current);
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab, index) => (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[tab.key] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={tab.key === current}
            aria-controls={`${id}-panel`}
            tabIndex={tab.key === current ? 0 : -1}
            className={tab.key === current ? 'tab active' : 'tab'}
            onClick={() => onSelect(tab.key)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight') move(index + 1);
              else if (event.key === 'ArrowLeft') move(index - 1);
              else if (event.key === 'Home') move(0);
              else if (event.key === 'End') move(tabs.length - 1);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tabs[currentIndex]?.key ?? ''}`}>
        {children}
      </div>
    </div>
  );
}

/** A badge for a status word, coloured by how good it is. */
export function StatusBadge({
  tone,
  children,
}: {
  tone: 'ok' | 'warn' | 'bad' | 'neutral';
  children: ReactNode;
}) {
  return <span className={tone === 'neutral' ? 'badge' : `badge ${tone}`}>{children}</span>;
}
