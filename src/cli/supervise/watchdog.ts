// The programmatic API's watchdog: a tiny detached Node process, started per set, that waits
// for the test process (its parent) to die and then SIGKILLs the set's nodes, so fixtures
// never outlive a crashed or killed test run. Run as `node watchdog.js <parentPid> <state.json>
// [<dir to remove>]`.

import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAlive, isOurNode, processCmdline, procState } from './pidfile.js';
import { spawnNodeScript } from './spawn.js';

// Loaded from src/ (tests importing the sources), Node cannot run this .ts file: use the build.
const WATCHDOG_SCRIPT = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../../../dist/cli/supervise/watchdog.js', import.meta.url))
  : fileURLToPath(import.meta.url);
const POLL_MS = 100;

/**
 * Starts a watchdog for the set whose state file is statePath; resolves with its pid.
 * purgeDir (a temp dir the API created) is removed after the nodes are killed.
 */
export function startWatchdog(statePath: string, opts: { parentPid?: number; purgeDir?: string } = {}): Promise<number> {
  const args = [String(opts.parentPid ?? process.pid), statePath];
  if (opts.purgeDir !== undefined) args.push(opts.purgeDir);
  return spawnNodeScript(WATCHDOG_SCRIPT, args, dirname(statePath));
}

/** Stops a watchdog (the set was torn down normally). */
export function stopWatchdog(pid: number | undefined): void {
  if (pid === undefined) return;
  // Pids get reused: only signal a process that still runs this script.
  const cmdline = processCmdline(pid);
  if (cmdline !== null && !cmdline.includes(WATCHDOG_SCRIPT)) return;
  if (cmdline === null && procState(pid) === null && !isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

interface WatchedNode {
  pid: number | null;
  port: number;
  dir: string;
  confPath: string;
}

function readNodes(statePath: string): { nodes: WatchedNode[]; watchdogPid?: number } | null {
  try {
    return JSON.parse(readFileSync(statePath, 'utf8')) as { nodes: WatchedNode[]; watchdogPid?: number };
  } catch {
    return null;
  }
}

/** Kills every node recorded in the state file that is still ours (SIGCONT first for paused ones). */
export function killRecordedNodes(statePath: string): number {
  const state = readNodes(statePath);
  if (!state) return 0;
  let killed = 0;
  for (const n of state.nodes) {
    if (n.pid === null || !isOurNode(n.pid, n)) continue;
    try {
      process.kill(n.pid, 'SIGCONT');
      process.kill(n.pid, 'SIGKILL');
      killed++;
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}

function watch(parentPid: number, statePath: string, purgeDir: string | undefined): void {
  const timer = setInterval(() => {
    // Reparenting (ppid change) is immune to pid reuse; the liveness check covers platforms
    // where a detached child keeps its ppid.
    if (process.ppid === parentPid && isAlive(parentPid)) {
      const state = readNodes(statePath);
      // The set was torn down or taken over by another watchdog: nothing left to guard.
      if (state === null || (state.watchdogPid !== undefined && state.watchdogPid !== process.pid)) {
        clearInterval(timer);
      }
      return;
    }
    clearInterval(timer);
    killRecordedNodes(statePath);
    if (purgeDir !== undefined) {
      // Give the killed nodes a moment to release their files before removing the tree.
      setTimeout(() => rmSync(purgeDir, { recursive: true, force: true }), 200);
    }
  }, POLL_MS);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parentPid = Number(process.argv[2]);
  const statePath = process.argv[3];
  if (Number.isInteger(parentPid) && parentPid > 0 && statePath) watch(parentPid, statePath, process.argv[4]);
}
