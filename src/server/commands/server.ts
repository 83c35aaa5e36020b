// Server commands (Redis group "server"): INFO, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME,
// LASTSAVE, MONITOR, SHUTDOWN, SLOWLOG, LATENCY, COMMAND and DEBUG (server.c, db.c,
// debug.c, slowlog.c, latency.c), plus the after-call hook feeding slowlog and latency.

import { tenureYoungObjects } from '../gc.js';
import { blockClient, resumeClient, scanDatabaseForReadyKeys, unblockClient } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { genInfoString, histogramOf, markMemoryStartup, sampleInstantaneousMetrics, selectSections, setHistogram } from '../info.js';
import { datasetDigest, valueDigest } from '../keyspace/digest.js';
import { isActiveExpireEnabled, setActiveExpireEnabled } from '../keyspace/expire.js';
import { globMatch } from '../keyspace/glob.js';
import { RealClock } from '../keyspace/clock.js';
import { storedStringEncoding } from '../keyspace/values/string.js';
import type { RValue } from '../keyspace/values/types.js';
import { LatencyHistogram, LatencyMonitor } from '../latency.js';
import { perServer } from '../per-server.js';
import { createDumpPayload } from '../persistence/dump.js';
import { persistenceOf, saveAfterFlushall } from '../persistence/snapshot.js';
import { debugReloadCommand } from './persistence.js';
import { Slowlog } from '../slowlog.js';
import { shutdown } from '../startup.js';
import type { ServerState } from '../state.js';
import { registerSubsystem } from '../subsystems.js';
import { getNonNegativeInteger, isOpt, parseInteger } from './args.js';
import {
  ACL_CATEGORIES,
  addCommandDocs,
  addCommandInfo,
  commandAclCategories,
  commandHasKeys,
  getKeysWithFlags,
} from './command-docs.js';
import type { CommandSpec } from './spec.js';
import { allCommands, lookupCommand, lookupSubcommand } from './table.js';

// --- shared helpers ---------------------------------------------------------------------

