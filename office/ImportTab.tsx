/**
 * 花名册导入: upload the school's roster (Excel or CSV), preview every student it adds, changes and removes, then
 * apply it at once. A file that would remove more than a small share of the school stops: the office types the
 * number removed, or chooses 只更新文件中的班级 so children of other classes stay. 历史版本: every earlier version
 * of the roster, each previewed like an import and restored with a second tap.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Bi } from '../common/Bi';
import { ErrorLine, NameSelect } from '../common/fields';
import type { DiffSummary, PreviewAnswer, RestorePreviewAnswer, RosterHistoryItem } from '../core/contract';
import type { Roster } from '../core/roster';
import { officeClerks } from './clerks';
import type { OfficeApi } from './officeApi';
import { TableScroll } from './setupParts';

/** rows a page of a long list shows: a 240-row removal is five pages, not 6 000 px of bullets */
const PAGE = 50;

function Paged<T>({
  rows,
  testId,
  head,
  row,
}: {
  rows: T[];
  testId: string;
  head: ReactNode;
  row: (r: T, i: number) => ReactNode;
}) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const at = Math.min(page, pages - 1);
  return (
    <>
      <TableScroll>
        <table data-testid={testId}>
          <thead>{head}</thead>
          <tbody>{rows.slice(at * PAGE, at * PAGE + PAGE).map((r, i) => row(r, at * PAGE + i))}</tbody>
        </table>
      </TableScroll>
      {pages > 1 && (
        <p className="controls" data-testid={`${testId}-pages`}>
          <button data-testid={`${testId}-prev`} disabled={at === 0} onClick={() => setPage(at - 1)}>
            <Bi zh="上一页" en="Previous" />
          </button>
          <span data-testid={`${testId}-at`}>
            <Bi zh={`第 ${at + 1} / ${pages} 页`} en={`page ${at + 1} of ${pages}`} />
          </span>
          <button data-testid={`${testId}-next`} disabled={at >= pages - 1} onClick={() => setPage(at + 1)}>
            <Bi zh="下一页" en="Next" />
          </button>
        </p>
      )}
    </>
  );
}

/** Every student added, changed and removed, by name and class, each list folded under its count. */
function DiffView({ diff, prefix }: { diff: DiffSummary; prefix: string }) {
  return (
    <>
      {diff.added.length > 0 && (
        <details data-testid={`${prefix}-added`}>
          <summary>
            <Bi zh={`新增 ${diff.added.length} 人`} en={`${diff.added.length} added`} />
          </summary>
          <Paged
            rows={diff.added}
            testId={`${prefix}-added-table`}
            head={
              <tr>
                <th>行 row</th>
                <th>学号 no.</th>
                <th>姓名 name</th>
                <th>班级 class</th>
                <th>课后服务班 care group</th>
              </tr>
            }
            row={(s) => (
              <tr key={s.studentNo}>
                <td>{s.row ?? ''}</td>
                <td>{s.studentNo}</td>
                <td>{s.name}</td>
                <td>{s.className}</td>
                <td>{s.groupName || '不参加'}</td>
              </tr>
            )}
          />
        </details>
      )}
      {diff.changed.length > 0 && (
        <details data-testid={`${prefix}-changed`}>
          <summary>
            <Bi zh={`变更 ${diff.changed.length} 人`} en={`${diff.changed.length} changed`} />
          </summary>
          <Paged
            rows={diff.changed}
            testId={`${prefix}-changed-table`}
            head={
              <tr>
                <th>学号 no.</th>
                <th>姓名 name</th>
                <th>班级 class</th>
                <th>变更 change</th>
              </tr>
            }
            row={(c) => (
              <tr key={c.studentNo}>
                <td>{c.studentNo}</td>
                <td>{c.name}</td>
                <td>{c.className}</td>
                <td>
                  {c.changes.map((x, i) => (
                    <div key={i}>
                      {x.label.zh}：{x.before || '（空）'} → {x.after || '（空）'}{' '}
                      <span className="en">{x.label.en}</span>
                    </div>
                  ))}
                </td>
              </tr>
            )}
          />
        </details>
      )}
      {diff.removed.length > 0 && (
        <details data-testid={`${prefix}-removed`} open={diff.removed.length <= 10}>
          <summary>
            <Bi
              zh={`移除 ${diff.removed.length} 人（卡片作废）`}
              en={`${diff.removed.length} removed (cards revoked)`}
            />
          </summary>
          <Paged
            rows={diff.removed}
            testId={`${prefix}-removed-table`}
            head={
              <tr>
                <th>学号 no.</th>
                <th>姓名 name</th>
                <th>班级 class</th>
              </tr>
            }
            row={(s) => (
              <tr key={s.studentNo}>
                <td>{s.studentNo}</td>
                <td>{s.name}</td>
                <td>{s.className}</td>
              </tr>
            )}
          />
        </details>
      )}
    </>
  );
}

