// `npm run release`: a folder a school copies to the office PC and starts with production packages only
// (issue #18): the pages built, the hub and its command-line tools compiled to plain JavaScript, so nothing at
// run time needs vite, tsx or esbuild (a devDependency each; 360安全卫士 is known to quarantine esbuild.exe).
//
//   npm run release [-- --out DIR]     writes DIR (default release/relay-<version>) and DIR.zip
//
// In the folder: `npm ci --omit=dev`, then `npm start`. Plain JavaScript so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg >= 0 ? process.argv[outArg + 1] : path.join(root, 'release', `relay-${pkg.version}`));

/** The hub and the tools a school runs, each compiled with its imports of our own code, packages left to npm. */
const ENTRIES = ['hub/main.ts', 'scripts/roster.ts', 'scripts/cards.ts', 'scripts/backup.ts'];

function run(what, args) {
  console.log(`${what}…`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`失败 / failed: ${what}`);
    process.exit(r.status ?? 1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
run('构建页面 / building the pages', [
  path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
  'build',
  '--logLevel',
  'warn',
]);
cpSync(path.join(root, 'dist'), path.join(out, 'dist'), { recursive: true });

// Each entry keeps its folder (hub/main.js, scripts/roster.js), one level below the root as in the source, so
// what the code finds beside itself (../dist, ../package.json, the data folder) is where it was.
const { build } = await import('esbuild');
console.log('编译服务 / compiling the hub and its tools…');
await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outbase: root,
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

mkdirSync(path.join(out, 'common', 'public'), { recursive: true });
copyFileSync(path.join(root, 'common', 'public', 'favicon.ico'), path.join(out, 'common', 'public', 'favicon.ico'));
// The lock as it is, and devDependencies kept in package.json so `npm ci` finds the two agree; --omit=dev then
// installs none of them.
copyFileSync(path.join(root, 'package-lock.json'), path.join(out, 'package-lock.json'));
writeFileSync(
  path.join(out, 'package.json'),
  JSON.stringify(
    {
      ...pkg,
      scripts: {
        start: 'node hub/main.js',
        roster: 'node scripts/roster.js',
        cards: 'node scripts/cards.js',
        backup: 'node scripts/backup.js',
      },
    },
    null,
    2,
  ) + '\n',
);
copyFileSync(path.join(root, 'docs', 'windows.md'), path.join(out, '安装说明 INSTALL.md'));

// The Windows launcher: double-clicked in Explorer. UTF-8 output (chcp 65001) so the banner's Chinese reads right,
// the window titled, the packages installed on the first start, the hub run from this folder whatever the
// shortcut's start-in folder; the window stays open on an error so it can be read. Logs: data\logs (the hub's).
const LAUNCHER = [
  '@echo off',
  'chcp 65001 >nul',
  'title 接力 Relay 服务 - 请勿关闭 (Ctrl+C 停止)',
  'cd /d "%~dp0"',
  'where node >nul 2>nul || (echo 未找到 Node.js：请先安装 Node.js 20 LTS / Node.js not found: install Node.js 20 LTS & pause & exit /b 1)',
  'if not exist node_modules\\express (',
  '  echo 第一次启动：正在安装运行所需的程序包… / first start: installing the packages…',
  '  call npm.cmd ci --omit=dev --no-audit --no-fund || (echo 安装失败 / install failed & pause & exit /b 1)',
  ')',
  'node hub\\main.js %*',
  'if errorlevel 1 pause',
  '',
].join('\r\n');
writeFileSync(path.join(out, '启动接力.cmd'), LAUNCHER);

// ---- the .zip: stored entries deflated, UTF-8 names (flag 0x800) so 安装说明 reads right in Windows' Explorer
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function files(dir, base = dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}
function zip(dir, file) {
  const top = path.basename(dir);
  const locals = [];
  const central = [];
  let offset = 0;
  for (const rel of files(dir).sort()) {
    const data = readFileSync(path.join(dir, rel));
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(`${top}/${rel}`, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x800, 6);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(0x21, 10); // 1980-01-01 00:00: the same bytes from the same sources
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(name.length, 26);
    locals.push(head, name, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(0x21, 12);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += head.length + name.length + packed.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, ...central, end]));
}
zip(out, `${out}.zip`);

if (!existsSync(path.join(out, 'hub', 'main.js'))) throw new Error('the hub was not compiled');
console.log(`已生成 / written: ${out} and ${path.basename(out)}.zip`);
console.log('在学校电脑上 / on the school PC: npm ci --omit=dev, then npm start (see 安装说明 INSTALL.md)');
