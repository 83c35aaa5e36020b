// `rctl up <topology>`: render every node's redis.conf, start the nodes as detached processes,
// wait for PING, wire replication with REPLICAOF and poll INFO replication until every link is
// up and offsets agree. On any failure everything started is stopped again.

import { mkdirSync } from 'node:fs';
import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { loadTemplate, renderNodeConf, writeNodeConf } from '../render.js';
import { isNodeScript, resolveTopology, type Settings } from '../settings.js';
import { nodeStateFrom, loadState, plannedFrom, removeState, saveState, setDirOf, STATE_VERSION, type NodeState, type SetState } from '../state.js';
import { collectStatus, describeProblem, formatStatusTable, identityOf, NodeClients, statusReport, SyncTimeoutError, waitForSync } from '../status.js';
import { livePid } from '../supervise/pidfile.js';
import { canBind, freePort, freePorts } from '../supervise/ports.js';
import { logTail, NodeNotReadyError, waitUntilReady } from '../supervise/ready.js';
import { resolveServer, SpawnError, spawnNode } from '../supervise/spawn.js';
import { stopNode } from '../supervise/stop.js';
import { createTasks } from '../tasks.js';
import { planNodes, type PlannedNode, type TopologySpec } from '../topology.js';

/** What launching needs from Settings. */
export type LaunchSettings = Pick<Settings, 'dir' | 'name' | 'port' | 'password' | 'server' | 'template' | 'persist' | 'timeoutMs'>;

export interface LaunchOptions {
  settings: LaunchSettings;
  topology: TopologySpec;
  /** For PATH lookup of --server and the nodes' environment; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Poll interval for readiness and sync (ms). */
  intervalMs?: number;
}

/** How many times a node whose free port was taken meanwhile is retried on another port. */
const PORT_RETRIES = 5;

/** `last lines of <log>:` + the tail, for CliError details. */
export function logDetails(logfile: string, offset = 0, lines = 15): string {
  const tail = logTail(logfile, lines, offset);
  return tail === '' ? `(${logfile} is empty)` : `last lines of ${logfile}:\n${tail}`;
}

/** A node that failed to start, as the CliError the user sees. */
export function startFailure(node: { name: string; port: number; logfile: string }, e: unknown, logOffset = 0): CliError {
  const who = `node ${node.name}`;
  if (e instanceof NodeNotReadyError) {
    const port = e.port || node.port || 'auto';
    const details = e.logTail === '' ? `(${node.logfile} is empty)` : `last lines of ${node.logfile}:\n${e.logTail}`;
    switch (e.kind) {
      case 'port-busy':
        return new CliError('E_PORT_BUSY', `${who}: port ${port} is already in use`, 'another process listens there: pick another first port with --port <n>, or use --port auto', { details });
      case 'exited':
        return new CliError('E_NODE_START', `${who} (port ${port}): ${e.message}`, `see the log lines above (full log: ${node.logfile}); check --server and the node's directives`, { details });
      case 'auth':
        return new CliError('E_NODE_REPLY', `${who} (port ${port}): ${e.message}`, 'pass the set\'s password with --password (or RCTL_PASSWORD)', { details });
      case 'timeout':
        return new CliError('E_TIMEOUT', `${who} (port ${port}): ${e.message}`, `raise --timeout, or look at the node's log: ${node.logfile}`, { details });
    }
  }
  if (e instanceof SpawnError) {
    return new CliError('E_SERVER_NOT_FOUND', `${who}: ${e.message}`, 'pass --server <path> (or RCTL_SERVER) naming a redis-server compatible binary, e.g. --server redis-server');
  }
  if (e instanceof CliError) return e;
  return new CliError('E_NODE_START', `${who} (port ${node.port || 'auto'}): ${(e as Error).message ?? String(e)}`, `look at the node's log: ${node.logfile}`, {
    details: logDetails(node.logfile, logOffset),
    cause: e,
  });
}

