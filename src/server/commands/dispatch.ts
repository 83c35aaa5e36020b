// Runs one command: lookup, arity, then the gates of server.c processCommand in Redis's
// order (protected, auth, MULTI rules, write guards on replicas and min-replicas,
// pub/sub context, stale data, loading), MULTI queueing, and call(): the handler, its
// propagation, statistics, MONITOR feed, and serving clients a write unblocked.

import { handleClientsBlockedOnKeys } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { argsPreview, reprString } from '../format.js';
import { performance } from 'node:perf_hooks';
import { QUEUED } from '../protocol/writer.js';
import type { CommandStat, Stats } from '../stats.js';
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
  /** Refused with -MISCONF after a failed background save: writes, and PING as Redis does. */
  diskError: boolean;
}
/** Per-spec caches kept on the spec object itself: a property read, no map lookup per call. */
type CachedSpec = CommandSpec & { _gates?: Gates; _stat?: CommandStat; _statOf?: Stats; _statEpoch?: number };
function gatesOf(cmd: CachedSpec): Gates {
  let g = cmd._gates;
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
      // processCommand tests `c->cmd->proc == pingCommand` here, so a monitoring PING fails too.
      diskError: hasFlag(cmd, 'write') || cmd.name === 'ping',
    };
    cmd._gates = g;
  }
  return g;
}

/** The commandstats entry of cmd, cached on the spec for this Stats and its reset epoch. */
function statOf(stats: Stats, cmd: CachedSpec): CommandStat {
  if (cmd._statOf === stats && cmd._statEpoch === stats.epoch) return cmd._stat!;
  const st = stats.commandStat(cmd.name);
  cmd._stat = st;
  cmd._statOf = stats;
  cmd._statEpoch = stats.epoch;
  return st;
}

/** Resolves argv to a spec (with subcommand), or writes the lookup error and returns null. */
// Pipelines repeat one command: its name is compared before the table is searched.
let lastName = '';
let lastTop: CommandSpec | undefined;

export function resolveCommand(c: Client, argv: string[]): CommandSpec | null {
  const name = argv[0]!;
  let top: CommandSpec | undefined;
  if (name === lastName) {
    top = lastTop;
  } else {
    top = lookupCommand(name);
    if (top) {
      lastName = name;
      lastTop = top;
    }
  }
  if (!top) {
    // Redis sets c->lastcmd from the lookup, before any check: CLIENT LIST says cmd=NULL.
    c.lastCmd = 'NULL';
    rejectCommand(c, E.unknownCommand(argv[0]!.slice(0, 128), argsPreview(argv)));
    return null;
  }
  let cmd = top;
  if (top.subcommands && argv.length >= 2) {
    const sub = lookupSubcommand(top, argv[1]!);
    if (!sub) {
      c.lastCmd = 'NULL';
      rejectCommand(c, E.unknownSubcommand(argv[1]!.slice(0, 128), top.name.toUpperCase()));
      return null;
    }
    cmd = sub;
  }
  // Also for commands that are then rejected or queued by MULTI.
  c.lastCmd = cmd.name;
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    rejectCommand(c, E.wrongArity(cmd.name), cmd);
    return null;
  }
  return cmd;
}

/** rejectCommand: error reply, and a pending MULTI is flagged to fail with EXECABORT. */
export function rejectCommand(c: Client, msg: string, cmd?: CommandSpec): void {
  if (c.inMulti) c.multiError = true;
  if (cmd) statOf(c.server.stats, cmd).rejectedCalls++;
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
  if (s.diskErrorGate !== null && g.diskError && !isMasterLink && s.diskErrorGate(s)) return rejectCommand(c, E.MISCONF, cmd);
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
  s.stats.prevErrorReplies = s.stats.totalErrorReplies;
  const prevClient = s.currentClient;
  c.propagateArgv = null;
  c.preventPropagation = false;
  c.forcePropagation = false;
  s.currentClient = c;
  const top = s.executionNesting++ === 0;
  // In an input batch a command starts where the previous one ended: one clock read per call.
  const t0 = top && s.callClock !== 0 ? s.callClock : performance.now();
  if (top) s.cmdTime = s.clock.now(t0);
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
  const t1 = performance.now();
  const us = Math.round((t1 - t0) * 1000);
  if (top && s.callClock !== 0) s.callClock = t1;
  s.executionNesting--;
  // Still the current client while its op is propagated: the stream offset is its WAIT target.
  if (!c.preventPropagation && (s.dirty !== dirtyBefore || c.forcePropagation)) {
    s.alsoPropagate(c.db.id, c.propagateArgv ?? argv);
  }
  s.currentClient = prevClient;
  const stat = statOf(s.stats, cmd);
  stat.calls++;
  stat.usec += us;
  // Errors since the last call began or ended: EXEC is not charged for its queued commands'
  // errors (they are), and CONFIG RESETSTAT zeroing the counters is not a failure.
  if (s.stats.totalErrorReplies > s.stats.prevErrorReplies) stat.failedCalls++;
  s.stats.prevErrorReplies = s.stats.totalErrorReplies;
  s.stats.commandsProcessed++;
  c.lastCmd = cmd.name;
  s.afterCall(c, cmd, argv, us);
  if (s.monitors.size > 0 && !gatesOf(cmd).skipMonitor) feedMonitors(c, argv);

  if (s.executionNesting === 0) {
    s.flushPropagation(c);
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
