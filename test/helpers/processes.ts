// Starts real server processes for integration and interop tests: the built rctl-server
// (port 0, bound port read from its log) or a real redis-server on a free port, each in
// its own temp dir. Every process is tracked and killed by pid in afterEach; the temp dirs
// are removed after that by temp-dir.ts.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { RespClient } from '../../src/shared/resp-client.js';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER_BIN = join(ROOT, 'bin/rctl-server.js');
export const CLI_BIN = join(ROOT, 'bin/rctl.js');

export interface ServerProcess {
  kind: 'rctl' | 'redis';
  pid: number;
  port: number;
  dir: string;
  proc: ChildProcess;
  output(): string;
  client(): Promise<RespClient>;
  /** SIGTERM and wait for exit; SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<number | null>;
  kill(): void;
  exited: Promise<number | null>;
}

const running = new Set<ServerProcess>();
const clients = new Set<RespClient>();

/** Kills every process and client a test started; registered once per test file. */
export async function cleanupAll(): Promise<void> {
  for (const c of clients) c.close();
  clients.clear();
  const procs = [...running];
  running.clear();
  for (const p of procs) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(procs.map((p) => p.exited));
}

let hooked = false;
/** Call at the top of a test file that starts processes. */
export function useProcessCleanup(): void {
  if (hooked) return;
  hooked = true;
  afterEach(cleanupAll);
}

export { tempDir };

/** A port nobody listens on right now (for real redis-server, which cannot report port 0). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => res(port));
    });
  });
}

function track(kind: 'rctl' | 'redis', proc: ChildProcess, dir: string, port: number, out: { text: string }): ServerProcess {
  const exited = new Promise<number | null>((r) => {
    if (proc.exitCode !== null) r(proc.exitCode);
    else proc.once('exit', (code) => r(code));
  });
  const sp: ServerProcess = {
    kind,
    pid: proc.pid!,
    port,
    dir,
    proc,
    exited,
    output: () => out.text,
    client: async () => {
      const c = await RespClient.connect({ port: sp.port });
      clients.add(c);
      return c;
    },
    stop: async (graceMs = 10_000) => {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(t);
      running.delete(sp);
      return code;
    },
    kill: () => {
      proc.kill('SIGKILL');
    },
  };
  running.add(sp);
  return sp;
}

export interface StartOptions {
  /** Extra `--directive value` words. */
  args?: string[];
  /** Conf file content written to <dir>/node.conf and passed first. */
  conf?: string;
  dir?: string;
  /** Resolve even if the server exits instead of becoming ready. */
  allowFailure?: boolean;
  /** Text written to the server's stdin (for a `-` argument); stdin is closed otherwise. */
  stdin?: string;
}

/** Starts the built rctl-server on port 0 and resolves once it is ready. */
export async function startRctlServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const dir = opts.dir ?? tempDir();
  const args = [SERVER_BIN];
  if (opts.conf !== undefined) {
    writeFileSync(join(dir, 'node.conf'), opts.conf);
    args.push(join(dir, 'node.conf'));
  }
  args.push('--port', '0', '--dir', dir, ...(opts.args ?? []));
  const proc = spawn(process.execPath, args, { cwd: dir, stdio: [opts.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  if (opts.stdin !== undefined) proc.stdin!.end(opts.stdin);
  const out = { text: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  const sp = track('rctl', proc, dir, 0, out);
  await waitFor(
    () => {
      if (proc.exitCode !== null) {
        if (opts.allowFailure) return true;
        throw new Error(`rctl-server exited with ${proc.exitCode}:\n${out.text}`);
      }
      // The one-line form, or the `Port: N` line of the always-show-logo block.
      const m = /Running mode=\S+, port=(\d+)\.|^ .* Port: (\d+)$/m.exec(out.text);
      if (m && out.text.includes('Ready to accept connections')) {
        sp.port = Number(m[1] ?? m[2]);
        return true;
      }
      return false;
    },
    { timeoutMs: 15_000, what: 'rctl-server ready' },
  );
  return sp;
}

/** Path of a real redis-server binary, or null when none is installed. */
export function findRedisServer(): string | null {
  for (const p of (process.env.PATH ?? '').split(':')) {
    const candidate = join(p, 'redis-server');
    try {
      readFileSync(candidate, { flag: 'r' }).length;
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export const HAVE_REDIS = findRedisServer() !== null;

/** Starts a real redis-server on a free port with a test profile (no saves, debug allowed). */
export async function startRealRedis(opts: StartOptions = {}): Promise<ServerProcess> {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is not installed');
  const dir = opts.dir ?? tempDir('redis-test-');
  const port = await freePort();
  const args: string[] = [];
  if (opts.conf !== undefined) {
    writeFileSync(join(dir, 'node.conf'), opts.conf);
    args.push(join(dir, 'node.conf'));
  }
  args.push('--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--daemonize', 'no', ...(opts.args ?? []));
  const proc = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
  const sp = track('redis', proc, dir, port, out);
  await waitFor(
    async () => {
      if (proc.exitCode !== null) {
        if (opts.allowFailure) return true;
        throw new Error(`redis-server exited with ${proc.exitCode}:\n${out.text}`);
      }
      if (!out.text.includes('Ready to accept connections')) return false;
      return true;
    },
    { timeoutMs: 15_000, what: 'redis-server ready' },
  );
  return sp;
}
