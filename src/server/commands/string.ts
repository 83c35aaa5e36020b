// String commands (Redis group "string"): SET and its variants, GET/GETEX/GETDEL, ranges,
// counters, MGET/MSET and LCS. Follows Redis 7.0 t_string.c, including what each write
// propagates (relative expiries as SET ... PXAT, INCRBYFLOAT as SET ... KEEPTTL).

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import {
  clearStringEncoding,
  incrByFloat,
  markStringEncoding,
} from '../keyspace/values/string.js';
import { NOTIFY_GENERIC, NOTIFY_KEY_MISS, NOTIFY_STRING, notifyKeyspaceEvent } from '../notify.js';
import { EMPTY_BULK, encodeInteger } from '../protocol/writer.js';
import { getInteger, parseInt64, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The string at key, undefined when missing; WRONGTYPE for aggregates. */
function lookupStringRead(c: Client, key: string): string | undefined {
  const o = c.db.lookupRead(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.WRONGTYPE);
  return o;
}

function lookupStringWrite(c: Client, key: string): string | undefined {
  const o = c.db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.WRONGTYPE);
  return o;
}

/**
 * checkStringLength: a result longer than proto-max-bulk-len is refused, except for
 * commands from our master, which must be obeyed.
 */
function checkStringLength(c: Client, total: number): void {
  if (!c.isMaster && total > c.server.config.num('proto-max-bulk-len')) {
    throw new ReplyError(E.STRING_TOO_LONG);
  }
}

/** getGenericCommand: replies the value (or null) and returns it; WRONGTYPE aborts. */
function getGeneric(c: Client, key: string): string | undefined {
  const v = lookupStringRead(c, key);
  if (v === undefined) c.addNull();
  else c.addBulk(v);
  return v;
}

// --- SET / GETEX options (parseExtendedStringArgumentsOrReply) --------------------------

const OBJ_SET_NX = 1 << 0;
const OBJ_SET_XX = 1 << 1;
const OBJ_EX = 1 << 2;
const OBJ_PX = 1 << 3;
const OBJ_KEEPTTL = 1 << 4;
const OBJ_SET_GET = 1 << 5;
const OBJ_EXAT = 1 << 6;
const OBJ_PXAT = 1 << 7;
const OBJ_PERSIST = 1 << 8;
const ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;

interface ExtendedArgs {
  flags: number;
  /** The expire argument, if any. */
  expire: string | undefined;
}

/**
 * Options of SET (from argv[3]) or GETEX (from argv[2]). Each expire option refuses the
 * others but not itself, so `EX 1 EX 2` is accepted and the last one wins, as in Redis.
 */
function parseExtendedArgs(argv: string[], forSet: boolean): ExtendedArgs {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const hasNext = j < argv.length - 1;
    if (opt === 'nx' && forSet && !(flags & OBJ_SET_XX)) {
      flags |= OBJ_SET_NX;
    } else if (opt === 'xx' && forSet && !(flags & OBJ_SET_NX)) {
      flags |= OBJ_SET_XX;
    } else if (opt === 'get' && forSet) {
      flags |= OBJ_SET_GET;
    } else if (opt === 'keepttl' && forSet && !(flags & (OBJ_PERSIST | ANY_EXPIRE))) {
      flags |= OBJ_KEEPTTL;
    } else if (opt === 'persist' && !forSet && !(flags & (ANY_EXPIRE | OBJ_KEEPTTL))) {
      flags |= OBJ_PERSIST;
    } else if (opt === 'ex' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT))) {
      flags |= OBJ_EX;
      expire = argv[++j];
    } else if (opt === 'px' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT))) {
      flags |= OBJ_PX;
      expire = argv[++j];
    } else if (opt === 'exat' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT))) {
      flags |= OBJ_EXAT;
      expire = argv[++j];
    } else if (opt === 'pxat' && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX))) {
      flags |= OBJ_PXAT;
      expire = argv[++j];
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  return { flags, expire };
}

/** An absolute expiry: `ms` for the keyspace, `exact` (int64) when beyond 2^53, `text` to propagate. */
interface ExpireTime {
  ms: number;
  exact: bigint | undefined;
  text: string;
}

