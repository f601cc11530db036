import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium (`apt-get install chromium`); `npx playwright install` cannot download on the project's machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless on a machine with no display, no GPU and no sandbox (CI runs as root), and no calls home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const commandExists = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Chromium for the browser tests: the installed one, or installed now with apt-get when the
 * run is root on a Debian-like machine (CI installs it in .ci/run first). Anything else gets
 * `{ path: null, reason }`, and the browser suites skip saying why.
 */
export function ensureChromium(log: (line: string) => void = console.log): { path: string | null; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH, reason: `found at ${CHROMIUM_PATH}` };
  if (process.getuid?.() !== 0) return { path: null, reason: `${CHROMIUM_PATH} is missing and installing it needs root (run: apt-get install -y chromium)` };
  if (!commandExists('apt-get')) return { path: null, reason: `${CHROMIUM_PATH} is missing and this machine has no apt-get to install it with` };
  const started = Date.now();
  log(`Chromium is missing: apt-get install -y chromium ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    // The package lists may be missing or stale on a fresh machine: update them first.
    execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'ignore', env, timeout: 600_000 });
  } catch (error) {
    return { path: null, reason: `apt-get install -y chromium failed: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!existsSync(CHROMIUM_PATH)) return { path: null, reason: `apt-get installed chromium but ${CHROMIUM_PATH} is still missing` };
  log(`Chromium installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return { path: CHROMIUM_PATH, reason: `installed at ${CHROMIUM_PATH}` };
}