/** addReplyHelp: "<CMD> <subcommand> ..." then the lines, then HELP, as status replies. */
function addHelp(c: Client, name: string, lines: readonly string[]): void {
  c.addArrayLen(lines.length + 3);
  c.addStatus(`${name.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) c.addStatus(line);
  c.addStatus('HELP');
  c.addStatus('    Prints this help.');
}

const nowSec = (s: ServerState): number => Math.floor(s.clock.now() / 1000);

/** Per-server monitoring state: slow log, latency events, cron pause. */
interface Monitoring {
  slowlog: Slowlog;
  latency: LatencyMonitor;
  tracking: boolean;
  cronPaused: boolean;
  /** SET-ACTIVE-EXPIRE's wish while PAUSE-CRON holds the active cycle off. */
  activeExpireBeforePause: boolean;
}

/** Created from the config on first use, then kept in step with CONFIG SET. */
const monitoringOf = perServer((s): Monitoring => {
  const m: Monitoring = {
    slowlog: new Slowlog(),
    latency: new LatencyMonitor(),
    tracking: true,
    cronPaused: false,
    activeExpireBeforePause: true,
  };
  m.slowlog.slowerThan = s.config.num('slowlog-log-slower-than');
  m.slowlog.maxLen = s.config.num('slowlog-max-len');
  m.latency.threshold = s.config.num('latency-monitor-threshold');
  m.tracking = s.config.bool('latency-tracking');
  s.config.onChange((name) => {
    if (name === 'slowlog-log-slower-than') m.slowlog.slowerThan = s.config.num(name);
    else if (name === 'slowlog-max-len') {
      m.slowlog.maxLen = s.config.num(name);
      m.slowlog.trim();
    } else if (name === 'latency-monitor-threshold') m.latency.threshold = s.config.num(name);
    else if (name === 'latency-tracking') m.tracking = s.config.bool(name);
  });
  return m;
});

/** The slow log of a server (for tests and CONFIG). */
export const slowlogOf = (s: ServerState): Slowlog => monitoringOf(s).slowlog;

/** The latency monitor of a server; other subsystems add samples (expire-cycle ...). */
export const latencyMonitorOf = (s: ServerState): LatencyMonitor => monitoringOf(s).latency;

/** DEBUG PAUSE-CRON state: periodic jobs skip their work while it is set. */
export const isCronPaused = (s: ServerState): boolean => monitoringOf.peek(s)?.cronPaused ?? false;

/**
 * Installs the after-call hook (server.c call(): slowlog, latency monitor, latency
 * histograms). Started with the server; unit tests call it on their ServerState.
 */
export function installServerMonitoring(s: ServerState): void {
  const m = monitoringOf(s);
  s.afterCall = (c, cmd, argv, usec) => {
    // Redis times a blocking command when it is served, without the wait; our blocked
    // retries do not come back through call(), so blocked calls are left out entirely.
    if (c.blocked !== null) return;
    const log = m.slowlog;
    if (log.slowerThan >= 0 && usec >= log.slowerThan && !cmd.flags.includes('skip_slowlog')) {
      log.pushIfNeeded(c, argv, usec, nowSec(s));
    }
    if (m.latency.threshold > 0) {
      m.latency.addSampleIfNeeded(cmd.flags.includes('fast') ? 'fast-command' : 'command', Math.floor(usec / 1000), nowSec(s));
    }
    if (m.tracking) {
      const stat = s.stats.commandStat(cmd.name);
      let h = histogramOf(stat);
      if (h === undefined) {
        h = new LatencyHistogram();
        setHistogram(stat, h);
      }
      h.record(usec * 1000);
    }
  };
}

registerSubsystem((s) => {
  installServerMonitoring(s);
  markMemoryStartup(s);
  const timer = setInterval(() => {
    if (!isCronPaused(s)) sampleInstantaneousMetrics(s);
  }, 100);
  timer.unref();
  return 0;
});

// --- INFO, DBSIZE, TIME, LASTSAVE --------------------------------------------------------

function infoCommand(c: Client, argv: string[]): void {
  c.addVerbatim(genInfoString(c.server, selectSections(argv.slice(1))));
}

function dbsizeCommand(c: Client): void {
  c.addInt(c.db.size);
}

function timeCommand(c: Client): void {
  const s = c.server;
  // Microseconds from the high-resolution clock when running for real; tests fix time.
  const us = s.clock instanceof RealClock ? Math.floor((performance.timeOrigin + performance.now()) * 1000) : s.clock.now() * 1000;
  c.addArrayLen(2);
  c.addBulk(String(Math.floor(us / 1e6)));
  c.addBulk(String(us % 1e6));
}

function lastsaveCommand(c: Client): void {
  c.addInt(persistenceOf(c.server).lastSave);
}

// --- FLUSHDB, FLUSHALL, SWAPDB ----------------------------------------------------------

/** getFlushCommandFlags: an optional SYNC or ASYNC (both free memory the same way here). */
function checkFlushArgs(argv: string[]): void {
  if (argv.length === 1) return;
  if (argv.length === 2 && (isOpt(argv[1], 'sync') || isOpt(argv[1], 'async'))) return;
  throw new ReplyError(E.SYNTAX);
}

function flushdbCommand(c: Client, argv: string[]): void {
  checkFlushArgs(argv);
  const s = c.server;
  s.touchAllWatchedKeysInDb(c.db);
  s.dirty += c.db.flush();
  // Propagated even when the db was already empty (forceCommandPropagation).
  c.forcePropagation = true;
  c.addOK();
}

function flushallCommand(c: Client, argv: string[]): void {
  checkFlushArgs(argv);
  const s = c.server;
  let removed = 0;
  for (const db of s.dbs) {
    s.touchAllWatchedKeysInDb(db);
    removed += db.flush();
  }
  s.dirty += removed;
  // flushAllDataAndResetRDB (7.0.15): a running BGSAVE is stale now; with save points
  // configured the empty dataset is saved at once, which resets dirty and is not counted
  // in rdb_saves. Propagation is forced, so replicas flush too.
  saveAfterFlushall(s);
  c.forcePropagation = true;
  c.addOK();
}

/** getIntFromObjectOrReply with a custom message: an int32 or the message. */
function getDbIndex(arg: string, msg: string): number {
  const v = parseInteger(arg);
  if (v === null || v < -2147483648 || v > 2147483647) throw new ReplyError(msg);
  return v;
}

function swapdbCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const id1 = getDbIndex(argv[1]!, E.SWAPDB_INVALID_FIRST);
  const id2 = getDbIndex(argv[2]!, E.SWAPDB_INVALID_SECOND);
  const n = s.dbs.length;
  if (id1 < 0 || id1 >= n || id2 < 0 || id2 >= n) throw new ReplyError(E.DB_INDEX_OUT_OF_RANGE);
  if (id1 !== id2) {
    const db1 = s.dbs[id1]!;
    const db2 = s.dbs[id2]!;
    // Watchers of keys that change by the swap must fail their EXEC; clients stay in
    // their numbered db, so blocked clients may now find data there.
    s.touchAllWatchedKeysInDb(db1, db2);
    s.touchAllWatchedKeysInDb(db2, db1);
    db1.swapWith(db2);
    scanDatabaseForReadyKeys(s, db1);
    scanDatabaseForReadyKeys(s, db2);
  }
  s.dirty++;
  c.addOK();
}

// --- MONITOR, SHUTDOWN -------------------------------------------------------------------

function monitorCommand(c: Client): void {
  // Inside EXEC a client must get one reply per command (CLIENT_DENY_BLOCKING).
  if (c.server.executionNesting > 1) throw new ReplyError(E.MONITOR_DENY_BLOCKING);
  if (c.isReplica || c.isMonitor) return;
  c.isMonitor = true;
  c.server.monitors.add(c);
  c.addOK();
}

function shutdownCommand(c: Client, argv: string[]): void {
  let save: boolean | null = null;
  let nosave = false;
  let dosave = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'nosave') nosave = true;
    else if (a === 'save') dosave = true;
    else if (a === 'now') now = true;
    else if (a === 'force') force = true;
    else if (a === 'abort') abort = true;
    else throw new ReplyError(E.SYNTAX);
  }
  if ((abort && (nosave || dosave || now || force)) || (nosave && dosave)) throw new ReplyError(E.SYNTAX);
  // Our shutdown runs to completion once started, so there is never one to abort.
  if (abort) throw new ReplyError(E.SHUTDOWN_NOT_IN_PROGRESS);
  if (dosave) save = true;
  else if (nosave) save = false;
  // The client waits (blocked) until the server exits or the shutdown fails.
  blockClient(c, 0, () => false, () => {});
  void shutdown(c.server, { save, now, force, signal: false }).then((err) => {
    if (err === null) return;
    unblockClient(c);
    c.addError(E.SHUTDOWN_FAILED);
    resumeClient(c);
  });
}

// --- SLOWLOG -----------------------------------------------------------------------------

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

function slowlogGetCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(E.subcommandSyntax(argv[1]!, 'SLOWLOG'));
  const log = slowlogOf(c.server);
  let count = 10;
  if (argv.length === 3) {
    const v = parseInteger(argv[2]!);
    if (v === null || v < -1) throw new ReplyError(E.SLOWLOG_COUNT);
    count = v === -1 ? log.entries.length : v;
  }
  const entries = log.entries.slice(0, count);
  c.addArrayLen(entries.length);
  for (const e of entries) {
    c.addArrayLen(6);
    c.addInt(e.id);
    c.addInt(e.time);
    c.addInt(e.duration);
    c.addBulkArray(e.argv);
    c.addBulk(e.peerId);
    c.addBulk(e.clientName);
  }
}

// --- LATENCY -----------------------------------------------------------------------------

const LATENCY_HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

function latencyLatestCommand(c: Client): void {
  const events = latencyMonitorOf(c.server).events;
  c.addArrayLen(events.size);
  for (const [name, ts] of events) {
    const last = LatencyMonitor.latest(ts);
    c.addArrayLen(4);
    c.addBulk(name);
    c.addInt(last.time);
    c.addInt(last.latency);
    c.addInt(ts.max);
  }
}

function latencyHistoryCommand(c: Client, argv: string[]): void {
  const ts = latencyMonitorOf(c.server).events.get(argv[2]!);
  const samples = ts ? LatencyMonitor.history(ts) : [];
  c.addArrayLen(samples.length);
  for (const sample of samples) {
    c.addArrayLen(2);
    c.addInt(sample.time);
    c.addInt(sample.latency);
  }
}

function latencyResetCommand(c: Client, argv: string[]): void {
  c.addInt(latencyMonitorOf(c.server).reset(argv.length === 2 ? null : argv.slice(2)));
}

/**
 * LATENCY GRAPH: the event's samples as columns of '#' scaled to the worst one, oldest
 * left, with each column's age underneath (our own rendering of latency.c's idea).
 */
function latencyGraphCommand(c: Client, argv: string[]): void {
  const event = argv[2]!;
  const ts = latencyMonitorOf(c.server).events.get(event);
  if (!ts) throw new ReplyError(E.latencyNoSamples(event));
  const samples = LatencyMonitor.history(ts);
  const max = Math.max(1, ...samples.map((x) => x.latency));
  const min = Math.min(...samples.map((x) => x.latency));
  const rows = 4;
  const now = nowSec(c.server);
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n`;
  out += '-'.repeat(80) + '\n';
  for (let r = rows; r >= 1; r--) {
    let line = '';
    for (const x of samples) line += Math.ceil((x.latency / max) * rows) >= r ? '#' : ' ';
    out += line.trimEnd() + '\n';
  }
  const ages = samples.map((x) => formatAge(now - x.time));
  const width = Math.max(0, ...ages.map((a) => a.length));
  for (let r = 0; r < width; r++) out += ages.map((a) => a[r] ?? ' ').join('').trimEnd() + '\n';
  c.addVerbatim(out);
}

function formatAge(sec: number): string {
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}

/** LATENCY DOCTOR: a plain report of every event (our own wording). */
function latencyDoctorCommand(c: Client): void {
  const s = c.server;
  const m = latencyMonitorOf(s);
  let out: string;
  if (m.events.size === 0) {
    out =
      m.threshold > 0
        ? 'No latency spike above the configured threshold was observed since startup.\n'
        : 'Latency monitoring is disabled. Enable it with CONFIG SET latency-monitor-threshold <milliseconds>.\n';
  } else {
    out = `Latency report (threshold ${m.threshold} ms):\n\n`;
    let i = 1;
    for (const [name, ts] of m.events) {
      const samples = LatencyMonitor.history(ts);
      const avg = samples.reduce((a, x) => a + x.latency, 0) / Math.max(1, samples.length);
      const last = LatencyMonitor.latest(ts);
      out +=
        `${i++}. ${name}: ${samples.length} latency spikes (average ${Math.round(avg)}ms, ` +
        `worst ${ts.max}ms, latest ${last.latency}ms ${nowSec(s) - last.time} seconds ago).\n`;
    }
    out += '\nSlow commands can be inspected with SLOWLOG GET; LATENCY RESET clears these events.\n';
  }
  c.addVerbatim(out);
}

function addHistogram(c: Client, name: string, h: LatencyHistogram): void {
  c.addBulk(name);
  c.addMapLen(2);
  c.addBulk('calls');
  c.addInt(h.totalCount);
  c.addBulk('histogram_usec');
  const cdf = h.cumulative();
  c.addMapLen(cdf.length);
  for (const [usec, count] of cdf) {
    c.addInt(usec);
    c.addInt(count);
  }
}

/** LATENCY HISTOGRAM [command ...]: a map of command -> {calls, histogram_usec}. */
function latencyHistogramCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const found: Array<[string, LatencyHistogram]> = [];
  const add = (cmd: CommandSpec): void => {
    const stat = s.stats.commands.get(cmd.name);
    const h = stat ? histogramOf(stat) : undefined;
    if (h && h.totalCount > 0) found.push([cmd.name, h]);
  };
  if (argv.length === 2) {
    for (const cmd of allCommands()) {
      add(cmd);
      for (const sub of cmd.subcommands ?? []) add(sub);
    }
  } else {
    for (const name of argv.slice(2)) {
      const cmd = lookupByFullName(name);
      if (!cmd) continue;
      add(cmd);
      for (const sub of cmd.subcommands ?? []) add(sub);
    }
  }
  c.addMapLen(found.length);
  for (const [name, h] of found) addHistogram(c, name, h);
}

