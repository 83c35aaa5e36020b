// Keyspace commands (Redis group "generic"): DEL, EXISTS, KEYS, SCAN, RENAME, MOVE, COPY,
// the EXPIRE/TTL family and OBJECT. Follows db.c, expire.c and object.c of Redis 7.0.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import type { Db } from '../keyspace/keyspace.js';
import { parseScanCursor, scanStep } from '../keyspace/scan.js';
import { markStringEncoding, storedStringEncoding } from '../keyspace/values/string.js';
import { typeName, type RValue } from '../keyspace/values/types.js';
import { NOTIFY_GENERIC, notifyKeyspaceEvent } from '../notify.js';
import type { ServerState } from '../state.js';
import { getInteger, isOpt, parseInteger, parseScanOptions } from './args.js';
import { addReplyHelp } from './connection.js';
import type { CommandSpec } from './spec.js';

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** OBJ_SHARED_REFCOUNT: what OBJECT REFCOUNT says for the shared integers 0..9999. */
const OBJ_SHARED_REFCOUNT = 2147483647;
const OBJ_SHARED_INTEGERS = 10000;

/** getIntFromObjectOrReply: an int32, with Redis's two error texts. */
function getInt32(s: string): number {
  const v = getInteger(s);
  if (v < INT_MIN || v > INT_MAX) throw new ReplyError(E.VALUE_OUT_OF_INT_RANGE);
  return v;
}

/** selectDb for MOVE and COPY: the db with that index or "DB index is out of range". */
function targetDb(s: ServerState, arg: string): Db {
  const id = getInt32(arg);
  const db = id >= 0 ? s.dbs[id] : undefined;
  if (db === undefined) throw new ReplyError(E.DB_INDEX_OUT_OF_RANGE);
  return db;
}

/**
 * Integers 0..9999 that COPY duplicated: Redis copies the shared object into a private
 * one, so OBJECT REFCOUNT says 1 for them. A mark counts only while the key still holds
 * that very value (other writes need not clear it).
 */
const UNSHARED = new WeakMap<Db, Map<string, string>>();
const MAX_UNSHARED = 65536;

function isUnshared(db: Db, key: string, v: string): boolean {
  return UNSHARED.get(db)?.get(key) === v;
}

function markUnshared(db: Db, key: string, v: string): void {
  let marks = UNSHARED.get(db);
  if (marks === undefined) UNSHARED.set(db, (marks = new Map()));
  else if (marks.size >= MAX_UNSHARED) {
    for (const [k, m] of marks) if (db.peek(k) !== m) marks.delete(k);
    if (marks.size >= MAX_UNSHARED) marks.clear();
  }
  marks.set(key, v);
}

/**
 * RENAME, MOVE and COPY keep a string's encoding (the object moves, or dupStringObject
 * keeps it); values are plain strings here, so the encoding mark follows the key.
 */
function carryStringState(src: Db, key: string, dst: Db, dstKey: string, v: RValue, copy: boolean): void {
  if (typeof v !== 'string') return;
  const encoding = storedStringEncoding(src, key, v);
  markStringEncoding(dst, dstKey, v, encoding);
  if (encoding === 'int' && v.length <= 4 && (copy || isUnshared(src, key, v))) markUnshared(dst, dstKey, v);
}

/** Copies src's expiry (exact beyond 2^53 ms) to dstKey in dst, when it has one. */
function copyExpire(src: Db, key: string, dst: Db, dstKey: string): void {
  const when = src.getExpireExact(key);
  if (typeof when === 'bigint') dst.setExpire(dstKey, Number(when), when);
  else if (when !== -1) dst.setExpire(dstKey, when);
}

const maxmemoryPolicy = (s: ServerState): string => s.config.str('maxmemory-policy');

const isLfuPolicy = (policy: string): boolean => policy.endsWith('-lfu');

// --- DEL, UNLINK, EXISTS, TYPE, TOUCH ---------------------------------------------------------

