import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/components.js';
import { joinList, minorDigits, splitList } from './shared.js';

/**
 * Inputs that keep what the user is typing ("a, b," or "12.") while reporting parsed values upward: re-rendering
 * from the parsed value on every keystroke would swallow the comma or the decimal point.
 */
export function ListInput({
  label,
  value,
  onChange,
  hint,
  error,
  required,
}: {
  label: string;
  value: readonly string[] | undefined;
  onChange: (next: string[]) => void;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation('manage');
  const [text, setText] = useState(joinList(value));
  useEffect(() => {
    setText((current) => (joinList(splitList(current)) === joinList(value) ? current : joinList(value)));
  }, [value]);
  return (
    <Field label={label} hint={hint ?? t('shared.listHint')} error={error}>
      {(props) => (
        <input
          {...props}
          value={text}
          required={required}
          onChange={(event) => {
            setText(event.target.value);
            onChange(splitList(event.target.value));
          }}
        />
      )}
    </Field>
  );
}

function parse(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text.replace(',', '.').trim());
  return Number.isFinite(value) ? value : undefined;
}

function display(value: number | undefined, scale: number): string {
  return value === undefined ? '' : String(value / scale);
}

/** A number; with `scale` the API value is the typed value × scale (money in minor units). */
export function NumberInput({
  label,
  value,
  onChange,
  hint,
  error,
  scale = 1,
  integer = false,
  required,
  min,
}: {
  label: string;
  value: number | undefined;
  onChange: (next: number | undefined) => void;
  hint?: string | undefined;
  error?: string | undefined;
  scale?: number;
  integer?: boolean;
  required?: boolean;
  min?: number;
}) {
  const [text, setText] = useState(display(value, scale));
  useEffect(() => {
    setText((current) => {
      const parsed = parse(current);
      const scaled = parsed === undefined ? undefined : Math.round(parsed * scale);
      return scaled === value ? current : display(value, scale);
    });
  }, [value, scale]);
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <input
          {...props}
          type="text"
          inputMode={integer && scale === 1 ? 'numeric' : 'decimal'}
          value={text}
          required={required}
          onChange={(event) => {
            setText(event.target.value);
            const parsed = parse(event.target.value);
            if (parsed === undefined) onChange(undefined);
            else if (min !== undefined && parsed < min) onChange(undefined);
            else onChange(integer || scale !== 1 ? Math.round(parsed * scale) : parsed);
          }}
        />
      )}
    </Field>
  );
}

/** Money typed in major units (12.50) and kept in minor units (1250) of the program currency. */
export function MoneyInput(props: {
  label: string;
  currency: string;
  value: number | undefined;
  onChange: (next: number | undefined) => void;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}) {
  const { currency, label, ...rest } = props;
  return <NumberInput {...rest} label={`${label} (${currency})`} scale={10 ** minorDigits(currency)} />;
}

/** Localised short weekday names, Monday first (ISO 1–7), for day-of-week pickers. */
export function weekdayOptions(language: string): { value: number; label: string }[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((day) => ({
    value: day,
    label: format.format(new Date(Date.UTC(2024, 0, day))),
  }));
}
