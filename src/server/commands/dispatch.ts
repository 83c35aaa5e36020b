// Runs one command: lookup, arity, then the gates of server.c processCommand in Redis's
// order (protected, auth, MULTI rules, write guards on replicas and min-replicas,
// pub/sub context, stale data, loading), MULTI queueing, and call(): the handler, its
// propagation, statistics, MONITOR feed, and serving clients a write unblocked.

import { handleClientsBlockedOnKeys } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { argsPreview, reprString } from '../format.js';
import { QUEUED } from '../protocol/writer.js';
import type { CommandSpec } from './spec.js';
import { lookupCommand, lookupSubcommand } from './table.js';

const hasFlag = (cmd: CommandSpec, f: CommandSpec['flags'][number]): boolean => cmd.flags.includes(f);

/** Flags precomputed per spec: the gates run on every command. */
interface Gates {
  write: boolean;
  denyoom: boolean;
  noAuth: boolean;
  noMulti: boolean;
  stale: boolean;
  loading: boolean;
  txnControl: boolean;
  subscribeContext: boolean;
  protected: boolean;
  skipMonitor: boolean;
}
const GATES = new WeakMap<CommandSpec, Gates>();
function gatesOf(cmd: CommandSpec): Gates {
  let g = GATES.get(cmd);
  if (!g) {
    g = {
      write: hasFlag(cmd, 'write'),
      denyoom: hasFlag(cmd, 'denyoom'),
      noAuth: hasFlag(cmd, 'no_auth'),
      noMulti: hasFlag(cmd, 'no_multi'),
      stale: hasFlag(cmd, 'stale'),
      loading: hasFlag(cmd, 'loading'),
      txnControl: hasFlag(cmd, 'txn-control'),
      subscribeContext: hasFlag(cmd, 'subscribe-context'),
      protected: hasFlag(cmd, 'protected'),
      skipMonitor: hasFlag(cmd, 'skip_monitor') || hasFlag(cmd, 'admin'),
    };
    GATES.set(cmd, g);
  }
  return g;
}

/** Resolves argv to a spec (with subcommand), or writes the lookup error and returns null. */
export function resolveCommand(c: Client, argv: string[]): CommandSpec | null {
  const top = lookupCommand(argv[0]!);
  if (!top) {
    rejectCommand(c, E.unknownCommand(argv[0]!.slice(0, 128), argsPreview(argv)));
    return null;
  }
  let cmd = top;
  if (top.subcommands && argv.length >= 2) {
    const sub = lookupSubcommand(top, argv[1]!);
    if (!sub) {
      rejectCommand(c, E.unknownSubcommand(argv[1]!.slice(0, 128), top.name.toUpperCase()));
      return null;
    }
    cmd = sub;
  }
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    rejectCommand(c, E.wrongArity(cmd.name), cmd);
    return null;
  }
  return cmd;
}

/** rejectCommand: error reply, and a pending MULTI is flagged to fail with EXECABORT. */
export function rejectCommand(c: Client, msg: string, cmd?: CommandSpec): void {
  if (c.inMulti) c.multiError = true;
  if (cmd) c.server.stats.commandStat(cmd.name).rejectedCalls++;
  if (cmd?.onReject) cmd.onReject(c, msg);
  else c.addError(msg);
}