function delGeneric(c: Client, argv: string[]): void {
  const db = c.db;
  let deleted = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j]!;
    // An expired key is removed (and its DEL propagated) first, so it does not count.
    if (db.expires.size > 0) db.expireIfNeeded(key);
    if (db.delete(key)) {
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
      deleted++;
    }
  }
  c.server.dirty += deleted;
  c.addInt(deleted);
}

function delCommand(c: Client, argv: string[]): void {
  delGeneric(c, argv);
}

function unlinkCommand(c: Client, argv: string[]): void {
  delGeneric(c, argv);
}

function existsCommand(c: Client, argv: string[]): void {
  const db = c.db;
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (db.lookupReadNoTouch(argv[j]!) !== undefined) count++;
  c.addInt(count);
}

function typeCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupReadNoTouch(argv[1]!);
  c.addStatus(v === undefined ? 'none' : typeName(v));
}

function touchCommand(c: Client, argv: string[]): void {
  const db = c.db;
  let touched = 0;
  for (let j = 1; j < argv.length; j++) if (db.lookupRead(argv[j]!) !== undefined) touched++;
  c.addInt(touched);
}

// --- KEYS, SCAN, RANDOMKEY ---------------------------------------------------------------------

function keysCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1]!;
  const all = pattern === '*';
  const checkExpired = db.expires.size > 0;
  let out = '';
  let n = 0;
  for (const key of db.dict.keys()) {
    if (!all && !globMatch(pattern, key)) continue;
    // keyIsExpired only: KEYS reports, it never deletes.
    if (checkExpired && db.isExpired(key)) continue;
    out += `$${key.length}\r\n${key}\r\n`;
    n++;
  }
  c.addArrayLen(n);
  if (n > 0) c.addReply(out);
}

function scanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]!);
  if (cursor === null) throw new ReplyError(E.INVALID_CURSOR);
  const { count, pattern, type } = parseScanOptions(argv, 2, true);

  const db = c.db;
  const dict = db.dict;
  const step = scanStep(dict, () => dict.keys(), cursor, count);
  let out = '';
  let n = 0;
  for (const key of step.items) {
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (type !== null) {
      // Redis looks the key up (expiring it) and compares type names case-insensitively;
      // an unknown name filters everything out.
      const v = db.lookupReadNoTouch(key);
      if ((v === undefined ? 'none' : typeName(v)) !== type) continue;
    }
    if (db.expires.size > 0 && db.expireIfNeeded(key)) continue;
    out += `$${key.length}\r\n${key}\r\n`;
    n++;
  }
  c.addArrayLen(2);
  c.addBulk(step.cursor);
  c.addArrayLen(n);
  if (n > 0) c.addReply(out);
}

function randomkeyCommand(c: Client): void {
  const db = c.db;
  const s = c.server;
  const allVolatile = db.dict.size === db.expires.size;
  let maxTries = 100;
  for (;;) {
    const key = db.randomKey();
    if (key === null) {
      c.addNull();
      return;
    }
    if (db.expires.has(key)) {
      // A replica (or a paused master) never deletes expired keys, so a db of only
      // expired keys would loop forever: give up after some tries and return one anyway.
      if (allVolatile && (s.masterHost !== null || s.writesPaused()) && --maxTries === 0) {
        c.addBulk(key);
        return;
      }
      if (db.expireIfNeeded(key)) continue;
    }
    c.addBulk(key);
    return;
  }
}

// --- RENAME, RENAMENX, MOVE, COPY ----------------------------------------------------------------

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  const v = db.lookupWrite(src);
  if (v === undefined) throw new ReplyError(E.NO_SUCH_KEY);
  // Same name: nothing to do, but a missing key was still an error above.
  if (src === dst) {
    if (nx) c.addInt(0);
    else c.addOK();
    return;
  }
  if (db.lookupWrite(dst) !== undefined) {
    if (nx) {
      c.addInt(0);
      return;
    }
    db.deleteKey(dst);
  }
  db.add(dst, v);
  copyExpire(db, src, db, dst);
  carryStringState(db, src, db, dst, v, false);
  db.deleteKey(src);
  const s = c.server;
  s.touchWatchedKey(db, src);
  s.touchWatchedKey(db, dst);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'rename_from', src, db.id);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'rename_to', dst, db.id);
  s.dirty++;
  if (nx) c.addInt(1);
  else c.addOK();
}

function renameCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

function renamenxCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

function moveCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const src = c.db;
  const dst = targetDb(s, argv[2]!);
  if (dst === src) throw new ReplyError(E.SAME_OBJECT);
  const key = argv[1]!;
  const v = src.lookupWrite(key);
  if (v === undefined || dst.lookupWrite(key) !== undefined) {
    c.addInt(0);
    return;
  }
  dst.add(key, v);
  copyExpire(src, key, dst, key);
  carryStringState(src, key, dst, key, v, false);
  src.deleteKey(key);
  s.touchWatchedKey(src, key);
  s.touchWatchedKey(dst, key);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'move_from', key, src.id);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'move_to', key, dst.id);
  s.dirty++;
  c.addInt(1);
}

function copyCommand(c: Client, argv: string[]): void {
  const s = c.server;
  const src = c.db;
  let dst = src;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isOpt(opt, 'replace')) {
      replace = true;
    } else if (isOpt(opt, 'db') && j + 1 < argv.length) {
      dst = targetDb(s, argv[++j]!);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  const key = argv[1]!;
  const newKey = argv[2]!;
  if (src === dst && key === newKey) throw new ReplyError(E.SAME_OBJECT);
  const v = src.lookupRead(key);
  if (v === undefined) {
    c.addInt(0);
    return;
  }
  const exists = dst.lookupWrite(newKey) !== undefined;
  if (exists && !replace) {
    c.addInt(0);
    return;
  }
  const copy = typeof v === 'string' ? v : v.clone();
  if (exists) dst.deleteKey(newKey);
  dst.add(newKey, copy);
  copyExpire(src, key, dst, newKey);
  carryStringState(src, key, dst, newKey, copy, true);
  s.touchWatchedKey(dst, newKey);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'copy_to', newKey, dst.id);
  s.dirty++;
  c.addInt(1);
}

// --- EXPIRE family, TTL family, PERSIST --------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** parseExtendedExpireArgumentsOrReply: NX XX GT LT after the time argument. */
function parseExpireFlags(argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (isOpt(opt, 'nx')) flags |= EXPIRE_NX;
    else if (isOpt(opt, 'xx')) flags |= EXPIRE_XX;
    else if (isOpt(opt, 'gt')) flags |= EXPIRE_GT;
    else if (isOpt(opt, 'lt')) flags |= EXPIRE_LT;
    else throw new ReplyError(E.unsupportedOption(opt));
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    throw new ReplyError(E.EXPIRE_FLAGS_NX_XX_GT_LT);
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) throw new ReplyError(E.EXPIRE_FLAGS_GT_LT);
  return flags;
}

// Below these magnitudes the ms arithmetic cannot leave the safe-integer range.
const SAFE_SECONDS = 1e12;
const SAFE_MS = 1e15;

/**
 * expireGenericCommand: `basetime` is 0 for the *AT forms, else the command time (ms).
 * A time already past deletes the key (a master only) and propagates DEL or UNLINK;
 * otherwise the absolute time is set and propagated as PEXPIREAT with the same flags.
 */
