// Replication commands (Redis group "server"): SYNC, PSYNC, REPLCONF, REPLICAOF/SLAVEOF,
// ROLE, WAIT, FAILOVER. The state machines live in src/server/replication/.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { abortFailover, findReplica, startFailover } from '../replication/failover.js';
import { replicationOf } from '../replication/subsystem.js';
import { getInteger, isOpt, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

function syncCommand(c: Client, argv: string[]): void {
  if (c.isMaster || c.repl) return;
  const s = c.server;
  const { repl, replica } = replicationOf(s);
  // PSYNC <replid> <offset> FAILOVER: our master hands over to us; continue its history.
  if (argv.length > 3 && isOpt(argv[0], 'psync') && isOpt(argv[3], 'failover')) {
    if (s.masterHost === null) throw new ReplyError(E.PSYNC_FAILOVER_MASTER);
    if (argv[1]!.toLowerCase() !== repl.ids.replid) throw new ReplyError(E.PSYNC_FAILOVER_REPLID);
    replica.unsetMaster();
    s.config.setInternal('replicaof', ['no', 'one']);
    s.log.notice(`Failover request received for replid ${argv[1]}, failing over.`);
  }
  const err = repl.syncCommand(c, argv);
  if (err !== null) c.addError(err);
}

function replconfCommand(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) throw new ReplyError(E.SYNTAX);
  const { repl, replica } = replicationOf(c.server);
  for (let i = 1; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const val = argv[i + 1]!;
    if (opt === 'listening-port') {
      const port = parseInteger(val);
      if (port === null) throw new ReplyError(E.NOT_INTEGER);
      c.replListeningPort = port;
    } else if (opt === 'ip-address') {
      c.replAnnouncedIp = val;
    } else if (opt === 'capa') {
      c.replCapa.add(val.toLowerCase());
    } else if (opt === 'ack') {
      // REPLCONF ACK never gets a reply (replconfCommand returns early).
      const off = parseInteger(val);
      if (off !== null) repl.ack(c, off);
      return;
    } else if (opt === 'getack') {
      // Answered with an ACK to our master (never a reply), whoever asked.
      if (c.server.masterClient) replica.sendAck();
      return;
    } else if (opt === 'rdb-only') {
      // getRangeLongFromObjectOrReply(0, 1): two texts for "not a number" and "out of range".
      const v = parseInteger(val);
      if (v === null) throw new ReplyError(E.NOT_INTEGER);
      if (v < 0 || v > 1) throw new ReplyError(E.REPLCONF_RDB_ONLY_RANGE);
      c.replRdbOnly = v === 1;
    } else if (opt === 'rdb-filter-only' || opt === 'fack') {
      // Accepted for compatibility; we always send the whole snapshot.
    } else {
      throw new ReplyError(E.unrecognizedReplconf(argv[i]!));
    }
  }
  c.addOK();
}

function replicaofCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const { repl, replica } = replicationOf(s);
  if (repl.failoverState !== 'no-failover') throw new ReplyError(E.REPLICAOF_FAILING_OVER);
  if (isOpt(argv[1], 'no') && isOpt(argv[2], 'one')) {
    if (s.masterHost !== null) {
      replica.unsetMaster();
      s.config.setInternal('replicaof', ['no', 'one']);
      s.log.notice(`MASTER MODE enabled (user request from 'id=${c.id} addr=${c.conn.remoteAddress} laddr=${c.conn.localAddress}')`);
    }
    c.addOK();
    return;
  }
  if (c.repl) throw new ReplyError(E.REPLICAOF_FROM_REPLICA);
  const port = parseInteger(argv[2]!);
  if (port === null || port < 0 || port > 65535) throw new ReplyError(E.REPLICAOF_INVALID_PORT);
  const host = argv[1]!;
  if (s.masterHost !== null && s.masterHost.toLowerCase() === host.toLowerCase() && s.masterPort === port) {
    s.log.notice('REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
    c.addStatus('OK Already connected to specified master');
    return;
  }
  replica.setMaster(host, port);
  s.config.setInternal('replicaof', [host, String(port)]);
  s.log.notice(`REPLICAOF ${host}:${port} enabled (user request from 'id=${c.id} addr=${c.conn.remoteAddress} laddr=${c.conn.localAddress}')`);
  c.addOK();
}

function roleCommand(c: Client): void {
  const s = c.server;
  const { repl, replica } = replicationOf(s);
  if (s.masterHost === null) {
    const online = repl.replicas.filter((r) => r.state === 'online');
    c.addArrayLen(3);
    c.addBulk('master');
    c.addInt(repl.offset);
    c.addArrayLen(online.length);
    for (const r of online) {
      c.addArrayLen(3);
      c.addBulk(r.client.replAnnouncedIp || r.client.conn.remoteAddress.replace(/:\d+$/, ''));
      c.addBulk(String(r.client.replListeningPort));
      c.addBulk(String(r.ackOffset));
    }
    return;
  }
  c.addArrayLen(5);
  c.addBulk('slave');
  c.addBulk(s.masterHost);
  c.addInt(s.masterPort);
  c.addBulk(replica.state === 'none' ? 'none' : replica.state);
  c.addInt(replica.connected ? replica.reploff : -1);
}

