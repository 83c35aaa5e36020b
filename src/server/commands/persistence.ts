// Persistence commands (Redis groups "server" and "generic"): SAVE, BGSAVE, DUMP, RESTORE
// (rdb.c saveCommand/bgsaveCommand, cluster.c dumpCommand/restoreCommand) and DEBUG
// RELOAD (debug.c).

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { NOTIFY_GENERIC, notifyKeyspaceEvent } from '../notify.js';
import { createDumpPayload, decodeDumpPayload, verifyDumpPayload } from '../persistence/dump.js';
import { loadRdbBufferSync, RdbLoadError, readDataFile } from '../persistence/rdb-load.js';
import { bgsave, bgsaveInProgress, persistenceOf, saveSync } from '../persistence/snapshot.js';
import { BadValueError, buildValue, isEmptyValue } from '../persistence/values.js';
import { getInt64, getInteger, isOpt } from './args.js';
import type { CommandSpec } from './spec.js';

function saveCommand(c: Client): void {
  const s = c.server;
  if (bgsaveInProgress(s)) throw new ReplyError(E.BGSAVE_IN_PROGRESS);
  persistenceOf(s).saves++;
  if (saveSync(s)) c.addOK();
  else c.addError(E.GENERIC_ERR);
}

function bgsaveCommand(c: Client, argv: string[]): void {
  if (argv.length > 1 && !(argv.length === 2 && isOpt(argv[1], 'schedule'))) throw new ReplyError(E.SYNTAX);
  const s = c.server;
  if (bgsaveInProgress(s)) throw new ReplyError(E.BGSAVE_IN_PROGRESS);
  // Inside MULTI/EXEC (server.in_exec) the save is left to serverCron, SCHEDULE or not.
  if (s.executionNesting > 1) {
    persistenceOf(s).scheduled = true;
    c.addStatus('Background saving scheduled');
    return;
  }
  if (bgsave(s)) c.addStatus('Background saving started');
  else c.addError(E.GENERIC_ERR);
}

function dumpCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]!);
  if (v === undefined) {
    c.addNull();
    return;
  }
  const cfg = c.server.config;
  c.addBulk(createDumpPayload(v, cfg.bool('rdbcompression'), cfg.num('list-max-listpack-size')));
}

/** restoreCommand, checks in Redis's order: options, BUSYKEY, TTL, payload. */
function restoreCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const db = c.db;
  const key = argv[1]!;
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (isOpt(argv[j], 'replace')) replace = true;
    else if (isOpt(argv[j], 'absttl')) absttl = true;
    else if (isOpt(argv[j], 'idletime') && more >= 1 && freq === -1) {
      idle = getInteger(argv[++j]!);
      if (idle < 0) throw new ReplyError(E.INVALID_IDLETIME);
    } else if (isOpt(argv[j], 'freq') && more >= 1 && idle === -1) {
      freq = getInteger(argv[++j]!);
      if (freq < 0 || freq > 255) throw new ReplyError(E.INVALID_FREQ);
    } else throw new ReplyError(E.SYNTAX);
  }
  if (!replace && db.lookupWrite(key) !== undefined) throw new ReplyError(E.BUSYKEY);
  const ttlExact = getInt64(argv[2]!);
  if (ttlExact < 0n) throw new ReplyError(E.INVALID_TTL);
  const payload = Buffer.from(argv[3]!, 'latin1');
  if (!verifyDumpPayload(payload)) throw new ReplyError(E.DUMP_PAYLOAD_BAD);
  const decoded = decodeDumpPayload(payload);
  if (decoded === null || isEmptyValue(decoded)) throw new ReplyError(E.BAD_DATA_FORMAT);
  let value;
  try {
    value = buildValue(decoded, s);
  } catch (e) {
    if (e instanceof BadValueError) throw new ReplyError(E.BAD_DATA_FORMAT);
    throw e;
  }
  const deleted = replace && db.delete(key);
  let ttl = Number(ttlExact);
  if (ttl !== 0 && !absttl) ttl += s.cmdTime;
  // checkAlreadyExpired: the key is not created; a replaced key is deleted.
  if (ttl !== 0 && ttl <= s.cmdTime && !s.loading && s.masterHost === null) {
    if (deleted) {
      c.rewriteForPropagation([s.config.bool('lazyfree-lazy-server-del') ? 'UNLINK' : 'DEL', key]);
      notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, db.id);
      s.dirty++;
    }
    c.addOK();
    return;
  }
  db.add(key, value);
  if (ttl !== 0) {
    db.setExpire(key, ttl, absttl && !Number.isSafeInteger(ttl) ? ttlExact : undefined);
    if (!absttl) {
      // Propagated with the absolute time so replicas expire it at the same moment.
      const rewritten = [...argv];
      rewritten[2] = String(ttl);
      rewritten.push('ABSTTL');
      c.rewriteForPropagation(rewritten);
    }
  }
  // objectSetLRUOrLFU: IDLETIME ages the key under LRU accounting (FREQ needs LFU, which we lack).
  if (idle >= 0) db.lru.set(key, s.cmdTime - idle * 1000);
  s.touchWatchedKey(db, key);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'restore', key, db.id);
  s.dirty++;
  c.addOK();
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the dataset, load the file back,
 * all while the caller waits (debug.c). MERGE replaces keys that already exist.
 */
export function debugReloadCommand(c: Client, argv: string[]): void {
  const s = c.server;
  let flush = true;
  let save = true;
  let merge = false;
  for (let j = 2; j < argv.length; j++) {
    if (isOpt(argv[j], 'merge')) merge = true;
    else if (isOpt(argv[j], 'noflush')) flush = false;
    else if (isOpt(argv[j], 'nosave')) save = false;
    else throw new ReplyError(E.DEBUG_RELOAD_OPTIONS);
  }
  if (save && !saveSync(s)) throw new ReplyError(E.GENERIC_ERR);
  if (flush) {
    for (const db of s.dbs) {
      s.touchAllWatchedKeysInDb(db);
      db.flush();
    }
  }
  try {
    const data = readDataFile(s);
    if (data === null) throw new ReplyError(E.DEBUG_RELOAD_FAILED);
    loadRdbBufferSync(s, data.buf, data.file, merge);
  } catch (e) {
    if (!(e instanceof RdbLoadError)) throw e;
    s.log.warning(`DEBUG RELOAD: ${e.message}`);
    throw new ReplyError(E.DEBUG_RELOAD_FAILED);
  }
  s.log.warning('DB reloaded by DEBUG RELOAD');
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
