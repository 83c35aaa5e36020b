// Shared pieces of the benchmarks: start rctl-server and a real redis-server side by
// side, run redis-benchmark against each (alternating, best of N), print ratio tables.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER_BIN = join(ROOT, 'bin/rctl-server.js');

export interface BenchServer {
  name: 'rctl' | 'redis';
  port: number;
  pid: number;
  dir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const started: BenchServer[] = [];
process.on('exit', () => {
  for (const s of started) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => res(port));
    });
  });
}

export function haveBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

async function waitReady(proc: ChildProcess, out: { text: string }, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!out.text.includes('Ready to accept connections')) {
    if (proc.exitCode !== null) throw new Error(`${what} exited: ${out.text}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready: ${out.text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a server of the given kind with extra `--directive value` args. */
export async function startServer(name: 'rctl' | 'redis', args: string[] = []): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), `rctl-bench-${name}-`));
  const port = await freePort();
  const base = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args];
  const proc =
    name === 'rctl'
      ? spawn(process.execPath, [SERVER_BIN, ...base], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('redis-server', base, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  await waitReady(proc, out, name);
  const s: BenchServer = {
    name,
    port,
    pid: proc.pid!,
    dir,
    proc,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGKILL');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  started.push(s);
  return s;
}

/** Runs redis-benchmark for one test and returns requests per second. */
export function redisBenchmark(port: number, test: string, opts: { clients?: number; requests?: number; pipeline?: number; random?: number }): number {
  const args = ['-p', String(port), '-c', String(opts.clients ?? 50), '-n', String(opts.requests ?? 100_000), '-P', String(opts.pipeline ?? 1), '-t', test, '--csv'];
  if (opts.random) args.push('-r', String(opts.random));
  const r = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`redis-benchmark failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').slice(1);
  // The last line is the test itself (LRANGE prints its LPUSH preparation first).
  const last = lines[lines.length - 1]!;
  return Number(JSON.parse(`[${last}]`)[1]);
}

export interface Row {
  name: string;
  redis: number;
  ours: number;
  /** ours/redis for throughputs; for times the caller passes redis/ours. */
  ratio: number;
  target: string;
  ok: boolean;
  unit: string;
}

export function printTable(title: string, rows: Row[]): void {
  console.log(`\n## ${title}`);
  const head = ['benchmark', 'redis', 'rctl', 'ratio', 'target', ''];
  const data = rows.map((r) => [r.name, fmt(r.redis, r.unit), fmt(r.ours, r.unit), r.ratio.toFixed(2), r.target, r.ok ? 'ok' : 'MISS']);
  const widths = head.map((h, i) => Math.max(h.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  for (const d of data) console.log(line(d));
}

function fmt(v: number, unit: string): string {
  if (unit === 'rps') return `${Math.round(v).toLocaleString('en-US')} rps`;
  if (unit === 'ms') return `${v.toFixed(1)} ms`;
  if (unit === 'bytes') return `${(v / 1024 / 1024).toFixed(1)} MiB`;
  if (unit === 'KiB') return `${(v / 1024).toFixed(1)} KiB`;
  return `${v}`;
}

/** Alternates runs on both servers and keeps each side's best, to even out noise. */
export function bestOfAlternating(rounds: number, runRedis: () => number, runOurs: () => number): { redis: number; ours: number } {
  let redis = 0;
  let ours = 0;
  for (let i = 0; i < rounds; i++) {
    redis = Math.max(redis, runRedis());
    ours = Math.max(ours, runOurs());
  }
  return { redis, ours };
}