/** processCommand: everything between a parsed argv and the handler. */
export function processCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const cmd = resolveCommand(c, argv);
  if (!cmd) return;
  const g = gatesOf(cmd);

  if (g.protected) {
    const mode = s.config.str('enable-debug-command');
    if (mode === 'no' || (mode === 'local' && !c.conn.isLocal)) return rejectCommand(c, E.DEBUG_NOT_ALLOWED, cmd);
  }
  // authRequired(): a connection made under requirepass is let in once the password is removed.
  if (!c.authenticated && !g.noAuth && s.requiresAuth()) return rejectCommand(c, E.NOAUTH, cmd);
  if (c.inMulti && g.noMulti) return rejectCommand(c, E.NOT_ALLOWED_IN_MULTI, cmd);

  const isMasterLink = c.isMaster;
  if (g.write && !isMasterLink && s.masterHost === null) {
    const need = s.config.num('min-replicas-to-write');
    if (need > 0 && s.goodReplicasCount() < need) return rejectCommand(c, E.NOREPLICAS, cmd);
  }
  if (g.write && !isMasterLink && s.masterHost !== null && s.config.bool('replica-read-only')) {
    return rejectCommand(c, E.READONLY, cmd);
  }
  if (c.resp === 2 && c.inPubSub && !g.subscribeContext) {
    return rejectCommand(c, E.pubsubContext(cmd.name), cmd);
  }
  if (s.masterHost !== null && !s.masterLinkUp && !s.config.bool('replica-serve-stale-data') && !g.stale) {
    return rejectCommand(c, E.MASTERDOWN, cmd);
  }
  if (s.loading && !g.loading) return rejectCommand(c, E.LOADING, cmd);
  // Replicas and MONITOR clients (CLIENT_SLAVE in Redis) may not touch the keyspace.
  if ((c.isReplica || c.isMonitor) && (g.write || hasFlag(cmd, 'readonly') || hasFlag(cmd, 'may_replicate'))) {
    return rejectCommand(c, E.REPLICA_KEYSPACE, cmd);
  }

  if (c.inMulti && !g.txnControl) {
    c.multiQueue.push({ cmd, argv });
    c.addReply(QUEUED);
    return;
  }
  call(c, cmd, argv);
}

/**
 * call(): runs the handler, propagates what it changed, updates statistics and feeds
 * MONITOR. At the outermost level it closes the execution unit (MULTI/EXEC wrapping of
 * several ops) and serves clients blocked on keys the command filled.
 */
export function call(c: Client, cmd: CommandSpec, argv: string[]): void {
  const s = c.server;
  const dirtyBefore = s.dirty;
  const errorsBefore = s.stats.totalErrorReplies;
  const prevClient = s.currentClient;
  c.propagateArgv = null;
  c.preventPropagation = false;
  c.forcePropagation = false;
  s.currentClient = c;
  s.executionNesting++;
  if (s.executionNesting === 1) s.cmdTime = s.clock.now();
  const t0 = performance.now();
  try {
    cmd.handler(c, argv);
  } catch (e) {
    if (e instanceof ReplyError) {
      c.addError(e.message);
    } else {
      s.log.warning(`Internal error while executing '${cmd.name}': ${(e as Error).stack ?? String(e)}`);
      c.addError(E.internalError((e as Error).message ?? String(e)));
    }
  }
  const us = Math.round((performance.now() - t0) * 1000);
  s.executionNesting--;
  s.currentClient = prevClient;

  if (!c.preventPropagation && (s.dirty !== dirtyBefore || c.forcePropagation)) {
    s.alsoPropagate(c.db.id, c.propagateArgv ?? argv);
  }
  const stat = s.stats.commandStat(cmd.name);
  stat.calls++;
  stat.usec += us;
  if (s.stats.totalErrorReplies !== errorsBefore) stat.failedCalls++;
  s.stats.commandsProcessed++;
  c.lastCmd = cmd.name;
  s.afterCall(c, cmd, argv, us);
  if (s.monitors.size > 0 && !gatesOf(cmd).skipMonitor) feedMonitors(c, argv);

  if (s.executionNesting === 0) {
    s.flushPropagation();
    if (s.readyKeys.length > 0) handleClientsBlockedOnKeys(s);
  }
}

/** replicationFeedMonitors: `+<sec.usec> [<db> <addr>] "arg" ...`. */
function feedMonitors(c: Client, argv: string[]): void {
  const now = Date.now();
  const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
  const line = `+${ts} [${c.db.id} ${c.conn.remoteAddress}] ${argv.map(reprString).join(' ')}\r\n`;
  // Every monitor sees the line, the sender included (after its own reply).
  for (const m of c.server.monitors) m.addReply(line);
}
