/**
 * Backup and restore of a data folder as one file: gzip'd JSON listing every file with its SHA-256. Restore
 * checks everything (format, hashes, the roster, every event line) before it replaces anything, and keeps the
 * old folder beside the new one. The archive holds children's data and the hub's other keys: keep it safe.
 *
 * The TLS private keys (the school's CA and the server's) are left out unless the backup is encrypted with a
 * passphrase (`createBackup(dir, now, { passphrase })`, `npm run backup -- --encrypt`): whoever holds the CA's
 * key can make certificates every school tablet trusts. A folder restored without them keeps the CA of the folder
 * it replaces, when that one has its key (the same PC: the tablets need nothing); otherwise the hub makes a new
 * CA at start and says that every tablet must trust it again. An encrypted backup is the plain archive sealed
 * with AES-256-GCM under a key from scrypt; a wrong passphrase fails the GCM check and nothing is touched.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Bilingual } from '../core/messages';
import { RosterSchema } from '../core/roster';
import { retryBusySync } from './store/busyRetry';
import { caScope } from './tls/certificates';

export const BACKUP_FORMAT = 'relay-backup';
export const BACKUP_VERSION = 1;
const INCLUDE = /^(school\.json|access\.json|events\/\d{4}-\d{2}-\d{2}\.ndjson|tls\/(ca|server)\.(key|crt))$/;
/** only in an encrypted backup: the TLS keys, and the server certificate that is no use without its key */
const SEALED_ONLY = /^tls\/(ca\.key|server\.(key|crt))$/;
const TLS_FILES = ['ca.key', 'ca.crt', 'server.key', 'server.crt'];
/** scrypt's cost: 2^15 × 8 × 128 bytes = 32 MB and about a tenth of a second, per try of a guesser too */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSPHRASE = 8;

interface Sealed {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

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

export function createBackup(dataDir: string, now = new Date(), opts: { passphrase?: string } = {}): Buffer {
  const sealed = opts.passphrase !== undefined;
  if (sealed && opts.passphrase!.length < MIN_PASSPHRASE)
    throw new Error(`口令至少 ${MIN_PASSPHRASE} 个字符 / the passphrase needs at least ${MIN_PASSPHRASE} characters`);
  const files = walk(dataDir)
    .filter((p) => INCLUDE.test(p) && (sealed || !SEALED_ONLY.test(p)))
    .sort()
    .map((p) => {
      const bytes = readFileSync(path.join(dataDir, p));
      return { path: p, sha256: sha256(bytes), base64: bytes.toString('base64') };
    });
  const archive: Archive = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), files };
  const plain = gzipSync(Buffer.from(JSON.stringify(archive)));
  if (!sealed) return plain;
  const salt = randomBytes(16),
    iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(opts.passphrase!, salt, 32, SCRYPT), iv);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const outer = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: archive.createdAt,
    encrypted: {
      kdf: 'scrypt',
      N: SCRYPT.N,
      r: SCRYPT.r,
      p: SCRYPT.p,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    } satisfies Sealed,
  };
  return gzipSync(Buffer.from(JSON.stringify(outer)));
}

/** The plain archive inside an encrypted one; null when the passphrase is wrong or the file was altered. */
function unseal(s: Sealed, passphrase: string): Buffer | null {
  try {
    const key = scryptSync(passphrase, Buffer.from(s.salt, 'base64'), 32, { ...SCRYPT, N: s.N, r: s.r, p: s.p });
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]);
  } catch {
    return null;
  }
}

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  files: string[];
  events: number;
  /** children on the roster inside, and how many days of events */
  students: number;
  days: number;
  createdAt?: string;
  /** sealed with a passphrase; without the right one nothing in it can be read */
  encrypted?: boolean;
}

const nothing = () => ({ files: [] as string[], events: 0, students: 0, days: 0 });

