// Login flood measurement (issue 13, finding 7), kept to repeat the numbers in the report.
// Usage: node scripts/measure-login-flood.mjs <base url> <server pid>
//   (the server started with TRUST_PROXY=true, so the flood's made-up client addresses count
//   as distinct clients; a build without it simply ignores them).
// - alone: the viewer query, one after another, for 8 s;
// - burst: 50 logins sent at once (unknown emails), the viewer measured until all are answered;
// - sustained: 50 clients (a separate process) sending logins back to back for 15 s, ignoring
//   Retry-After, the viewer measured meanwhile.
// Prints viewer p50/p95, the server's CPU seconds (utime+stime from /proc) and the outcomes.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

if (process.argv[2] === '--flood') {
  await flood();
  process.exit(0);
}

/** The flooding process: 50 clients for <seconds>; prints the outcomes. */
async function flood() {
  const [url, seconds] = [process.argv[3], Number(process.argv[4])];
  const LOGIN_ = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
  const randomIp_ = () => `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${1 + ((Math.random() * 250) | 0)}`;
  const outcomes = {};
  let stop = false;
  setTimeout(() => (stop = true), seconds * 1000);
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (!stop) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': randomIp_() }, body: JSON.stringify({ query: LOGIN_, variables: { email: `nobody-${randomUUID()}@flood.example`, password: 'guess' } }) });
      const body = await res.json();
      const key = `${res.status} ${body.errors?.[0]?.extensions?.reason ?? body.errors?.[0]?.extensions?.code ?? 'ok'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  }));
  console.log(JSON.stringify(outcomes));
}

const [base = 'http://127.0.0.1:3000', pid] = process.argv.slice(2);
const url = `${base}/graphql`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const summary = (xs) => `n=${xs.length} p50=${pct(xs, 50).toFixed(0)} ms p95=${pct(xs, 95).toFixed(0)} ms`;
const randomIp = () => `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${1 + ((Math.random() * 250) | 0)}`;

async function gql(query, variables = {}, { token, ip } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (ip) headers['x-forwarded-for'] = ip;
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  return { status: res.status, body, ms: performance.now() - started };
}
const token = (await gql(LOGIN, { email: 'analyst@mars.example', password: 'parasol-demo' })).body.data.login.accessToken;
const viewer = async () => { const r = await gql(`{ viewer { id } }`, {}, { token }); if (!r.body.data?.viewer) throw new Error(JSON.stringify(r.body)); return r.ms; };
const login = async (outcomes) => {
  const r = await gql(LOGIN, { email: `nobody-${randomUUID()}@flood.example`, password: 'guess' }, { ip: randomIp() });
  const key = `${r.status} ${r.body.errors?.[0]?.extensions?.reason ?? r.body.errors?.[0]?.extensions?.code ?? 'ok'}`;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
};

for (let i = 0; i < 50; i++) await viewer(); // warm-up
const quiet = [];
for (let end = performance.now() + 8000; performance.now() < end; ) quiet.push(await viewer());
console.log(`viewer alone: ${summary(quiet)}`);

{ // burst
  const outcomes = {};
  const cpu0 = cpu(); const t0 = performance.now();
  let done = false;
  const burst = Promise.all(Array.from({ length: 50 }, () => login(outcomes))).then(() => (done = true));
  const during = [];
  while (!done || during.length < 20) during.push(await viewer());
  await burst;
  console.log(`burst of 50 logins: answered in ${((performance.now() - t0) / 1000).toFixed(1)} s, server CPU ${(cpu() - cpu0).toFixed(1)} s, ${JSON.stringify(outcomes)}; viewer meanwhile ${summary(during)}`);
}
{ // sustained, from a separate process so the flood's client work does not slow the measuring client
  const { spawn } = await import('node:child_process');
  const cpu0 = cpu();
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--flood', url, '15'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise((r) => setTimeout(r, 500));
  const during = [];
  for (let end = performance.now() + 14000; performance.now() < end; ) during.push(await viewer());
  await exited;
  console.log(`sustained 50-client flood (15 s, separate process): server CPU ${(cpu() - cpu0).toFixed(1)} s, ${out.trim()}; viewer meanwhile ${summary(during)}`);
}
