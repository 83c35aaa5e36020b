// What every node of a set is doing right now, from INFO replication (and INFO stats), with
// dead and paused nodes reported as such; the text table and the --json shape of `rctl status`.
// Field meanings follow Redis's INFO replication (replication.c, genRedisInfoString).

import { RespClient, RespErrorReply } from '../shared/resp-client.js';
import type { NodeState, SetState } from './state.js';
import { isPaused, livePid } from './supervise/pidfile.js';
import { formatTable, type Ui } from './ui.js';

/** One `slaveN:` line of a node's INFO replication. */
export interface ReplicaLine {
  ip: string;
  port: number;
  state: string;
  offset: number;
  lag: number;
}

/** The fields of INFO replication (and INFO stats) that rctl works with. */
export interface ReplInfo {
  role: 'master' | 'replica';
  masterHost?: string;
  masterPort?: number;
  linkStatus?: 'up' | 'down';
  syncInProgress?: boolean;
  masterReplOffset: number;
  slaveReplOffset?: number;
  replid: string;
  replicas: ReplicaLine[];
  syncFull?: number;
  syncPartialOk?: number;
}

/** `field:value` lines of an INFO reply (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** `ip=127.0.0.1,port=6380,state=online,offset=42,lag=0`. */
export function parseReplicaLine(value: string): ReplicaLine | null {
  const f = new Map<string, string>();
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) f.set(part.slice(0, i), part.slice(i + 1));
  }
  const port = Number(f.get('port'));
  if (!f.has('port') || !Number.isInteger(port)) return null;
  return {
    ip: f.get('ip') ?? '',
    port,
    state: f.get('state') ?? '',
    offset: Number(f.get('offset') ?? 0),
    lag: Number(f.get('lag') ?? 0),
  };
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** INFO replication (optionally followed by INFO stats) text -> ReplInfo. */
export function parseReplication(text: string): ReplInfo {
  const f = parseInfo(text);
  const replicas: ReplicaLine[] = [];
  for (const [k, v] of f) {
    if (/^slave\d+$/.test(k)) {
      const r = parseReplicaLine(v);
      if (r) replicas.push(r);
    }
  }
  const info: ReplInfo = {
    role: f.get('role') === 'slave' ? 'replica' : 'master',
    masterReplOffset: num(f.get('master_repl_offset')) ?? 0,
    replid: f.get('master_replid') ?? '',
    replicas,
  };
  if (info.role === 'replica') {
    info.masterHost = f.get('master_host') ?? '';
    const mp = num(f.get('master_port'));
    if (mp !== undefined) info.masterPort = mp;
    info.linkStatus = f.get('master_link_status') === 'up' ? 'up' : 'down';
    info.syncInProgress = f.get('master_sync_in_progress') === '1';
    const so = num(f.get('slave_repl_offset'));
    if (so !== undefined) info.slaveReplOffset = so;
  }
  const full = num(f.get('sync_full'));
  const partial = num(f.get('sync_partial_ok'));
  if (full !== undefined) info.syncFull = full;
  if (partial !== undefined) info.syncPartialOk = partial;
  return info;
}

/**
 * A node's own replication offset: what it has applied (replicas) or produced (masters). The
 * two agree along a link once the replica has everything its upstream wrote.
 */
export function ownOffset(info: ReplInfo): number {
  return info.role === 'replica' ? (info.slaveReplOffset ?? 0) : info.masterReplOffset;
}

/** Cached connections to a set's nodes, reconnected on demand; for polling loops. */
export class NodeClients {
  private readonly clients = new Map<number, RespClient>();

  constructor(
    private readonly password: string | undefined,
    readonly timeoutMs = 1000,
    private readonly host = '127.0.0.1',
  ) {}

  async get(port: number): Promise<RespClient> {
    const c = this.clients.get(port);
    if (c && !c.isClosed) return c;
    const nc = await RespClient.connect({ host: this.host, port, timeoutMs: this.timeoutMs });
    this.clients.set(port, nc);
    if (this.password !== undefined) {
      const r = await this.withTimeout(port, nc.send('AUTH', this.password), 'AUTH');
      if (r instanceof RespErrorReply) {
        this.drop(port);
        throw new Error(`AUTH: ${r.message}`);
      }
    }
    return nc;
  }

