/** Form pieces the pages share: a choice of named things (a person, a room), a PIN field, the error line. */
import type { ReactNode } from 'react';

/** A select over things with an id and a name; `blank` adds a first, empty choice with that label. */
export function NameSelect({
  value,
  onChange,
  options,
  blank,
  testId,
}: {
  value: string;
  onChange: (id: string) => void;
  options: readonly { id: string; name: string }[];
  blank?: string;
  testId?: string;
}) {
  return (
    <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
      {blank !== undefined && <option value="">{blank}</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** A staff PIN, typed on the number pad. */
export function PinInput({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (pin: string) => void;
  testId: string;
}) {
  return (
    <input
      data-testid={testId}
      type="password"
      inputMode="numeric"
      placeholder="PIN"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** What went wrong, read out by screen readers; nothing while there is nothing to say. */
export function ErrorLine({ error }: { error: ReactNode }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}