const countsLine = (c: DiffSummary['counts']) =>
  `新增 ${c.added} · 变更 ${c.changed} · 移除 ${c.removed} · 作废卡片 ${c.cardsRevoked}`;

const KIND: Record<string, { zh: string; en: string }> = {
  import: { zh: '导入', en: 'import' },
  restore: { zh: '恢复', en: 'restore' },
  edit: { zh: '编辑', en: 'edit' },
  cards: { zh: '补办卡片', en: 'cards' },
  demo: { zh: '演示日', en: 'demo day' },
  erasure: { zh: '删除学生信息', en: 'erasure' },
  other: { zh: '其他', en: 'other' },
};

export function ImportTab({ api, roster, onApplied }: { api: OfficeApi; roster: Roster; onApplied: () => void }) {
  // Who imports or restores, for the roster's history (教导处 when the page names no one).
  const clerks = officeClerks(roster);
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [onlyClasses, setOnlyClasses] = useState(false);
  const [summary, setSummary] = useState<PreviewAnswer | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  // Only the last preview asked for is shown: ticking the box and choosing a file quickly sends two.
  const asked = useRef(0);
  const preview = async (f: File, scoped: boolean) => {
    const mine = ++asked.current;
    setError('');
    setDone('');
    setSummary(null);
    setTyped('');
    try {
      const q = `file=${encodeURIComponent(f.name)}${scoped ? '&scope=classes' : ''}`;
      const answer = await api.call<PreviewAnswer>(`/api/admin/roster/preview?${q}`, { raw: f });
      if (mine === asked.current) setSummary(answer);
    } catch (err) {
      if (mine === asked.current) setError((err as Error).message);
    }
  };
  const large = !!summary && summary.largeRemoval;
  const confirmed = !large || typed.trim() === String(summary?.counts.removed);
  return (
    <section>
      <p>
        <Bi
          zh="上传学校的花名册（Excel .xlsx 或 .csv，支持 GBK），先预览，确认后一次性导入。"
          en="Upload the roster (.xlsx or .csv); preview first, then apply all at once."
        />
      </p>
      <p>
        <button onClick={() => void api.download('/api/admin/roster/template.csv', '花名册模板.csv')}>
          <Bi zh="下载模板" en="Template" />
        </button>
      </p>
      <label>
        <Bi zh="选择花名册文件" en="Choose the roster file" block />
        <input
          data-testid="roster-file"
          type="file"
          accept=".xlsx,.xls,.csv,.txt"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) {
              setFile(f);
              void preview(f, onlyClasses);
            }
          }}
        />
      </label>
      <p className="form">
        <label>
          <input
            data-testid="only-classes"
            type="checkbox"
            checked={onlyClasses}
            onChange={(e) => {
              setOnlyClasses(e.target.checked);
              if (file) void preview(file, e.target.checked);
            }}
          />
          <Bi
            zh="只更新文件中的班级（文件里没有的班级保持不变）"
            en="Only the classes in the file: other classes stay as they are"
          />
        </label>
        <label>
          <Bi zh="办理人" en="Entered by" />{' '}
          <NameSelect value={staffId} onChange={setStaffId} options={clerks} testId="import-clerk" />
        </label>
      </p>
      <ErrorLine error={error} />
      {summary && (
        <div className="preview" data-testid="preview">
          <p data-testid="preview-counts">
            <Bi
              zh={`新增 ${summary.counts.added} · 变更 ${summary.counts.changed} · 移除 ${summary.counts.removed} · 不变 ${summary.counts.unchanged} · 错误 ${summary.counts.errors}`}
              en="added · changed · removed · unchanged · errors"
            />
          </p>
          <p className="en">
            表头第 {summary.headerRow} 行：{Object.values(summary.columns).join('、')}
            {summary.onlyClassesInFile && ` · 只更新：${summary.classesInFile.join('、')}`}
          </p>
          {summary.errors.length > 0 && (
            <details open data-testid="preview-errors-section">
              <summary>
                <Bi zh={`错误 ${summary.errors.length} 行`} en={`${summary.errors.length} bad rows`} />
              </summary>
              <Paged
                rows={summary.errors}
                testId="preview-errors"
                head={
                  <tr>
                    <th>行 row</th>
                    <th>列 column</th>
                    <th>内容 value</th>
                    <th>原因 reason</th>
                  </tr>
                }
                row={(e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.column}</td>
                    <td>{e.value}</td>
                    <td>
                      {e.reason.zh} <span className="en">{e.reason.en}</span>
                    </td>
                  </tr>
                )}
              />
            </details>
          )}
          <DiffView diff={summary} prefix="preview" />
          {large && summary.counts.errors === 0 && (
            <div className="form" data-testid="large-removal">
              <p className="error">
                <Bi
                  zh={`这次导入将移除 ${summary.counts.removed} 名学生（全校 ${summary.counts.before} 名），他们的卡将作废。如果文件只包含部分班级，请勾选上面的“只更新文件中的班级”；确实要移除，请输入人数 ${summary.counts.removed} 确认。`}
                  en={`This import removes ${summary.counts.removed} of ${summary.counts.before} students and revokes their cards. If the file holds only some classes, tick "only the classes in the file" above; to remove them, type ${summary.counts.removed} to confirm.`}
                  block
                />
              </p>
              <label>
                <Bi zh="将移除的人数" en="Number of students removed" block />
                <input
                  data-testid="confirm-remove"
                  inputMode="numeric"
                  autoComplete="off"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </label>
            </div>
          )}
          <button
            data-testid="apply-import"
            className={large ? 'danger' : undefined}
            disabled={summary.counts.errors > 0 || !confirmed || busy}
            onClick={() => {
              setBusy(true);
              api
                .route('rosterApply', {
                  body: {
                    previewId: summary.previewId,
                    ...(large ? { confirmRemove: Number(typed.trim()) } : {}),
                    ...(staffId ? { staffId } : {}),
                  },
                })
                .then((r) => {
                  setDone(
                    `已导入：${countsLine(r)} · Imported: ${r.added} added, ${r.changed} changed, ${r.removed} removed, ${r.cardsRevoked} cards revoked`,
                  );
                  setSummary(null);
                  setHistoryKey((k) => k + 1);
                  onApplied();
                })
                .catch((err: Error) => setError(err.message))
                .finally(() => setBusy(false));
            }}
          >
            {summary.counts.errors > 0 ? (
              <Bi zh="有错误，不能导入" en="Fix the errors first" />
            ) : !confirmed ? (
              <Bi zh="请先输入将移除的人数" en="Type the number removed first" />
            ) : (
              <Bi zh="确认导入" en="Apply" />
            )}
          </button>
        </div>
      )}
      {done && <p data-testid="import-done">{done}</p>}
      <History
        api={api}
        reloadKey={historyKey}
        staffId={staffId}
        onRestored={() => {
          setSummary(null);
          setDone('');
          onApplied();
        }}
      />
    </section>
  );
}