  private async withTimeout<T>(port: number, p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.drop(port);
            reject(new Error(`no reply to ${what} within ${this.timeoutMs} ms`));
          }, this.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends one command; rejects with RespReplyError on an error reply, on a closed connection,
   * or when no answer comes within the timeout (the connection is then dropped, so a hung
   * node never stalls the caller).
   */
  async call(port: number, ...args: Array<string | number>): Promise<unknown> {
    const c = await this.get(port);
    try {
      return await this.withTimeout(port, c.call(...args), String(args[0]));
    } catch (e) {
      if (c.isClosed) this.drop(port);
      throw e;
    }
  }

  /** INFO replication + stats of the node on port. */
  async replication(port: number): Promise<ReplInfo> {
    const [r, s] = await Promise.all([this.call(port, 'INFO', 'replication'), this.call(port, 'INFO', 'stats')]);
    return parseReplication(`${String(r)}\n${String(s)}`);
  }

  drop(port: number): void {
    this.clients.get(port)?.close();
    this.clients.delete(port);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

export type NodeHealth = 'up' | 'down' | 'paused' | 'unreachable';

export interface NodeStatus {
  name: string;
  host: string;
  port: number;
  pid: number | null;
  /** The process runs (paused or not). */
  alive: boolean;
  health: NodeHealth;
  /** Role as the node reports it; null when it could not be asked. */
  role: 'master' | 'replica' | null;
  /** The role and upstream recorded in the state file. */
  expectedRole: 'master' | 'replica';
  expectedUpstream: string | null;
  /** `host:port` of the upstream (replicas). */
  master: string | null;
  /** Name of the upstream node when it belongs to the set. */
  masterName: string | null;
  link: 'up' | 'down' | null;
  /** Replication offset: slave_repl_offset on replicas, master_repl_offset on masters. */
  offset: number | null;
  /** Seconds since the upstream last heard from this replica (its INFO `lag=`). */
  lag: number | null;
  /** Bytes this replica is behind its upstream (upstream offset - own offset). */
  behind: number | null;
  /** State of this replica as its upstream lists it (`online`, `wait_bgsave`, ...). */
  upstreamState: string | null;
  replid: string | null;
  /** Replicas this node serves, as it lists them. */
  replicas: ReplicaLine[];
  syncFull: number | null;
  syncPartialOk: number | null;
  error?: string;
}

export interface CollectOptions {
  password?: string;
  /** Per node; a hung node must not stall `rctl status`. Default 1000 ms. */
  timeoutMs?: number;
  clients?: NodeClients;
}

export function identityOf(n: NodeState): { confPath: string; dir: string; port: number } {
  return { confPath: n.confPath, dir: n.dir, port: n.port };
}

/** Polls every node of the set once, in parallel. */
export async function collectStatus(state: SetState, opts: CollectOptions = {}): Promise<NodeStatus[]> {
  const clients = opts.clients ?? new NodeClients(opts.password, opts.timeoutMs ?? 1000);
  try {
    const infos = await Promise.all(
      state.nodes.map(async (n): Promise<{ pid: number | null; paused: boolean; info: ReplInfo | null; error?: string }> => {
        const pid = livePid(n.pid, n.pidfile, identityOf(n));
        if (pid === null) return { pid, paused: false, info: null };
        if (isPaused(pid)) return { pid, paused: true, info: null };
        try {
          return { pid, paused: false, info: await clients.replication(n.port) };
        } catch (e) {
          clients.drop(n.port);
          return { pid, paused: false, info: null, error: (e as Error).message };
        }
      }),
    );
    const byPort = new Map<number, ReplInfo>();
    state.nodes.forEach((n, i) => {
      const info = infos[i]!.info;
      if (info) byPort.set(n.port, info);
    });
    const nameByPort = new Map(state.nodes.map((n) => [n.port, n.name]));
    return state.nodes.map((n, i) => {
      const { pid, paused, info, error } = infos[i]!;
      const health: NodeHealth = pid === null ? 'down' : paused ? 'paused' : info === null ? 'unreachable' : 'up';
      const st: NodeStatus = {
        name: n.name,
        host: n.host,
        port: n.port,
        pid,
        alive: pid !== null,
        health,
        role: info?.role ?? null,
        expectedRole: n.role,
        expectedUpstream: n.replicaOf ?? null,
        master: null,
        masterName: null,
        link: null,
        offset: info ? ownOffset(info) : null,
        lag: null,
        behind: null,
        upstreamState: null,
        replid: info?.replid ?? null,
        replicas: info?.replicas ?? [],
        syncFull: info?.syncFull ?? null,
        syncPartialOk: info?.syncPartialOk ?? null,
      };
      if (error !== undefined) st.error = error;
      if (info?.role === 'replica' && info.masterPort !== undefined) {
        st.master = `${info.masterHost}:${info.masterPort}`;
        st.masterName = nameByPort.get(info.masterPort) ?? null;
        st.link = info.linkStatus ?? 'down';
        const up = byPort.get(info.masterPort);
        const line = up?.replicas.find((r) => r.port === n.port);
        if (line) {
          st.lag = line.lag;
          st.upstreamState = line.state;
        }
        if (up && st.link === 'up') st.behind = Math.max(0, ownOffset(up) - (info.slaveReplOffset ?? 0));
      }
      return st;
    });
  } finally {
    if (!opts.clients) clients.close();
  }
}

export interface StatusReport {
  name: string;
  setDir: string;
  server: string;
  nodes: NodeStatus[];
}

export function statusReport(state: SetState, rows: NodeStatus[]): StatusReport {
  return { name: state.name, setDir: state.setDir, server: state.server, nodes: rows };
}

export const STATUS_HEADERS = ['NAME', 'PORT', 'PID', 'ALIVE', 'ROLE', 'MASTER', 'LINK', 'OFFSET', 'LAG', 'REPLID'] as const;

/** The replid's first 12 hex digits: enough to tell histories apart in a table. */
const REPLID_SHOWN = 12;

/** The text table of `rctl status` and `rctl up` (one row per node, colours from ui). */
export function formatStatusTable(rows: readonly NodeStatus[], ui: Pick<Ui, 'color'>): string[] {
  const c = ui.color;
  const dash = c.dim('-');
  const cells = rows.map((r) => {
    const alive = r.health === 'down' ? c.error('no') : r.health === 'paused' ? c.warn('paused') : r.health === 'unreachable' ? c.warn('hung?') : c.ok('yes');
    let role: string;
    if (r.health === 'down') role = c.error('down');
    else if (r.role === null) role = c.warn('?');
    else role = r.role === 'master' ? c.master('master') : c.replica('replica');
    const master = r.master === null ? dash : r.masterName ? `${r.master} (${r.masterName})` : r.master;
    const link = r.link === null ? dash : r.link === 'up' ? c.ok('up') : c.error('down');
    return [
      r.name,
      String(r.port),
      r.pid === null ? dash : String(r.pid),
      alive,
      role,
      master,
      link,
      r.offset === null ? dash : String(r.offset),
      r.lag === null ? dash : `${r.lag}s`,
      r.replid === null ? dash : r.replid.slice(0, REPLID_SHOWN),
    ];
  });
  return formatTable(STATUS_HEADERS, cells, { alignRight: [1, 2, 7, 8], header: (s) => c.bold(s) });
}

/** Problems worth a line under the table: nodes down, links down, roles not as recorded. */
export function statusProblems(rows: readonly NodeStatus[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const who = `${r.name} (port ${r.port})`;
    if (r.health === 'down') out.push(`${who} is down: start it with \`rctl start ${r.port}\``);
    else if (r.health === 'paused') out.push(`${who} is paused (SIGSTOP): resume it with \`rctl resume ${r.port}\``);
    else if (r.health === 'unreachable') out.push(`${who} runs but does not answer${r.error ? ` (${r.error})` : ''}`);
    else if (r.role !== r.expectedRole) out.push(`${who} is a ${r.role} but the set recorded it as ${r.expectedRole}`);
    else if (r.role === 'replica' && r.link !== 'up') out.push(`${who}: link to ${r.master} is down`);
  }
  return out;
}

/** Why a set is not in sync yet: the node, the field that is not ready, and its last value. */
export interface SyncProblem {
  node: string;
  port: number;
  field: string;
  expected: string;
  actual: string;
}

export function describeProblem(p: SyncProblem): string {
  return `${p.node} (port ${p.port}): ${p.field} is ${p.actual}, waiting for ${p.expected}`;
}

/**
 * Checks one poll round against the recorded topology: masters are masters; every replica
 * follows its upstream's port with master_link_status:up, is listed by the upstream as
 * state=online, and has at least the offset the upstream had in the previous round (equal
 * offsets when there is none): with writes running, "caught up with what the upstream had
 * when we last looked" is the strongest claim one poll can make.
 */
export function syncProblems(
  state: SetState,
  infos: ReadonlyMap<number, ReplInfo | Error>,
  previous?: ReadonlyMap<number, ReplInfo | Error>,
  only?: ReadonlySet<string>,
): SyncProblem[] {
  const out: SyncProblem[] = [];
  const byName = new Map(state.nodes.map((n) => [n.name, n]));
  for (const n of state.nodes) {
    if (only && !only.has(n.name)) continue;
    const info = infos.get(n.port);
    const p = (field: string, expected: string, actual: string): void => {
      out.push({ node: n.name, port: n.port, field, expected, actual });
    };
    if (info === undefined || info instanceof Error) {
      p('INFO replication', 'an answer', info ? `an error (${info.message})` : 'missing');
      continue;
    }
    if (n.role === 'master') {
      if (info.role !== 'master') p('role', 'master', info.role);
      continue;
    }
    const up = byName.get(n.replicaOf ?? '');
    if (!up) continue;
    if (info.role !== 'replica') {
      p('role', 'replica', info.role);
      continue;
    }
    if (info.masterPort !== up.port) {
      p('master_port', String(up.port), String(info.masterPort));
      continue;
    }
    if (info.linkStatus !== 'up') {
      p('master_link_status', 'up', info.linkStatus ?? 'missing');
      continue;
    }
    const upInfo = infos.get(up.port);
    if (upInfo === undefined || upInfo instanceof Error) continue;
    const line = upInfo.replicas.find((r) => r.port === n.port);
    if (!line || line.state !== 'online') {
      out.push({
        node: up.name,
        port: up.port,
        field: `state of replica ${n.name} (port ${n.port}) in INFO replication`,
        expected: 'online',
        actual: line ? line.state : 'not listed',
      });
      continue;
    }
    const prev = previous?.get(up.port);
    const target = prev && !(prev instanceof Error) ? ownOffset(prev) : ownOffset(upInfo);
    const mine = ownOffset(info);
    const caughtUp = prev && !(prev instanceof Error) ? mine >= target : mine === target;
    if (!caughtUp) p('slave_repl_offset', `${target} (${up.name}'s offset)`, String(mine));
  }
  return out;
}

export class SyncTimeoutError extends Error {
  constructor(
    readonly problems: SyncProblem[],
    readonly timeoutMs: number,
  ) {
    super(`not in sync after ${timeoutMs} ms: ${problems.map(describeProblem).join('; ')}`);
    this.name = 'SyncTimeoutError';
  }
}

export interface WaitSyncOptions {
  clients: NodeClients;
  timeoutMs: number;
  intervalMs?: number;
  /** Only these nodes (names) must be in sync (their upstreams are still asked). */
  only?: ReadonlySet<string>;
}

async function pollAll(state: SetState, clients: NodeClients): Promise<Map<number, ReplInfo | Error>> {
  const entries = await Promise.all(
    state.nodes.map(async (n): Promise<[number, ReplInfo | Error]> => {
      try {
        return [n.port, await clients.replication(n.port)];
      } catch (e) {
        return [n.port, e as Error];
      }
    }),
  );
  return new Map(entries);
}

/**
 * Polls INFO replication of every node until syncProblems() finds nothing; throws
 * SyncTimeoutError with the last problems when the budget runs out.
 */
export async function waitForSync(state: SetState, opts: WaitSyncOptions): Promise<Map<number, ReplInfo>> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 15;
  let previous: Map<number, ReplInfo | Error> | undefined;
  for (;;) {
    const infos = await pollAll(state, opts.clients);
    const problems = syncProblems(state, infos, previous, opts.only);
    if (problems.length === 0) return infos as Map<number, ReplInfo>;
    if (Date.now() >= deadline) throw new SyncTimeoutError(problems, opts.timeoutMs);
    previous = infos;
    await new Promise((r) => setTimeout(r, interval));
  }
}