/**
 * getExpireMillisecondsOrReply: EX/PX/EXAT/PXAT argument -> absolute ms. Non-positive
 * values and int64 overflow (seconds * 1000, or now + relative) are invalid expire times.
 */
function getExpireTime(c: Client, arg: string, flags: number, cmdName: string): ExpireTime {
  const v = parseInteger(arg);
  if (v === null) throw new ReplyError(E.NOT_INTEGER);
  if (v <= 0) throw new ReplyError(E.invalidExpireTime(cmdName));
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0;
  const now = c.server.cmdTime;
  if (arg.length < 16) {
    const ms = (seconds ? v * 1000 : v) + (relative ? now : 0);
    if (Number.isSafeInteger(ms)) return { ms, exact: undefined, text: String(ms) };
  }
  let big = BigInt(arg);
  if (seconds) {
    if (big > INT64_MAX / 1000n) throw new ReplyError(E.invalidExpireTime(cmdName));
    big *= 1000n;
  }
  if (relative) big += BigInt(now);
  // In C the sum wraps to a negative number, which Redis then refuses.
  if (big > INT64_MAX) throw new ReplyError(E.invalidExpireTime(cmdName));
  const ms = Number(big);
  return { ms, exact: Number.isSafeInteger(ms) ? undefined : big, text: big.toString() };
}

/**
 * setGenericCommand: SET, SETNX, SETEX, PSETEX. `okReply`/`abortReply` are raw RESP
 * (null means +OK / the null bulk). Returns whether the key was written.
 */
function setGeneric(
  c: Client,
  argv: string[],
  flags: number,
  key: string,
  value: string,
  expireArg: string | undefined,
  cmdName: string,
  okReply: string | null,
  abortReply: string | null,
): void {
  const expire = expireArg !== undefined ? getExpireTime(c, expireArg, flags, cmdName) : undefined;
  if (flags & OBJ_SET_GET) getGeneric(c, key);
  const db = c.db;
  const found = db.lookupWrite(key) !== undefined;
  if ((flags & OBJ_SET_NX && found) || (flags & OBJ_SET_XX && !found)) {
    if (!(flags & OBJ_SET_GET)) {
      if (abortReply === null) c.addNull();
      else c.addReply(abortReply);
    }
    return;
  }
  db.set(key, value, (flags & OBJ_KEEPTTL) !== 0);
  clearStringEncoding(db, key);
  const s = c.server;
  s.dirty++;
  notifyKeyspaceEvent(s, NOTIFY_STRING, 'set', key, db.id);
  if (expire !== undefined) {
    db.setExpire(key, expire.ms, expire.exact);
    c.rewriteForPropagation(['SET', key, value, 'PXAT', expire.text]);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'expire', key, db.id);
  }
  if (!(flags & OBJ_SET_GET)) {
    if (okReply === null) c.addOK();
    else c.addReply(okReply);
  }
  if (flags & OBJ_SET_GET && expire === undefined) {
    // Replicas get the SET without its GET options (they would only produce a reply).
    const out: string[] = [];
    for (let j = 0; j < argv.length; j++) {
      if (j >= 3 && argv[j]!.length === 3 && argv[j]!.toLowerCase() === 'get') continue;
      out.push(argv[j]!);
    }
    c.rewriteForPropagation(out);
  }
}

function setCommand(c: Client, argv: string[]): void {
  const { flags, expire } = parseExtendedArgs(argv, true);
  setGeneric(c, argv, flags, argv[1]!, argv[2]!, expire, 'set', null, null);
}

function setnxCommand(c: Client, argv: string[]): void {
  setGeneric(c, argv, OBJ_SET_NX, argv[1]!, argv[2]!, undefined, 'setnx', ':1\r\n', ':0\r\n');
}

function setexCommand(c: Client, argv: string[]): void {
  setGeneric(c, argv, OBJ_EX, argv[1]!, argv[3]!, argv[2]!, 'setex', null, null);
}

