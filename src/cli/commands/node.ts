// Fault injection on one node of a set: `rctl stop|start|restart|kill|pause|resume <port>`.
// pause/resume are SIGSTOP/SIGCONT (a hung node as clients and replicas see it); start waits
// until the node answers PING and, for a replica, until its link is up again.

import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { findNode, passwordFor, requireState, saveState, type NodeState, type SetState } from '../state.js';
import { identityOf, NodeClients, SyncTimeoutError, waitForSync } from '../status.js';
import { isPaused, livePid } from '../supervise/pidfile.js';
import { waitUntilReady } from '../supervise/ready.js';
import { spawnNode } from '../supervise/spawn.js';
import { killNode, stopNode } from '../supervise/stop.js';
import { startFailure, syncFailure } from './up.js';

export type NodeAction = 'stop' | 'start' | 'restart' | 'kill' | 'pause' | 'resume';

export interface NodeActionResult {
  action: NodeAction;
  name: string;
  port: number;
  pid: number | null;
  /** What happened, in a few words. */
  result: string;
}

export interface NodeActionOptions {
  password?: string;
  timeoutMs: number;
  /** Wait for replication links of the node (and its replicas) after start; default true. */
  waitSync?: boolean;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    throw new CliError('E_STOP', `cannot send ${sig} to pid ${pid}: ${(e as Error).message}`, 'check that the process belongs to you');
  }
}

async function waitPaused(pid: number, paused: boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isPaused(pid) !== paused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
}

async function startNode(state: SetState, node: NodeState, password: string | undefined, opts: NodeActionOptions): Promise<string> {
  const deadline = Date.now() + opts.timeoutMs;
  let spawned;
  try {
    spawned = await spawnNode({ server: state.server, confPath: node.confPath, logfile: node.logfile, cwd: node.dir });
  } catch (e) {
    throw startFailure(node, e);
  }
  node.pid = spawned.pid;
  saveState(state);
  try {
    await waitUntilReady({
      pid: spawned.pid,
      logfile: node.logfile,
      logOffset: spawned.logOffset,
      port: node.port,
      password,
      timeoutMs: opts.timeoutMs,
      exited: () => spawned.exit,
    });
  } catch (e) {
    node.pid = null;
    saveState(state);
    throw startFailure(node, e, spawned.logOffset);
  }
  if (opts.waitSync === false) return `started (pid ${spawned.pid})`;
  // The node itself and its running replicas must be back in sync; other nodes may be down on purpose.
  const only = new Set<string>([node.name]);
  for (const n of state.nodes) {
    if (n.replicaOf !== node.name) continue;
    const pid = livePid(n.pid, n.pidfile, identityOf(n));
    if (pid !== null && !isPaused(pid)) only.add(n.name);
  }
  const upstream = state.nodes.find((n) => n.name === node.replicaOf);
  if (upstream && livePid(upstream.pid, upstream.pidfile, identityOf(upstream)) === null) {
    return `started (pid ${spawned.pid}); its upstream ${upstream.name} is down`;
  }
  const clients = new NodeClients(password, 1000);
  try {
    await waitForSync(state, { clients, timeoutMs: Math.max(1, deadline - Date.now()), only });
  } catch (e) {
    if (e instanceof SyncTimeoutError) throw syncFailure(state, e, `node ${node.name} started but replication did not settle`);
    throw e;
  } finally {
    clients.close();
  }
  return `started (pid ${spawned.pid}), in sync`;
}

