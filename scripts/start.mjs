// `npm start`: build the pages if they are missing or older than their sources, then run the hub.
// Plain JavaScript so it runs before anything is compiled.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'kiosk', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['kiosk', 'core'].map((d) => path.join(root, d)).filter(existsSync);
const stale =
  !existsSync(built) ||
  Math.max(...sources.map(newestMtime), statSync(path.join(root, 'vite.config.ts')).mtimeMs) > statSync(built).mtimeMs;
// A git checkout needs its development packages (vite to build the pages, tsx to run the TypeScript); a school PC
// runs the release instead (npm run release), which needs neither. Said plainly rather than MODULE_NOT_FOUND.
const devTools =
  existsSync(path.join(root, 'node_modules', 'vite')) && existsSync(path.join(root, 'node_modules', 'tsx'));
if (!devTools) {
  console.error(
    '缺少开发工具（vite、tsx）：源代码需要先运行 npm install；在学校电脑上请使用发布包（npm run release 生成，npm ci --omit=dev 后 npm start）。\n' +
      'The development packages (vite, tsx) are missing: run npm install in a git checkout; on a school PC use the release (made by npm run release: npm ci --omit=dev, then npm start).',
  );
  process.exit(1);
}
if (stale) {
  console.log('构建页面 / building the pages…');
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// tsx by its file, not its name: `--import tsx` was looked up from the current directory, so a start from
// elsewhere (Task Scheduler, a shortcut) failed with "Cannot find package 'tsx'".
const tsx = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const hub = spawn(process.execPath, ['--import', tsx, path.join(root, 'hub', 'main.ts'), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
// Ctrl+C reaches the hub itself (a terminal signals the whole foreground group; Windows sends CTRL_C_EVENT to
// every process on the console), so it is not passed on: on Windows child.kill() is TerminateProcess, which ended
// the hub before its shutdown ran and left its lock behind. Here it is only ignored, and this process exits
// when the hub has. A SIGTERM sent to this process alone (a service manager on Linux or macOS) is passed on.
process.on('SIGINT', () => {});
if (process.platform === 'win32') process.on('SIGBREAK', () => {});
else process.on('SIGTERM', () => hub.kill('SIGTERM'));
hub.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
