// The browser tests need Debian's chromium (and certutil, to make it trust the hub's CA the way a tablet does);
// the card tests need a CJK font and poppler's pdftoppm to look at the printed page; `npm run test:clock` needs
// libfaketime (package faketime) to run the suite at other dates and times.
// Installs them when missing and we are root; otherwise stops with a clear message. Never skips silently.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { file: '/usr/bin/chromium', pkg: 'chromium' },
  { file: '/usr/bin/certutil', pkg: 'libnss3-tools' },
  { file: '/usr/bin/openssl', pkg: 'openssl' },
  { file: '/usr/bin/curl', pkg: 'curl' },
  { file: '/usr/bin/faketime', pkg: 'faketime' },
  { file: '/usr/bin/pdftoppm', pkg: 'poppler-utils' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk' },
];
// The suite runs on Linux (Debian's packages, libfaketime, /proc); a school's PC runs only the hub and its tools,
// which never come here (issue #18). Said plainly on Windows or macOS rather than a list of apt packages.
if (process.platform !== 'linux') {
  console.error(
    `测试需要在 Linux（Debian）上运行，本机是 ${process.platform}。学校电脑只需运行 npm start 及 roster、cards、backup 命令，不需要运行测试。\n` +
      `The test suite runs on Linux (Debian); this is ${process.platform}. A school's PC only runs npm start and the roster, cards and backup tools, never the tests.`,
  );
  process.exit(1);
}
const missing = needed.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !existsSync('/usr/bin/apt-get')) {
  console.error(
    `The tests need these Debian packages: ${missing.join(' ')}.\nInstall them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
console.log(`Installing ${missing.join(' ')} for the browser tests…`);
execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, {
  stdio: 'inherit',
});
