// Topologies: the `1-master-N-replicas` shorthand, tree checks for config-file topologies
// (one master, known upstreams, no cycles) and planning of each node's port and files.

import { join, resolve } from 'node:path';
import { CliError } from './errors.js';

export interface NodeSpec {
  /** 'master', 'replica-1', ... or a name from the config file; also a directory name. */
  name: string;
  role: 'master' | 'replica';
  /** Name of the upstream node; chained replicas (a replica of a replica) are allowed. */
  replicaOf?: string;
  /** Extra redis.conf directives for this node, written after the generated ones. */
  directives: Record<string, string>;
}

export interface TopologySpec {
  nodes: NodeSpec[];
}

export interface PlannedNode extends NodeSpec {
  port: number;
  host: '127.0.0.1';
  /** Absolute node directory holding the files below. */
  dir: string;
  confPath: string;
  pidfile: string;
  logfile: string;
  /** A bare file name: redis.conf's dbfilename may not be a path; see rdbPath. */
  dbfilename: string;
  rdbPath: string;
  /** Port of the upstream node (replicas only), for the rendered replicaof line. */
  upstreamPort?: number;
}

/** What planning needs from Settings (kept narrow so callers can plan without a full Settings). */
export interface PlanSettings {
  dir: string;
  name: string;
  port: number | 'auto';
}

export const SHORTHAND_FORMS = ['1-master-0-replicas', '1-master-1-replica', '1-master-2-replicas', '1-master-<N>-replicas'];
export const SHORTHAND_HINT = `valid forms: ${SHORTHAND_FORMS.join(', ')}; or describe the nodes in a config file (rctl.config.json, --config <file>)`;

/** Names end up as directory names and in messages, so keep them plain. */
export const NODE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Directives rctl writes itself; a node's own directives may not override them. */
export const MANAGED_DIRECTIVES: ReadonlySet<string> = new Set([
  'port',
  'bind',
  'daemonize',
  'pidfile',
  'logfile',
  'dir',
  'dbfilename',
  'replicaof',
  'slaveof',
  'include',
]);

const SHORTHAND_RE = /^(\d+)-masters?-(\d+)-(replicas?)$/;
const MAX_REPLICAS = 64;

/** Parses `1-master-2-replicas` (singular `1-replica` too) into master + replica-1..N. */
export function parseShorthand(s: string): TopologySpec {
  const m = SHORTHAND_RE.exec(s.trim().toLowerCase());
  if (!m) throw new CliError('E_USAGE', `unknown topology '${s}'`, SHORTHAND_HINT);
  const masters = Number(m[1]);
  const replicas = Number(m[2]);
  if (masters !== 1) {
    throw new CliError('E_USAGE', `topology '${s}': rctl runs exactly one master per set`, `${SHORTHAND_HINT}; use --name to run several sets side by side`);
  }
  if (m[3] === 'replica' && replicas !== 1) {
    throw new CliError('E_USAGE', `topology '${s}': write '${replicas}-replicas'`, SHORTHAND_HINT);
  }
  if (replicas > MAX_REPLICAS) {
    throw new CliError('E_USAGE', `topology '${s}': at most ${MAX_REPLICAS} replicas`, SHORTHAND_HINT);
  }
  const nodes: NodeSpec[] = [{ name: 'master', role: 'master', directives: {} }];
  for (let i = 1; i <= replicas; i++) {
    nodes.push({ name: `replica-${i}`, role: 'replica', replicaOf: 'master', directives: {} });
  }
  return { nodes };
}

export function isShorthand(s: string): boolean {
  return SHORTHAND_RE.test(s.trim().toLowerCase());
}

/** Loosely typed node as read from a config file, before or after schema validation. */
export interface RawNode {
  name?: unknown;
  role?: unknown;
  replicaOf?: unknown;
}

/**
 * Tree checks over config-file nodes: unique names, known upstreams, exactly one master, no
 * cycles. Returns every problem as `path: message` (e.g. `nodes[2].replicaOf: unknown node
 * 'foo'`) so the caller can report them together with the schema's problems. Nodes whose
 * fields have the wrong type are skipped here; the schema reports those.
 */