// --- COMMAND -----------------------------------------------------------------------------

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

/** lookupCommandBySds: "get" or "config|get"; null for anything else. */
function lookupByFullName(name: string): CommandSpec | null {
  const parts = name.split('|');
  if (parts.length > 2) return null;
  const top = lookupCommand(parts[0]!);
  if (!top) return null;
  if (parts.length === 1) return top;
  if (!top.subcommands) return null;
  return lookupSubcommand(top, parts[1]!) ?? null;
}

function commandCommand(c: Client): void {
  const cmds = allCommands();
  c.addArrayLen(cmds.length);
  for (const cmd of cmds) addCommandInfo(c, cmd);
}

function commandCountCommand(c: Client): void {
  c.addInt(allCommands().length);
}

function commandListCommand(c: Client, argv: string[]): void {
  let filter: ((cmd: CommandSpec) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    if (!isOpt(argv[i], 'filterby') || argv.length - 1 - i !== 2) throw new ReplyError(E.SYNTAX);
    const type = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (type === 'module') {
      filter = () => false; // no modules are ever loaded
    } else if (type === 'aclcat') {
      const cat = arg.toLowerCase();
      filter = ACL_CATEGORIES.includes(cat) ? (cmd) => commandAclCategories(cmd).includes(cat) : () => false;
    } else if (type === 'pattern') {
      filter = (cmd) => globMatch(arg, cmd.name, true);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
    i += 2;
  }
  const names: string[] = [];
  const visit = (cmd: CommandSpec): void => {
    if (filter === null || filter(cmd)) names.push(cmd.name);
    for (const sub of cmd.subcommands ?? []) visit(sub);
  };
  for (const cmd of allCommands()) visit(cmd);
  c.addBulkArray(names);
}

function commandInfoCommand(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandCommand(c);
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupByFullName(argv[i]!);
    if (cmd) addCommandInfo(c, cmd);
    else c.addNull();
  }
}

