// Pids of running nodes: reading pidfiles, liveness, and checking that a pid still belongs to
// our node (pids get reused) through /proc/<pid>/cmdline and /proc/<pid>/cwd on Linux.

import { readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';

/** The pid written by the server into its pidfile, or null. */
export function readPidfile(path: string): number | null {
  try {
    const n = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** One-letter process state from /proc/<pid>/stat (R, S, D, T, t, Z, X), or null. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name in parentheses may hold spaces and ')': the state follows the last ')'.
    const m = /\)\s+(\S)/.exec(stat.slice(stat.lastIndexOf(')')));
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** Alive and not a zombie. A process we may not signal (EPERM) counts as alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procState(pid);
  return st !== 'Z' && st !== 'X';
}

/** Stopped by SIGSTOP (rctl pause) or a debugger. */
export function isPaused(pid: number): boolean {
  const st = procState(pid);
  return st === 'T' || st === 't';
}

export function processCmdline(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    return raw.split('\0').filter((s) => s !== '');
  } catch {
    return null;
  }
}

function processCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

export interface NodeIdentity {
  confPath: string;
  /** The node's directory: both rctl-server and redis-server chdir into `dir`. */
  dir: string;
  port?: number;
}

/**
 * Whether pid is alive and runs this node. rctl-server keeps its conf path in argv;
 * redis-server rewrites its title to `redis-server 127.0.0.1:<port>` but its cwd is the node
 * dir. Without /proc (not Linux) liveness is all we can check.
 */
export function isOurNode(pid: number, node: NodeIdentity): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = processCmdline(pid);
  if (cmdline === null) return procState(pid) === null;
  const conf = resolve(node.confPath);
  if (cmdline.some((a) => a === conf || a === node.confPath)) return true;
  if (processCwd(pid) === resolve(node.dir)) return true;
  if (node.port !== undefined) {
    const title = cmdline.join(' ');
    if (title.includes(`:${node.port}`) && /redis|valkey|rctl/.test(title)) return true;
  }
  return false;
}

/** The pid of the running node: `known` if still ours, else the pidfile's if ours, else null. */
export function livePid(known: number | null | undefined, pidfile: string, node: NodeIdentity): number | null {
  if (known && isOurNode(known, node)) return known;
  const fromFile = readPidfile(pidfile);
  if (fromFile !== null && fromFile !== known && isOurNode(fromFile, node)) return fromFile;
  return null;
}
