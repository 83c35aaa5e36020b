// `rctl promote <node> [--force]`: make a replica the master. With the master alive this is a
// coordinated failover (writes paused until the replica has the master's offset, so no
// acknowledged write is lost); otherwise REPLICAOF NO ONE and re-point the rest. The new roles
// are written to every node's redis.conf and the state file; each node's resync is reported
// as partial or full from the new master's sync_partial_ok / sync_full counters (INFO stats).

import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { loadTemplate, renderNodeConf, writeNodeConf } from '../render.js';
import { findNode, masterOf, passwordFor, plannedFrom, requireState, saveState, type NodeState, type SetState } from '../state.js';
import { identityOf, NodeClients, ownOffset, SyncTimeoutError, waitForSync, type ReplInfo } from '../status.js';
import { isPaused, livePid } from '../supervise/pidfile.js';
import { createTasks } from '../tasks.js';
import { formatTable } from '../ui.js';
import { logDetails, syncFailure } from './up.js';

export type ResyncKind = 'partial' | 'full' | 'none' | 'down' | 'unknown';

export interface PromoteNodeReport {
  name: string;
  port: number;
  role: 'master' | 'replica';
  /** Name of the upstream after the promotion (replicas). */
  replicaOf: string | null;
  /** How the node resynced with its (new) upstream: 'none' for the new master and untouched links. */
  resync: ResyncKind;
}

export interface PromoteResult {
  mode: 'coordinated' | 'forced' | 'noop';
  newMaster: string;
  oldMaster: string;
  /** How long writes were paused on the old master (coordinated only). */
  pausedMs: number | null;
  elapsedMs: number;
  nodes: PromoteNodeReport[];
}

export interface PromoteOptions {
  force?: boolean;
  password?: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Progress lines (the CLI shows them as task output). */
  onStep?: (text: string) => void;
}

interface Counters {
  full: number;
  partial: number;
}

function counters(info: ReplInfo): Counters {
  return { full: info.syncFull ?? 0, partial: info.syncPartialOk ?? 0 };
}

/** A counter delta -> what the reconnecting replica(s) did. */
export function classifyResync(before: Counters, after: Counters): ResyncKind {
  const full = after.full - before.full;
  const partial = after.partial - before.partial;
  if (full > 0 && partial === 0) return 'full';
  if (partial > 0 && full === 0) return 'partial';
  return 'unknown';
}

function isRunning(n: NodeState): boolean {
  const pid = livePid(n.pid, n.pidfile, identityOf(n));
  return pid !== null && !isPaused(pid);
}

/** Writes every node's redis.conf for the roles in `state` (so restarted nodes rejoin correctly). */
export async function rewriteConfs(state: SetState, password: string | undefined): Promise<void> {
  const template = loadTemplate(state.template);
  await Promise.all(
    state.nodes.map(async (n) => {
      const ctx = { persist: state.persist, templatePath: template.path, ...(password !== undefined ? { password } : {}) };
      await writeNodeConf(n.confPath, renderNodeConf(template.text, plannedFrom(state, n), ctx), password !== undefined);
    }),
  );
}

