// Waits for a freshly spawned node to answer PING (through the shared RESP client), within a
// budget, and recognises the ways it can fail first: the process exits, the port is taken
// ("Address already in use" in its log), or it keeps refusing or answering LOADING.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { RespClient, RespErrorReply } from '../../shared/resp-client.js';
import { isAlive } from './pidfile.js';

export type NotReadyKind = 'port-busy' | 'exited' | 'timeout' | 'auth';

export class NodeNotReadyError extends Error {
  constructor(
    readonly kind: NotReadyKind,
    message: string,
    readonly port: number,
    /** The last lines the node logged since it was started. */
    readonly logTail: string,
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = 'NodeNotReadyError';
  }
}

export interface ReadyOptions {
  pid: number;
  logfile: string;
  /** Only log text after this offset belongs to this start (logs are appended to). */
  logOffset?: number;
  /** The configured port; 0 when the node binds port 0 and logs the port it got. */
  port: number;
  host?: string;
  password?: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Exit status reported by the spawner, if it watches the child. */
  exited?: () => { code: number | null; signal: string | null } | null;
}

const BOUND_PORT_RE = /Running mode=\S+, port=(\d+)\./;
const ADDR_IN_USE_RE = /Address already in use/;

/** The log text written since `offset` (at most the last 64 KiB of it). */
export function readLogSince(logfile: string, offset = 0): string {
  let fd: number;
  try {
    fd = openSync(logfile, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(logfile).size;
    const start = Math.max(offset, size - 65536);
    if (size <= start) return '';
    const buf = Buffer.alloc(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last `lines` lines of a log (since `offset`), for error messages. */
export function logTail(logfile: string, lines = 15, offset = 0): string {
  const text = readLogSince(logfile, offset).replace(/\n+$/, '');
  if (text === '') return '';
  return text.split('\n').slice(-lines).join('\n');
}

/** The port a node started with `port 0` reports in its log, or null. */
export function boundPortFromLog(text: string): number | null {
  const m = BOUND_PORT_RE.exec(text);
  return m ? Number(m[1]) : null;
}

type Probe = { ok: true } | { ok: false; why: string; auth?: boolean };

async function probe(host: string, port: number, password: string | undefined, timeoutMs: number): Promise<Probe> {
  let c: RespClient;
  try {
    c = await RespClient.connect({ host, port, timeoutMs });
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
  // RespClient.close() leaves pending replies unsettled, so the budget is a race, not a close.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Probe>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, why: `no reply within ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = async (): Promise<Probe> => {
    if (password !== undefined) {
      const r = await c.send('AUTH', password);
      if (r instanceof RespErrorReply) return { ok: false, why: `AUTH: ${r.message}`, auth: !r.message.startsWith('LOADING') };
    }
    const r = await c.send('PING');
    if (r instanceof RespErrorReply) return { ok: false, why: `PING: ${r.message}`, auth: r.message.startsWith('NOAUTH') };
    return String(r) === 'PONG' ? { ok: true } : { ok: false, why: `PING: unexpected reply ${String(r)}` };
  };
  try {
    return await Promise.race([attempt().catch((e: Error) => ({ ok: false, why: e.message }) as Probe), expired]);
  } finally {
    clearTimeout(timer);
    c.close();
  }
}

/**
 * Resolves with the node's port once it answers PING; throws NodeNotReadyError when the
 * process exits, its port is busy, authentication fails, or the budget runs out.
 */
export async function waitUntilReady(opts: ReadyOptions): Promise<{ port: number }> {
  const host = opts.host ?? '127.0.0.1';
  const interval = opts.intervalMs ?? 10;
  const deadline = Date.now() + opts.timeoutMs;
  const offset = opts.logOffset ?? 0;
  let port = opts.port;
  let lastWhy = 'no answer yet';
  for (;;) {
    const log = readLogSince(opts.logfile, offset);
    const tail = (): string => logTail(opts.logfile, 15, offset);
    if (ADDR_IN_USE_RE.test(log)) {
      throw new NodeNotReadyError('port-busy', `port ${port || '(auto)'} is already in use`, port, tail());
    }
    if (port === 0) port = boundPortFromLog(log) ?? 0;
    let exit = opts.exited?.() ?? null;
    if (exit === null && !isAlive(opts.pid) && opts.exited) {
      // The process is gone but its exit event has not been delivered yet: wait for the code.
      for (let i = 0; i < 20 && exit === null; i++) {
        await new Promise((r) => setTimeout(r, 10));
        exit = opts.exited();
      }
    }
    if (exit !== null || !isAlive(opts.pid)) {
      const how = exit === null ? 'exited' : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      throw new NodeNotReadyError('exited', `process ${opts.pid} ${how} before answering PING`, port, tail(), exit?.code ?? null);
    }
    if (port !== 0) {
      const left = deadline - Date.now();
      const r = await probe(host, port, opts.password, Math.max(50, Math.min(1000, left)));
      if (r.ok) return { port };
      lastWhy = r.why;
      if (r.auth) {
        throw new NodeNotReadyError('auth', `node on port ${port} rejected us: ${r.why}`, port, tail());
      }
    }
    if (Date.now() >= deadline) {
      const what = port === 0 ? 'never logged its port' : `never answered PING (${lastWhy})`;
      throw new NodeNotReadyError('timeout', `process ${opts.pid} ${what} within ${opts.timeoutMs} ms`, port, tail());
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
