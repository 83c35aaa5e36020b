// Stops a node and makes sure its process is gone: SHUTDOWN over the wire, then SIGTERM, then
// SIGKILL after the grace period. A paused node (SIGSTOP) gets SIGCONT first, since a stopped
// process cannot handle SHUTDOWN or SIGTERM; a hung one ends with SIGKILL.

import { unlinkSync } from 'node:fs';
import { RespClient, RespErrorReply } from '../../shared/resp-client.js';
import { isAlive, isOurNode, isPaused, type NodeIdentity } from './pidfile.js';

export type StopOutcome = 'not-running' | 'shutdown' | 'sigterm' | 'sigkill';

export interface StopOptions {
  pid: number | null;
  host?: string;
  port: number;
  password?: string;
  /** How to check that pid is still this node before signalling it. */
  identity: NodeIdentity;
  /** SHUTDOWN SAVE instead of NOSAVE (sets with --persist). */
  save?: boolean;
  /**
   * SHUTDOWN ... NOW: do not wait (up to shutdown-timeout, 10 s) for lagging replicas to
   * catch up. For tearing a whole set down, where a paused or hung replica never would.
   */
  now?: boolean;
  /** Budget for each step before escalating; default 3000 ms. */
  graceMs?: number;
  /** Removed once the process is gone (SIGKILL leaves it behind). */
  pidfile?: string;
}

export class StopError extends Error {
  constructor(
    message: string,
    readonly pid: number,
  ) {
    super(message);
    this.name = 'StopError';
  }
}

/** Polls until pid is gone; true if it went within timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number, intervalMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

/**
 * Sends SHUTDOWN. True when the node acted on it (closed the connection); false when it
 * could not be reached, refused (an error reply) or did not react within the budget (hung).
 */
async function sendShutdown(opts: StopOptions, budgetMs: number): Promise<boolean> {
  let c: RespClient;
  try {
    c = await RespClient.connect({ host: opts.host ?? '127.0.0.1', port: opts.port, timeoutMs: budgetMs });
  } catch {
    return false;
  }
  // RespClient.close() leaves pending replies unsettled, so the budget is a race, not a close.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
  });
  const attempt = async (): Promise<boolean> => {
    if (opts.password !== undefined) {
      const r = await c.send('AUTH', opts.password);
      if (r instanceof RespErrorReply) return false;
    }
    // A successful SHUTDOWN never replies: the server closes the connection.
    const r = await c.send('SHUTDOWN', opts.save ? 'SAVE' : 'NOSAVE', ...(opts.now ? ['NOW'] : []));
    return !(r instanceof RespErrorReply);
  };
  try {
    const r = await Promise.race([attempt().catch(() => true), expired]);
    return r === 'timeout' ? false : r;
  } finally {
    clearTimeout(timer);
    c.close();
  }
}

/**
 * Stops the node and resolves with how it went; throws StopError only if the process
 * survived SIGKILL. A pid that no longer runs this node is left alone ('not-running').
 */
export async function stopNode(opts: StopOptions): Promise<StopOutcome> {
  const grace = opts.graceMs ?? 3000;
  const pid = opts.pid;
  const cleanPidfile = (): void => {
    if (!opts.pidfile) return;
    try {
      unlinkSync(opts.pidfile);
    } catch {
      // Removed by the server itself.
    }
  };
  if (pid === null || !isOurNode(pid, { ...opts.identity, port: opts.port })) {
    cleanPidfile();
    return 'not-running';
  }
  if (isPaused(pid)) signal(pid, 'SIGCONT');
  // A master's SHUTDOWN waits for its replicas' ACKs first (about 1 s here, 2 s with Redis
  // 7.0.15, longer on a loaded machine): the whole grace period, before calling it hung.
  const accepted = await sendShutdown(opts, grace);
  if (accepted && (await waitForExit(pid, grace))) {
    cleanPidfile();
    return 'shutdown';
  }
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, grace)) {
    cleanPidfile();
    return 'sigterm';
  }
  signal(pid, 'SIGKILL');
  if (await waitForExit(pid, Math.max(grace, 2000))) {
    cleanPidfile();
    return 'sigkill';
  }
  throw new StopError(`process ${pid} survived SIGKILL`, pid);
}

/** SIGKILL without asking (rctl kill, watchdog): resolves once the process is gone. */
export async function killNode(pid: number | null, identity: NodeIdentity, timeoutMs = 2000): Promise<boolean> {
  if (pid === null || !isOurNode(pid, identity)) return false;
  signal(pid, 'SIGKILL');
  if (!(await waitForExit(pid, timeoutMs))) throw new StopError(`process ${pid} survived SIGKILL`, pid);
  return true;
}