function expireGeneric(c: Client, argv: string[], name: string, basetime: number, seconds: boolean): void {
  const flags = parseExpireFlags(argv);
  const raw = argv[2]!;
  const param = parseInteger(raw);
  if (param === null) throw new ReplyError(E.NOT_INTEGER);

  let when: number;
  let exact: bigint | undefined;
  if (Math.abs(param) < (seconds ? SAFE_SECONDS : SAFE_MS)) {
    when = (seconds ? param * 1000 : param) + basetime;
  } else {
    // Redis detects int64 overflow of the unit conversion and of the base time addition.
    let w = BigInt(raw);
    if (seconds) {
      if (w > LLONG_MAX / 1000n || w < LLONG_MIN / 1000n) throw new ReplyError(E.invalidExpireTime(name));
      w *= 1000n;
    }
    if (w > LLONG_MAX - BigInt(basetime)) throw new ReplyError(E.invalidExpireTime(name));
    w += BigInt(basetime);
    when = Number(w);
    exact = w;
  }

  const db = c.db;
  const key = argv[1]!;
  if (db.lookupWrite(key) === undefined) {
    c.addInt(0);
    return;
  }

  if (flags !== 0) {
    const current = db.getExpireExact(key);
    const target = exact ?? when;
    const none = current === -1;
    // Mixed bigint/number comparisons are exact in JS.
    if (
      (flags & EXPIRE_NX && !none) ||
      (flags & EXPIRE_XX && none) ||
      (flags & EXPIRE_GT && (none || target <= current)) ||
      (flags & EXPIRE_LT && !none && target >= current)
    ) {
      c.addInt(0);
      return;
    }
  }

  const s = c.server;
  // checkAlreadyExpired: replicas and loading keep the key until the master's DEL.
  if (when <= s.cmdTime && !s.loading && s.masterHost === null) {
    db.delete(key);
    s.dirty++;
    c.rewriteForPropagation([s.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, db.id);
    c.addInt(1);
    return;
  }

  db.setExpire(key, when, exact);
  c.addInt(1);
  if (name !== 'pexpireat' || basetime !== 0) {
    const out = argv.slice();
    out[0] = 'PEXPIREAT';
    out[2] = exact !== undefined ? exact.toString() : String(when);
    c.rewriteForPropagation(out);
  }
  s.touchWatchedKey(db, key);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'expire', key, db.id);
  s.dirty++;
}

function expireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expire', c.server.cmdTime, true);
}

function pexpireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpire', c.server.cmdTime, false);
}

function expireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expireat', 0, true);
}

function pexpireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpireat', 0, false);
}

/** ttlGenericCommand: -2 missing, -1 no expiry, else the remaining or absolute time. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const db = c.db;
  const key = argv[1]!;
  if (db.lookupReadNoTouch(key) === undefined) {
    c.addInt(-2);
    return;
  }
  const expire = db.getExpireExact(key);
  if (expire === -1) {
    c.addInt(-1);
    return;
  }
  if (typeof expire === 'bigint') {
    let ttl = absolute ? expire : expire - BigInt(c.server.cmdTime);
    if (ttl < 0n) ttl = 0n;
    c.addInt(ms ? ttl : (ttl + 500n) / 1000n);
    return;
  }
  let ttl = absolute ? expire : expire - c.server.cmdTime;
  if (ttl < 0) ttl = 0;
  c.addInt(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

function ttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, false);
}

function pttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, false);
}

function expiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, true);
}

function pexpiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, true);
}

function persistCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  if (db.lookupWrite(key) !== undefined && db.removeExpire(key)) {
    c.server.touchWatchedKey(db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'persist', key, db.id);
    c.server.dirty++;
    c.addInt(1);
  } else {
    c.addInt(0);
  }
}

// --- OBJECT -------------------------------------------------------------------------------------

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

function objectHelpCommand(c: Client, argv: string[]): void {
  addReplyHelp(c, argv[0]!, OBJECT_HELP);
}

/** objectCommandLookupOrReply: the value, or a null reply and undefined. */
function objectLookup(c: Client, key: string): RValue | undefined {
  // LOOKUP_NONOTIFY: OBJECT on a missing key raises no keymiss event.
  const v = c.db.lookupReadNoTouch(key, false);
  if (v === undefined) c.addNull();
  return v;
}

function objectEncodingCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  const v = objectLookup(c, key);
  if (v === undefined) return;
  c.addBulk(typeof v === 'string' ? storedStringEncoding(c.db, key, v) : v.encoding());
}

/**
 * Values are never shared here, except that Redis stores the integers 0..9999 as shared
 * objects unless maxmemory with an LRU/LFU policy needs per-key access data.
 */
function objectRefcountCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  const v = objectLookup(c, key);
  if (v === undefined) return;
  let refcount = 1;
  if (typeof v === 'string' && v.length <= 4 && storedStringEncoding(c.db, key, v) === 'int') {
    const n = Number(v);
    const s = c.server;
    const policy = maxmemoryPolicy(s);
    const sharedAllowed = s.config.num('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
    if (n >= 0 && n < OBJ_SHARED_INTEGERS && sharedAllowed && !isUnshared(c.db, key, v)) refcount = OBJ_SHARED_REFCOUNT;
  }
  c.addInt(refcount);
}

/** Idle seconds on Redis's LRU clock, which ticks in whole seconds. */
function objectIdletimeCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  if (objectLookup(c, key) === undefined) return;
  if (isLfuPolicy(maxmemoryPolicy(c.server))) throw new ReplyError(E.OBJECT_IDLETIME_LFU);
  const now = c.server.cmdTime;
  const last = c.db.lru.get(key) ?? now;
  c.addInt(Math.max(0, Math.floor(now / 1000) - Math.floor(last / 1000)));
}

/** No LFU counters are kept: under an LFU policy every key reports frequency 0. */
function objectFreqCommand(c: Client, argv: string[]): void {
  if (objectLookup(c, argv[2]!) === undefined) return;
  if (!isLfuPolicy(maxmemoryPolicy(c.server))) throw new ReplyError(E.OBJECT_FREQ_NOT_LFU);
  c.addInt(0);
}

function objectCommand(_c: Client, argv: string[]): void {
  throw new ReplyError(E.unknownSubcommand(argv[1] ?? '', 'OBJECT'));
}

// --- table ----------------------------------------------------------------------------------------

const KEYS_ALL = { firstKey: 1, lastKey: -1, step: 1 } as const;
const KEY_1 = { firstKey: 1, lastKey: 1, step: 1 } as const;
const KEYS_1_2 = { firstKey: 1, lastKey: 2, step: 1 } as const;
const NO_KEYS = { firstKey: 0, lastKey: 0, step: 0 } as const;
const OBJECT_KEY = { firstKey: 2, lastKey: 2, step: 1 } as const;

