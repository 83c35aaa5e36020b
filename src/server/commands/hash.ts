// Hash commands (Redis group "hash"): HSET family, reads, counters, HRANDFIELD and HSCAN.
// Follows t_hash.c of Redis 7.0 (check order, replies, HINCRBYFLOAT replicated as HSET).

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import { parseScanCursor, scanStep } from '../keyspace/scan.js';
import { HashObject } from '../keyspace/values/hash.js';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../keyspace/values/string.js';
import { NOTIFY_GENERIC, NOTIFY_HASH, notifyKeyspaceEvent } from '../notify.js';
import { encodeBulk, encodeInteger } from '../protocol/writer.js';
import { getInteger, isOpt, parseInt64, parseInteger, parseScanOptions } from './args.js';
import type { CommandSpec } from './spec.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** LONG_MAX / 2: HRANDFIELD and ZRANDMEMBER refuse larger counts WITHVALUES (reply size overflow). */
const HALF_LONG_MAX = 4611686018427387903n;
/** shared.emptyscan: a missing key scans as cursor 0 with no elements. */
export const EMPTY_SCAN = '*2\r\n$1\r\n0\r\n*0\r\n';
/** Redis's HRANDFIELD_SUB_STRATEGY_MUL / SRANDMEMBER_SUB_STRATEGY_MUL. */
export const RANDOM_SUB_STRATEGY_MUL = 3;

// --- lookups -----------------------------------------------------------------------------------

/** The hash at key for a read command, undefined when missing, WRONGTYPE otherwise. */
function lookupHashRead(c: Client, key: string): HashObject | undefined {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'hash') throw new ReplyError(E.WRONGTYPE);
  return v as HashObject;
}

function lookupHashWrite(c: Client, key: string): HashObject | undefined {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'hash') throw new ReplyError(E.WRONGTYPE);
  return v as HashObject;
}

/** hashTypeLookupWriteOrCreate: an empty hash is stored at once, as Redis does. */
function lookupHashWriteOrCreate(c: Client, key: string): HashObject {
  const h = lookupHashWrite(c, key);
  if (h !== undefined) return h;
  const created = new HashObject();
  c.db.add(key, created);
  return created;
}

const maxEntries = (c: Client): number => c.server.config.num('hash-max-listpack-entries');
const maxValue = (c: Client): number => c.server.config.num('hash-max-listpack-value');

// --- helpers shared with the set family (and ZSCAN / ZRANDMEMBER if they want them) ---------------

/**
 * The count of HRANDFIELD / SRANDMEMBER: getRangeLongFromObjectOrReply(-LONG_MAX,
 * LONG_MAX), so only LONG_MIN is out of range. Exact as a bigint beyond 2^53.
 */
export function parseRandomCount(s: string): bigint {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(E.NOT_INTEGER);
  if (v === INT64_MIN) throw new ReplyError(E.COUNT_OUT_OF_LONG_RANGE);
  return v;
}

/** Writes a SCAN-family reply: the cursor and a flat array of already encoded bulks. */
export function addScanReply(c: Client, cursor: string, n: number, body: string): void {
  c.addReply(`*2\r\n$${cursor.length}\r\n${cursor}\r\n*${n}\r\n${body}`);
}

const bulk = encodeBulk;

// --- HSET, HSETNX, HMSET, HDEL -----------------------------------------------------------------

function hsetGeneric(c: Client, argv: string[], isHmset: boolean): void {
  if (argv.length % 2 === 1) throw new ReplyError(E.wrongArity(isHmset ? 'hmset' : 'hset'));
  const key = argv[1]!;
  const h = lookupHashWriteOrCreate(c, key);
  const me = maxEntries(c);
  const mv = maxValue(c);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i]!, argv[i + 1]!, me, mv)) created++;
  if (isHmset) c.addOK();
  else c.addInt(created);
  c.server.touchWatchedKey(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty += (argv.length - 2) / 2;
}

function hsetCommand(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, false);
}

function hmsetCommand(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, true);
}

function hsetnxCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const h = lookupHashWriteOrCreate(c, key);
  if (h.has(argv[2]!)) {
    c.addInt(0);
    return;
  }
  h.set(argv[2]!, argv[3]!, maxEntries(c), maxValue(c));
  c.addInt(1);
  c.server.touchWatchedKey(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty++;
}

function hdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const h = lookupHashWrite(c, key);
  if (h === undefined) {
    c.addInt(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (!h.delete(argv[i]!)) continue;
    deleted++;
    if (h.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    const s = c.server;
    s.touchWatchedKey(c.db, key);
    notifyKeyspaceEvent(s, NOTIFY_HASH, 'hdel', key, c.db.id);
    if (keyRemoved) notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, c.db.id);
    s.dirty += deleted;
  }
  c.addInt(deleted);
}

// --- reads -------------------------------------------------------------------------------------

function hgetCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  c.addBulkOrNull(h?.get(argv[2]!));
}

function hmgetCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  const nil = c.resp === 2 ? '$-1\r\n' : '_\r\n';
  let out = `*${argv.length - 2}\r\n`;
  for (let i = 2; i < argv.length; i++) {
    const v = h?.get(argv[i]!);
    out += v === undefined ? nil : bulk(v);
  }
  c.addReply(out);
}

function hexistsCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  c.addInt(h !== undefined && h.has(argv[2]!) ? 1 : 0);
}

function hlenCommand(c: Client, argv: string[]): void {
  c.addInt(lookupHashRead(c, argv[1]!)?.size ?? 0);
}

function hstrlenCommand(c: Client, argv: string[]): void {
  c.addInt(lookupHashRead(c, argv[1]!)?.get(argv[2]!)?.length ?? 0);
}

function hgetallCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  if (h === undefined) {
    c.addMapLen(0);
    return;
  }
  let out = c.resp === 2 ? `*${h.size * 2}\r\n` : `%${h.size}\r\n`;
  for (const [f, v] of h.entries()) out += `$${f.length}\r\n${f}\r\n$${v.length}\r\n${v}\r\n`;
  c.addReply(out);
}

function hkeysCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  if (h === undefined) {
    c.addArrayLen(0);
    return;
  }
  let out = `*${h.size}\r\n`;
  for (const f of h.fields()) out += `$${f.length}\r\n${f}\r\n`;
  c.addReply(out);
}

function hvalsCommand(c: Client, argv: string[]): void {
  const h = lookupHashRead(c, argv[1]!);
  if (h === undefined) {
    c.addArrayLen(0);
    return;
  }
  let out = `*${h.size}\r\n`;
  for (const v of h.values()) out += `$${v.length}\r\n${v}\r\n`;
  c.addReply(out);
}

// --- counters ----------------------------------------------------------------------------------

/** An int64 argument: a number while short enough to be exact, else a bigint. */
function parseIncrement(s: string): number | bigint {
  const v = s.length < 16 ? parseInteger(s) : parseInt64(s);
  if (v === null) throw new ReplyError(E.NOT_INTEGER);
  return v;
}

/** old + incr in int64, with Redis's overflow error; old is the stored text (undefined: 0). */
function addInt64(old: string | undefined, incr: number | bigint): number | bigint {
  let v: number | bigint | null = 0;
  if (old !== undefined) {
    v = old.length < 16 ? parseInteger(old) : parseInt64(old);
    if (v === null) throw new ReplyError(E.HASH_VALUE_NOT_INTEGER);
  }
  if (typeof v === 'number' && typeof incr === 'number') {
    const r = v + incr;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(v) + BigInt(incr);
  if (r > INT64_MAX || r < INT64_MIN) throw new ReplyError(E.INCR_OVERFLOW);
  return r;
}

function hincrbyCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const incr = parseIncrement(argv[3]!);
  const h = lookupHashWriteOrCreate(c, key);
  const result = addInt64(h.get(field), incr);
  h.set(field, String(result), maxEntries(c), maxValue(c));
  c.addReply(encodeInteger(result));
  c.server.touchWatchedKey(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_HASH, 'hincrby', key, c.db.id);
  c.server.dirty++;
}

/**
 * Long double arithmetic as Redis's (x87 80-bit), formatted with %.17Lf trimmed. The
 * result is replicated as HSET so replicas never redo the float math.
 */
function hincrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const incr = parseLongDouble(argv[3]!);
  if (incr === null) throw new ReplyError(E.NOT_FLOAT);
  if (incr.kind !== 'finite') throw new ReplyError(E.VALUE_NAN_OR_INF);
  const h = lookupHashWriteOrCreate(c, key);
  const cur = h.get(field);
  let value = cur === undefined ? parseLongDouble('0')! : parseLongDouble(cur);
  if (value === null) throw new ReplyError(E.HASH_VALUE_NOT_FLOAT);
  value = addLongDouble(value, incr);
  if (value.kind !== 'finite') throw new ReplyError(E.INCR_NAN_OR_INF);
  const text = formatLongDoubleHuman(value);
  h.set(field, text, maxEntries(c), maxValue(c));
  c.addBulk(text);
  c.server.touchWatchedKey(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_HASH, 'hincrbyfloat', key, c.db.id);
  c.server.dirty++;
  c.rewriteForPropagation(['HSET', key, field, text]);
}