/** A sync wait that ran out of time, naming the first node and field that never got ready. */
export function syncFailure(state: SetState, e: SyncTimeoutError, what = 'replication did not settle', budgetMs = e.timeoutMs): CliError {
  const first = e.problems[0]!;
  const node = state.nodes.find((n) => n.name === first.node);
  const rest = e.problems.slice(1).map(describeProblem);
  const details = [...(rest.length > 0 ? ['also:', ...rest.map((r) => `  ${r}`)] : []), node ? logDetails(node.logfile) : ''].filter((x) => x !== '').join('\n');
  const budget = budgetMs % 1000 === 0 ? `${budgetMs / 1000} s` : `${budgetMs} ms`;
  return new CliError('E_TIMEOUT', `${what} within ${budget}: ${describeProblem(first)}`, `raise --timeout, or check the log of ${first.node}${node ? ` (${node.logfile})` : ''}`, { details });
}

/**
 * One `up` in phases (prepare, start, wire, sync) so the CLI can show them as tasks and the
 * programmatic API can run them directly. abort() stops whatever was started.
 */
export class SetLauncher {
  state!: SetState;
  readonly clients: NodeClients;
  private planned: PlannedNode[] = [];
  private template!: { path: string; text: string };
  private readonly deadline: number;
  private readonly env: NodeJS.ProcessEnv;
  /** The bundled server binds `port 0` and logs the port: race-free --port auto. */
  private portZero = false;
  private readonly spawned = new Map<string, number>();

  constructor(private readonly opts: LaunchOptions) {
    this.deadline = Date.now() + opts.settings.timeoutMs;
    this.env = opts.env ?? process.env;
    this.clients = new NodeClients(opts.settings.password, 2000);
  }

  private get s(): LaunchSettings {
    return this.opts.settings;
  }

  private remaining(): number {
    return Math.max(1, this.deadline - Date.now());
  }

  get nodeCount(): number {
    return this.opts.topology.nodes.length;
  }

  get replicaCount(): number {
    return this.opts.topology.nodes.filter((n) => n.replicaOf !== undefined).length;
  }

  /** Checks (set not running, server found, ports free), plans the nodes and writes their confs. */
  async prepare(): Promise<void> {
    const existing = loadState(this.s);
    if (existing) {
      const running = existing.nodes.filter((n) => livePid(n.pid, n.pidfile, identityOf(n)) !== null);
      if (running.length > 0) {
        throw new CliError(
          'E_ALREADY_RUNNING',
          `set '${existing.name}' under ${this.s.dir} is already running (${running.map((n) => `${n.name} on port ${n.port}`).join(', ')})`,
          'stop it with `rctl down`, or start another set next to it with --name <other>',
        );
      }
    }
    let server: string;
    try {
      server = resolveServer(this.s.server, this.env);
    } catch (e) {
      throw new CliError('E_SERVER_NOT_FOUND', (e as Error).message, 'pass --server <path> (or RCTL_SERVER) naming a redis-server compatible binary, e.g. --server redis-server');
    }
    this.template = loadTemplate(this.s.template);
    const n = this.nodeCount;
    let ports: number[] | undefined;
    if (this.s.port === 'auto') {
      this.portZero = isNodeScript(server);
      ports = this.portZero ? new Array<number>(n).fill(0) : await freePorts(n);
    }
    this.planned = planNodes(this.opts.topology, this.s, ports);
    if (this.s.port !== 'auto') {
      for (const p of this.planned) {
        if (!(await canBind(p.port))) {
          throw new CliError('E_PORT_BUSY', `node ${p.name}: port ${p.port} is already in use`, 'another process listens there: pick another first port with --port <n>, or use --port auto');
        }
      }
    }
    const now = new Date().toISOString();
    this.state = {
      version: STATE_VERSION,
      name: this.s.name,
      setDir: setDirOf(this.s),
      createdAt: now,
      updatedAt: now,
      server: this.s.server,
      password: this.s.password !== undefined,
      persist: this.s.persist,
      autoPorts: this.s.port === 'auto',
      nodes: this.planned.map((p) => nodeStateFrom(p, null)),
    };
    if (this.s.template !== undefined) this.state.template = this.s.template;
    mkdirSync(this.state.setDir, { recursive: true });
    // With port 0 the upstream's port is unknown until it runs: the replicaof line is written
    // by the final render, and REPLICAOF does the wiring meanwhile.
    await Promise.all(this.planned.map((p) => this.writeConf(this.portZero ? { ...p, upstreamPort: undefined } : p)));
  }