function psetexCommand(c: Client, argv: string[]): void {
  setGeneric(c, argv, OBJ_PX, argv[1]!, argv[3]!, argv[2]!, 'psetex', null, null);
}

// --- GET family --------------------------------------------------------------------------

function getCommand(c: Client, argv: string[]): void {
  getGeneric(c, argv[1]!);
}

/**
 * GETEX never propagates as itself: a new TTL goes out as PEXPIREAT, PERSIST as
 * PERSIST, and an EXAT/PXAT already in the past deletes the key (DEL or UNLINK).
 */
function getexCommand(c: Client, argv: string[]): void {
  const { flags, expire: expireArg } = parseExtendedArgs(argv, false);
  const key = argv[1]!;
  const v = lookupStringRead(c, key);
  if (v === undefined) {
    c.addNull();
    return;
  }
  const expire = expireArg !== undefined ? getExpireTime(c, expireArg, flags, 'getex') : undefined;
  c.addBulk(v);
  const s = c.server;
  const db = c.db;
  if (expire !== undefined && flags & (OBJ_EXAT | OBJ_PXAT) && checkAlreadyExpired(c, expire.ms)) {
    db.delete(key);
    c.rewriteForPropagation([s.config.bool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, db.id);
    s.dirty++;
  } else if (expire !== undefined) {
    db.setExpire(key, expire.ms, expire.exact);
    c.rewriteForPropagation(['PEXPIREAT', key, expire.text]);
    s.touchWatchedKey(db, key);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'expire', key, db.id);
    s.dirty++;
  } else if (flags & OBJ_PERSIST) {
    if (db.removeExpire(key)) {
      s.touchWatchedKey(db, key);
      c.rewriteForPropagation(['PERSIST', key]);
      notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'persist', key, db.id);
      s.dirty++;
    }
  }
}

/** checkAlreadyExpired: a past absolute time deletes now, except while loading or on a replica. */
function checkAlreadyExpired(c: Client, when: number): boolean {
  const s = c.server;
  return when <= s.cmdTime && !s.loading && s.masterHost === null;
}

function getdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (getGeneric(c, key) === undefined) return;
  const s = c.server;
  c.db.delete(key);
  c.rewriteForPropagation([s.config.bool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key]);
  notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, c.db.id);
  s.dirty++;
}

function getsetCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  getGeneric(c, key);
  c.db.set(key, argv[2]!);
  clearStringEncoding(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', key, c.db.id);
  c.server.dirty++;
  c.rewriteForPropagation(['SET', key, argv[2]!]);
}

// --- ranges and length ---------------------------------------------------------------------

function getrangeCommand(c: Client, argv: string[]): void {
  let start = getInteger(argv[2]!);
  let end = getInteger(argv[3]!);
  const v = lookupStringRead(c, argv[1]!);
  if (v === undefined) {
    c.addReply(EMPTY_BULK);
    return;
  }
  const len = v.length;
  if (start < 0 && end < 0 && start > end) {
    c.addReply(EMPTY_BULK);
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.addReply(EMPTY_BULK);
  else c.addBulk(start === 0 && end === len - 1 ? v : v.slice(start, end + 1));
}

/**
 * V8 caps strings below 512MB (~2^29 chars); a result Redis could still hold gets the
 * size error rather than an internal one.
 */
function concat(parts: () => string): string {
  try {
    return parts();
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_STRING_TOO_LONG') {
      throw new ReplyError(E.STRING_TOO_LONG);
    }
    throw e;
  }
}

function setrangeCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const offset = getInteger(argv[2]!);
  const value = argv[3]!;
  if (offset < 0) throw new ReplyError(E.OFFSET_OUT_OF_RANGE);
  const db = c.db;
  const cur = lookupStringWrite(c, key);
  if (cur === undefined) {
    if (value.length === 0) {
      c.addReply(':0\r\n');
      return;
    }
    checkStringLength(c, offset + value.length);
    const created = concat(() => '\0'.repeat(offset) + value);
    db.set(key, created);
    markStringEncoding(db, key, created, 'raw');
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setrange', key, db.id);
    c.server.dirty++;
    c.addInt(created.length);
    return;
  }
  if (value.length === 0) {
    c.addInt(cur.length);
    return;
  }
  checkStringLength(c, offset + value.length);
  const next = concat(() => {
    if (offset >= cur.length) return cur + '\0'.repeat(offset - cur.length) + value;
    return cur.slice(0, offset) + value + cur.slice(offset + value.length);
  });
  db.set(key, next, true);
  markStringEncoding(db, key, next, 'raw');
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setrange', key, db.id);
  c.server.dirty++;
  c.addInt(next.length);
}

function appendCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const add = argv[2]!;
  const db = c.db;
  const cur = lookupStringWrite(c, key);
  let next: string;
  if (cur === undefined) {
    next = add;
    db.set(key, next);
    clearStringEncoding(db, key);
  } else {
    checkStringLength(c, cur.length + add.length);
    next = concat(() => cur + add);
    db.set(key, next, true);
    markStringEncoding(db, key, next, 'raw');
  }
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'append', key, db.id);
  c.server.dirty++;
  c.addInt(next.length);
}

function strlenCommand(c: Client, argv: string[]): void {
  const v = lookupStringRead(c, argv[1]!);
  c.addInt(v === undefined ? 0 : v.length);
}

// --- counters ------------------------------------------------------------------------------

/** An int64 argument: a number when short enough to be exact, else a bigint. */
function parseIncrement(s: string): number | bigint {
  if (s.length < 16) {
    const v = parseInteger(s);
    if (v === null) throw new ReplyError(E.NOT_INTEGER);
    return v;
  }
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(E.NOT_INTEGER);
  return v;
}

/** incrDecrCommand: int64 arithmetic with Redis's overflow error; numbers while exact. */
function incrDecr(c: Client, key: string, by: number | bigint): void {
  const db = c.db;
  const cur = lookupStringWrite(c, key);
  let result: number | bigint;
  if (cur === undefined || cur.length < 16) {
    const v = cur === undefined ? 0 : parseInteger(cur);
    if (v === null) throw new ReplyError(E.NOT_INTEGER);
    result = typeof by === 'number' ? v + by : BigInt(v) + by;
  } else {
    const v = parseInt64(cur);
    if (v === null) throw new ReplyError(E.NOT_INTEGER);
    result = v + BigInt(by);
  }
  if (typeof result === 'number' && !Number.isSafeInteger(result)) {
    result = BigInt(cur === undefined ? 0 : cur) + BigInt(by);
  }
  if (typeof result === 'bigint' && (result > INT64_MAX || result < INT64_MIN)) {
    throw new ReplyError(E.INCR_OVERFLOW);
  }
  const text = String(result);
  db.set(key, text, true);
  clearStringEncoding(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'incrby', key, db.id);
  c.server.dirty++;
  c.addReply(encodeInteger(result));
}

function incrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1]!, 1);
}

function decrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1]!, -1);
}

function incrbyCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1]!, parseIncrement(argv[2]!));
}

function decrbyCommand(c: Client, argv: string[]): void {
  const by = parseIncrement(argv[2]!);
  if (by === INT64_MIN) throw new ReplyError(E.DECR_OVERFLOW);
  incrDecr(c, argv[1]!, -by);
}

/** Replicated as SET key <result> KEEPTTL so replicas never redo the float arithmetic. */
function incrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const cur = lookupStringWrite(c, key);
  const result = incrByFloat(cur === undefined ? '0' : cur, argv[2]!);
  db.set(key, result, true);
  markStringEncoding(db, key, result, result.length <= 44 ? 'embstr' : 'raw');
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'incrbyfloat', key, db.id);
  c.server.dirty++;
  c.addBulk(result);
  c.rewriteForPropagation(['SET', key, result, 'KEEPTTL']);
}

// --- multi-key ------------------------------------------------------------------------------

function mgetCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const nullBulk = c.resp === 2 ? '$-1\r\n' : '_\r\n';
  // Redis replies key by key: a keymiss event lands between the elements.
  const streamed = (c.server.config.notifyKeyspaceEvents & NOTIFY_KEY_MISS) !== 0;
  let out = `*${argv.length - 1}\r\n`;
  for (let j = 1; j < argv.length; j++) {
    if (streamed) {
      c.addReply(out);
      out = '';
    }
    const o = db.lookupRead(argv[j]!);
    out += typeof o === 'string' ? `$${o.length}\r\n${o}\r\n` : nullBulk;
  }
  c.addReply(out);
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) throw new ReplyError(E.wrongArity(nx ? 'msetnx' : 'mset'));
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupWrite(argv[j]!) !== undefined) {
        c.addReply(':0\r\n');
        return;
      }
    }
  }
  const s = c.server;
  for (let j = 1; j < argv.length; j += 2) {
    db.set(argv[j]!, argv[j + 1]!);
    clearStringEncoding(db, argv[j]!);
    notifyKeyspaceEvent(s, NOTIFY_STRING, 'set', argv[j]!, db.id);
  }
  s.dirty += (argv.length - 1) / 2;
  if (nx) c.addReply(':1\r\n');
  else c.addOK();
}

function msetCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnxCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

// --- LCS ----------------------------------------------------------------------------------

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the classic dynamic
 * programming table, walked back from the end exactly as t_string.c does, so ranges come
 * out in the same order (last match first) with the same tie-breaking.
 */
function lcsCommand(c: Client, argv: string[]): void {
  const oa = c.db.lookupRead(argv[1]!);
  const ob = c.db.lookupRead(argv[2]!);
  if ((oa !== undefined && typeof oa !== 'string') || (ob !== undefined && typeof ob !== 'string')) {
    throw new ReplyError(E.LCS_NOT_STRINGS);
  }
  const a = oa ?? '';
  const b = ob ?? '';
  let getlen = false;
  let getidx = false;
  let withmatchlen = false;
  let minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const moreargs = argv.length - 1 - j;
    if (opt === 'idx') getidx = true;
    else if (opt === 'len') getlen = true;
    else if (opt === 'withmatchlen') withmatchlen = true;
    else if (opt === 'minmatchlen' && moreargs > 0) {
      minmatchlen = getInteger(argv[++j]!);
      if (minmatchlen < 0) minmatchlen = 0;
    } else throw new ReplyError(E.SYNTAX);
  }
  if (getlen && getidx) throw new ReplyError(E.LCS_LEN_AND_IDX);
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.server.config.num('proto-max-bulk-len')) throw new ReplyError(E.LCS_TOO_MUCH_MEMORY);

  if (getlen) {
    c.addInt(lcsLength(a, b));
    return;
  }
  const w = blen + 1;
  const table = new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) {
        table[row + j] = table[prev + j - 1]! + 1;
      } else {
        const up = table[prev + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * w + blen]!;
  let idx = total;
  const result: number[] = getidx ? [] : new Array<number>(total);
  let ranges = '';
  let rangeCount = 0;
  let aStart = alen; // alen: no range in progress
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      if (!getidx) result[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (table[(i - 1) * w + j]! > table[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getidx && (minmatchlen === 0 || matchLen >= minmatchlen)) {
        ranges +=
          `*${withmatchlen ? 3 : 2}\r\n*2\r\n:${aStart}\r\n:${aEnd}\r\n*2\r\n:${bStart}\r\n:${bEnd}\r\n` +
          (withmatchlen ? `:${matchLen}\r\n` : '');
        rangeCount++;
      }
      aStart = alen;
    }
  }
  if (getidx) {
    c.addMapLen(2);
    c.addBulk('matches');
    c.addReply(`*${rangeCount}\r\n${ranges}`);
    c.addBulk('len');
    c.addInt(total);
  } else {
    c.addBulk(bytesToString(result));
  }
}

/** LCS LEN needs only two rows of the table. */
function lcsLength(a: string, b: string): number {
  const blen = b.length;
  let prev = new Uint32Array(blen + 1);
  let row = new Uint32Array(blen + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) row[j] = prev[j - 1]! + 1;
      else row[j] = prev[j]! > row[j - 1]! ? prev[j]! : row[j - 1]!;
    }
    const t = prev;
    prev = row;
    row = t;
  }
  return prev[blen]!;
}

