// Replication commands (Redis group "server"): SYNC, PSYNC, REPLCONF, REPLICAOF/SLAVEOF,
// ROLE, WAIT. The state machines live in src/server/replication/.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { replicationOf } from '../replication/subsystem.js';
import { getInteger, isOpt, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

function syncCommand(c: Client, argv: string[]): void {
  if (c.isMaster) return;
  const err = replicationOf(c.server).repl.syncCommand(c, argv);
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
      if (c.isMaster) replica.sendAck();
      return;
    } else if (opt === 'rdb-only' || opt === 'rdb-filter-only' || opt === 'fack') {
      // Accepted for compatibility; we always send the whole snapshot.
    } else {
      throw new ReplyError(E.unrecognizedReplconf(argv[i]!));
    }
  }
  c.addOK();
}

function replicaofCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const { replica } = replicationOf(s);
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
] satisfies CommandSpec[];
