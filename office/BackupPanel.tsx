/**
 * 备份 / Backups (#17, hub/autoBackup.ts): when the last backup was made and where it went, a warning after 7
 * days without one, the folder of the daily automatic backup (another drive or a USB stick; the hub keeps its
 * newest 14 archives there), and one backup now with its result in words. Each change in a clerk's name.
 */
import { useEffect, useState } from 'react';
import { Bi } from '../common/Bi';
import { ErrorLine, NameSelect } from '../common/fields';
import type { BackupRecord, BackupStatus } from '../core/contract';
import type { Bilingual } from '../core/messages';
import type { Roster } from '../core/roster';
import type { OfficeApi } from './officeApi';

const TALL = { minHeight: '3rem' } as const;

const KIND: Record<BackupRecord['kind'], Bilingual> = {
  auto: { zh: '每日自动备份', en: 'daily backup' },
  now: { zh: '立即备份', en: 'backup now' },
  download: { zh: '下载备份', en: 'download' },
  cli: { zh: '命令行 npm run backup', en: 'npm run backup' },
};

const size = (bytes: number | undefined) =>
  bytes === undefined
    ? ''
    : bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** One backup in words: when, which, where it went, what it holds. */
function Made({ r, when, label }: { r: BackupRecord; when: (at: number) => string; label: Bilingual }) {
  const where = r.kind === 'download' ? { zh: '下载到了教导处的浏览器', en: "the office's browser" } : null;
  return (
    <>
      {label.zh}
      {when(r.at)}（{KIND[r.kind].zh}），{where ? where.zh : `保存到 ${r.where}`}；{size(r.bytes)}，{r.files ?? 0}{' '}
      个文件、{r.students ?? 0} 名学生、{r.days ?? 0} 天的记录。
      <span className="en block">
        {label.en} {when(r.at)} ({KIND[r.kind].en}) to {where ? where.en : r.where}; {size(r.bytes)}, {r.files ?? 0}{' '}
        files, {r.students ?? 0} students, {r.days ?? 0} days of events.
      </span>
    </>
  );
}

export function BackupPanel({ api, roster }: { api: OfficeApi; roster: Roster }) {
  const clerks = roster.staff.filter(
    (s) => s.active && (s.roles.includes('office') || s.roles.includes('class_teacher')),
  );
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [folder, setFolder] = useState('');
  const [staffId, setStaffId] = useState(clerks[0]?.id ?? '');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const when = (at: number) =>
    new Date(at).toLocaleString('zh-CN', { timeZone: roster.settings.timeZone, hour12: false });
  const show = (s: BackupStatus) => {
    setStatus(s);
    setFolder((f) => f || s.folder || '');
  };
  useEffect(() => {
    api
      .route('backupStatus')
      .then(show)
      .catch((e: Error) => setError(e.message));
  }, [api]);
  const run = status?.lastRun;
  return (
    <section data-testid="backup-panel">
      <h3>
        <Bi zh="备份" en="Backups" />
      </h3>
      {status?.lastOk && (
        <p data-testid="backup-last">
          <Made r={status.lastOk} when={when} label={{ zh: '上次备份：', en: 'Last backup:' }} />
        </p>
      )}
      {status?.stale && (
        <p className="error" data-testid="backup-stale" role="alert">
          {status.lastOk
            ? `已经 ${status.daysSince} 天没有备份了（超过 ${status.staleDays} 天）：请设置自动备份文件夹，或立即备份一次。`
            : '还没有任何备份：请设置自动备份文件夹，或立即备份一次。'}
          <span className="en block">
            {status.lastOk
              ? `No backup for ${status.daysSince} days (more than ${status.staleDays}): set the daily backup's folder, or back up now.`
              : "No backup yet: set the daily backup's folder, or back up now."}
          </span>
        </p>
      )}
      <p>
        <Bi
          zh={`每天自动备份到下面的文件夹（请选另一个磁盘或 U 盘，不能在数据文件夹里），只保留最近 ${status?.keep ?? 14} 份，更早的自动删除；文件夹里的其他文件不会被改动。`}
          en={`Every day the hub backs up into this folder (another drive or a USB stick, not inside the data folder) and keeps the newest ${status?.keep ?? 14}; no other file there is touched.`}
          block
        />
      </p>
      {status?.folder && status.folderSetAt !== null && (
        <p data-testid="backup-folder">
          当前文件夹：{status.folder}（{status.archives} 份；{when(status.folderSetAt)} 由
          {status.folderSetBy?.name ?? status.folderSetBy?.staffId ?? '教导处'}设置）
          <span className="en block">
            Folder: {status.folder} ({status.archives} archives), set {when(status.folderSetAt)} by{' '}
            {status.folderSetBy?.name ?? status.folderSetBy?.staffId ?? 'the office'}
          </span>
        </p>
      )}
      <div className="form form-row">
        <label className="wide">
          <Bi zh="备份文件夹（完整路径，例如 E:\接力备份）" en="Backup folder (full path, e.g. E:\relay-backups)" />
          <input
            data-testid="backup-folder-input"
            style={TALL}
            value={folder}
            maxLength={500}
            autoComplete="off"
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <label>
          <Bi zh="操作人" en="Entered by" />
          <NameSelect value={staffId} onChange={setStaffId} options={clerks} testId="backup-clerk" />
        </label>
      </div>
      <p className="controls">
        <button
          data-testid="backup-save"
          disabled={!staffId}
          onClick={() => {
            setError('');
            setSaved('');
            api
              .route('backupSettings', { body: { folder: folder.trim(), staffId } })
              .then((s) => {
                show(s);
                setSaved(s.folder ? '已保存 Saved' : '已关闭自动备份 Daily backup off');
              })
              .catch((e: Error) => setError(e.message));
          }}
        >
          <Bi zh="保存文件夹" en="Save folder" />
        </button>
        <button
          data-testid="backup-now"
          disabled={!staffId || !status?.folder}
          onClick={() => {
            setError('');
            setSaved('');
            api
              .route('backupRun', { body: { staffId } })
              .then((r) => {
                show(r.status);
                if (r.record.ok) setSaved('已完成备份 Backup done');
              })
              .catch((e: Error) => setError(e.message));
          }}
        >
          <Bi zh="立即备份" en="Back up now" />
        </button>
      </p>
      {saved && <p role="status">{saved}</p>}
      <ErrorLine error={error} />
      {run && run.ok && run.at !== status?.lastOk?.at && (
        <p data-testid="backup-result" role="status">
          <Made
            r={run}
            when={when}
            label={{ zh: '最近一次自动或立即备份：成功，', en: 'Latest daily or now: done,' }}
          />
        </p>
      )}
      {run && !run.ok && (
        <p className="error" data-testid="backup-result" role="alert">
          {when(run.at)}（{KIND[run.kind].zh}）备份失败：{run.error?.zh}
          {run.error?.detail ? `（${run.error.detail}）` : ''}
          <span className="en block">
            {when(run.at)} ({KIND[run.kind].en}) failed: {run.error?.en}
            {run.error?.detail ? ` (${run.error.detail})` : ''}
          </span>
        </p>
      )}
    </section>
  );
}
