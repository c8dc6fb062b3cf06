/** 花名册导入: upload the school's roster (Excel or CSV), preview what changes, then apply it at once. */
import { useState } from 'react';
import { Bi } from '../common/Bi';
import { ErrorLine } from '../common/fields';
import type { PreviewAnswer } from '../core/contract';
import type { OfficeApi } from './officeApi';
import { TableScroll } from './setupParts';

export function ImportTab({ api, onApplied }: { api: OfficeApi; onApplied: () => void }) {
  const [summary, setSummary] = useState<PreviewAnswer | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const upload = async (file: File) => {
    setError('');
    setDone('');
    setSummary(null);
    try {
      setSummary(
        await api.call<PreviewAnswer>(`/api/admin/roster/preview?file=${encodeURIComponent(file.name)}`, { raw: file }),
      );
    } catch (err) {
      setError((err as Error).message);
    }
  };
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
          accept=".xlsx,.csv,.txt"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
      </label>
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
          </p>
          {summary.errors.length > 0 && (
            <TableScroll>
              <table data-testid="preview-errors">
                <thead>
                  <tr>
                    <th>行 row</th>
                    <th>列 column</th>
                    <th>内容 value</th>
                    <th>原因 reason</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.row}</td>
                      <td>{e.column}</td>
                      <td>{e.value}</td>
                      <td>
                        {e.reason.zh} <span className="en">{e.reason.en}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {summary.changed.length > 0 && (
            <details>
              <summary>
                <Bi zh="变更" en="changed" />
              </summary>
              <ul>
                {summary.changed.map((c) => (
                  <li key={c.studentNo}>
                    {c.studentNo} {c.name}: {c.fields.join(', ')}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {summary.removed.length > 0 && (
            <details open>
              <summary>
                <Bi zh="将移除（卡片作废）" en="to be removed (cards revoked)" />
              </summary>
              <ul>
                {summary.removed.map((c) => (
                  <li key={c.studentNo}>
                    {c.studentNo} {c.name}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <button
            data-testid="apply-import"
            disabled={summary.counts.errors > 0}
            onClick={() => {
              api
                .route('rosterApply', { body: { previewId: summary.previewId } })
                .then(() => {
                  setDone('已导入 Imported');
                  setSummary(null);
                  onApplied();
                })
                .catch((err: Error) => setError(err.message));
            }}
          >
            {summary.counts.errors > 0 ? (
              <Bi zh="有错误，不能导入" en="Fix the errors first" />
            ) : (
              <Bi zh="确认导入" en="Apply" />
            )}
          </button>
        </div>
      )}
      {done && <p data-testid="import-done">{done}</p>}
    </section>
  );
}
