/** Form pieces the pages share: a choice of named things, a PIN field, the error line, the sign-in page. */
import type { ReactNode } from 'react';
import type { Bilingual } from '../core/messages';
import { Bi } from './Bi';

/** A select over things with an id and a name; `blank` adds a first, empty choice with that label. */
export function NameSelect({
  value,
  onChange,
  options,
  blank,
  before = [],
  disabled,
  testId,
}: {
  value: string;
  onChange: (id: string) => void;
  options: readonly { id: string; name: string }[];
  blank?: string;
  /** choices above the names that are not records (全部, 不参加 `-`), each with its value */
  before?: readonly { id: string; name: string }[];
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {blank !== undefined && <option value="">{blank}</option>}
      {[...before, ...options].map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** A staff PIN, typed on the number pad: digits only, at most 8, never offered by the browser's autofill. */
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
      autoComplete="off"
      placeholder="PIN"
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
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

/** The duty leader's and the office's sign-in page: its title, the form's fields, what went wrong. */
export function SignInPage({
  title,
  onSubmit,
  error,
  children,
}: {
  title: Bilingual;
  onSubmit: () => void;
  error: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="login">
      <h1>
        <Bi {...title} />
      </h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
      <ErrorLine error={error} />
    </main>
  );
}