/** Performs the promotion; the state file and confs are updated once the switch is made. */
export async function promoteNode(state: SetState, ref: string | number, opts: PromoteOptions): Promise<PromoteResult> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const left = (): number => Math.max(1, deadline - Date.now());
  const step = opts.onStep ?? (() => {});
  const target = findNode(state, ref);
  const oldMaster = masterOf(state);
  const password = passwordFor(state, opts.password);
  const clients = new NodeClients(password, 2000);
  const fail = (msg: string, hint: string, node?: NodeState): CliError =>
    new CliError('E_PROMOTE', msg, hint, node ? { details: logDetails(node.logfile) } : {});
  try {
    if (target.name === oldMaster.name) {
      return {
        mode: 'noop',
        newMaster: target.name,
        oldMaster: oldMaster.name,
        pausedMs: null,
        elapsedMs: 0,
        nodes: state.nodes.map((n) => ({ name: n.name, port: n.port, role: n.role, replicaOf: n.replicaOf ?? null, resync: 'none' })),
      };
    }
    if (!isRunning(target)) {
      throw fail(`cannot promote ${target.name} (port ${target.port}): it is not running`, `start or resume it first (\`rctl start ${target.port}\` / \`rctl resume ${target.port}\`)`);
    }
    let masterInfo: ReplInfo | null = null;
    if (isRunning(oldMaster)) {
      masterInfo = await clients.replication(oldMaster.port).catch(() => null);
    }
    const coordinated = !opts.force && masterInfo !== null && masterInfo.role === 'master';
    const mode = coordinated ? 'coordinated' : 'forced';

    // The new tree: the target leads, the old master and everyone that followed it follow the
    // target; other chains (including the target's own replicas) stay as they are.
    const upstreamAfter = new Map<string, string | undefined>();
    for (const n of state.nodes) {
      if (n.name === target.name) upstreamAfter.set(n.name, undefined);
      else if (n.name === oldMaster.name || n.replicaOf === oldMaster.name) upstreamAfter.set(n.name, target.name);
      else upstreamAfter.set(n.name, n.replicaOf);
    }
    const repoint = state.nodes.filter((n) => n.name !== target.name && (n.name === oldMaster.name || n.replicaOf === oldMaster.name));
    const resync = new Map<string, ResyncKind>(state.nodes.map((n) => [n.name, 'none' as ResyncKind]));

    const statsStart = counters(await clients.replication(target.port));
    let pausedMs: number | null = null;
    let pausedAt = 0;
    if (coordinated) {
      step(`pausing writes on ${oldMaster.name} (port ${oldMaster.port})`);
      await clients.call(oldMaster.port, 'CLIENT', 'PAUSE', Math.max(1000, opts.timeoutMs), 'WRITE');
      pausedAt = Date.now();
      try {
        // Read the master first: once the target has at least that offset it has every write
        // the master acknowledged before the pause.
        for (;;) {
          const m = ownOffset(await clients.replication(oldMaster.port));
          const t = await clients.replication(target.port);
          if (t.role === 'replica' && t.linkStatus === 'up' && ownOffset(t) >= m) break;
          if (Date.now() >= deadline) {
            throw fail(
              `${target.name} (port ${target.port}) did not catch up with ${oldMaster.name}: slave_repl_offset ${ownOffset(t)}, master_repl_offset ${m} (link ${t.linkStatus ?? 'n/a'})`,
              'check the replica\'s link with `rctl status`, raise --timeout, or use --force to promote without waiting (writes may be lost)',
              target,
            );
          }
          await new Promise((r) => setTimeout(r, opts.intervalMs ?? 5));
        }
        step(`${target.name} has the master's offset; REPLICAOF NO ONE`);
        await clients.call(target.port, 'REPLICAOF', 'NO', 'ONE');
        // Demote the old master before lifting the pause: writes held by the pause then fail
        // with READONLY instead of landing on a node that is no longer the master.
        await clients.call(oldMaster.port, 'REPLICAOF', target.host, target.port);
      } finally {
        await clients.call(oldMaster.port, 'CLIENT', 'UNPAUSE').catch(() => {});
        pausedMs = Date.now() - pausedAt;
      }
    } else {
      step(`REPLICAOF NO ONE on ${target.name} (port ${target.port})`);
      await clients.call(target.port, 'REPLICAOF', 'NO', 'ONE');
    }

    // Record the new roles now: from here on the set has a new master even if a link is slow.
    for (const n of state.nodes) {
      const up = upstreamAfter.get(n.name);
      n.role = up === undefined ? 'master' : 'replica';
      if (up === undefined) delete n.replicaOf;
      else n.replicaOf = up;
    }
    await rewriteConfs(state, password);
    saveState(state);

    // Re-point one node at a time and wait for its link, so the new master's counters tell
    // exactly how each one resynced.
    let before = coordinated ? statsStart : counters(await clients.replication(target.port));
    if (coordinated) {
      const om = oldMaster;
      step(`waiting for ${om.name} to resync from ${target.name}`);
      await waitLink(state, om, clients, left());
      const after = counters(await clients.replication(target.port));
      resync.set(om.name, classifyResync(before, after));
      before = after;
    }
    for (const n of repoint) {
      if (coordinated && n.name === oldMaster.name) continue;
      if (!isRunning(n)) {
        resync.set(n.name, 'down');
        continue;
      }
      step(`REPLICAOF ${target.host} ${target.port} on ${n.name} (port ${n.port})`);
      await clients.call(n.port, 'REPLICAOF', target.host, target.port);
      await waitLink(state, n, clients, left());
      const after = counters(await clients.replication(target.port));
      resync.set(n.name, classifyResync(before, after));
      before = after;
    }

    // Everyone running must be linked again (the target's own replicas reconnect by themselves).
    const only = new Set(state.nodes.filter(isRunning).map((n) => n.name));
    step('waiting until every link is up');
    try {
      await waitForSync(state, { clients, timeoutMs: left(), only, intervalMs: opts.intervalMs ?? 15 });
    } catch (e) {
      if (e instanceof SyncTimeoutError) throw syncFailure(state, e, `promoted ${target.name}, but replication did not settle`);
      throw e;
    }
    const rest = state.nodes.filter((n) => n.replicaOf === target.name && resync.get(n.name) === 'none' && n.name !== oldMaster.name && !repoint.includes(n));
    if (rest.length > 0) {
      // The target's own replicas were dropped by REPLICAOF NO ONE (Redis does so to announce
      // the new replication id) and reconnected by themselves, possibly while we measured
      // another node: what the whole promotion counted, minus what was attributed, is theirs.
      const total = counters(await clients.replication(target.port));
      const attributed = { full: 0, partial: 0 };
      for (const k of resync.values()) if (k === 'full' || k === 'partial') attributed[k]++;
      const theirs = classifyResync({ full: statsStart.full + attributed.full, partial: statsStart.partial + attributed.partial }, total);
      for (const n of rest) resync.set(n.name, isRunning(n) ? theirs : 'down');
    }
    for (const n of state.nodes) if (!isRunning(n) && n.name !== target.name) resync.set(n.name, 'down');
    return {
      mode,
      newMaster: target.name,
      oldMaster: oldMaster.name,
      pausedMs,
      elapsedMs: Date.now() - started,
      nodes: state.nodes.map((n) => ({ name: n.name, port: n.port, role: n.role, replicaOf: n.replicaOf ?? null, resync: resync.get(n.name)! })),
    };
  } finally {
    clients.close();
  }
}

