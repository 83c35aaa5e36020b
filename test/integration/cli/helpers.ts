// Shared by the CLI integration and interop tests: run the built bin/rctl.js with plain output,
// read a set's state file, and tear every set a test started down in afterEach (rctl down,
// then SIGKILL by pid from the state file, so nothing outlives a failed test).

import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type Result } from 'execa';
import { afterEach } from 'vitest';
import type { NodeState, SetState } from '../../../src/cli/state.js';
import { CLI_BIN, tempDir } from '../../helpers/processes.js';

/** The state file as the CLI writes it (src/cli/state.ts). */
export type StateNode = NodeState;
export type StateFile = SetState;

export type RctlResult = Result<{ reject: false }>;

/** A temp project dir (package.json stops the config search) with a `.rctl` state dir. */
export function project(prefix = 'rctl-cli-'): string {
  const d = tempDir(prefix);
  writeFileSync(join(d, 'package.json'), '{"name":"fixture"}');
  return d;
}

const sets = new Set<string>();

/** Runs the CLI in cwd with FORCE_COLOR=0 and CI=1 and without RCTL_* from the outer env. */
export async function rctl(cwd: string, args: string[], env: Record<string, string> = {}): Promise<RctlResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RCTL_') && k !== 'NO_COLOR'));
  const dir = dirOf(cwd, args, env);
  sets.add(`${cwd}\0${dir}\0${nameOf(args, env)}`);
  return execa(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...base, FORCE_COLOR: '0', CI: '1', ...env }, extendEnv: false, reject: false }) as Promise<RctlResult>;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function dirOf(cwd: string, args: string[], env: Record<string, string>): string {
  const d = flag(args, '--dir') ?? env.RCTL_DIR ?? '.rctl';
  return d.startsWith('/') ? d : join(cwd, d);
}

function nameOf(args: string[], env: Record<string, string>): string {
  return flag(args, '--name') ?? env.RCTL_NAME ?? 'default';
}

/** Asserts exit code 0, showing the CLI's stderr when it is not. */
export function ok(r: RctlResult): RctlResult {
  if (r.exitCode !== 0) throw new Error(`rctl ${r.command} exited with ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  return r;
}

export function readState(dir: string, name = 'default'): StateFile {
  return JSON.parse(readFileSync(join(dir, name, 'state.json'), 'utf8')) as StateFile;
}

export function tryReadState(dir: string, name = 'default'): StateFile | null {
  try {
    return readState(dir, name);
  } catch {
    return null;
  }
}

export function nodeByName(state: StateFile, name: string): StateNode {
  const n = state.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name} in ${JSON.stringify(state.nodes.map((x) => x.name))}`);
  return n;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/\)\s+[ZX]/.test(stat.slice(stat.lastIndexOf(')')));
  } catch {
    return false;
  }
}

/** Pids recorded for a set (nodes and watchdog), to check that none survives. */
export function recordedPids(state: StateFile): number[] {
  const pids = state.nodes.map((n) => n.pid).filter((p): p is number => p !== null);
  if (state.watchdogPid !== undefined) pids.push(state.watchdogPid);
  return pids;
}

function belongsTo(pid: number, dir: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(dir)) return true;
    return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
  } catch {
    return false;
  }
}

/** Registers the afterEach that downs every set a test touched and kills leftovers by pid. */
export function useSetCleanup(): void {
  afterEach(async () => {
    const all = [...sets];
    sets.clear();
    for (const key of all) {
      const [cwd, dir, name] = key.split('\0') as [string, string, string];
      const before = tryReadState(dir, name);
      if (!before) continue;
      const seen = new Set<number>(recordedPids(before));
      await execa(process.execPath, [CLI_BIN, '--dir', dir, '--name', name, 'down'], { cwd, reject: false, env: { FORCE_COLOR: '0', CI: '1' } });
      for (const pid of seen) {
        // Only what still runs inside this set's directory: pids get reused.
        if (!belongsTo(pid, dir)) continue;
        try {
          process.kill(pid, 'SIGCONT');
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone, as it should be.
        }
      }
    }
  });
}
