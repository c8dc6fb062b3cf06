/**
 * One student in the roster tab's panel: fix the name or 学号, move to another class or group now or from a later
 * day (生效日期: the move is kept and the hub applies it that day, RM1 in core/SPEC.md), change the way home; a newcomer with an optional guardian; a child who left,
 * shown first as what will happen, then confirmed by a second tap.
 */
import { useEffect, useRef, useState } from 'react';
import type { PickupPlan, Roster, Student } from '../core/roster';
import { Bi } from '../common/Bi';
import { ErrorLine, NameSelect } from '../common/fields';
import { useHubDay } from './hubDay';
import { moveTo, moveWords, PendingMove, zhDay } from './PendingMove';
import type { OfficeApi } from './officeApi';
import { namer, PICKUP_WORDS } from './RosterQuery';
import { RosterSheet } from './RosterSheet';

interface Draft {
  name: string;
  studentNo: string;
  classId: string;
  groupId: string;
  pickup: PickupPlan['kind'];
  bus: string;
  permission: boolean;
  wave: number;
  gName: string;
  gRelation: string;
  gPhone: string;
  /** 生效日期 of a class or group change; '' until the clerk picks one: the hub's today */
  from: string;
  /** 安全提示 (SN1); `notWith` as typed, names separated by 、 or a comma */
  medical: string;
  custody: string;
  cardOnly: boolean;
  notWith: string;
}

const draftOf = (roster: Roster, s: Student | null): Draft => ({
  name: s?.name ?? '',
  studentNo: s?.studentNo ?? '',
  classId: s?.classId ?? roster.classes[0]?.id ?? '',
  groupId: s?.groupId ?? '',
  pickup: s?.pickup.kind ?? 'guardian',
  bus: s?.pickup.kind === 'bus' ? s.pickup.bus : '',
  permission: s?.pickup.kind === 'walks_alone',
  wave: s?.pickupWave ?? 1,
  gName: '',
  gRelation: '',
  gPhone: '',
  from: '',
  medical: s?.safety?.medical ?? '',
  custody: s?.safety?.custody ?? '',
  cardOnly: s?.safety?.cardOnly ?? false,
  notWith: (s?.safety?.notWith ?? []).join('、'),
});

/** SN1: the names a child must not be given to, as the office typed them (、，, or a new line between). */
const namesOf = (typed: string) =>
  typed
    .split(/[、，,;；\n]/)
    .map((n) => n.trim())
    .filter(Boolean);

/** What is wrong with the safety notes as typed, in words; '' when they can be saved. */
function safetyProblem(d: Draft): string {
  const names = namesOf(d.notWith);
  if (names.length > 5) return '“不得交给”最多填 5 个人 At most 5 names';
  const long = names.find((n) => n.length > 32);
  if (long) return `“不得交给”每个姓名最多 32 个字：${long.slice(0, 8)}… A name is too long`;
  if (d.medical.trim().length > 120 || d.custody.trim().length > 120) return '提示最多 120 个字 At most 120 characters';
  return '';
}

const planOf = (d: Draft): PickupPlan =>
  d.pickup === 'bus'
    ? { kind: 'bus', bus: d.bus.trim() }
    : d.pickup === 'walks_alone'
      ? { kind: 'walks_alone', permissionOnFile: true }
      : { kind: 'guardian' };