export const genericCommands = [
  {
    name: 'del',
    arity: -2,
    flags: ['write'],
    ...KEYS_ALL,
    group: 'generic',
    summary: 'Deletes one or more keys.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'slow'],
    handler: delCommand,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    ...KEYS_ALL,
    group: 'generic',
    summary: 'Deletes one or more keys, freeing their memory in the background.',
    since: '4.0.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: unlinkCommand,
  },
  {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    ...KEYS_ALL,
    group: 'generic',
    summary: 'Counts how many of the given keys exist.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: existsCommand,
  },
  {
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Returns the type of the value stored at a key.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: typeCommand,
  },
  {
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    ...KEYS_ALL,
    group: 'generic',
    summary: 'Updates the last access time of keys and counts the existing ones.',
    since: '3.2.1',
    acl: ['keyspace', 'read', 'fast'],
    handler: touchCommand,
  },
  {
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    ...NO_KEYS,
    group: 'generic',
    summary: 'Lists the key names matching a glob pattern.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'slow', 'dangerous'],
    handler: keysCommand,
  },
  {
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    ...NO_KEYS,
    group: 'generic',
    summary: 'Iterates over the key names of the database with a cursor.',
    since: '2.8.0',
    acl: ['keyspace', 'read', 'slow'],
    handler: scanCommand,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    ...NO_KEYS,
    group: 'generic',
    summary: 'Returns a random key name from the database.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'slow'],
    handler: randomkeyCommand,
  },
  {
    name: 'rename',
    arity: 3,
    flags: ['write'],
    ...KEYS_1_2,
    group: 'generic',
    summary: 'Renames a key, overwriting the destination.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'slow'],
    handler: renameCommand,
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    ...KEYS_1_2,
    group: 'generic',
    summary: 'Renames a key only when the new name does not exist.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: renamenxCommand,
  },
  {
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Moves a key to another database.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: moveCommand,
  },
  {
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    ...KEYS_1_2,
    group: 'generic',
    summary: 'Copies the value of a key to a new key, optionally in another database.',
    since: '6.2.0',
    acl: ['keyspace', 'write', 'slow'],
    handler: copyCommand,
  },
  {
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Sets a time to live in seconds on a key.',
    since: '1.0.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: expireCommand,
  },
  {
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Sets a time to live in milliseconds on a key.',
    since: '2.6.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: pexpireCommand,
  },
  {
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Sets the expiry of a key as a Unix time in seconds.',
    since: '1.2.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: expireatCommand,
  },
  {
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Sets the expiry of a key as a Unix time in milliseconds.',
    since: '2.6.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: pexpireatCommand,
  },
  {
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Returns the remaining time to live of a key in seconds.',
    since: '1.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: ttlCommand,
  },
  {
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Returns the remaining time to live of a key in milliseconds.',
    since: '2.6.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: pttlCommand,
  },
  {
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Returns the expiry of a key as a Unix time in seconds.',
    since: '7.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: expiretimeCommand,
  },
  {
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Returns the expiry of a key as a Unix time in milliseconds.',
    since: '7.0.0',
    acl: ['keyspace', 'read', 'fast'],
    handler: pexpiretimeCommand,
  },
  {
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'generic',
    summary: 'Removes the expiry of a key.',
    since: '2.2.0',
    acl: ['keyspace', 'write', 'fast'],
    handler: persistCommand,
  },
  {
    name: 'object',
    arity: -2,
    flags: [],
    ...NO_KEYS,
    group: 'generic',
    summary: 'Inspects the internals of the value stored at a key.',
    since: '2.2.3',
    acl: ['slow'],
    handler: objectCommand,
    subcommands: [
      {
        name: 'object|encoding',
        arity: 3,
        flags: ['readonly'],
        ...OBJECT_KEY,
        group: 'generic',
        summary: 'Returns the internal encoding of the value stored at a key.',
        since: '2.2.3',
        acl: ['keyspace', 'read', 'slow'],
        handler: objectEncodingCommand,
      },
      {
        name: 'object|freq',
        arity: 3,
        flags: ['readonly'],
        ...OBJECT_KEY,
        group: 'generic',
        summary: 'Returns the logarithmic access frequency counter of a key.',
        since: '4.0.0',
        acl: ['keyspace', 'read', 'slow'],
        handler: objectFreqCommand,
      },
      {
        name: 'object|help',
        arity: 2,
        flags: ['loading', 'stale'],
        ...NO_KEYS,
        group: 'generic',
        summary: 'Lists the OBJECT subcommands.',
        since: '6.2.0',
        acl: ['keyspace', 'slow'],
        handler: objectHelpCommand,
      },
      {
        name: 'object|idletime',
        arity: 3,
        flags: ['readonly'],
        ...OBJECT_KEY,
        group: 'generic',
        summary: 'Returns the seconds since the last access to a key.',
        since: '2.2.3',
        acl: ['keyspace', 'read', 'slow'],
        handler: objectIdletimeCommand,
      },
      {
        name: 'object|refcount',
        arity: 3,
        flags: ['readonly'],
        ...OBJECT_KEY,
        group: 'generic',
        summary: 'Returns the reference count of the value of a key.',
        since: '2.2.3',
        acl: ['keyspace', 'read', 'slow'],
        handler: objectRefcountCommand,
      },
    ],
  },
] satisfies CommandSpec[];
