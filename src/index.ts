// Programmatic API for test fixtures: `import { up } from 'rctl'` starts a master/replica set
// (free ports by default) and returns a handle to inspect, fail over, break and tear it down.
// A watchdog process kills the nodes if the calling process dies without calling down().

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchSet } from './cli/commands/up.js';
import { teardownSet } from './cli/commands/down.js';
import { runNodeAction, type NodeAction } from './cli/commands/node.js';
import { promoteNode, type PromoteResult } from './cli/commands/promote.js';
import { CliError } from './cli/errors.js';
import { BUNDLED_SERVER } from './cli/settings.js';
import { findNode, loadState, passwordFor, requireState, saveState, statePath, type NodeState, type SetState } from './cli/state.js';
import { collectStatus, NodeClients, SyncTimeoutError, waitForSync, type NodeStatus } from './cli/status.js';
import { startWatchdog, stopWatchdog } from './cli/supervise/watchdog.js';
import { checkTopology, parseShorthand, type NodeSpec, type TopologySpec } from './cli/topology.js';

export { CliError, EXIT_CODES, type CliErrorCode } from './cli/errors.js';
export type { NodeStatus, ReplicaLine } from './cli/status.js';
export type { PromoteResult, PromoteNodeReport, ResyncKind } from './cli/commands/promote.js';
export type { NodeSpec, TopologySpec } from './cli/topology.js';

/** A node as given in a topology object; role follows from replicaOf. */
export interface NodeInput {
  name: string;
  /** Name of the upstream node; absent for the master. */
  replicaOf?: string;
  /** Extra redis.conf directives for this node. */
  directives?: Record<string, string | number | boolean>;
}

/** `'1-master-2-replicas'` or a tree of nodes (chained replicas allowed). */
export type TopologyInput = string | { nodes: NodeInput[] };

export interface UpOptions {
  /** Where the set's files live; default: a new temp directory, removed by down(). */
  dir?: string;
  /** Set name (a subdirectory of dir); default 'default'. */
  name?: string;
  /** First port (consecutive ports) or 'auto' for free ports; default 'auto'. */
  port?: number | 'auto';
  /** requirepass on every node, masterauth on replicas. */
  password?: string;
  /** Another redis-server compatible binary (path or name on PATH); default the bundled server. */
  server?: string;
  /** An eta template replacing templates/node.conf.tmpl. */
  template?: string;
  /** Keep Redis's save points. */
  persist?: boolean;
  /** Budget for starting and syncing, in ms; default 30000. */
  timeoutMs?: number;
  /** Kill the nodes when this process dies without down(); default true. */
  watchdog?: boolean;
}

export interface NodeHandle {
  name: string;
  host: string;
  port: number;
  role: 'master' | 'replica';
  /** Name of the upstream node (replicas). */
  replicaOf: string | null;
  /** Pid of the node process, null while stopped. */
  pid: number | null;
  /** `redis://127.0.0.1:<port>` (with the password when the set has one). */
  url: string;
}

export interface DownOptions {
  /** Remove the set's directory; default true when up() created a temp dir. */
  purge?: boolean;
}

export interface ReplicaSet {
  readonly name: string;
  readonly dir: string;
  /** `<dir>/<name>`, holding state.json and one directory per node. */
  readonly setDir: string;
  /** Every node, the master first; re-read from the state file, so it follows promotions. */
  readonly nodes: NodeHandle[];
  readonly master: NodeHandle;
  readonly replicas: NodeHandle[];
  /** A node by port or name. */
  node(ref: number | string): NodeHandle;
  /** Makes the replica the master (coordinated unless the master is down or force is set). */
  promote(ref: number | string, opts?: { force?: boolean; timeoutMs?: number }): Promise<PromoteResult>;
  /** SHUTDOWN (then SIGTERM/SIGKILL) one node. */
  stop(ref: number | string): Promise<void>;
  /** Starts a stopped node and waits until it answers PING and its links are up. */
  start(ref: number | string, opts?: { timeoutMs?: number; waitForSync?: boolean }): Promise<void>;
  restart(ref: number | string, opts?: { timeoutMs?: number; waitForSync?: boolean }): Promise<void>;
  /** SIGKILL one node (a crash). */
  kill(ref: number | string): Promise<void>;
  /** SIGSTOP one node (a hung server). */
  pause(ref: number | string): Promise<void>;
  /** SIGCONT a paused node. */
  resume(ref: number | string): Promise<void>;
  /** Waits until every running replica's link is up, listed online, and caught up. */
  waitForSync(opts?: { timeoutMs?: number }): Promise<void>;
  /** One poll of every node (role, link, offset, lag, replid...). */
  status(): Promise<NodeStatus[]>;
  /** Stops every node (no process left behind) and, with purge, removes the files. */
  down(opts?: DownOptions): Promise<void>;
}

function toTopology(t: TopologyInput): TopologySpec {
  if (typeof t === 'string') return parseShorthand(t);
  const problems = checkTopology(t.nodes as never);
  if (problems.length > 0) throw new CliError('E_CONFIG', 'invalid topology', 'fix the listed nodes', { details: problems.join('\n') });
  const nodes: NodeSpec[] = t.nodes.map((n) => {
    const directives: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.directives ?? {})) directives[k] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
    const spec: NodeSpec = { name: n.name, role: n.replicaOf === undefined ? 'master' : 'replica', directives };
    if (n.replicaOf !== undefined) spec.replicaOf = n.replicaOf;
    return spec;
  });
  return { nodes };
}