function bytesToString(codes: number[]): string {
  let out = '';
  for (let k = 0; k < codes.length; k += 8192) {
    out += String.fromCharCode(...codes.slice(k, k + 8192));
  }
  return out;
}

// --- table ------------------------------------------------------------------------------

const READ_FAST = ['read', 'string', 'fast'] as const;
const WRITE_FAST = ['write', 'string', 'fast'] as const;
const WRITE_SLOW = ['write', 'string', 'slow'] as const;

export const stringCommands = [
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Store a string value at a key, with optional expiry and conditions', since: '1.0.0',
    acl: WRITE_SLOW, handler: setCommand,
  },
  {
    name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Store a string value only when the key does not exist', since: '1.0.0',
    acl: WRITE_FAST, handler: setnxCommand,
  },
  {
    name: 'setex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Store a string value with a time to live in seconds', since: '2.0.0',
    acl: WRITE_SLOW, handler: setexCommand,
  },
  {
    name: 'psetex', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Store a string value with a time to live in milliseconds', since: '2.6.0',
    acl: WRITE_SLOW, handler: psetexCommand,
  },
  {
    name: 'get', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Read the string value of a key', since: '1.0.0',
    acl: READ_FAST, handler: getCommand,
  },
  {
    name: 'getex', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Read a string value and change or remove its expiry', since: '6.2.0',
    acl: WRITE_FAST, handler: getexCommand,
  },
  {
    name: 'getdel', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Read a string value and delete its key', since: '6.2.0',
    acl: WRITE_FAST, handler: getdelCommand,
  },
  {
    name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Replace a string value and return the previous one', since: '1.0.0',
    acl: WRITE_FAST, handler: getsetCommand,
  },
  {
    name: 'getrange', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Read a byte range of a string value', since: '2.4.0',
    acl: ['read', 'string', 'slow'], handler: getrangeCommand,
  },
  {
    name: 'substr', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Read a byte range of a string value (old name of GETRANGE)', since: '1.0.0',
    acl: ['read', 'string', 'slow'], handler: getrangeCommand,
  },
  {
    name: 'setrange', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Overwrite bytes of a string value from an offset, padding with zeros', since: '2.2.0',
    acl: WRITE_SLOW, handler: setrangeCommand,
  },
  {
    name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Add bytes to the end of a string value', since: '2.0.0',
    acl: WRITE_FAST, handler: appendCommand,
  },
  {
    name: 'strlen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Length in bytes of a string value', since: '2.2.0',
    acl: READ_FAST, handler: strlenCommand,
  },
  {
    name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Add one to the integer stored at a key', since: '1.0.0',
    acl: WRITE_FAST, handler: incrCommand,
  },
  {
    name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Subtract one from the integer stored at a key', since: '1.0.0',
    acl: WRITE_FAST, handler: decrCommand,
  },
  {
    name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Add an integer to the integer stored at a key', since: '1.0.0',
    acl: WRITE_FAST, handler: incrbyCommand,
  },
  {
    name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Subtract an integer from the integer stored at a key', since: '1.0.0',
    acl: WRITE_FAST, handler: decrbyCommand,
  },
  {
    name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'string', summary: 'Add a floating point number to the number stored at a key', since: '2.6.0',
    acl: WRITE_FAST, handler: incrbyfloatCommand,
  },
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1,
    group: 'string', summary: 'Read the string values of several keys', since: '1.0.0',
    acl: READ_FAST, handler: mgetCommand,
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2,
    group: 'string', summary: 'Store several key/value pairs at once', since: '1.0.1',
    acl: WRITE_SLOW, handler: msetCommand,
  },
  {
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 2,
    group: 'string', summary: 'Store several key/value pairs only if none of the keys exist', since: '1.0.1',
    acl: WRITE_SLOW, handler: msetnxCommand,
  },
  {
    name: 'lcs', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 2, step: 1,
    group: 'string', summary: 'Longest common subsequence of two string values', since: '7.0.0',
    acl: ['read', 'string', 'slow'], handler: lcsCommand,
  },
] satisfies CommandSpec[];
