/**
 * Backup and restore of a data folder as one file: gzip'd JSON listing every file with its SHA-256. Restore
 * checks everything (format, hashes, the roster, every event line) before it replaces anything, and keeps the
 * old folder beside the new one. The archive holds the school's private keys and children's data: keep it safe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RosterSchema } from '../core/roster';

export const BACKUP_FORMAT = 'relay-backup';
export const BACKUP_VERSION = 1;
const INCLUDE = /^(school\.json|access\.json|events\/\d{4}-\d{2}-\d{2}\.ndjson|tls\/(ca|server)\.(key|crt))$/;

interface Archive {
  format: string;
  version: number;
  createdAt: string;
  files: { path: string; sha256: string; base64: string }[];
}

function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function createBackup(dataDir: string, now = new Date()): Buffer {
  const files = walk(dataDir)
    .filter((p) => INCLUDE.test(p))
    .sort()
    .map((p) => {
      const bytes = readFileSync(path.join(dataDir, p));
      return { path: p, sha256: sha256(bytes), base64: bytes.toString('base64') };
    });
  const archive: Archive = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), files };
  return gzipSync(Buffer.from(JSON.stringify(archive)));
}

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  files: string[];
  events: number;
  createdAt?: string;
}

/** Everything a restore needs to be sure of, checked without touching the data folder. */
export function checkBackup(bytes: Buffer): BackupCheck & { archive?: Archive } {
  let archive: Archive;
  try {
    archive = JSON.parse(gunzipSync(bytes).toString('utf8')) as Archive;
  } catch {
    return { ok: false, problems: ['不是接力备份文件 / not a Relay backup'], files: [], events: 0 };
  }
  const problems: string[] = [];
  if (archive.format !== BACKUP_FORMAT || archive.version !== BACKUP_VERSION || !Array.isArray(archive.files)) {
    return {
      ok: false,
      problems: ['不是接力备份文件或版本不对 / not a Relay backup of this version'],
      files: [],
      events: 0,
    };
  }
  let events = 0;
  for (const f of archive.files) {
    if (typeof f.path !== 'string' || !INCLUDE.test(f.path)) {
      problems.push(`不允许的文件 / unexpected file: ${String(f.path)}`);
      continue;
    }
    const bytes = Buffer.from(String(f.base64), 'base64');
    if (sha256(bytes) !== f.sha256) {
      problems.push(`文件损坏 / checksum mismatch: ${f.path}`);
      continue;
    }
    if (f.path === 'school.json') {
      const parsed = (() => {
        try {
          return RosterSchema.safeParse((JSON.parse(bytes.toString('utf8')) as { roster: unknown }).roster);
        } catch {
          return null;
        }
      })();
      if (!parsed?.success) problems.push('花名册无效 / the roster in the backup is invalid');
    }
    if (f.path.startsWith('events/')) {
      const lines = bytes.toString('utf8').split('\n').filter(Boolean);
      lines.forEach((l, i) => {
        try {
          JSON.parse(l);
          events++;
        } catch {
          if (i < lines.length - 1) problems.push(`${f.path} 第 ${i + 1} 行无法读取 / line ${i + 1} unreadable`);
        }
      });
    }
  }
  if (!archive.files.some((f) => f.path === 'school.json')) problems.push('备份中没有花名册 / no roster in the backup');
  return {
    ok: problems.length === 0,
    problems,
    files: archive.files.map((f) => f.path),
    events,
    createdAt: archive.createdAt,
    archive,
  };
}

/** Writes the backup into a fresh folder, then swaps it in; the old folder is kept as DATA.before-restore-<time>. */
export function restoreBackup(bytes: Buffer, dataDir: string, now = new Date()): BackupCheck & { previous?: string } {
  const check = checkBackup(bytes);
  if (!check.ok || !check.archive) return check;
  const staging = `${dataDir}.restoring`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const f of check.archive.files) {
    const target = path.join(staging, ...f.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, Buffer.from(f.base64, 'base64'), { mode: f.path.endsWith('.key') ? 0o600 : 0o644 });
  }
  let previous: string | undefined;
  if (existsSync(dataDir)) {
    previous = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, previous);
  }
  renameSync(staging, dataDir);
  const { archive: _a, ...result } = check;
  return { ...result, ...(previous ? { previous } : {}) };
}