class ReplicaSetHandle implements ReplicaSet {
  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly password: string | undefined,
    private readonly timeoutMs: number,
    private readonly ownsDir: boolean,
  ) {}

  get setDir(): string {
    return resolve(this.dir, this.name);
  }

  private state(): SetState {
    return requireState({ dir: this.dir, name: this.name });
  }

  private handle(n: NodeState): NodeHandle {
    const auth = this.password !== undefined ? `:${encodeURIComponent(this.password)}@` : '';
    return { name: n.name, host: n.host, port: n.port, role: n.role, replicaOf: n.replicaOf ?? null, pid: n.pid, url: `redis://${auth}${n.host}:${n.port}` };
  }

  get nodes(): NodeHandle[] {
    const s = this.state();
    const ordered = [...s.nodes.filter((n) => n.role === 'master'), ...s.nodes.filter((n) => n.role !== 'master')];
    return ordered.map((n) => this.handle(n));
  }

  get master(): NodeHandle {
    return this.nodes[0]!;
  }

  get replicas(): NodeHandle[] {
    return this.nodes.filter((n) => n.role === 'replica');
  }

  node(ref: number | string): NodeHandle {
    return this.handle(findNode(this.state(), ref));
  }

  async promote(ref: number | string, opts: { force?: boolean; timeoutMs?: number } = {}): Promise<PromoteResult> {
    return promoteNode(this.state(), ref, {
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      force: opts.force === true,
      ...(this.password !== undefined ? { password: this.password } : {}),
    });
  }

  private async act(ref: number | string, action: NodeAction, opts: { timeoutMs?: number; waitForSync?: boolean } = {}): Promise<void> {
    await runNodeAction(this.state(), ref, action, {
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      waitSync: opts.waitForSync !== false,
      ...(this.password !== undefined ? { password: this.password } : {}),
    });
  }

  stop(ref: number | string): Promise<void> {
    return this.act(ref, 'stop');
  }
  start(ref: number | string, opts?: { timeoutMs?: number; waitForSync?: boolean }): Promise<void> {
    return this.act(ref, 'start', opts);
  }
  restart(ref: number | string, opts?: { timeoutMs?: number; waitForSync?: boolean }): Promise<void> {
    return this.act(ref, 'restart', opts);
  }
  kill(ref: number | string): Promise<void> {
    return this.act(ref, 'kill');
  }
  pause(ref: number | string): Promise<void> {
    return this.act(ref, 'pause');
  }
  resume(ref: number | string): Promise<void> {
    return this.act(ref, 'resume');
  }

  async waitForSync(opts: { timeoutMs?: number } = {}): Promise<void> {
    const state = this.state();
    const statuses = await collectStatus(state, { ...(this.password !== undefined ? { password: this.password } : {}) });
    const only = new Set(statuses.filter((s) => s.health === 'up').map((s) => s.name));
    const clients = new NodeClients(passwordFor(state, this.password), 1000);
    try {
      await waitForSync(state, { clients, timeoutMs: opts.timeoutMs ?? this.timeoutMs, only });
    } catch (e) {
      if (e instanceof SyncTimeoutError) throw new CliError('E_TIMEOUT', e.message, 'check the nodes with status()');
      throw e;
    } finally {
      clients.close();
    }
  }

  status(): Promise<NodeStatus[]> {
    return collectStatus(this.state(), this.password !== undefined ? { password: this.password } : {});
  }

  async down(opts: DownOptions = {}): Promise<void> {
    const state = loadState({ dir: this.dir, name: this.name });
    const purge = opts.purge ?? this.ownsDir;
    if (state) await teardownSet(state, { purge, ...(this.password !== undefined ? { password: this.password } : {}) });
    // The temp dir up() made holds nothing but this set.
    if (purge && this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Starts a set and resolves once every replica is linked and in sync. On failure every node
 * started is stopped again and the CliError says which node and what never became ready.
 */
export async function up(topology: TopologyInput, options: UpOptions = {}): Promise<ReplicaSet> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir === undefined ? mkdtempSync(join(tmpdir(), 'rctl-')) : resolve(options.dir);
  const name = options.name ?? 'default';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const settings = {
    dir,
    name,
    port: options.port ?? ('auto' as const),
    server: options.server === undefined ? BUNDLED_SERVER : options.server.includes('/') ? resolve(options.server) : options.server,
    persist: options.persist === true,
    timeoutMs,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.template !== undefined ? { template: resolve(options.template) } : {}),
  };
  const state = await launchSet({ settings, topology: toTopology(topology) });
  if (options.watchdog !== false) {
    const pid = await startWatchdog(statePath({ dir, name }), ownsDir ? { purgeDir: dir } : {});
    state.watchdogPid = pid;
    saveState(state);
  }
  return new ReplicaSetHandle(name, dir, options.password, timeoutMs, ownsDir);
}

/** A handle on a set started elsewhere (another process, or `rctl up`), by its dir and name. */
export function attach(opts: { dir: string; name?: string; password?: string; timeoutMs?: number }): ReplicaSet {
  const name = opts.name ?? 'default';
  const dir = resolve(opts.dir);
  requireState({ dir, name });
  return new ReplicaSetHandle(name, dir, opts.password, opts.timeoutMs ?? 30_000, false);
}

/** Stops a set by dir and name (e.g. in a globalSetup teardown that only kept the dir). */
export async function down(opts: { dir: string; name?: string; password?: string; purge?: boolean }): Promise<void> {
  const state = loadState({ dir: resolve(opts.dir), name: opts.name ?? 'default' });
  if (!state) return;
  stopWatchdog(state.watchdogPid);
  await teardownSet(state, { purge: opts.purge === true, ...(opts.password !== undefined ? { password: opts.password } : {}) });
}