/** Everything a restore needs to be sure of, checked without touching the data folder. */
export function checkBackup(bytes: Buffer, opts: { passphrase?: string } = {}): BackupCheck & { archive?: Archive } {
  let archive: Archive;
  try {
    archive = JSON.parse(gunzipSync(bytes).toString('utf8')) as Archive;
  } catch {
    return { ok: false, problems: ['不是接力备份文件 / not a Relay backup'], ...nothing() };
  }
  const sealed = (archive as { encrypted?: Sealed }).encrypted;
  if (archive.format === BACKUP_FORMAT && sealed && typeof sealed === 'object') {
    const refuse = (problem: string) => ({ ok: false, encrypted: true, problems: [problem], ...nothing() });
    if (opts.passphrase === undefined)
      return refuse('备份已加密，需要口令 / the backup is encrypted: its passphrase is needed');
    const inner = unseal(sealed, opts.passphrase);
    if (!inner) return refuse('口令不对，或文件已被改动 / wrong passphrase, or the file was altered');
    return { ...checkBackup(inner), encrypted: true };
  }
  const problems: string[] = [];
  if (archive.format !== BACKUP_FORMAT || archive.version !== BACKUP_VERSION || !Array.isArray(archive.files)) {
    return {
      ok: false,
      problems: ['不是接力备份文件或版本不对 / not a Relay backup of this version'],
      ...nothing(),
    };
  }
  let events = 0,
    students = 0;
  const days = new Set<string>();
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
      else students = parsed.data.students.length;
    }
    if (f.path.startsWith('events/')) {
      days.add(f.path.slice('events/'.length, 'events/'.length + 10));
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
    students,
    days: days.size,
    createdAt: archive.createdAt,
    archive,
  };
}

/**
 * Where the restored hub's CA comes from: the backup (an encrypted one, or one made before keys were left
 * out); the folder being replaced, whose CA the tablets already trust (`kept`); or, with neither, a new CA the
 * hub makes at its next start (`new`), which every tablet must trust again. `unconstrained`: the CA restored or
 * kept was made before name constraints, so the hub replaces it at its next start and the tablets must trust
 * the new one all the same.
 */
export type RestoredCa = 'from_backup' | 'kept' | 'new' | 'unconstrained';

/** Writes the backup into a fresh folder, then swaps it in; the old folder is kept as DATA.before-restore-<time>. */
export function restoreBackup(
  bytes: Buffer,
  dataDir: string,
  now = new Date(),
  opts: { passphrase?: string } = {},
): BackupCheck & { previous?: string; ca?: RestoredCa } {
  const check = checkBackup(bytes, opts);
  if (!check.ok || !check.archive) {
    const { archive: _a, ...refused } = check;
    return refused;
  }
  const staging = `${dataDir}.restoring`;
  // What an earlier restore that failed left unpacked must not mix with this backup's files.
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const f of check.archive.files) {
    const target = path.join(staging, ...f.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, Buffer.from(f.base64, 'base64'), { mode: f.path.endsWith('.key') ? 0o600 : 0o644 });
  }
  let ca: RestoredCa = check.files.includes('tls/ca.key') ? 'from_backup' : 'new';
  const ownTls = path.join(dataDir, 'tls');
  if (ca === 'new' && existsSync(path.join(ownTls, 'ca.key')) && existsSync(path.join(ownTls, 'ca.crt'))) {
    mkdirSync(path.join(staging, 'tls'), { recursive: true, mode: 0o700 });
    for (const f of TLS_FILES)
      if (existsSync(path.join(ownTls, f))) copyFileSync(path.join(ownTls, f), path.join(staging, 'tls', f));
    ca = 'kept';
  }
  if (ca !== 'new' && !caScope(readFileSync(path.join(staging, 'tls', 'ca.crt'), 'utf8'))) ca = 'unconstrained';
  let previous: string | undefined;
  // Windows: a scanner or an Explorer window on the folder refuses a rename for a moment, so each is retried; and
  // if the second fails for good, the school's own folder goes back, since a start with no data folder would
  // seed the demo school in its place.
  if (existsSync(dataDir)) {
    previous = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    retryBusySync(() => renameSync(dataDir, previous!));
  }
  try {
    retryBusySync(() => renameSync(staging, dataDir));
  } catch (err) {
    if (previous) retryBusySync(() => renameSync(previous!, dataDir));
    throw new BackupFailed(
      {
        zh: `无法把恢复的数据放到 ${dataDir}（${(err as NodeJS.ErrnoException).code ?? String(err)}：可能被杀毒软件或打开的文件夹占用），原数据未改动；请关闭占用的程序后重试。解开的备份在 ${staging}`,
        en: `could not put the restored data in place at ${dataDir} (${(err as NodeJS.ErrnoException).code ?? String(err)}: antivirus or an open folder may hold it); the data folder is unchanged; close what holds it and try again. The unpacked backup is in ${staging}`,
      },
      'restore_failed',
    );
  }
  const { archive: _a, ...result } = check;
  return { ...result, ca, ...(previous ? { previous } : {}) };
}

