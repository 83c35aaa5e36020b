// Persistence commands (Redis groups "server" and "generic"): SAVE, BGSAVE, DUMP, RESTORE.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { createDumpPayload, decodeDumpPayload, verifyDumpPayload } from '../persistence/dump.js';
import { bgsave, persistenceOf, saveSync } from '../persistence/snapshot.js';
import { buildValue } from '../persistence/values.js';
import { getInteger, isOpt } from './args.js';
import type { CommandSpec } from './spec.js';

function saveCommand(c: Client): void {
  if (persistenceOf(c.server).bgsave) throw new ReplyError(E.BGSAVE_IN_PROGRESS);
  if (saveSync(c.server)) c.addOK();
  else c.addError(E.GENERIC_ERR);
}

function bgsaveCommand(c: Client, argv: string[]): void {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && isOpt(argv[1], 'schedule')) schedule = true;
    else throw new ReplyError(E.SYNTAX);
  }
  const p = persistenceOf(c.server);
  if (p.bgsave) {
    if (!schedule) throw new ReplyError(E.BGSAVE_IN_PROGRESS);
    p.scheduled = true;
    c.addStatus('Background saving scheduled');
    return;
  }
  if (bgsave(c.server)) c.addStatus('Background saving started');
  else c.addError(E.GENERIC_ERR);
}

function dumpCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]!);
  if (v === undefined) {
    c.addNull();
    return;
  }
  c.addBulk(createDumpPayload(v, c.server.config.bool('rdbcompression')));
}

function restoreCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let ttl = getInteger(argv[2]!);
  let replace = false;
  let absttl = false;
  for (let i = 4; i < argv.length; i++) {
    const more = argv.length - i - 1;
    if (isOpt(argv[i], 'replace')) replace = true;
    else if (isOpt(argv[i], 'absttl')) absttl = true;
    else if (isOpt(argv[i], 'idletime') && more >= 1) {
      const idle = getInteger(argv[++i]!);
      if (idle < 0) throw new ReplyError(E.INVALID_IDLETIME);
    } else if (isOpt(argv[i], 'freq') && more >= 1) {
      const freq = getInteger(argv[++i]!);
      if (freq < 0 || freq > 255) throw new ReplyError(E.INVALID_FREQ);
    } else throw new ReplyError(E.SYNTAX);
  }
  if (ttl < 0) throw new ReplyError(E.INVALID_TTL);
  const db = c.db;
  if (!replace && db.lookupWrite(key) !== undefined) throw new ReplyError(E.BUSYKEY);
  const payload = Buffer.from(argv[3]!, 'latin1');
  if (!verifyDumpPayload(payload)) throw new ReplyError(E.DUMP_PAYLOAD_BAD);
  const decoded = decodeDumpPayload(payload);
  if (decoded === null) throw new ReplyError(E.BAD_DATA_FORMAT);
  const s = c.server;
  const existed = replace && db.delete(key);
  if (ttl > 0 && !absttl) ttl += s.cmdTime;
  // An already-expired TTL: the key is not created; a replaced key is deleted (restoreCommand).
  if (ttl > 0 && ttl <= s.cmdTime && s.masterHost === null) {
    if (existed) {
      c.rewriteForPropagation(['DEL', key]);
      s.dirty++;
    }
    c.addOK();
    return;
  }
  db.add(key, buildValue(decoded, s));
  s.touchWatchedKey(db, key);
  if (ttl > 0) {
    db.setExpire(key, ttl);
    if (!absttl) {
      const rewritten = [...argv];
      rewritten[2] = String(ttl);
      rewritten.push('ABSTTL');
      c.rewriteForPropagation(rewritten);
    }
  }
  s.signalKeyAsReady(db, key);
  s.dirty++;
  c.addOK();
}

export const persistenceCommands = [
  {
    name: 'save',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'server',
    summary: 'Writes the dataset to disk synchronously.',
    since: '1.0.0',
    acl: ['admin', 'slow', 'dangerous'],
    handler: saveCommand,
  },
  {
    name: 'bgsave',
    arity: -1,
    flags: ['admin', 'noscript', 'no_async_loading'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'server',
    summary: 'Writes the dataset to disk in the background while clients are served.',
    since: '1.0.0',
    acl: ['admin', 'slow', 'dangerous'],
    handler: bgsaveCommand,
  },
  {
    name: 'dump',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'generic',
    summary: 'Returns a serialized representation of the value stored at a key.',
    since: '2.6.0',
    acl: ['keyspace', 'read', 'slow'],
    handler: dumpCommand,
  },
  {
    name: 'restore',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'generic',
    summary: 'Creates a key from the serialized representation of a value.',
    since: '2.6.0',
    acl: ['keyspace', 'write', 'slow', 'dangerous'],
    handler: restoreCommand,
  },
] satisfies CommandSpec[];