  private async writeConf(p: PlannedNode): Promise<void> {
    mkdirSync(p.dir, { recursive: true });
    const ctx = { persist: this.s.persist, templatePath: this.template.path, ...(this.s.password !== undefined ? { password: this.s.password } : {}) };
    const planned = { ...p };
    if (planned.upstreamPort === undefined) delete planned.upstreamPort;
    await writeNodeConf(p.confPath, renderNodeConf(this.template.text, planned, ctx), this.s.password !== undefined);
  }

  private nodeState(name: string): NodeState {
    return this.state.nodes.find((n) => n.name === name)!;
  }

  /** Starts one node and waits for PING; retries on another free port when a chosen one was taken. */
  private async startOne(p: PlannedNode, onReady?: (n: NodeState) => void): Promise<void> {
    const ns = this.nodeState(p.name);
    for (let attempt = 0; ; attempt++) {
      let spawned;
      try {
        spawned = await spawnNode({ server: this.s.server, confPath: p.confPath, logfile: p.logfile, cwd: p.dir, env: this.env });
      } catch (e) {
        throw startFailure(p, e);
      }
      this.spawned.set(p.name, spawned.pid);
      ns.pid = spawned.pid;
      try {
        const { port } = await waitUntilReady({
          pid: spawned.pid,
          logfile: p.logfile,
          logOffset: spawned.logOffset,
          port: p.port,
          password: this.s.password,
          timeoutMs: this.remaining(),
          intervalMs: this.opts.intervalMs ?? 10,
          exited: () => spawned.exit,
        });
        p.port = port;
        ns.port = port;
        onReady?.(ns);
        return;
      } catch (e) {
        const retry = e instanceof NodeNotReadyError && e.kind === 'port-busy' && this.s.port === 'auto' && !this.portZero && attempt < PORT_RETRIES;
        if (!retry) throw startFailure(p, e, spawned.logOffset);
        // Someone took the free port between our probe and the node's bind: pick another.
        this.spawned.delete(p.name);
        ns.pid = null;
        p.port = await freePort();
        ns.port = p.port;
        await this.writeConf({ ...p, upstreamPort: undefined });
      }
    }
  }

