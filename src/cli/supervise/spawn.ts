// Starts detached child processes: server nodes (stdout/stderr appended to the node's
// logfile) and the watchdog. The only module that runs execa; everything else sees pids.

import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { isNodeScript } from '../settings.js';

export interface SpawnNodeOptions {
  /** Settings.server: the bundled rctl-server.js, another .js file, or a redis-server path/name. */
  server: string;
  confPath: string;
  logfile: string;
  /** Working directory (the node's dir). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface SpawnedNode {
  pid: number;
  /** Size of the logfile before the node started: readiness only looks at what follows. */
  logOffset: number;
  /** Set once the process has exited (while this process still watches it). */
  exit: { code: number | null; signal: string | null } | null;
}

/** The command line that runs `server` on a conf file: `.js` servers run with this Node. */
export function serverCommand(server: string, confPath: string): { file: string; args: string[] } {
  if (isNodeScript(server)) return { file: process.execPath, args: [server, confPath] };
  return { file: server, args: [confPath] };
}

/**
 * The executable that will run: the server itself if it is a path, else the first match on
 * PATH. Throws SpawnError('ENOENT') before anything is started when there is none.
 */
export function resolveServer(server: string, env: NodeJS.ProcessEnv = process.env): string {
  const runnable = (p: string, mode: number): boolean => {
    try {
      accessSync(p, mode);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (isNodeScript(server)) {
    if (runnable(server, constants.R_OK)) return server;
    throw new SpawnError(`server script ${server} not found`, 'ENOENT');
  }
  if (server.includes('/')) {
    if (runnable(server, constants.X_OK)) return server;
    throw new SpawnError(`server binary ${server} not found or not executable`, 'ENOENT');
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, server);
    if (runnable(p, constants.X_OK)) return p;
  }
  throw new SpawnError(`server '${server}' not found on PATH`, 'ENOENT');
}

export class SpawnError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

interface DetachedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** File descriptor for stdout and stderr; 'ignore' when absent. */
  outFd?: number;
}

/**
 * Spawns `file args` in its own process group, not tied to this process's lifetime (unref'd,
 * no execa cleanup), so the node outlives `rctl up`. Resolves once the OS has started it.
 */
async function spawnDetached(file: string, args: string[], opts: DetachedOptions): Promise<{ pid: number; child: ReturnType<typeof execa> }> {
  // A raw descriptor goes to the child as is (execa passes a single integer through to
  // spawn; its types only list 1 and 2). Execa's {file} form would pipe through this process,
  // which exits long before the node does.
  const out = opts.outFd === undefined ? 'ignore' : (opts.outFd as never);
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: opts.env === undefined,
    detached: true,
    cleanup: false,
    reject: false,
    stdin: 'ignore',
    stdout: out,
    stderr: out,
    buffer: false,
  });
  // With reject:false the promise resolves on exit or spawn failure; never let it go unhandled.
  child.catch(() => {});
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (e: NodeJS.ErrnoException) => {
      reject(new SpawnError(`cannot run ${file}: ${e.message}`, e.code));
    });
  });
  child.unref();
  return { pid: child.pid!, child };
}

/** Starts one server node on its conf file; output goes to the end of its logfile. */
export async function spawnNode(opts: SpawnNodeOptions): Promise<SpawnedNode> {
  let logOffset = 0;
  try {
    logOffset = statSync(opts.logfile).size;
  } catch {
    // No log yet.
  }
  const fd = openSync(opts.logfile, 'a');
  try {
    const { file, args } = serverCommand(opts.server, opts.confPath);
    const { pid, child } = await spawnDetached(file, args, { cwd: opts.cwd, env: opts.env, outFd: fd });
    const node: SpawnedNode = { pid, logOffset, exit: null };
    child.once('exit', (code: number | null, signal: string | null) => {
      node.exit = { code, signal };
    });
    return node;
  } finally {
    closeSync(fd);
  }
}

/** Starts a Node script detached with no output (the watchdog). */
export async function spawnNodeScript(script: string, args: string[], cwd: string): Promise<number> {
  const { pid } = await spawnDetached(process.execPath, [script, ...args], { cwd });
  return pid;
}
