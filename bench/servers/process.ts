import { ChildProcess, spawn } from 'node:child_process';

/** Node flags of every server under test: the same for all, as `npm start` runs Parasol. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** A server the bench started as a child process. */
export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export { freePort } from '../../scripts/pgbouncer';

/**
 * Starts `node <script>` with `env`, and resolves once `ready()` answers true (polled), or
 * fails with the process's output when it exits or takes longer than `timeoutMs`.
 */
export async function startServer(name: string, script: string, env: Record<string, string>, port: number, ready: (url: string) => Promise<boolean>, timeoutMs = 60_000): Promise<RunningServer> {
  // Every target runs with the young-generation size Parasol's start command sets (npm start, Dockerfile).
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`${name} exited with ${exited} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready after ${timeoutMs / 1000} s:\n${output}`);
    }
    if (await ready(url).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    pid: child.pid!,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** POSTs JSON and returns the parsed answer. */
export async function postJson(url: string, body: string, token?: string | null): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${res.status}: ${text.slice(0, 500)}`);
  }
}
