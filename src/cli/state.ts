// The state file of a set, <dir>/<name>/state.json: which nodes `rctl up` started, on which
// ports and pids, with which files. Written atomically (temp file + rename) so a reader never
// sees half a file; the password itself stays in the node confs (mode 600), never here.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from './errors.js';
import type { PlannedNode } from './topology.js';

export const STATE_FILE = 'state.json';
export const STATE_VERSION = 1;

export interface NodeState {
  name: string;
  role: 'master' | 'replica';
  /** Name of the upstream node (replicas). */
  replicaOf?: string;
  host: '127.0.0.1';
  port: number;
  /** Pid of the running process; null once stopped or killed by rctl. */
  pid: number | null;
  dir: string;
  confPath: string;
  logfile: string;
  pidfile: string;
  dbfilename: string;
  rdbPath: string;
  /** The node's own directives from the config file, kept for re-rendering. */
  directives: Record<string, string>;
}

export interface SetState {
  version: number;
  name: string;
  /** Absolute <dir>/<name>. */
  setDir: string;
  createdAt: string;
  updatedAt: string;
  /** Settings.server at `up` time: later starts run the same binary. */
  server: string;
  /** Whether the nodes require a password (read from the confs when needed). */
  password: boolean;
  persist: boolean;
  template?: string;
  /** Ports were chosen with --port auto. */
  autoPorts: boolean;
  nodes: NodeState[];
  /** The programmatic API's watchdog process, if any. */
  watchdogPid?: number;
}

export interface SetLocation {
  dir: string;
  name: string;
}

export function setDirOf(loc: SetLocation): string {
  return resolve(loc.dir, loc.name);
}

export function statePath(loc: SetLocation): string {
  return join(setDirOf(loc), STATE_FILE);
}

export function nodeStateFrom(p: PlannedNode, pid: number | null): NodeState {
  const n: NodeState = {
    name: p.name,
    role: p.role,
    host: p.host,
    port: p.port,
    pid,
    dir: p.dir,
    confPath: p.confPath,
    logfile: p.logfile,
    pidfile: p.pidfile,
    dbfilename: p.dbfilename,
    rdbPath: p.rdbPath,
    directives: { ...p.directives },
  };
  if (p.replicaOf !== undefined) n.replicaOf = p.replicaOf;
  return n;
}

/** The planned form of a node as recorded, for re-rendering its conf. */
export function plannedFrom(state: SetState, n: NodeState): PlannedNode {
  const p: PlannedNode = {
    name: n.name,
    role: n.role,
    directives: { ...n.directives },
    port: n.port,
    host: n.host,
    dir: n.dir,
    confPath: n.confPath,
    pidfile: n.pidfile,
    logfile: n.logfile,
    dbfilename: n.dbfilename,
    rdbPath: n.rdbPath,
  };
  if (n.replicaOf !== undefined) {
    p.replicaOf = n.replicaOf;
    const up = state.nodes.find((x) => x.name === n.replicaOf);
    if (up) p.upstreamPort = up.port;
  }
  return p;
}

function parseState(path: string, text: string): SetState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CliError('E_IO', `cannot parse ${path}: ${(e as Error).message}`, 'remove the set with `rctl down --purge` or delete the file');
  }
  const s = raw as Partial<SetState>;
  if (typeof s !== 'object' || s === null || !Array.isArray(s.nodes) || typeof s.name !== 'string') {
    throw new CliError('E_IO', `${path} is not an rctl state file`, 'remove the set with `rctl down --purge` or delete the file');
  }
  if (s.version !== STATE_VERSION) {
    throw new CliError('E_IO', `${path} has state version ${String(s.version)}, this rctl reads ${STATE_VERSION}`, 'stop the set with the rctl that started it');
  }
  return s as SetState;
}

/** The set's state, or null when there is none. */
export function loadState(loc: SetLocation): SetState | null {
  const path = statePath(loc);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError('E_IO', `cannot read ${path}: ${(e as Error).message}`, 'check the permissions of --dir');
  }
  return parseState(path, text);
}

/** The set's state; E_NOT_RUNNING with a hint when `rctl up` never ran for it. */
export function requireState(loc: SetLocation): SetState {
  const s = loadState(loc);
  if (s) return s;
  const others = listSets(loc.dir)
    .filter((x) => x.state !== null)
    .map((x) => x.name);
  const hint =
    others.length > 0
      ? `sets under ${resolve(loc.dir)}: ${others.join(', ')} (pick one with --name)`
      : `start one with \`rctl up <topology>\`, or point --dir/--name (RCTL_DIR/RCTL_NAME) at an existing set`;
  throw new CliError('E_NOT_RUNNING', `no set '${loc.name}' under ${resolve(loc.dir)}`, hint);
}

/** Writes the state atomically: a reader sees the old or the new file, never a partial one. */
export function saveState(state: SetState): void {
  state.updatedAt = new Date().toISOString();
  const path = join(state.setDir, STATE_FILE);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(state.setDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CliError('E_IO', `cannot write ${path}: ${(e as Error).message}`, 'check that --dir is writable');
  }
}

export function removeState(state: SetState): void {
  rmSync(join(state.setDir, STATE_FILE), { force: true });
}

export interface ListedSet {
  name: string;
  setDir: string;
  state: SetState | null;
  /** Why the state could not be read, if it exists but is broken. */
  error?: string;
}

/** Every set under dir (a subdirectory with a state.json), sorted by name. */
export function listSets(dir: string): ListedSet[] {
  const base = resolve(dir);
  let entries: string[];
  try {
    entries = readdirSync(base, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const out: ListedSet[] = [];
  for (const name of entries) {
    const setDir = join(base, name);
    if (!existsSync(join(setDir, STATE_FILE))) continue;
    try {
      out.push({ name, setDir, state: loadState({ dir: base, name }) });
    } catch (e) {
      out.push({ name, setDir, state: null, error: (e as Error).message });
    }
  }
  return out;
}

/** A node by port (`6380`) or name (`replica-1`); E_UNKNOWN_NODE listing the set's nodes. */
export function findNode(state: SetState, ref: string | number): NodeState {
  const text = String(ref).trim();
  const byPort = /^\d+$/.test(text) ? state.nodes.find((n) => n.port === Number(text)) : undefined;
  const node = byPort ?? state.nodes.find((n) => n.name === text);
  if (node) return node;
  const known = state.nodes.map((n) => `${n.port} (${n.name})`).join(', ');
  throw new CliError('E_UNKNOWN_NODE', `no node ${text} in set '${state.name}'`, `nodes of this set: ${known}`);
}

/** The current master (the node without replicaOf). */
export function masterOf(state: SetState): NodeState {
  const m = state.nodes.find((n) => n.role === 'master');
  if (!m) throw new CliError('E_INTERNAL', `state of set '${state.name}' has no master`);
  return m;
}

/** `requirepass` from a rendered conf (double- or single-quoted values unescaped), or undefined. */
export function readConfPassword(confPath: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(confPath, 'latin1');
  } catch {
    return undefined;
  }
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*requirepass\s+(.*?)\s*$/i.exec(line);
    if (m) found = unquote(m[1]!);
  }
  return found === '' ? undefined : found;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_, hex: string | undefined, ch: string | undefined) => {
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      return ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[ch!] ?? ch!;
    });
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/\\'/g, "'");
  return v;
}

/** The password for talking to the set's nodes: --password if given, else the master's conf. */
export function passwordFor(state: SetState, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  if (!state.password) return undefined;
  for (const n of state.nodes) {
    const pw = readConfPassword(n.confPath);
    if (pw !== undefined) return pw;
  }
  return undefined;
}