// --- HRANDFIELD --------------------------------------------------------------------------------

function hrandfieldCommand(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseRandomCount(argv[2]!);
    if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], 'withvalues'))) throw new ReplyError(E.SYNTAX);
    const withValues = argv.length === 4;
    if (withValues && (l < -HALF_LONG_MAX || l > HALF_LONG_MAX)) throw new ReplyError(E.VALUE_OUT_OF_RANGE);
    hrandfieldWithCount(c, argv[1]!, l, withValues);
    return;
  }
  const h = lookupHashRead(c, argv[1]!);
  if (h === undefined) c.addNull();
  else c.addBulk(h.randomField());
}

/** Replies are built as one string, which V8 caps at about 512MB. */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

/**
 * A negative count repeats elements without bound: Redis (no output limit for normal
 * clients) tries and runs out of memory. We refuse a reply estimated past what one
 * string can hold, with the error Redis gives the WITHVALUES form of huge counts.
 */
export function checkReplySize(count: number, itemBytes: number): void {
  if (count * itemBytes > MAX_REPLY_BYTES) throw new ReplyError(E.VALUE_OUT_OF_RANGE);
}

/** One reply element: a field, or field and value (a pair array in RESP3). */
function randomItem(h: HashObject, f: string, withValues: boolean, resp3: boolean): string {
  if (!withValues) return bulk(f);
  const pair = bulk(f) + bulk(h.get(f)!);
  return resp3 ? `*2\r\n${pair}` : pair;
}

/**
 * hrandfieldWithCountCommand's four cases: a negative count samples with repetition;
 * a count covering the hash returns all of it; otherwise distinct fields, in listpack
 * order for small hashes picked sparsely (lpRandomPairsUnique), else in random order.
 */
function hrandfieldWithCount(c: Client, key: string, l: bigint, withValues: boolean): void {
  const h = lookupHashRead(c, key);
  if (h === undefined || l === 0n) {
    c.addArrayLen(0);
    return;
  }
  const resp3 = c.resp === 3;
  const size = h.size;
  const uniq = l > 0n;
  // Beyond 2^53 the exact count no longer matters: it exceeds any hash.
  const count = Number(uniq ? l : -l);
  const arrayLen = (n: number): string => `*${withValues && !resp3 ? n * 2 : n}\r\n`;

  if (!uniq || count === 1) {
    const fields = h.fieldArray();
    const first = randomItem(h, fields[0]!, withValues, resp3);
    checkReplySize(count, first.length);
    let out = arrayLen(count);
    for (let i = 0; i < count; i++) {
      out += randomItem(h, fields[Math.floor(Math.random() * fields.length)]!, withValues, resp3);
    }
    c.addReply(out);
    return;
  }

  let out = arrayLen(Math.min(count, size));
  if (count >= size) {
    for (const f of h.fields()) out += randomItem(h, f, withValues, resp3);
  } else if (count * RANDOM_SUB_STRATEGY_MUL > size) {
    // Partial Fisher-Yates over a copy: `count` distinct fields in random order.
    const arr = h.fieldArray().slice();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (arr.length - i));
      const f = arr[j]!;
      arr[j] = arr[i]!;
      out += randomItem(h, f, withValues, resp3);
    }
  } else if (h.isListpack()) {
    // Selection sampling: each field kept with probability needed/remaining, in order.
    const fields = h.fieldArray();
    let need = count;
    for (let i = 0; i < size && need > 0; i++) {
      if (Math.random() * (size - i) < need) {
        out += randomItem(h, fields[i]!, withValues, resp3);
        need--;
      }
    }
  } else {
    const picked = new Set<string>();
    while (picked.size < count) picked.add(h.randomField());
    for (const f of picked) out += randomItem(h, f, withValues, resp3);
  }
  c.addReply(out);
}

// --- HSCAN -------------------------------------------------------------------------------------

function hscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  if (cursor === null) throw new ReplyError(E.INVALID_CURSOR);
  const h = lookupHashRead(c, argv[1]!);
  if (h === undefined) {
    c.addReply(EMPTY_SCAN);
    return;
  }
  const { count, pattern } = parseScanOptions(argv, 3);
  let next = '0';
  let n = 0;
  let body = '';
  if (h.isListpack()) {
    // Small encodings are returned whole, whatever the cursor (scanGenericCommand).
    for (const [f, v] of h.entries()) {
      if (pattern !== null && !globMatch(pattern, f)) continue;
      body += bulk(f) + bulk(v);
      n += 2;
    }
  } else {
    const step = scanStep(h, () => h.entries(), cursor, count);
    next = step.cursor;
    for (const [f, v] of step.items) {
      if (pattern !== null && !globMatch(pattern, f)) continue;
      body += bulk(f) + bulk(v);
      n += 2;
    }
  }
  addScanReply(c, next, n, body);
}

// --- table -------------------------------------------------------------------------------------

const KEY1 = { firstKey: 1, lastKey: 1, step: 1 } as const;
const WRITE_FAST = ['write', 'hash', 'fast'] as const;
const READ_FAST = ['read', 'hash', 'fast'] as const;
const READ_SLOW = ['read', 'hash', 'slow'] as const;

export const hashCommands = [
  { name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'hash', summary: 'Sets fields of a hash, returning how many were new.', since: '2.0.0', acl: WRITE_FAST, handler: hsetCommand },
  { name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'hash', summary: 'Sets a hash field only when it does not exist yet.', since: '2.0.0', acl: WRITE_FAST, handler: hsetnxCommand },
  { name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'hash', summary: 'Sets fields of a hash, replying OK (deprecated form of HSET).', since: '2.0.0', acl: WRITE_FAST, handler: hmsetCommand },
  { name: 'hget', arity: 3, flags: ['readonly', 'fast'], ...KEY1, group: 'hash', summary: 'Returns the value of one hash field.', since: '2.0.0', acl: READ_FAST, handler: hgetCommand },
  { name: 'hmget', arity: -3, flags: ['readonly', 'fast'], ...KEY1, group: 'hash', summary: 'Returns the values of several hash fields.', since: '2.0.0', acl: READ_FAST, handler: hmgetCommand },
  { name: 'hgetall', arity: 2, flags: ['readonly'], ...KEY1, group: 'hash', summary: 'Returns every field and value of a hash.', since: '2.0.0', acl: READ_SLOW, handler: hgetallCommand },
  { name: 'hdel', arity: -3, flags: ['write', 'fast'], ...KEY1, group: 'hash', summary: 'Removes fields from a hash, deleting it when empty.', since: '2.0.0', acl: WRITE_FAST, handler: hdelCommand },
  { name: 'hexists', arity: 3, flags: ['readonly', 'fast'], ...KEY1, group: 'hash', summary: 'Tells whether a hash has a field.', since: '2.0.0', acl: READ_FAST, handler: hexistsCommand },
  { name: 'hlen', arity: 2, flags: ['readonly', 'fast'], ...KEY1, group: 'hash', summary: 'Returns the number of fields of a hash.', since: '2.0.0', acl: READ_FAST, handler: hlenCommand },
  { name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], ...KEY1, group: 'hash', summary: 'Returns the byte length of a hash field value.', since: '3.2.0', acl: READ_FAST, handler: hstrlenCommand },
  { name: 'hkeys', arity: 2, flags: ['readonly'], ...KEY1, group: 'hash', summary: 'Returns every field name of a hash.', since: '2.0.0', acl: READ_SLOW, handler: hkeysCommand },
  { name: 'hvals', arity: 2, flags: ['readonly'], ...KEY1, group: 'hash', summary: 'Returns every value of a hash.', since: '2.0.0', acl: READ_SLOW, handler: hvalsCommand },
  { name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'hash', summary: 'Adds an integer to a hash field.', since: '2.0.0', acl: WRITE_FAST, handler: hincrbyCommand },
  { name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'hash', summary: 'Adds a floating point number to a hash field.', since: '2.6.0', acl: WRITE_FAST, handler: hincrbyfloatCommand },
  { name: 'hrandfield', arity: -2, flags: ['readonly'], ...KEY1, group: 'hash', summary: 'Returns random fields of a hash, optionally with values.', since: '6.2.0', acl: READ_SLOW, handler: hrandfieldCommand },
  { name: 'hscan', arity: -3, flags: ['readonly'], ...KEY1, group: 'hash', summary: 'Iterates over the fields and values of a hash with a cursor.', since: '2.8.0', acl: READ_SLOW, handler: hscanCommand },
] satisfies CommandSpec[];