function waitCommand(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.masterHost !== null) throw new ReplyError(E.WAIT_ON_REPLICA);
  const n = getInteger(argv[1]!);
  const timeout = getInteger(argv[2]!, E.TIMEOUT_NOT_FLOAT);
  if (timeout < 0) throw new ReplyError(E.TIMEOUT_NEGATIVE);
  replicationOf(s).repl.waitCommand(c, n, timeout);
}

/** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms] (failoverCommand). */
function failoverCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const { repl, replica } = replicationOf(s);
  if (argv.length === 2 && isOpt(argv[1], 'abort')) {
    if (repl.failoverState === 'no-failover') throw new ReplyError(E.FAILOVER_NONE);
    abortFailover(s, repl, replica, 'Failover manually aborted');
    c.addOK();
    return;
  }
  let timeoutMs = 0;
  let force = false;
  let host: string | null = null;
  let port = 0;
  for (let j = 1; j < argv.length; j++) {
    if (isOpt(argv[j], 'timeout') && j + 1 < argv.length && timeoutMs === 0) {
      timeoutMs = getInteger(argv[j + 1]!);
      if (timeoutMs <= 0) throw new ReplyError(E.FAILOVER_TIMEOUT_POSITIVE);
      j++;
    } else if (isOpt(argv[j], 'to') && j + 2 < argv.length && host === null) {
      port = getInteger(argv[j + 2]!);
      host = argv[j + 1]!;
      j += 2;
    } else if (isOpt(argv[j], 'force') && !force) {
      force = true;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  if (repl.failoverState !== 'no-failover') throw new ReplyError(E.FAILOVER_IN_PROGRESS);
  if (s.masterHost !== null) throw new ReplyError(E.FAILOVER_ON_REPLICA);
  if (repl.replicas.length === 0) throw new ReplyError(E.FAILOVER_NO_REPLICAS);
  if (force && (timeoutMs === 0 || host === null)) throw new ReplyError(E.FAILOVER_FORCE_ARGS);
  if (host !== null) {
    const target = findReplica(repl, host, port);
    if (!target) throw new ReplyError(E.FAILOVER_NOT_A_REPLICA);
    if (target.state !== 'online') throw new ReplyError(E.FAILOVER_TARGET_NOT_ONLINE);
  }
  startFailover(s, repl, { host, port, timeoutMs, force });
  c.addOK();
}

const base = { firstKey: 0, lastKey: 0, step: 0, group: 'server' } as const;

export const replicationCommands = [
  {
    ...base,
    name: 'sync',
    acl: ['admin', 'slow', 'dangerous'],
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    summary: 'An internal command used in replication (full synchronization).',
    since: '1.0.0',
    handler: syncCommand,
  },
  {
    ...base,
    name: 'psync',
    acl: ['admin', 'slow', 'dangerous'],
    arity: -3,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    summary: 'An internal command used in replication (partial or full synchronization).',
    since: '2.8.0',
    handler: syncCommand,
  },
  {
    ...base,
    name: 'replconf',
    acl: ['admin', 'slow', 'dangerous'],
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'],
    summary: 'An internal command for configuring the replication stream.',
    since: '3.0.0',
    handler: replconfCommand,
  },
  {
    ...base,
    name: 'replicaof',
    acl: ['admin', 'slow', 'dangerous'],
    arity: 3,
    flags: ['admin', 'noscript', 'stale', 'no_async_loading'],
    summary: 'Makes the server a replica of another instance, or promotes it to master.',
    since: '5.0.0',
    handler: replicaofCommand,
  },
  {
    ...base,
    name: 'slaveof',
    acl: ['admin', 'slow', 'dangerous'],
    arity: 3,
    flags: ['admin', 'noscript', 'stale', 'no_async_loading'],
    summary: 'Sets a Redis server as a replica of another, or promotes it to being a master.',
    since: '1.0.0',
    handler: replicaofCommand,
  },
  {
    ...base,
    name: 'role',
    acl: ['admin', 'fast', 'dangerous'],
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    summary: 'Returns the replication role.',
    since: '2.8.12',
    handler: roleCommand,
  },
  {
    ...base,
    group: 'generic',
    name: 'wait',
    acl: ['slow', 'connection'],
    arity: 3,
    flags: ['noscript'],
    summary: 'Blocks until the writes sent before it were acknowledged by a number of replicas.',
    since: '3.0.0',
    handler: waitCommand,
  },
  {
    ...base,
    name: 'failover',
    acl: ['admin', 'slow', 'dangerous'],
    arity: -1,
    flags: ['admin', 'noscript', 'stale'],
    summary: 'Hands the master role over to a replica in a coordinated way.',
    since: '6.2.0',
    handler: failoverCommand,
  },
] satisfies CommandSpec[];