  /** Starts every node in parallel and waits until each answers PING. */
  async start(onReady?: (n: NodeState) => void): Promise<void> {
    const results = await Promise.allSettled(this.planned.map((p) => this.startOne(p, onReady)));
    saveState(this.state);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Writes the final confs (real ports, replicaof lines) and sends REPLICAOF to every replica. */
  async wire(): Promise<void> {
    for (const p of this.planned) {
      const ns = this.nodeState(p.name);
      p.port = ns.port;
    }
    const finals = this.state.nodes.map((n) => plannedFrom(this.state, n));
    await Promise.all(finals.map((p) => this.writeConf(p)));
    saveState(this.state);
    await Promise.all(
      finals
        .filter((p) => p.upstreamPort !== undefined)
        .map(async (p) => {
          try {
            await this.clients.call(p.port, 'REPLICAOF', p.host, p.upstreamPort!);
          } catch (e) {
            throw new CliError('E_NODE_REPLY', `node ${p.name} (port ${p.port}): REPLICAOF ${p.host} ${p.upstreamPort} failed: ${(e as Error).message}`, `look at the node's log: ${p.logfile}`, {
              details: logDetails(p.logfile),
            });
          }
        }),
    );
  }

  /** Polls INFO replication until every link is up, listed online, and offsets agree. */
  async sync(): Promise<void> {
    try {
      await waitForSync(this.state, { clients: this.clients, timeoutMs: this.remaining(), intervalMs: this.opts.intervalMs ?? 15 });
    } catch (e) {
      if (e instanceof SyncTimeoutError) throw syncFailure(this.state, e, 'replication did not come up', this.s.timeoutMs);
      throw e;
    }
  }

  /** Stops every node this launcher started (after a failure or an interrupt). */
  async abort(): Promise<void> {
    this.clients.close();
    if (!this.state) return;
    await Promise.all(
      this.state.nodes.map(async (n) => {
        const pid = this.spawned.get(n.name);
        if (pid === undefined) return;
        await stopNode({ pid, port: n.port, password: this.s.password, identity: identityOf(n), graceMs: 1000, now: true, pidfile: n.pidfile }).catch(() => {});
        n.pid = null;
      }),
    );
    this.spawned.clear();
    // Nothing runs any more: without a state file the set does not exist (its files stay for
    // inspection, and the next `up` starts clean).
    removeState(this.state);
  }

  close(): void {
    this.clients.close();
  }
}

/** Runs all phases without progress output; stops what it started on failure. */
export async function launchSet(opts: LaunchOptions): Promise<SetState> {
  const l = new SetLauncher(opts);
  try {
    await l.prepare();
    await l.start();
    await l.wire();
    await l.sync();
    return l.state;
  } catch (e) {
    await l.abort();
    throw e;
  } finally {
    l.close();
  }
}

export function upCommand(): Command {
  return new Command('up')
    .summary('start a master/replica set and wait until every link is up')
    .description(
      'Render a redis.conf per node, start each node as a detached process, wait until it answers PING, ' +
        'send REPLICAOF to the replicas and poll INFO replication until every replica reports master_link_status:up, ' +
        'its upstream lists it as state=online and the offsets agree. Then print the nodes. ' +
        'On failure or --timeout it names the node and what never became ready, shows the node\'s log tail and stops everything it started. ' +
        'Without <topology> the config file\'s topology is used.',
    )
    .argument('[topology]', 'shorthand such as 1-master-2-replicas (default: the config file\'s topology)')
    .option('--port <port>', 'first port, nodes take consecutive ports with the master first (default 6379), or "auto" for free ports')
    .option('--password <password>', 'requirepass on every node and masterauth (conf files become mode 600)')
    .option('--server <path>', 'run another redis-server compatible binary (e.g. redis-server, valkey-server) instead of the bundled one')
    .option('--template <file>', 'an eta template replacing templates/node.conf.tmpl')
    .option('--persist', 'keep Redis\'s save points (the default profile renders save "")')
    .option('--timeout <seconds>', 'budget for starting and syncing (default 30)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl up 1-master-2-replicas                   master on 6379, replicas on 6380 and 6381
  $ rctl up 1-master-1-replica --port auto        free ports (parallel CI jobs never collide)
  $ rctl up --config rctl.config.yaml             any tree, chained replicas, per-node directives
  $ rctl up 1-master-2-replicas --server redis-server --port 7000
  $ rctl --name b up 1-master-0-replicas --port auto --password s3cret --json`,
    )
    .action(async (topologyArg: string | undefined, _opts: unknown, cmd: Command) => {
      const { settings, ui, ctx } = await setupCommand(cmd);
      const topology = resolveTopology(topologyArg, settings);
      const started = Date.now();
      const launcher = new SetLauncher({ settings, topology, env: ctx.env });
      const onSignal = (): void => {
        ui.log.error('interrupted: stopping the nodes started so far');
        void launcher.abort().finally(() => process.exit(130));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const tasks = createTasks<object>(
        [
          { title: 'Check ports and render node configs', task: () => launcher.prepare() },
          {
            title: `Start ${launcher.nodeCount} node${launcher.nodeCount === 1 ? '' : 's'}`,
            task: async (_c, task) => {
              await launcher.start((n) => {
                task.output = `${n.name} answers PING on port ${n.port} (pid ${n.pid})`;
              });
              task.title = `Started ${launcher.state.nodes.map((n) => `${n.name}:${n.port}`).join(', ')}`;
            },
          },
          {
            title: launcher.replicaCount === 0 ? 'Write final configs' : 'Write final configs and wire replication (REPLICAOF)',
            task: () => launcher.wire(),
          },
          {
            title: 'Wait until every link is up and offsets agree',
            skip: () => launcher.replicaCount === 0,
            task: () => launcher.sync(),
          },
        ],
        { interactive: ui.interactive, json: ui.json, stderr: ctx.stderr, color: ui.chalk.level > 0 },
      );
      try {
        await tasks.run();
      } catch (e) {
        await launcher.abort();
        throw e;
      } finally {
        launcher.close();
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
      const elapsedMs = Date.now() - started;
      const rows = await collectStatus(launcher.state, settings.password !== undefined ? { password: settings.password } : {});
      if (ui.json) {
        ui.outJson({ ...statusReport(launcher.state, rows), elapsedMs });
        return;
      }
      for (const line of formatStatusTable(rows, ui)) ui.out(line);
      ui.log.info(ui.color.dim(`set '${launcher.state.name}' up in ${elapsedMs} ms; state in ${launcher.state.setDir}`));
    });
}
