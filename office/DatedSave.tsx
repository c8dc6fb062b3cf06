/**
 * Saving the rota or the pay and fee settings with a start date (生效日期, R3 in core/SPEC.md): the change applies
 * from that day on, the days before keep the rota and rates they had, so last month's pay sheet never moves.
 * The day comes from the hub's clock (useHubDay), today or up to 120 days ahead, as the hub accepts.
 */
import { useState } from 'react';
import { Bi } from '../common/Bi';
import { NameSelect } from '../common/fields';
import { DEFAULT_CHECK } from '../core/checkEvent';
import { currentRotaFrom, currentSettingsFrom } from '../core/effectiveDates';
import type { Bilingual } from '../core/messages';
import type { Roster } from '../core/roster';
import { addDays, isoWeekday } from '../core/time';
import { BesideError, useBesideError } from './BesideError';
import { officeClerks } from './clerks';
import { useHubDay } from './hubDay';
import type { OfficeApi } from './officeApi';
import { WD } from './setupParts';

/** How far ahead a start date may be: the hub's limit, the window of leave and arrangements (CU17). */
const AHEAD_DAYS = DEFAULT_CHECK.maxFutureDays;

/** `2026-12-07（周一）`: a start date as the office reads it. */
const dayWords = (day: string) => `${day}（${WD[isoWeekday(day)]}）`;

const WHAT = {
  rotas: { zh: '排班', en: 'rota' },
  settings: { zh: '补贴和收费标准', en: 'pay and fee rates' },
} as const;

/**
 * Where the roster's own rota or rates took over, in words: `当前排班自 2026-12-01（周二）起生效` — or, when that day
 * is still to come, that the one before applies until then. Nothing when it always applied.
 */
export function inForceWords(roster: Pick<Roster, 'superseded'>, section: 'rotas' | 'settings', today: string) {
  const from = section === 'rotas' ? currentRotaFrom(roster) : currentSettingsFrom(roster);
  if (!from) return undefined;
  const w = WHAT[section];
  return from > today
    ? {
        zh: `已保存的${w.zh}自 ${dayWords(from)} 起生效，在此之前仍按原${w.zh}`,
        en: `The saved ${w.en} applies from ${from}; until then the previous one does`,
      }
    : {
        zh: `当前${w.zh}自 ${dayWords(from)} 起生效，之前的日子按原${w.zh}计算`,
        en: `The current ${w.en} applies from ${from}; earlier days keep the previous one`,
      };
}

export function DatedSave({
  api,
  roster,
  section,
  value,
  onSaved,
  label,
  testId,
  check,
  errorTestId = `${testId}-error`,
  msgTestId = 'save-msg',
}: {
  api: OfficeApi;
  roster: Roster;
  section: 'rotas' | 'settings';
  value: unknown;
  onSaved: () => void;
  label: { zh: string; en: string };
  testId: string;
  /** the page's own check of `value` before anything is sent (the hub checks again) */
  check?: () => Bilingual | undefined;
  errorTestId?: string;
  msgTestId?: string;
}) {
  const hubDay = useHubDay(api, roster.settings.timeZone);
  const today = hubDay.today;
  const last = addDays(today, AHEAD_DAYS);
  const clerks = officeClerks(roster);
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  // Unset, the start date is the hub's today, following it once the hub has said its day.
  const [fromSet, setFrom] = useState<string>();
  const from = fromSet ?? today;
  const [done, setDone] = useState('');
  const { error, run } = useBesideError();
  const inForce = inForceWords(roster, section, today);
  const save = () => {
    setDone('');
    run(
      () =>
        check?.() ??
        (from < today || from > last
          ? { zh: `生效日期须在 ${today} 至 ${last} 之间`, en: `The start date must be from ${today} to ${last}` }
          : undefined),
      () =>
        api
          .route('rosterSection', { params: { section }, body: { value, from, ...(staffId ? { staffId } : {}) } })
          .then((r) => {
            const w = WHAT[section];
            setDone(
              r.from
                ? `已保存，自 ${dayWords(r.from)} 起生效；之前的日子按原${w.zh}计算 · Saved: applies from ${r.from}, earlier days unchanged`
                : '已保存 Saved',
            );
            onSaved();
          }),
    );
  };
  return (
    <div className="dated-save">
      {inForce && (
        <p data-testid={`${testId}-in-force`}>
          <Bi zh={inForce.zh} en={inForce.en} />
        </p>
      )}
      <p className="inline-fields">
        <label>
          <Bi zh="生效日期" en="Applies from" />{' '}
          <input
            type="date"
            data-testid={`${testId}-from`}
            value={from}
            min={today}
            max={last}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          <Bi zh="办理人" en="Entered by" />{' '}
          <NameSelect value={staffId} onChange={setStaffId} options={clerks} testId={`${testId}-clerk`} />
        </label>
        <button data-testid={testId} onClick={save}>
          <Bi zh={label.zh} en={label.en} />
        </button>
      </p>
      <p className="hint">
        <Bi
          zh={`可选 ${today} 至 ${last}；已过去的日子按当时的${WHAT[section].zh}计算，不会改变`}
          en={`From ${today} to ${last}; past days keep the ${WHAT[section].en} they had`}
        />
      </p>
      {done && (
        <p className="said" role="status" data-testid={msgTestId}>
          {done}
        </p>
      )}
      <BesideError error={error} testId={errorTestId} />
    </div>
  );
}