export function RosterStudentSheet({
  api,
  roster,
  staffId,
  student,
  onDone,
  onClose,
}: {
  api: OfficeApi;
  roster: Roster;
  staffId: string;
  /** null: a newcomer */
  student: Student | null;
  onDone: (msg: string) => void;
  onClose: () => void;
}) {
  // The hub's day (its clock: GET /api/admin/date-limits); until it answers, the day in the school's time zone
  // here. A move may be entered up to the end of the window leave may be (120 days): the hub holds it to the same.
  const hub = useHubDay(api, roster.settings.timeZone);
  const days = { today: hub.today, last: hub.dated.last };
  const [d, setD] = useState(() => draftOf(roster, student));
  const saved = student?.safety;
  const hasNotes = !!saved && (!!saved.medical || !!saved.custody || saved.cardOnly || saved.notWith.length > 0);
  const [error, setError] = useState('');
  const [leaving, setLeaving] = useState(false);
  // what leaving would do opens at the foot of a long panel: brought into view, its confirm button too
  const preview = useRef<HTMLElement>(null);
  useEffect(() => {
    if (leaving) preview.current?.scrollIntoView({ block: 'end' });
  }, [leaving]);
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const { className } = namer(roster);
  const fail = (err: Error) => setError(err.message);
  const walksWithout = d.pickup === 'walks_alone' && !d.permission;
  const moving = student !== null && (d.classId !== student.classId || (d.groupId || null) !== student.groupId);
  const from = d.from || days.today;
  const later = moving && from > days.today;
  const badDay = moving && (from < days.today || from > days.last);

  const save = () => {
    setError('');
    const fields = {
      name: d.name,
      studentNo: d.studentNo,
      classId: d.classId,
      groupId: d.groupId || null,
      pickup: planOf(d),
      pickupWave: d.wave,
      safety: {
        medical: d.medical.trim(),
        custody: d.custody.trim(),
        cardOnly: d.cardOnly,
        notWith: namesOf(d.notWith),
      },
    };
    if (student) {
      void api
        .route('rosterStudentSave', {
          params: { id: student.id },
          body: { staffId, ...fields, ...(moving ? { from } : {}) },
        })
        .then((r) =>
          onDone(
            r.scheduled
              ? `已保存 ${r.student.name}：${moveWords(roster, r.scheduled).zh} Saved, moves on ${r.scheduled.from}`
              : `已保存 ${r.student.name} Saved`,
          ),
        )
        .catch(fail);
    } else {
      const guardian =
        d.gName.trim() || d.gPhone.trim()
          ? { guardian: { name: d.gName, relation: d.gRelation || '监护人', phone: d.gPhone } }
          : {};
      void api
        .route('rosterStudentAdd', { body: { staffId, ...fields, ...guardian } })
        .then((r) => onDone(`已添加 ${r.student.name}，已生成新卡（请到“打印卡片”打印） Added, card made`))
        .catch(fail);
    }
  };

  const mine = student ? roster.guardians.filter((g) => g.studentIds.includes(student.id)) : [];
  const goes = mine.filter((g) => g.studentIds.length === 1);
  const cards = (student?.cardId ? 1 : 0) + goes.filter((g) => g.cardId).length;

  return (
    <RosterSheet
      testId="roster-student"
      title={student ? { zh: `编辑 ${student.name}`, en: 'Edit student' } : { zh: '添加新生', en: 'Add a newcomer' }}
      onClose={onClose}
    >
      <div className="form roster-form">
        <label>
          <Bi zh="姓名" en="Name" />
          <input data-testid="rs-name" value={d.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          <Bi zh="学号" en="Student number" />
          <input
            data-testid="rs-no"
            inputMode="numeric"
            value={d.studentNo}
            onChange={(e) => set({ studentNo: e.target.value })}
          />
        </label>
        <label>
          <Bi zh="班级" en="Class" />
          <NameSelect
            testId="rs-class"
            value={d.classId}
            onChange={(classId) => set({ classId })}
            options={roster.classes}
          />
        </label>
        <label>
          <Bi zh="课后服务班" en="Care group" />
          <NameSelect
            testId="rs-group"
            value={d.groupId}
            onChange={(groupId) => set({ groupId })}
            blank="不参加课后服务 not enrolled"
            options={roster.groups}
          />
        </label>
        {student && (
          <PendingMove
            api={api}
            roster={roster}
            staffId={staffId}
            studentId={student.id}
            onDone={onDone}
            testId="rs-pending"
          />
        )}
        {moving && (
          <label>
            <Bi zh="生效日期" en="Takes effect on" />
            <input
              type="date"
              data-testid="rs-from"
              min={days.today}
              max={days.last}
              value={from}
              onChange={(e) => set({ from: e.target.value })}
            />
          </label>
        )}
        {moving && (
          <p className="roster-note" data-testid="rs-move-note">
            {badDay ? (
              <Bi
                zh={`生效日期须在 ${zhDay(days.today)}（今天）到 ${zhDay(days.last)} 之间`}
                en={`The date must be from today (${days.today}) to ${days.last}`}
              />
            ) : later ? (
              <Bi
                zh={`${zhDay(from)}起转入 ${moveTo(roster, {
                  ...(d.classId !== student.classId ? { classId: d.classId } : {}),
                  ...((d.groupId || null) !== student.groupId ? { groupId: d.groupId || null } : {}),
                })}，到那天自动生效；其他修改保存后立即生效`}
                en={`Moves on ${from}, by itself on that day; other changes take effect when saved`}
              />
            ) : (
              <Bi
                zh={`保存后立即生效：从 ${className(student.classId)} 调到 ${className(d.classId)}`}
                en="Takes effect as soon as it is saved"
              />
            )}
          </p>
        )}
        <label>
          <Bi zh="接送方式" en="Way home" />
          <select
            data-testid="rs-pickup"
            value={d.pickup}
            onChange={(e) => set({ pickup: e.target.value as Draft['pickup'] })}
          >
            {(Object.keys(PICKUP_WORDS) as Draft['pickup'][]).map((k) => (
              <option key={k} value={k}>
                {PICKUP_WORDS[k].zh} {PICKUP_WORDS[k].en}
              </option>
            ))}
          </select>
        </label>
        {d.pickup === 'bus' && (
          <label>
            <Bi zh="校车车号" en="Bus number" />
            <input data-testid="rs-bus" value={d.bus} onChange={(e) => set({ bus: e.target.value })} />
          </label>
        )}
        {d.pickup === 'walks_alone' && (
          <label>
            <input
              type="checkbox"
              data-testid="rs-permission"
              checked={d.permission}
              onChange={(e) => set({ permission: e.target.checked })}
            />
            <Bi zh="家长书面同意已存档" en="Parents' written permission is on file" />
          </label>
        )}
        <label>
          <Bi zh="放学批次（1–9）" en="Dismissal wave" />
          <input type="number" min={1} max={9} value={d.wave} onChange={(e) => set({ wave: Number(e.target.value) })} />
        </label>
        {/* SN1: folded for the many children without notes, so 保存 stays on the office PC's first screen; open
            when the child has any. */}
        <details className="safety-box" open={hasNotes}>
          <summary data-testid="rs-safety-open">
            <Bi
              zh={`安全提示（校门和看护室扫卡时显示）${hasNotes ? '：已填写' : '：无'}`}
              en={`Safety notes${hasNotes ? ': filled in' : ': none'}`}
            />
          </summary>
          <fieldset className="safety-fields" data-testid="rs-safety">
            <legend className="sr-only">
              <Bi zh="安全提示" en="Safety notes" />
            </legend>
            <label>
              <Bi zh="医疗/过敏" en="Medical or allergy" />
              <input
                data-testid="rs-medical"
                maxLength={120}
                placeholder="如：花生过敏，随身带肾上腺素笔"
                value={d.medical}
                onChange={(e) => set({ medical: e.target.value })}
              />
            </label>
            <label>
              <Bi zh="监护/法院裁定" en="Custody note or court order" />
              <input
                data-testid="rs-custody"
                maxLength={120}
                placeholder="如：（2026）沪0101民初123号"
                value={d.custody}
                onChange={(e) => set({ custody: e.target.value })}
              />
            </label>
            <label>
              <input
                type="checkbox"
                data-testid="rs-card-only"
                checked={d.cardOnly}
                onChange={(e) => set({ cardOnly: e.target.checked })}
              />
              <Bi zh="只凭接送卡接走（其他方式须值班领导授权）" en="Leaves only with the pickup card" />
            </label>
            <label>
              <Bi zh="不得交给（姓名，用“、”隔开，最多 5 人）" en="Never to (names, at most 5)" />
              <input
                data-testid="rs-not-with"
                placeholder="如：王某某"
                value={d.notWith}
                onChange={(e) => set({ notWith: e.target.value })}
              />
            </label>
          </fieldset>
        </details>
        {!student && (
          <fieldset>
            <legend>
              <Bi zh="监护人（可选，发接送卡）" en="Guardian (optional, gets a pickup card)" />
            </legend>
            <label>
              <Bi zh="姓名" en="Name" />
              <input value={d.gName} onChange={(e) => set({ gName: e.target.value })} />
            </label>
            <label>
              <Bi zh="关系" en="Relation" />
              <input placeholder="母亲" value={d.gRelation} onChange={(e) => set({ gRelation: e.target.value })} />
            </label>
            <label>
              <Bi zh="电话" en="Phone" />
              <input inputMode="tel" value={d.gPhone} onChange={(e) => set({ gPhone: e.target.value })} />
            </label>
          </fieldset>
        )}
        <ErrorLine error={error || safetyProblem(d)} />
        <p className="roster-actions">
          <button
            data-testid="rs-save"
            disabled={
              !staffId || !d.name.trim() || !d.studentNo.trim() || walksWithout || badDay || safetyProblem(d) !== ''
            }
            onClick={save}
          >
            {student ? <Bi zh="保存" en="Save" /> : <Bi zh="添加并生成卡" en="Add and make a card" />}
          </button>
          <button onClick={onClose}>
            <Bi zh="取消" en="Cancel" />
          </button>
        </p>
        {student && !leaving && (
          <p className="roster-actions">
            <button data-testid="rs-leave" onClick={() => setLeaving(true)}>
              <Bi zh="标记为离校…" en="Mark as left…" />
            </button>
          </p>
        )}
        {student && leaving && (
          <section className="roster-leave" data-testid="rs-leave-preview" ref={preview}>
            <p>
              <Bi
                zh={`${student.name}（${className(student.classId)}，学号 ${student.studentNo}）将从花名册中移除，作废卡片 ${cards} 张。`}
                en={`Off the roster; ${cards} card(s) revoked on every tablet at once.`}
              />
            </p>
            {goes.length > 0 && (
              <p>
                <Bi
                  zh={`只接送该生的家长一并移除：${goes.map((g) => `${g.name}（${g.relation}）`).join('、')}`}
                  en="Guardians who collect no other child go too"
                />
              </p>
            )}
            <p>
              <Bi zh="以往的签到记录保留（删除请到“个人信息”）。" en="Past records stay (erasing is under Privacy)." />
            </p>
            <p className="roster-actions">
              <button
                data-testid="rs-leave-confirm"
                className="danger"
                disabled={!staffId}
                onClick={() => {
                  setError('');
                  void api
                    .route('rosterStudentLeave', {
                      params: { id: student.id },
                      body: { staffId, studentNo: student.studentNo },
                    })
                    .then((r) => onDone(`${student.name} 已离校，作废卡片 ${r.revokedCards} 张 Marked as left`))
                    .catch(fail);
                }}
              >
                <Bi zh={`确认 ${student.name} 离校`} en="Confirm: left the school" />
              </button>
              <button onClick={() => setLeaving(false)}>
                <Bi zh="不，保留" en="No, keep" />
              </button>
            </p>
          </section>
        )}
      </div>
    </RosterSheet>
  );
}
