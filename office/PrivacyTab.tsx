/**
 * 个人信息 / Privacy (docs/privacy.md): how many school years of records the hub keeps, one child's records for
 * an access request (个人信息查阅), and erasing one child: chosen by class and name, a preview of what goes,
 * then a second step with the child's 学号 typed again. No browser dialogs; every target at least 48 px.
 */
import { useEffect, useState } from 'react';
import { Bi } from '../common/Bi';
import { ErrorLine, NameSelect } from '../common/fields';
import type { ErasureDone, ErasurePreview, PrivacyStatus } from '../core/contract';
import type { Roster } from '../core/roster';
import { BackupPanel } from './BackupPanel';
import type { OfficeApi } from './officeApi';

const TALL = { minHeight: '3rem' } as const;

function Retention({ api, roster, onSaved }: { api: OfficeApi; roster: Roster; onSaved: () => void }) {
  const [status, setStatus] = useState<PrivacyStatus | null>(null);
  const [years, setYears] = useState(roster.settings.retentionSchoolYears);
  const [msg, setMsg] = useState('');
  const load = () => {
    api
      .route('privacyStatus')
      .then(setStatus)
      .catch((e: Error) => setMsg(e.message));
  };
  useEffect(load, [api]);
  const changed = years !== roster.settings.retentionSchoolYears;
  return (
    <section data-testid="retention">
      <h3>
        <Bi zh="保存期限" en="How long records are kept" />
      </h3>
      {status && (
        <p data-testid="retention-status">
          保存 {status.retentionSchoolYears} 个学年的签到记录（自 {status.keepFrom} 起，学年从 9 月 1 日算）；现有{' '}
          {status.dayFiles} 天的记录{status.oldestDay ? `，最早 ${status.oldestDay}` : ''}。更早的记录每天自动删除。
          <span className="en block">
            {status.retentionSchoolYears} school year(s) kept, from {status.keepFrom}; {status.dayFiles} days on file.
            Older records are deleted every day.
          </span>
          {status.lastPurge && status.lastPurge.busy > 0 && (
            <span className="error">
              有 {status.lastPurge.busy} 个文件被其他程序占用，稍后自动重试 / {status.lastPurge.busy} file(s) busy:
              retried later
            </span>
          )}
        </p>
      )}
      <div className="form">
        <label>
          <Bi zh="保存学年数" en="School years kept" />
          <select
            data-testid="retention-years"
            style={TALL}
            value={years}
            onChange={(e) => setYears(Number(e.target.value))}
          >
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n === 1 ? '1（本学年）' : n === 2 ? '2（本学年和上一学年，默认）' : String(n)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {changed && years < roster.settings.retentionSchoolYears && (
        <p className="error" data-testid="retention-warning">
          缩短后，下一次每日清理会永久删除 {years} 个学年以前的记录（收费结算、报表将无法再查这些日期）。
          <span className="en block">
            Shorter: the next daily purge deletes older records for good (reports can no longer read those days).
          </span>
        </p>
      )}
      <button
        data-testid="retention-save"
        disabled={!changed}
        onClick={() => {
          setMsg('');
          api
            .route('rosterSection', {
              params: { section: 'settings' },
              body: { value: { ...roster.settings, retentionSchoolYears: years } },
            })
            .then(() => {
              setMsg('已保存 Saved');
              onSaved();
              load();
            })
            .catch((e: Error) => setMsg(e.message));
        }}
      >
        <Bi zh="保存" en="Save" />
      </button>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

export function PrivacyTab({ api, roster, onErased }: { api: OfficeApi; roster: Roster; onErased: () => void }) {
  const [classId, setClassId] = useState('');
  const [studentId, setStudentId] = useState('');
  const [preview, setPreview] = useState<ErasurePreview | null>(null);
  const [studentNo, setStudentNo] = useState('');
  const [operator, setOperator] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState<ErasureDone | null>(null);
  const students = roster.students
    .filter((s) => s.classId === classId)
    .sort((a, b) => a.studentNo.localeCompare(b.studentNo));
  const student = roster.students.find((s) => s.id === studentId);
  const confirmable = preview !== null && studentNo.trim() === preview.student.studentNo && operator.trim() !== '';
  const reset = () => {
    setPreview(null);
    setStudentNo('');
    setError('');
  };
  return (
    <section className="privacy">
      <p>
        <Bi
          zh="未满 14 周岁儿童的个人信息属于敏感个人信息（《个人信息保护法》）：只保存必要的期限，家长可以查阅，也可以要求删除。"
          en="Children's data is sensitive under PIPL: kept only as long as needed, open to the family, erased on request."
        />
      </p>
      <Retention api={api} roster={roster} onSaved={onErased} />
      <BackupPanel api={api} roster={roster} />

      <h3>
        <Bi zh="查阅或删除一名学生的信息" en="One child's records: export or erase" />
      </h3>
      {/* the class and the child side by side, each a field's width */}
      <div className="form form-row">
        <label>
          <Bi zh="班级" en="Class" />
          <NameSelect
            testId="privacy-class"
            value={classId}
            onChange={(id) => {
              setClassId(id);
              setStudentId('');
              setDone(null);
              reset();
            }}
            blank="请选择班级 / choose a class"
            options={roster.classes}
          />
        </label>
        <label>
          <Bi zh="学生" en="Child" />
          <NameSelect
            testId="privacy-student"
            value={studentId}
            disabled={!classId}
            onChange={(id) => {
              setStudentId(id);
              setDone(null);
              reset();
            }}
            blank="请选择学生 / choose a child"
            options={students.map((s) => ({ id: s.id, name: `${s.name}（学号 ${s.studentNo}）` }))}
          />
        </label>
      </div>
      {student && !preview && (
        <p className="controls">
          <button
            data-testid="privacy-export"
            onClick={() =>
              void api
                .download(
                  `/api/admin/privacy/export/${encodeURIComponent(student.id)}`,
                  `个人信息查阅-${student.studentNo}.xlsx`,
                )
                .catch((e: Error) => setError(e.message))
            }
          >
            <Bi zh="导出查阅记录（Excel）" en="Export (Excel)" />
          </button>{' '}
          <button
            data-testid="privacy-export-csv"
            onClick={() =>
              void api
                .download(
                  `/api/admin/privacy/export/${encodeURIComponent(student.id)}?format=csv`,
                  `个人信息查阅-${student.studentNo}.csv`,
                )
                .catch((e: Error) => setError(e.message))
            }
          >
            <Bi zh="导出（CSV）" en="Export (CSV)" />
          </button>{' '}
          <button
            data-testid="erasure-preview"
            onClick={() => {
              reset();
              api
                .route('erasurePreview', { body: { studentId: student.id } })
                .then(setPreview)
                .catch((e: Error) => setError(e.message));
            }}
          >
            <Bi zh="删除该学生的全部信息…" en="Erase this child…" />
          </button>
        </p>
      )}
      <ErrorLine error={error} />
      {preview && (
        <div className="preview" data-testid="erasure-plan">
          <p>
            <b>
              {preview.student.name}（{preview.student.className}，学号 {preview.student.studentNo}）
            </b>
          </p>
          <p data-testid="erasure-counts">
            将删除 {preview.events} 条记录，涉及 {preview.days.length} 天
            {preview.edited > 0 ? `；另有 ${preview.edited} 条其他记录中提到该学生，将去掉其姓名和学号` : ''}。
            <span className="en block">
              {preview.events} records on {preview.days.length} days will be erased
              {preview.edited > 0 ? `; ${preview.edited} other records that name the child are changed` : ''}.
            </span>
          </p>
          {preview.guardiansRemoved.length > 0 && (
            <p>
              同时删除接送人：{preview.guardiansRemoved.map((g) => `${g.name}（${g.relation}）`).join('、')}
              <span className="en block">Guardians who collect no other child are erased too.</span>
            </p>
          )}
          {preview.guardiansKept.length > 0 && (
            <p>保留（还接送其他孩子）：{preview.guardiansKept.map((g) => `${g.name}（${g.relation}）`).join('、')}</p>
          )}
          <details>
            <summary style={TALL}>
              <Bi zh={`改写或删除的文件（${preview.files.length} 个）`} en="files rewritten or deleted" />
            </summary>
            <ul>
              {preview.files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </details>
          {preview.untouched.length > 0 && (
            <p className="error" data-testid="erasure-untouched">
              以下文件也提到该学生，服务器不会修改，请另行处理：{preview.untouched.join('、')}
              <span className="en block">
                These files name the child too and are left as they are: handle them by hand.
              </span>
            </p>
          )}
          <p className="error">
            删除后无法恢复；平板在下次同步花名册时不再显示该学生。已下载或另存的备份文件、打印的卡片和报表需另行销毁。
            <span className="en block">
              This cannot be undone. Tablets drop the child at their next roster sync. Downloaded backups, printed cards
              and reports must be destroyed separately.
            </span>
          </p>
          <div className="form form-row">
            <label>
              <Bi zh="请再次输入该学生的学号以确认" en="Type the child's 学号 to confirm" />
              <input
                data-testid="erasure-student-no"
                style={TALL}
                value={studentNo}
                autoComplete="off"
                onChange={(e) => setStudentNo(e.target.value)}
              />
            </label>
            <label>
              <Bi zh="操作人姓名（记入审计记录）" en="Your name (kept in the audit record)" />
              <input
                data-testid="erasure-operator"
                style={TALL}
                value={operator}
                maxLength={32}
                onChange={(e) => setOperator(e.target.value)}
              />
            </label>
          </div>
          <p className="controls">
            <button data-testid="erasure-cancel" onClick={reset}>
              <Bi zh="取消" en="Cancel" />
            </button>{' '}
            <button
              data-testid="erasure-confirm"
              className="danger"
              style={TALL}
              disabled={!confirmable}
              onClick={() => {
                setError('');
                api
                  .route('erasureApply', {
                    body: { previewId: preview.previewId, studentNo: studentNo.trim(), operator: operator.trim() },
                  })
                  .then((r) => {
                    setDone(r);
                    setPreview(null);
                    setStudentId('');
                    setStudentNo('');
                    onErased();
                  })
                  .catch((e: Error) => setError(e.message));
              }}
            >
              确认永久删除 <span className="en">Erase for good</span>
            </button>
          </p>
        </div>
      )}
      {done && (
        <p data-testid="erasure-done" role="status">
          学号 {done.studentNo} 的信息已删除：{done.removedEvents} 条记录，{done.days} 天的文件已改写。
          <span className="en block">
            Erased: {done.removedEvents} records; {done.days} day files rewritten.
          </span>
        </p>
      )}
    </section>
  );
}