/** Runs one node action and records the new pid in the state file. */
export async function runNodeAction(state: SetState, ref: string | number, action: NodeAction, opts: NodeActionOptions): Promise<NodeActionResult> {
  const node = findNode(state, ref);
  const password = passwordFor(state, opts.password);
  const id = identityOf(node);
  const pid = livePid(node.pid, node.pidfile, id);
  const done = (result: string): NodeActionResult => ({ action, name: node.name, port: node.port, pid: node.pid, result });
  const notRunning = (): CliError =>
    new CliError('E_NOT_RUNNING', `node ${node.name} (port ${node.port}) is not running`, `start it with \`rctl start ${node.port}\``);
  switch (action) {
    case 'stop': {
      const outcome = await stopNode({ pid, port: node.port, identity: id, save: state.persist, pidfile: node.pidfile, ...(password !== undefined ? { password } : {}) });
      node.pid = null;
      saveState(state);
      return done(outcome === 'not-running' ? 'was not running' : `stopped (${outcome})`);
    }
    case 'kill': {
      if (pid === null) return done('was not running');
      await killNode(pid, id);
      node.pid = null;
      saveState(state);
      return done(`killed (SIGKILL, pid ${pid})`);
    }
    case 'start': {
      if (pid !== null) {
        node.pid = pid;
        return done(`already running (pid ${pid})`);
      }
      return done(await startNode(state, node, password, opts));
    }
    case 'restart': {
      if (pid !== null) {
        await stopNode({ pid, port: node.port, identity: id, save: state.persist, pidfile: node.pidfile, ...(password !== undefined ? { password } : {}) });
        node.pid = null;
        saveState(state);
      }
      return done(await startNode(state, node, password, opts));
    }
    case 'pause': {
      if (pid === null) throw notRunning();
      signal(pid, 'SIGSTOP');
      // Signals arrive asynchronously: return once the process is really stopped.
      await waitPaused(pid, true);
      return done(`paused (SIGSTOP, pid ${pid})`);
    }
    case 'resume': {
      if (pid === null) throw notRunning();
      signal(pid, 'SIGCONT');
      await waitPaused(pid, false);
      return done(`resumed (SIGCONT, pid ${pid})`);
    }
  }
}

const ACTIONS: Array<{ name: NodeAction; summary: string; description: string }> = [
  { name: 'stop', summary: 'stop one node (SHUTDOWN, then SIGTERM/SIGKILL)', description: 'Stop one node the way `rctl down` does: SHUTDOWN, then SIGTERM, then SIGKILL after a grace period.' },
  {
    name: 'start',
    summary: 'start a stopped node again and wait until it is in sync',
    description: 'Start a stopped node from its redis.conf (which names its upstream, so a replica rejoins), wait until it answers PING and, for a replica, until its link is up.',
  },
  { name: 'restart', summary: 'stop then start one node', description: 'Stop then start one node; waits like `rctl start`.' },
  { name: 'kill', summary: 'SIGKILL one node (a crash)', description: 'SIGKILL one node, as a crash would: no SHUTDOWN, no save, the pidfile stays.' },
  { name: 'pause', summary: 'SIGSTOP one node (a hung server)', description: 'SIGSTOP one node: it keeps its connections and port but answers nothing, like a hung server. Undo with `rctl resume`.' },
  { name: 'resume', summary: 'SIGCONT a paused node', description: 'SIGCONT a node paused with `rctl pause`.' },
];

/** The six node commands, each `rctl <action> <port|name>`. */
export function nodeCommands(): Command[] {
  return ACTIONS.map(({ name, summary, description }) => {
    const cmd = new Command(name)
      .summary(summary)
      .description(`${description} The node is given by its port or its name.`)
      .argument('<node>', 'port (e.g. 6380) or name (e.g. replica-1) of the node')
      .option('--password <password>', 'the set\'s password (default: read from the nodes\' confs)')
      .addHelpText(
        'after',
        `
Examples:
  $ rctl ${name} 6380
  $ rctl ${name} replica-1 --name ci-1${name === 'start' || name === 'restart' ? `\n  $ rctl ${name} 6380 --timeout 60` : ''}`,
      );
    if (name === 'start' || name === 'restart') {
      cmd.option('--timeout <seconds>', 'budget for PING and the replication link (default 30)').option('--no-wait', 'do not wait for the replication link, only for PING');
    }
    return cmd.action(async (ref: string, flags: { wait?: boolean }, c: Command) => {
      const { settings, ui } = await setupCommand(c);
      const state = requireState(settings);
      const r = await runNodeAction(state, ref, name, {
        timeoutMs: settings.timeoutMs,
        waitSync: flags.wait !== false,
        ...(settings.password !== undefined ? { password: settings.password } : {}),
      });
      if (ui.json) ui.outJson(r);
      else ui.out(`${r.name} (port ${r.port}): ${r.result}`);
    });
  });
}
