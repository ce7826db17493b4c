import { useEffect, useState, type ReactNode } from 'react';

/** A number input that keeps what the user types and reports only valid numbers. */
export function NumField({
  label,
  value,
  onChange,
  min,
  max,
  step = 'any',
  integer,
  hint,
  testId,
  compact,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
  hint?: ReactNode;
  testId?: string;
  compact?: boolean;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const parsed = Number(text.replace(',', '.'));
  const bad =
    text.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || (min !== undefined && parsed < min) || (max !== undefined && parsed > max);
  const input = (
    <input
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      aria-label={compact ? label : undefined}
      aria-invalid={bad || undefined}
      data-testid={testId}
      data-step={step}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value.replace(',', '.'));
        if (e.target.value.trim() !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n)) && (min === undefined || n >= min) && (max === undefined || n <= max))
          onChange(n);
      }}
    />
  );
  if (compact) return input;
  return (
    <label className="field">
      <span>{label}</span>
      {input}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
  hint,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  testId?: string;
  hint?: ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}