/** 历史版本: the earlier versions, newest first; 预览恢复 shows the difference, 确认恢复 (a second tap) restores. */
function History({
  api,
  reloadKey,
  staffId,
  onRestored,
}: {
  api: OfficeApi;
  reloadKey: number;
  /** the clerk the import form names, also the restore's */
  staffId: string;
  onRestored: () => void;
}) {
  const [items, setItems] = useState<RosterHistoryItem[] | null>(null);
  const [restore, setRestore] = useState<RestorePreviewAnswer | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api
      .route('rosterHistory')
      .then((r) => setItems(r.history))
      .catch((err: Error) => setError(err.message));
  }, [api]);
  useEffect(() => load(), [load, reloadKey]);
  return (
    <details className="history" data-testid="history">
      <summary>
        <Bi zh="历史版本" en="History" />
      </summary>
      <p>
        <Bi
          zh="每次导入或修改花名册前的版本都会保留（最近 20 个）。恢复前会先预览变化，再点一次确认。"
          en="The version before every import or edit is kept (the last 20). A restore is previewed first, then confirmed with a second tap."
        />
      </p>
      <ErrorLine error={error} />
      {items && items.length === 0 && (
        <p data-testid="history-empty">
          <Bi zh="还没有历史版本" en="No earlier version yet" />
        </p>
      )}
      {items && items.length > 0 && (
        <TableScroll>
          <table data-testid="history-table">
            <thead>
              <tr>
                <th>版本 version</th>
                <th>被替换 replaced</th>
                <th>操作 by</th>
                <th>人数 students</th>
                <th>那次的变化 that change</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={h.version} data-testid={`history-${h.version}`}>
                  <td>第 {h.version} 版</td>
                  <td>
                    {new Date(h.replacedAt).toLocaleString('zh-CN', { hour12: false })}{' '}
                    <span className="en">
                      {(KIND[h.kind] ?? KIND.other!).zh} {(KIND[h.kind] ?? KIND.other!).en}
                    </span>
                  </td>
                  <td>
                    {h.by || '—'}
                    {h.note && <span className="en block">{h.note}</span>}
                  </td>
                  <td>{h.counts.students}</td>
                  <td>
                    新增 {h.counts.added} · 变更 {h.counts.changed} · 移除 {h.counts.removed}
                  </td>
                  <td>
                    <button
                      data-testid={`history-preview-${h.version}`}
                      onClick={() => {
                        setError('');
                        setDone('');
                        api
                          .route('rosterRestorePreview', { body: { version: h.version } })
                          .then(setRestore)
                          .catch((err: Error) => setError(err.message));
                      }}
                    >
                      <Bi zh="预览恢复" en="Preview restore" />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {restore && (
        <div className="preview" data-testid="restore-preview">
          <p data-testid="restore-counts">
            <Bi
              zh={`恢复第 ${restore.fromVersion} 版将：${countsLine(restore.counts)}`}
              en={`Restoring version ${restore.fromVersion}: ${restore.counts.added} added, ${restore.counts.changed} changed, ${restore.counts.removed} removed`}
            />
          </p>
          <DiffView diff={restore} prefix="restore" />
          <p>
            <button
              data-testid="restore-confirm"
              className="danger"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                api
                  .route('rosterRestore', { body: { previewId: restore.previewId, ...(staffId ? { staffId } : {}) } })
                  .then((r) => {
                    setDone(
                      `已恢复第 ${r.fromVersion} 版：${countsLine(r)} · Restored version ${r.fromVersion}: ${r.added} added, ${r.changed} changed, ${r.removed} removed`,
                    );
                    setRestore(null);
                    load();
                    onRestored();
                  })
                  .catch((err: Error) => setError(err.message))
                  .finally(() => setBusy(false));
              }}
            >
              <Bi zh={`确认恢复第 ${restore.fromVersion} 版`} en="Restore it" />
            </button>
            <button data-testid="restore-cancel" onClick={() => setRestore(null)}>
              <Bi zh="取消" en="Cancel" />
            </button>
          </p>
        </div>
      )}
      {done && <p data-testid="restore-done">{done}</p>}
    </details>
  );
}