function commandDocsCommand(c: Client, argv: string[]): void {
  const cmds: CommandSpec[] = [];
  if (argv.length === 2) {
    cmds.push(...allCommands());
  } else {
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupByFullName(argv[i]!);
      if (cmd) cmds.push(cmd);
    }
  }
  c.addMapLen(cmds.length);
  for (const cmd of cmds) {
    c.addBulk(cmd.name);
    addCommandDocs(c, cmd);
  }
}

/** getKeysSubcommandImpl: the target command's keys, optionally with their flags. */
function getKeysReply(c: Client, argv: string[], withFlags: boolean): void {
  const target = argv.slice(2);
  const top = lookupCommand(target[0]!);
  let cmd: CommandSpec | undefined = top;
  if (top?.subcommands && target.length >= 2) cmd = lookupSubcommand(top, target[1]!);
  if (!cmd) throw new ReplyError(E.GETKEYS_INVALID_COMMAND);
  if (!commandHasKeys(cmd)) throw new ReplyError(E.GETKEYS_NO_KEYS);
  if ((cmd.arity > 0 && cmd.arity !== target.length) || target.length < -cmd.arity) {
    throw new ReplyError(E.GETKEYS_BAD_ARITY);
  }
  const keys = getKeysWithFlags(cmd, target);
  if (keys === null || keys.length === 0) {
    if (cmd.flags.includes('no_mandatory_keys')) return c.addArrayLen(0);
    throw new ReplyError(E.GETKEYS_BAD_ARGS);
  }
  c.addArrayLen(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      c.addBulk(target[k.pos]!);
      continue;
    }
    c.addArrayLen(2);
    c.addBulk(target[k.pos]!);
    c.addSetLen(k.flags.length);
    for (const f of k.flags) c.addStatus(f);
  }
}