export function checkTopology(nodes: readonly RawNode[], path = 'nodes'): string[] {
  const problems: string[] = [];
  if (nodes.length === 0) return [`${path}: needs at least one node (the master)`];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (typeof n?.name !== 'string') return;
    const prev = index.get(n.name);
    if (prev !== undefined) problems.push(`${path}[${i}].name: duplicate node name '${n.name}' (also ${path}[${prev}])`);
    else index.set(n.name, i);
  });
  const masters: number[] = [];
  nodes.forEach((n, i) => {
    if (n === null || typeof n !== 'object') return;
    const up = n.replicaOf;
    if (up === undefined || up === null) {
      if (n.role === 'replica') problems.push(`${path}[${i}].replicaOf: a replica needs the name of its upstream node`);
      else masters.push(i);
      return;
    }
    if (typeof up !== 'string') return;
    if (n.role === 'master') problems.push(`${path}[${i}].role: a master cannot have replicaOf '${up}'`);
    if (up === n.name) problems.push(`${path}[${i}].replicaOf: a node cannot replicate itself`);
    else if (!index.has(up)) problems.push(`${path}[${i}].replicaOf: unknown node '${up}'${suggest(up, [...index.keys()])}`);
  });
  if (masters.length > 1) {
    const names = masters.map((i) => `${path}[${i}]` + (typeof nodes[i]!.name === 'string' ? ` '${nodes[i]!.name as string}'` : ''));
    problems.push(`${path}: ${masters.length} masters (${names.join(', ')}); a set has exactly one master, give the others replicaOf`);
  }
  // A node whose upstream chain never reaches a master is on a cycle (or hangs off one).
  const reported = new Set<string>();
  nodes.forEach((n, i) => {
    if (typeof n?.name !== 'string' || typeof n.replicaOf !== 'string' || n.replicaOf === n.name) return;
    const seen: string[] = [n.name];
    let cur: RawNode | undefined = n;
    while (cur && typeof cur.replicaOf === 'string') {
      const j = index.get(cur.replicaOf);
      if (j === undefined) return;
      cur = nodes[j];
      const nm = cur!.name as string;
      if (seen.includes(nm)) {
        const cycle = seen.slice(seen.indexOf(nm));
        const key = [...cycle].sort().join('\0');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push(`${path}[${i}].replicaOf: replication cycle ${[...cycle, nm].join(' -> ')}`);
        }
        return;
      }
      seen.push(nm);
    }
  });
  if (masters.length === 0 && problems.length === 0) problems.push(`${path}: no master (every node has replicaOf)`);
  return problems;
}

function suggest(name: string, known: string[]): string {
  if (known.length === 0) return '';
  const close = known.find((k) => k.toLowerCase() === name.toLowerCase() || editDistance(k, name) <= 2);
  return close ? ` (did you mean '${close}'?)` : ` (known: ${known.join(', ')})`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** Master first, then every node after its upstream (depth first, siblings in file order). */
export function orderNodes(topology: TopologySpec): NodeSpec[] {
  const problems = checkTopology(topology.nodes);
  if (problems.length > 0) {
    throw new CliError('E_CONFIG', 'invalid topology', 'fix the listed nodes', { details: problems.join('\n') });
  }
  const children = new Map<string, NodeSpec[]>();
  let master: NodeSpec | undefined;
  for (const n of topology.nodes) {
    if (n.replicaOf === undefined) master = n;
    else {
      const list = children.get(n.replicaOf) ?? [];
      list.push(n);
      children.set(n.replicaOf, list);
    }
  }
  const out: NodeSpec[] = [];
  const visit = (n: NodeSpec): void => {
    out.push(n);
    for (const c of children.get(n.name) ?? []) visit(c);
  };
  visit(master!);
  return out;
}

/** `<dir>/<name>`: everything of one set (state.json and the node directories). */
export function setDir(settings: Pick<PlanSettings, 'dir' | 'name'>): string {
  return resolve(settings.dir, settings.name);
}

/**
 * Assigns ports and files. With a numeric `settings.port` nodes take consecutive ports, the
 * master first, and live in `<dir>/<name>/<port>/`; with 'auto' the caller passes one free
 * port per node (in the returned order: master first, then depth first) and directories are
 * named after the nodes, so they stay put when a restart picks other ports.
 */
export function planNodes(topology: TopologySpec, settings: PlanSettings, ports?: readonly number[]): PlannedNode[] {
  const ordered = orderNodes(topology);
  let assigned: number[];
  if (settings.port === 'auto') {
    if (!ports || ports.length < ordered.length) {
      throw new CliError('E_INTERNAL', `planNodes: --port auto needs ${ordered.length} ports, got ${ports?.length ?? 0}`);
    }
    assigned = ports.slice(0, ordered.length);
  } else {
    const first = settings.port;
    const last = first + ordered.length - 1;
    if (last > 65535) {
      throw new CliError('E_CONFIG', `--port ${first}: ${ordered.length} nodes need ports ${first}-${last}, beyond 65535`, 'pass a lower --port or --port auto');
    }
    assigned = ordered.map((_, i) => first + i);
  }
  const base = setDir(settings);
  const portOf = new Map<string, number>();
  ordered.forEach((n, i) => portOf.set(n.name, assigned[i]!));
  return ordered.map((n, i) => {
    const port = assigned[i]!;
    const dir = join(base, settings.port === 'auto' ? n.name : String(port));
    const planned: PlannedNode = {
      name: n.name,
      role: n.role,
      directives: { ...n.directives },
      port,
      host: '127.0.0.1',
      dir,
      confPath: join(dir, 'redis.conf'),
      pidfile: join(dir, 'redis.pid'),
      logfile: join(dir, 'redis.log'),
      dbfilename: 'dump.rdb',
      rdbPath: join(dir, 'dump.rdb'),
    };
    if (n.replicaOf !== undefined) {
      planned.replicaOf = n.replicaOf;
      planned.upstreamPort = portOf.get(n.replicaOf)!;
    }
    return planned;
  });
}