/** Waits until one replica's link to its recorded upstream is up and it is listed online. */
async function waitLink(state: SetState, n: NodeState, clients: NodeClients, timeoutMs: number): Promise<void> {
  const upstream = state.nodes.find((x) => x.name === n.replicaOf);
  const only = new Set([n.name]);
  if (upstream) only.add(upstream.name);
  try {
    await waitForSync(state, { clients, timeoutMs, only, intervalMs: 5 });
  } catch (e) {
    if (e instanceof SyncTimeoutError) {
      const mine = e.problems.filter((p) => p.node === n.name || p.field.includes(`replica ${n.name} `));
      if (mine.length === 0) return;
      throw syncFailure(state, new SyncTimeoutError(mine, e.timeoutMs), `${n.name} did not resync from the new master`);
    }
    throw e;
  }
}

export function promoteCommand(): Command {
  return new Command('promote')
    .summary('make a replica the master (coordinated failover, or --force)')
    .description(
      'Make the given replica the master. With the master alive: a coordinated failover: CLIENT PAUSE WRITE on the master, ' +
        'wait until the replica has the master\'s offset (no acknowledged write is lost), REPLICAOF NO ONE on it, point the old master ' +
        'and the other replicas at it, CLIENT UNPAUSE. With the master down, or --force: REPLICAOF NO ONE right away and re-point the rest. ' +
        'Then waits until every link is up, writes the new roles into every node\'s redis.conf and the state file, and reports for each node ' +
        'whether it resynced partially or fully.',
    )
    .argument('<node>', 'port (e.g. 6380) or name (e.g. replica-1) of the replica to promote')
    .option('--force', 'do not wait for the replica to catch up (writes not yet replicated are lost)')
    .option('--password <password>', 'the set\'s password (default: read from the nodes\' confs)')
    .option('--timeout <seconds>', 'budget for catching up and relinking (default 30)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl promote 6380
  $ rctl promote replica-2 --json
  $ rctl kill 6379 && rctl promote 6380          the master is down: forced promotion
  $ rctl promote 6381 --force`,
    )
    .action(async (ref: string, flags: { force?: boolean }, cmd: Command) => {
      const { settings, ui, ctx } = await setupCommand(cmd);
      const state = requireState(settings);
      let result: PromoteResult | undefined;
      const tasks = createTasks<object>(
        [
          {
            title: `Promote ${ref}`,
            task: async (_c, task) => {
              result = await promoteNode(state, ref, {
                force: flags.force === true,
                timeoutMs: settings.timeoutMs,
                ...(settings.password !== undefined ? { password: settings.password } : {}),
                onStep: (t) => {
                  task.output = t;
                },
              });
              task.title =
                result.mode === 'noop'
                  ? `${result.newMaster} is already the master`
                  : `Promoted ${result.newMaster} (${result.mode}${result.pausedMs !== null ? `, writes paused ${result.pausedMs} ms` : ''})`;
            },
          },
        ],
        { interactive: ui.interactive, json: ui.json, stderr: ctx.stderr, color: ui.chalk.level > 0 },
      );
      await tasks.run();
      const r = result!;
      if (ui.json) {
        ui.outJson(r);
        return;
      }
      const rows = r.nodes.map((n) => [
        n.name,
        String(n.port),
        n.role === 'master' ? ui.color.master('master') : ui.color.replica('replica'),
        n.replicaOf ?? ui.color.dim('-'),
        n.resync === 'full' ? ui.color.warn('full') : n.resync === 'partial' ? ui.color.ok('partial') : n.resync === 'down' ? ui.color.error('down') : ui.color.dim(n.resync),
      ]);
      for (const l of formatTable(['NAME', 'PORT', 'ROLE', 'REPLICA OF', 'RESYNC'], rows, { alignRight: [1], header: (h) => ui.color.bold(h) })) ui.out(l);
      ui.log.info(ui.color.dim(`${r.mode} promotion of ${r.newMaster} in ${r.elapsedMs} ms${r.pausedMs !== null ? `; writes paused for ${r.pausedMs} ms` : ''}`));
    });
}