/**
 * Why `dir` is not a data folder the hub wrote, or null when it is: the hub always writes `school.json` with a
 * roster, so a folder without a readable one (a typo in --data, a fresh PC, the wrong drive) is refused before a
 * backup of nothing is written and called a success (#17).
 */
export function dataFolderProblem(dir: string): Bilingual | null {
  const school = path.join(dir, 'school.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { zh: `数据文件夹不存在：${dir}`, en: `no such data folder: ${dir}` };
  if (!existsSync(school))
    return {
      zh: `这不是接力的数据文件夹（没有花名册文件 school.json）：${dir}`,
      en: `not a Relay data folder (no roster file school.json): ${dir}`,
    };
  try {
    const doc = JSON.parse(readFileSync(school, 'utf8')) as { roster?: unknown };
    if (RosterSchema.safeParse(doc.roster).success) return null;
  } catch {
    // read as invalid below
  }
  return {
    zh: `数据文件夹中的花名册文件无法读取或无效：${school}`,
    en: `the roster file in the data folder is unreadable or invalid: ${school}`,
  };
}

/** What a written, read-back and checked archive holds. */
export interface WrittenBackup {
  file: string;
  bytes: number;
  files: number;
  students: number;
  days: number;
  events: number;
  createdAt: string;
  encrypted: boolean;
}

/** A backup that was not written, or was written and failed its check (and was deleted); `words` in both languages. */
export class BackupFailed extends Error {
  constructor(
    readonly words: Bilingual,
    readonly code: 'not_data_folder' | 'check_failed' | 'restore_failed',
  ) {
    super(`${words.zh} / ${words.en}`);
  }
}

function writeSynced(file: string, bytes: Buffer): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A backup of `dataDir` written to `file`, then read back from the disk and checked (format, every checksum, a
 * valid roster inside, as many files as were put in) before it is given its name: it is written as
 * `<file>.partial` and renamed only when sound, and a bad one is deleted. Throws BackupFailed: the folder is not a
 * data folder (nothing written), the write failed (an error of the file system, e.g. ENOENT for a folder gone),
 * or the check failed (nothing left). `write` is for tests that damage what reaches the disk.
 */
export function writeVerifiedBackup(
  dataDir: string,
  file: string,
  opts: { now?: Date; passphrase?: string; write?: (file: string, bytes: Buffer) => void } = {},
): WrittenBackup {
  const refused = dataFolderProblem(dataDir);
  if (refused) throw new BackupFailed(refused, 'not_data_folder');
  const key = opts.passphrase !== undefined ? { passphrase: opts.passphrase } : {};
  const bytes = createBackup(dataDir, opts.now ?? new Date(), key);
  const expected = checkBackup(bytes, key);
  const partial = `${file}.partial`;
  try {
    (opts.write ?? writeSynced)(partial, bytes);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  let check: BackupCheck;
  try {
    check = checkBackup(readFileSync(partial), key);
  } catch (err) {
    check = { ok: false, problems: [String(err)], ...nothing() };
  }
  const problems = [...check.problems];
  if (check.ok && check.files.length !== expected.files.length)
    problems.push(`文件数不符 / ${check.files.length} files read back, ${expected.files.length} written`);
  if (check.ok && !check.files.includes('school.json')) problems.push('备份中没有花名册 / no roster in the backup');
  if (!check.ok || problems.length) {
    rmSync(partial, { force: true });
    throw new BackupFailed(
      {
        zh: `备份写入后校验失败，已删除该文件：${problems.join('；')}`,
        en: `the backup failed its check after writing and was deleted: ${problems.join('; ')}`,
      },
      'check_failed',
    );
  }
  retryBusySync(() => renameSync(partial, file));
  return {
    file,
    bytes: bytes.length,
    files: check.files.length,
    students: check.students,
    days: check.days,
    events: check.events,
    createdAt: check.createdAt ?? '',
    encrypted: check.encrypted === true,
  };
}
