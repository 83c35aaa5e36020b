// Persistence suite: SAVE time, load time at start and RDB size for 1M string keys with
// 16-byte values (DEBUG POPULATE 1000000 key 16), rctl-server next to a real redis-server
// in the same run (alternating, best of N), and the largest PING latency a client sees
// while a BGSAVE of those keys runs. Targets: save and load within 2x of Redis (ratio
// redis/rctl >= 0.5), largest PING latency during BGSAVE under 20 ms.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RespClient } from '../../src/shared/resp-client.js';
import { freePort, printTable, SERVER_BIN, type Row } from './lib.js';

type Kind = 'rctl' | 'redis';

interface Running {
  kind: Kind;
  proc: ChildProcess;
  port: number;
  dir: string;
  output: () => string;
  /** ms from spawn to "Ready to accept connections". */
  readyMs: number;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Starts a server in dir (its dump.rdb, if any, is loaded) and waits until it is ready. */
async function start(kind: Kind, dir: string): Promise<Running> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes'];
  const t0 = performance.now();
  const proc = kind === 'rctl' ? spawn(process.execPath, [SERVER_BIN, ...args], { cwd: dir }) : spawn('redis-server', args, { cwd: dir });
  running.add(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Ready to accept connections')) {
    if (proc.exitCode !== null) throw new Error(`${kind} exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`${kind} not ready: ${out}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { kind, proc, port, dir, output: () => out, readyMs: performance.now() - t0 };
}

async function stop(r: Running): Promise<void> {
  if (r.proc.exitCode === null) {
    r.proc.kill('SIGKILL');
    await new Promise((res) => r.proc.once('exit', res));
  }
  running.delete(r.proc);
}

/** The load time the server logs itself ("DB loaded from disk: 0.123 seconds"), ms. */
function loggedLoadMs(r: Running): number {
  const m = /DB loaded from disk: ([\d.]+) seconds/.exec(r.output());
  if (!m) throw new Error(`${r.kind} did not log a load time:\n${r.output()}`);
  return Number(m[1]) * 1000;
}

interface Measured {
  saveMs: number;
  loadMs: number;
  readyMs: number;
  bytes: number;
}

/** One round: populate, SAVE (timed), restart on the file (load timed). */
async function round(kind: Kind, keys: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), `rctl-bench-persist-${kind}-`));
  try {
    const a = await start(kind, dir);
    const c = await RespClient.connect({ port: a.port });
    await c.call('DEBUG', 'POPULATE', keys, 'key', 16);
    const t0 = performance.now();
    await c.call('SAVE');
    const saveMs = performance.now() - t0;
    c.close();
    await stop(a);
    const bytes = statSync(join(dir, 'dump.rdb')).size;
    const b = await start(kind, dir);
    const loadMs = loggedLoadMs(b);
    const c2 = await RespClient.connect({ port: b.port });
    const n = Number(await c2.call('DBSIZE'));
    c2.close();
    await stop(b);
    if (n !== keys) throw new Error(`${kind} loaded ${n} keys, expected ${keys}`);
    return { saveMs, loadMs, readyMs: b.readyMs, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest PING round trip seen by one client while a BGSAVE of `keys` keys runs, ms. */
async function pingLatencyDuringBgsave(kind: Kind, keys: number): Promise<{ maxMs: number; p99Ms: number; pings: number; bgsaveMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), `rctl-bench-bgsave-${kind}-`));
  try {
    const s = await start(kind, dir);
    const c = await RespClient.connect({ port: s.port });
    const watcher = await RespClient.connect({ port: s.port });
    await c.call('DEBUG', 'POPULATE', keys, 'key', 16);
    // Let the server settle (GC after populating) before measuring.
    await new Promise((r) => setTimeout(r, 500));
    let done = false;
    const t0 = performance.now();
    await c.call('BGSAVE');
    const watch = (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 50));
        const info = String(await watcher.call('INFO', 'persistence'));
        if (info.includes('rdb_bgsave_in_progress:0')) done = true;
      }
    })();
    const lat: number[] = [];
    while (!done) {
      const p0 = performance.now();
      await c.call('PING');
      lat.push(performance.now() - p0);
    }
    await watch;
    const bgsaveMs = performance.now() - t0;
    c.close();
    watcher.close();
    await stop(s);
    lat.sort((x, y) => x - y);
    return { maxMs: lat[lat.length - 1] ?? 0, p99Ms: lat[Math.floor(lat.length * 0.99)] ?? 0, pings: lat.length, bgsaveMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function persistenceSuite(quick: boolean): Promise<void> {
  const keys = quick ? 200_000 : 1_000_000;
  const rounds = quick ? 1 : 3;
  const best = { redis: { saveMs: Infinity, loadMs: Infinity, readyMs: Infinity, bytes: 0 }, rctl: { saveMs: Infinity, loadMs: Infinity, readyMs: Infinity, bytes: 0 } };
  for (let i = 0; i < rounds; i++) {
    for (const kind of ['redis', 'rctl'] as const) {
      const m = await round(kind, keys);
      const b = best[kind];
      b.saveMs = Math.min(b.saveMs, m.saveMs);
      b.loadMs = Math.min(b.loadMs, m.loadMs);
      b.readyMs = Math.min(b.readyMs, m.readyMs);
      b.bytes = m.bytes;
    }
  }
  const label = `${keys / 1000}k keys`;
  const rows: Row[] = [];
  const time = (name: string, redis: number, ours: number): Row => {
    const ratio = redis / ours;
    return { name, redis, ours, ratio, target: '>= 0.5', ok: ratio >= 0.5, unit: 'ms' };
  };
  rows.push(time(`SAVE ${label}`, best.redis.saveMs, best.rctl.saveMs));
  rows.push(time(`load at start ${label} (logged)`, best.redis.loadMs, best.rctl.loadMs));
  rows.push({ ...time(`start to ready ${label}`, best.redis.readyMs, best.rctl.readyMs), target: 'info', ok: true });
  const sizeRatio = best.redis.bytes / best.rctl.bytes;
  rows.push({ name: `RDB size ${label}`, redis: best.redis.bytes, ours: best.rctl.bytes, ratio: sizeRatio, target: '>= 0.9', ok: sizeRatio >= 0.9, unit: 'bytes' });
  const redisPing = await pingLatencyDuringBgsave('redis', keys);
  const oursPing = await pingLatencyDuringBgsave('rctl', keys);
  rows.push({
    name: `max PING latency during BGSAVE ${label}`,
    redis: redisPing.maxMs,
    ours: oursPing.maxMs,
    ratio: redisPing.maxMs / oursPing.maxMs,
    target: 'rctl < 20 ms',
    ok: oursPing.maxMs < 20,
    unit: 'ms',
  });
  rows.push({ name: 'p99 PING latency during BGSAVE (info)', redis: redisPing.p99Ms, ours: oursPing.p99Ms, ratio: redisPing.p99Ms / oursPing.p99Ms, target: 'info', ok: true, unit: 'ms' });
  rows.push({ name: 'BGSAVE duration (info)', redis: redisPing.bgsaveMs, ours: oursPing.bgsaveMs, ratio: redisPing.bgsaveMs / oursPing.bgsaveMs, target: 'info', ok: true, unit: 'ms' });
  printTable(`persistence (${label}, 16-byte values; ratio = redis/rctl for times and sizes, best of ${rounds})`, rows);
  console.log(`PINGs answered during BGSAVE: redis ${redisPing.pings}, rctl ${oursPing.pings}`);
}
