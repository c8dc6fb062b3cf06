/**
 * 临时代接 (DG1) from the office or the class teacher: a named adult collects the child on one day, with a one-day
 * pickup code if asked for. The hub makes the code and answers it once, with an A6 slip to print or for the parent
 * to photograph; the page holds it only until another child or day is chosen, and the hub keeps only its hash.
 */
import { useEffect, useState } from 'react';
import type { Student } from '../core/roster';
import { Bi } from '../common/Bi';
import { BesideError } from './BesideError';
import type { OfficeApi } from './officeApi';

export function DelegateForm({
  api,
  staffId,
  student,
  day,
}: {
  api: OfficeApi;
  staffId: string;
  student: Student;
  day: string;
}) {
  const [who, setWho] = useState('');
  const [relation, setRelation] = useState('');
  const [withCode, setWithCode] = useState(true);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState<{ who: string; day: string; code?: string; slipUrl?: string } | null>(null);
  // The code is shown once: another day (or, by the key LeaveTab gives this form, another child) forgets it.
  useEffect(() => setSaved(null), [day]);
  useEffect(() => () => void (saved?.slipUrl && URL.revokeObjectURL(saved.slipUrl)), [saved]);
  const save = () => {
    setError('');
    setSaved(null);
    api
      .route('delegate', {
        body: { staffId, studentId: student.id, day, collectedBy: who, relation, withCode, note: '' },
      })
      .then((r) => {
        const first = r.results[0];
        if (first?.status === 'rejected') return setError(`${first.problem.zh} ${first.problem.en}`);
        const slipUrl = r.slipPdf
          ? URL.createObjectURL(
              new Blob([Uint8Array.from(atob(r.slipPdf), (c) => c.charCodeAt(0))], { type: 'application/pdf' }),
            )
          : undefined;
        setSaved({ who: who.trim(), day, ...(r.code ? { code: r.code } : {}), ...(slipUrl ? { slipUrl } : {}) });
        setWho('');
        setRelation('');
      })
      .catch((err: Error) => setError(err.message));
  };
  return (
    <fieldset data-testid="delegate-form">
      <legend>
        <Bi zh={`临时代接（${day}）：${student.name}`} en={`One-day delegate for ${student.name}`} />
      </legend>
      <label>
        <Bi zh="来接的人" en="Adult who collects" />
        <input
          data-testid="delegate-who"
          value={who}
          maxLength={64}
          placeholder="如 王阿姨"
          onChange={(e) => setWho(e.target.value)}
        />
      </label>
      <label>
        <Bi zh="关系" en="Relation" />
        <input
          data-testid="delegate-relation"
          value={relation}
          maxLength={16}
          placeholder="如 邻居、姑姑"
          onChange={(e) => setRelation(e.target.value)}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="delegate-with-code"
          checked={withCode}
          onChange={(e) => setWithCode(e.target.checked)}
        />
        <Bi zh="生成接送码" en="Make a one-day pickup code" />
      </label>
      <button data-testid="delegate-submit" disabled={!staffId || !who.trim()} onClick={save}>
        <Bi zh="登记临时代接" en="Record the delegate" />
      </button>
      <BesideError error={error} testId="delegate-error" />
      {saved && (
        <div data-testid="delegate-result" role="status">
          <p>
            <Bi
              zh={`已登记：${saved.day} 由 ${saved.who} 接 ${student.name}`}
              en={`Recorded: ${saved.who} collects ${student.name} on ${saved.day}`}
            />
          </p>
          {saved.code && (
            <>
              <p style={{ fontSize: '2.5rem', letterSpacing: '0.3em', margin: '0.25rem 0' }}>
                <strong data-testid="delegate-code-once">{saved.code}</strong>
              </p>
              <p className="hint">
                <Bi
                  zh="接送码只显示这一次：请告诉家长，或打印接送条（也可让家长拍下）。当天有效，只能用一次。"
                  en="Shown only now: tell the parent or print the slip (they may photograph it). Valid today, once."
                />
              </p>
              {saved.slipUrl && (
                <button
                  type="button"
                  data-testid="delegate-slip"
                  data-slip={saved.slipUrl}
                  onClick={() => {
                    // The slip opens as a PDF in its own tab: print it there, or show it to the parent to photograph.
                    const a = document.createElement('a');
                    a.href = saved.slipUrl!;
                    a.target = '_blank';
                    a.rel = 'noopener';
                    a.click();
                  }}
                >
                  <Bi zh="打印接送条" en="Print the slip" />
                </button>
              )}
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}
