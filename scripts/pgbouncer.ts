import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

/**
 * A local PgBouncer in transaction pooling mode in front of one database, for the tests
 * (test/pgbouncer.e2e-spec.ts, PARASOL_TEST_POOLER=transaction) and the bench's pooled
 * variant. Debian's package (`apt-get install pgbouncer`, 1.18 in bookworm) is what CI installs.
 *
 * `node dist/scripts/pgbouncer.js <database-url>` runs one until interrupted and prints its URL.
 */
export interface RunningPgBouncer {
  /** The same database, through the bouncer. */
  url: string;
  pid: number;
  /** What PgBouncer has logged so far (the last 16 kB). */
  output(): string;
  /** Runs a command on PgBouncer's admin console (`SHOW POOLS`, `RECONNECT`...) and returns its rows. */
  admin(command: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Server connections per user and database (default_pool_size). */
  poolSize?: number;
  timeoutMs?: number;
}

/** The pgbouncer binary (PATH, then Debian's /usr/sbin), or null when it is not installed. */
export function findPgBouncer(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const file = join(dir, 'pgbouncer');
    if (dir && existsSync(file)) return file;
  }
  return null;
}

export async function startPgBouncer(databaseUrl: string, options: PgBouncerOptions = {}): Promise<RunningPgBouncer> {
  const binary = findPgBouncer();
  if (!binary) throw new Error('pgbouncer is not installed (Debian: apt-get install pgbouncer)');
  const server = new URL(databaseUrl);
  const database = decodeURIComponent(server.pathname.slice(1)) || 'postgres';
  const user = decodeURIComponent(server.username) || 'postgres';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parasol-pgbouncer-'));
  // PgBouncer refuses to run as root; started as root it switches user (-u) and must still read its files.
  const runAs = process.getuid?.() === 0 ? (hasUser('postgres') ? 'postgres' : 'nobody') : null;
  chmodSync(dir, 0o755);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  // trust: clients are not asked for a password; the auth file's one (if any) logs in to the server.
  writeFileSync(join(dir, 'users.txt'), `${quote(user)} ${quote(decodeURIComponent(server.password))}\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${server.hostname} port=${server.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      // The admin console (database pgbouncer): tests close server sessions with RECONNECT.
      `admin_users = ${user}`,
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 10}`,
      'max_client_conn = 500',
      // Round robin over the server connections, as a busy bouncer hands them out: state a
      // client left on one session shows up missing at once instead of only under load.
      'server_round_robin = 1',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const child: ChildProcess = spawn(binary, [...(runAs ? ['-u', runAs] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-16_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve(void (exited = true))));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const running: RunningPgBouncer = {
    url: url.toString(),
    pid: child.pid!,
    output: () => output,
    async admin(command: string) {
      const console = new URL(url);
      console.pathname = '/pgbouncer';
      const client = new Client({ connectionString: console.toString() });
      await client.connect();
      try {
        // The console speaks the simple query protocol only: a query without parameters.
        return (await client.query(command)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // A deadline that only turns a hang into a message: a loaded machine can take many seconds.
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) break;
    if (await answers(running.url)) return running;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await running.stop();
  throw new Error(`pgbouncer did not start on port ${port}:\n${output}`);
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function hasUser(name: string): boolean {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').some((line) => line.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

/** A TCP port free on loopback right now (the bench's servers take theirs the same way). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

if (require.main === module) {
  const target = process.argv[2] ?? process.env.DATABASE_URL;
  if (!target) {
    console.error('usage: node dist/scripts/pgbouncer.js <postgres://… database URL>');
    process.exit(2);
  }
  void startPgBouncer(target).then(
    (bouncer) => {
      console.log(`PgBouncer (transaction pooling) at ${bouncer.url}; Ctrl-C stops it`);
      const stop = () => void bouncer.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