// --- DEBUG -------------------------------------------------------------------------------

/** A DEBUG subcommand another subsystem provides (RELOAD, CHANGE-REPL-ID ...). */
export type DebugHandler = (c: Client, argv: string[]) => void;
const DEBUG_EXTENSIONS = new Map<string, DebugHandler>();

/** Lets persistence and replication add DEBUG subcommands (name in lower case). */
export function registerDebugSubcommand(name: string, handler: DebugHandler): void {
  DEBUG_EXTENSIONS.set(name.toLowerCase(), handler);
}

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
];

/** C atoi: leading spaces, optional sign, digits; anything else stops (0 when none). */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

/** Stable fake object address for DEBUG OBJECT's "Value at:". */
function fakeAddress(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `0x7f${(h * 16).toString(16).padStart(10, '0')}`;
}

/** Bytes of one listpack entry (encoding, data and back-length) holding s. */
function listpackEntrySize(s: string): number {
  let enc: number;
  const n = /^-?[1-9][0-9]{0,18}$|^0$/.test(s) ? BigInt(s) : null;
  if (n !== null && n >= -9223372036854775808n && n <= 9223372036854775807n) {
    if (n >= 0n && n <= 127n) enc = 1;
    else if (n >= -4096n && n <= 4095n) enc = 2;
    else if (n >= -32768n && n <= 32767n) enc = 3;
    else if (n >= -8388608n && n <= 8388607n) enc = 4;
    else if (n >= -2147483648n && n <= 2147483647n) enc = 5;
    else enc = 9;
  } else {
    enc = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
  }
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

/** The quicklist figures DEBUG OBJECT shows for a list, as if built by RPUSH. */
function quicklistInfo(c: Client, items: Iterable<string>): string {
  const fill = c.server.config.num('list-max-listpack-size');
  const sizeLimit = fill < 0 ? 4096 * 2 ** Math.min(4, -fill - 1) : 8192;
  let nodes = 0;
  let nodeBytes = 0;
  let nodeCount = 0;
  let total = 0;
  let elements = 0;
  for (const item of items) {
    const e = listpackEntrySize(item);
    const fits = nodes > 0 && nodeBytes + e <= sizeLimit && (fill < 0 || nodeCount < fill);
    if (!fits) {
      nodes++;
      total += nodeBytes;
      nodeBytes = 7; // listpack header and end byte
      nodeCount = 0;
    }
    nodeBytes += e;
    nodeCount++;
    elements++;
  }
  total += nodeBytes;
  const avg = nodes > 0 ? elements / nodes : 0;
  const compressed = c.server.config.num('list-compress-depth') > 0 ? 1 : 0;
  return ` ql_nodes:${nodes} ql_avg_node:${avg.toFixed(2)} ql_listpack_max:${fill} ql_compressed:${compressed} ql_uncompressed_size:${total}`;
}

function debugObject(c: Client, key: string): void {
  const s = c.server;
  const v: RValue | undefined = c.db.peek(key);
  if (v === undefined) throw new ReplyError(E.NO_SUCH_KEY);
  const encoding = typeof v === 'string' ? storedStringEncoding(c.db, key, v) : v.encoding();
  let refcount = 1;
  if (encoding === 'int' && typeof v === 'string' && v.length <= 4) {
    // Integers 0..9999 are shared objects unless an LRU/LFU maxmemory policy needs per-key data.
    const policy = s.config.str('maxmemory-policy');
    const shared = s.config.num('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
    const n = Number(v);
    if (shared && n >= 0 && n < 10000) refcount = 2147483647;
  }
  const serialized = createDumpPayload(v, s.config.bool('rdbcompression')).length - 11;
  const accessed = c.db.lru.get(key) ?? s.clock.now();
  const lru = Math.floor(accessed / 1000) & 0xffffff;
  const idle = Math.max(0, Math.floor(s.clock.now() / 1000) - Math.floor(accessed / 1000));
  const extra = typeof v !== 'string' && v.type === 'list' ? quicklistInfo(c, v.values()) : '';
  c.addStatus(
    `Value at:${fakeAddress(key)} refcount:${refcount} encoding:${encoding} serializedlength:${serialized} lru:${lru} lru_seconds_idle:${idle}${extra}`,
  );
}

function debugPopulate(c: Client, argv: string[]): void {
  const count = getNonNegativeInteger(argv[2]!);
  const size = argv.length === 5 ? getNonNegativeInteger(argv[4]!) : 0;
  const prefix = argv.length >= 4 ? argv[3]! : 'key';
  const s = c.server;
  const db = c.db;
  // dictTryExpand up front, as debug.c does (bounded: a huge count fails later, by key).
  db.reserve(db.size + Math.min(count, 1 << 24));
  for (let j = 0; j < count; j++) {
    // snprintf into a 128-byte buffer: long prefixes are cut.
    const key = `${prefix}:${j}`.slice(0, 127);
    if (db.lookupWrite(key) !== undefined) continue;
    const base = `value:${j}`;
    const value = size === 0 ? base : size <= base.length ? base.slice(0, size) : base + '\0'.repeat(size - base.length);
    db.add(key, value);
    s.touchWatchedKey(db, key);
  }
  if (count >= 10_000) tenureYoungObjects();
  c.addOK();
}

function debugProtocol(c: Client, type: string): void {
  switch (type.toLowerCase()) {
    case 'string':
      return c.addBulk('Hello World');
    case 'integer':
      return c.addInt(12345);
    case 'double':
      return c.addDouble(3.141);
    case 'bignum':
      if (c.resp === 2) return c.addBulk('1234567999999999999999999999999999999');
      return c.addReply('(1234567999999999999999999999999999999\r\n');
    case 'null':
      return c.addNull();
    case 'array':
      c.addArrayLen(3);
      for (let j = 0; j < 3; j++) c.addInt(j);
      return;
    case 'set':
      c.addSetLen(3);
      for (let j = 0; j < 3; j++) c.addInt(j);
      return;
    case 'map':
      c.addMapLen(3);
      for (let j = 0; j < 3; j++) {
        c.addInt(j);
        c.addBool(j === 1);
      }
      return;
    case 'attrib':
      // Attributes are not replies: a real reply always follows.
      if (c.resp === 3) c.addReply('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n');
      return c.addBulk('Some real reply following the attribute');
    case 'push':
      if (c.resp === 2) throw new ReplyError(E.RESP2_NOT_SUPPORTED);
      c.addPushLen(2);
      c.addBulk('server-cpu-usage');
      c.addInt(42);
      return c.addBulk('Some real reply following the push reply');
    case 'true':
      return c.addBool(true);
    case 'false':
      return c.addBool(false);
    case 'verbatim':
      return c.addVerbatim('This is a verbatim\nstring');
    default:
      throw new ReplyError(E.DEBUG_PROTOCOL_TYPE);
  }
}

/** Blocks the whole process, as usleep() does in Redis: nothing else runs meanwhile. */
function sleepBlocking(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function debugCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  if (sub === 'help' && argc === 2) return addHelp(c, argv[0]!, DEBUG_HELP);
  if (sub === 'digest' && argc === 2) return c.addStatus(datasetDigest(s.dbs));
  if (sub === 'digest-value' && argc >= 2) {
    c.addArrayLen(argc - 2);
    for (let j = 2; j < argc; j++) c.addStatus(valueDigest(c.db, argv[j]!));
    return;
  }
  if (sub === 'object' && argc === 3) return debugObject(c, argv[2]!);
  if (sub === 'populate' && argc >= 3 && argc <= 5) return debugPopulate(c, argv);
  if (sub === 'protocol' && argc === 3) return debugProtocol(c, argv[2]!);
  if (sub === 'sleep' && argc === 3) {
    // strtod without error checks: garbage sleeps 0 seconds.
    const sec = Number.parseFloat(argv[2]!);
    sleepBlocking(Number.isFinite(sec) ? Math.floor(sec * 1e6) / 1000 : 0);
    return c.addOK();
  }
  if (sub === 'set-active-expire' && argc === 3) {
    const on = atoi(argv[2]!) !== 0;
    const m = monitoringOf(s);
    if (m.cronPaused) m.activeExpireBeforePause = on;
    else setActiveExpireEnabled(s, on);
    return c.addOK();
  }
  if (sub === 'pause-cron' && argc === 3) {
    const m = monitoringOf(s);
    const pause = atoi(argv[2]!) !== 0;
    // The active expire cycle is our cron job that touches data: hold it while paused.
    if (pause && !m.cronPaused) {
      m.activeExpireBeforePause = isActiveExpireEnabled(s);
      setActiveExpireEnabled(s, false);
    } else if (!pause && m.cronPaused) {
      setActiveExpireEnabled(s, m.activeExpireBeforePause);
    }
    m.cronPaused = pause;
    return c.addOK();
  }
  if (sub === 'log' && argc === 3) {
    s.log.warning(`DEBUG LOG: ${argv[2]}`);
    return c.addOK();
  }
  // The text is sent as is after '-': it names its own error code.
  if (sub === 'error' && argc === 3) throw new ReplyError(argv[2]!);
  const ext = DEBUG_EXTENSIONS.get(sub);
  if (ext) return ext(c, argv);
  if (sub === 'reload') return debugReloadCommand(c, argv);
  if (sub === 'change-repl-id') throw new ReplyError(E.debugNotSupported(argv[1]!.toUpperCase()));
  throw new ReplyError(E.subcommandSyntax(argv[1]!, 'DEBUG'));
}

// --- table -------------------------------------------------------------------------------

const NO_KEYS = { firstKey: 0, lastKey: 0, step: 0 } as const;

/** A subcommand of a server-group container: admin subcommands share these fields. */
function sub(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  since: string,
  summary: string,
  handler: CommandSpec['handler'],
  acl?: readonly string[],
): CommandSpec {
  return { name, arity, flags, ...NO_KEYS, group: 'server', summary, since, handler, ...(acl ? { acl } : {}) };
}

const ADMIN_SUB = ['admin', 'noscript', 'loading', 'stale'] as const;
const SLOWLOG_SUB = ['admin', 'loading', 'stale'] as const;
const HELP_FLAGS = ['loading', 'stale'] as const;

function containerHandler(name: string): CommandSpec['handler'] {
  return (_c, argv) => {
    throw new ReplyError(E.unknownSubcommand(argv[1] ?? '', name));
  };
}

export const serverCommands = [
  {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Reports information and statistics about the server.',
    since: '1.0.0',
    acl: ['slow', 'dangerous'],
    handler: infoCommand,
  },
  {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Counts the keys of the selected database.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: dbsizeCommand,
  },
  {
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Deletes every key of the selected database.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'slow', 'dangerous'],
    handler: flushdbCommand,
  },
  {
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Deletes every key of every database.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'slow', 'dangerous'],
    handler: flushallCommand,
  },
  {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Exchanges the contents of two databases.',
    since: '4.0.0',
    acl: ['keyspace', 'write', 'fast', 'dangerous'],
    handler: swapdbCommand,
  },
  {
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Returns the server clock as seconds and microseconds.',
    since: '2.6.0',
    acl: ['fast'],
    handler: timeCommand,
  },
  {
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Returns the Unix time of the last successful save.',
    since: '1.0.0',
    acl: ['admin', 'fast', 'dangerous'],
    handler: lastsaveCommand,
  },
  {
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Streams every command the server executes to this connection.',
    since: '1.0.0',
    handler: monitorCommand,
  },
  {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Optionally saves the dataset, then stops the server.',
    since: '1.0.0',
    handler: shutdownCommand,
  },
  {
    name: 'slowlog',
    arity: -2,
    flags: [],
    ...NO_KEYS,
    group: 'server',
    summary: 'Container for slow log commands.',
    since: '2.2.12',
    acl: ['slow'],
    handler: containerHandler('SLOWLOG'),
    subcommands: [
      sub('slowlog|get', -2, SLOWLOG_SUB, '2.2.12', 'Returns the newest slow log entries.', slowlogGetCommand),
      sub('slowlog|len', 2, SLOWLOG_SUB, '2.2.12', 'Counts the slow log entries.', (c) => c.addInt(slowlogOf(c.server).entries.length)),
      sub('slowlog|reset', 2, SLOWLOG_SUB, '2.2.12', 'Empties the slow log.', (c) => {
        slowlogOf(c.server).reset();
        c.addOK();
      }),
      sub('slowlog|help', 2, HELP_FLAGS, '6.2.0', 'Lists the SLOWLOG subcommands.', (c, argv) => addHelp(c, argv[0]!, SLOWLOG_HELP)),
    ],
  },
  {
    name: 'latency',
    arity: -2,
    flags: [],
    ...NO_KEYS,
    group: 'server',
    summary: 'Container for latency monitoring commands.',
    since: '2.8.13',
    acl: ['slow'],
    handler: containerHandler('LATENCY'),
    subcommands: [
      sub('latency|latest', 2, ADMIN_SUB, '2.8.13', 'Returns the latest sample of every latency event.', latencyLatestCommand),
      sub('latency|history', 3, ADMIN_SUB, '2.8.13', 'Returns the samples of one latency event.', latencyHistoryCommand),
      sub('latency|reset', -2, ADMIN_SUB, '2.8.13', 'Clears latency events, all or the named ones.', latencyResetCommand),
      sub('latency|doctor', 2, ADMIN_SUB, '2.8.13', 'Describes the recorded latency events in prose.', latencyDoctorCommand),
      sub('latency|graph', 3, ADMIN_SUB, '2.8.13', 'Draws the samples of one latency event as text.', latencyGraphCommand),
      sub('latency|histogram', -2, ADMIN_SUB, '7.0.0', 'Returns per-command latency distributions.', latencyHistogramCommand),
      sub('latency|help', 2, HELP_FLAGS, '2.8.13', 'Lists the LATENCY subcommands.', (c, argv) => addHelp(c, argv[0]!, LATENCY_HELP)),
    ],
  },
  {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Describes every command the server knows.',
    since: '2.8.13',
    acl: ['slow', 'connection'],
    handler: commandCommand,
    subcommands: [
      sub('command|count', 2, HELP_FLAGS, '2.8.13', 'Counts the commands the server knows.', commandCountCommand, ['slow', 'connection']),
      sub('command|list', -2, HELP_FLAGS, '7.0.0', 'Lists command names, optionally filtered.', commandListCommand, ['slow', 'connection']),
      sub('command|info', -2, HELP_FLAGS, '2.8.13', 'Describes the named commands.', commandInfoCommand, ['slow', 'connection']),
      sub('command|docs', -2, HELP_FLAGS, '7.0.0', 'Returns documentation for the named commands.', commandDocsCommand, ['slow', 'connection']),
      sub('command|getkeys', -4, HELP_FLAGS, '2.8.13', 'Extracts the key names from a full command.', (c, argv) => getKeysReply(c, argv, false), ['slow', 'connection']),
      sub(
        'command|getkeysandflags',
        -4,
        HELP_FLAGS,
        '7.0.0',
        'Extracts the key names and their access flags from a full command.',
        (c, argv) => getKeysReply(c, argv, true),
        ['slow', 'connection'],
      ),
      sub('command|help', 2, HELP_FLAGS, '5.0.0', 'Lists the COMMAND subcommands.', (c, argv) => addHelp(c, argv[0]!, COMMAND_HELP), ['slow', 'connection']),
    ],
  },
  {
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale', 'protected'],
    ...NO_KEYS,
    group: 'server',
    summary: 'Inspection and testing helpers for the server internals.',
    since: '1.0.0',
    handler: debugCommand,
  },
] satisfies CommandSpec[];
