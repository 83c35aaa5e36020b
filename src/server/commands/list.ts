// List commands (Redis group "list"), following t_list.c and the list parts of blocked.c
// as of Redis 7.0: argument checks in Redis's order, its reply shapes per protocol, and
// what it propagates and counts as dirty, including for blocked pops served later.

import { blockOnKeys } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import type { Db } from '../keyspace/keyspace.js';
import { ListObject } from '../keyspace/values/list.js';
import type { RValue } from '../keyspace/values/types.js';
import { NOTIFY_GENERIC, NOTIFY_LIST, notifyKeyspaceEvent } from '../notify.js';
import { EMPTY_ARRAY, OK, ZERO, encodeBulk, encodeInteger } from '../protocol/writer.js';
import { getInt64, getInteger, getNonNegativeInteger, getTimeoutDeadline, isOpt, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

/** The list stored under a key, undefined when absent, WRONGTYPE for another type. */
function asList(v: RValue | undefined): ListObject | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'list') throw new ReplyError(E.WRONGTYPE);
  return v as ListObject;
}

/** The list under key, or undefined when absent or of another type (blocked-client retries). */
function listOrNothing(v: RValue | undefined): ListObject | undefined {
  return v !== undefined && typeof v !== 'string' && v.type === 'list' ? (v as ListObject) : undefined;
}

/** getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail. */
function parseWhere(s: string): boolean {
  if (isOpt(s, 'left')) return true;
  if (isOpt(s, 'right')) return false;
  throw new ReplyError(E.SYNTAX);
}

const LONG_MIN = -(2n ** 63n);

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

/**
 * CLIENT_DENY_BLOCKING: a blocking command run by EXEC (a nested call) or by our master
 * answers at once as if it timed out.
 */
const mayBlock = (c: Client): boolean => c.server.executionNesting <= 1 && !c.inMulti && !c.isMaster;

/**
 * listElementsRemoved: the lpop/rpop event, then the emptied key's deletion (and its del
 * event); signals WATCH and counts `n` changes.
 */
function elementsRemoved(c: Client, db: Db, key: string, l: ListObject, head: boolean, n: number): void {
  const s = c.server;
  notifyKeyspaceEvent(s, NOTIFY_LIST, head ? 'lpop' : 'rpop', key, db.id);
  if (l.length === 0) {
    db.deleteKey(key);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, db.id);
  }
  s.touchWatchedKey(db, key);
  s.dirty += n;
}

/** Pops n elements (n <= length) from one end; returns them as consecutive bulks. */
function popBulks(l: ListObject, head: boolean, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += bulk(head ? l.popHead()! : l.popTail()!);
  return out;
}

/** listPopRangeAndReplyWithKey: pops up to count and replies [key, [elements]]. */
function popRangeWithKey(c: Client, db: Db, key: string, l: ListObject, head: boolean, count: number): void {
  const n = Math.min(count, l.length);
  c.addReply(`*2\r\n${bulk(key)}*${n}\r\n${popBulks(l, head, n)}`);
  elementsRemoved(c, db, key, l, head, n);
}

// --- pushes ------------------------------------------------------------------------

/** pushGenericCommand: the X forms (`xx`) reply 0 for a missing key instead of creating it. */
function pushGeneric(c: Client, argv: string[], head: boolean, xx: boolean): void {
  const db = c.db;
  const key = argv[1]!;
  let l = asList(db.lookupWrite(key));
  if (l === undefined) {
    if (xx) return c.addReply(ZERO);
    l = new ListObject(argv.length - 2);
    // dbAdd: clients blocked on the key are signalled by the keyspace.
    db.add(key, l);
  }
  if (head) for (let i = 2; i < argv.length; i++) l.pushHead(argv[i]!);
  else for (let i = 2; i < argv.length; i++) l.pushTail(argv[i]!);
  c.addReply(encodeInteger(l.length));
  c.server.touchWatchedKey(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, head ? 'lpush' : 'rpush', key, db.id);
  c.server.dirty += argv.length - 2;
}

function lpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, false);
}

function rpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, false);
}

function lpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, true);
}

function rpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, true);
}

function linsertCommand(c: Client, argv: string[]): void {
  let after: boolean;
  if (isOpt(argv[2], 'after')) after = true;
  else if (isOpt(argv[2], 'before')) after = false;
  else throw new ReplyError(E.SYNTAX);
  const db = c.db;
  const key = argv[1]!;
  const l = asList(db.lookupWrite(key));
  if (l === undefined) return c.addReply(ZERO);
  const i = l.indexOf(argv[3]!);
  if (i < 0) return c.addReply(':-1\r\n');
  l.insert(after ? i + 1 : i, argv[4]!);
  c.server.touchWatchedKey(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'linsert', key, db.id);
  c.server.dirty++;
  c.addReply(encodeInteger(l.length));
}

// --- reads -------------------------------------------------------------------------

function llenCommand(c: Client, argv: string[]): void {
  const l = asList(c.db.lookupRead(argv[1]!));
  c.addReply(l === undefined ? ZERO : encodeInteger(l.length));
}

function lindexCommand(c: Client, argv: string[]): void {
  const l = asList(c.db.lookupRead(argv[1]!));
  if (l === undefined) return c.addNull();
  const index = getInteger(argv[2]!);
  const i = index < 0 ? l.length + index : index;
  if (i < 0 || i >= l.length) c.addNull();
  else c.addReply(bulk(l.get(i)));
}

function lrangeCommand(c: Client, argv: string[]): void {
  let start = getInteger(argv[2]!);
  let end = getInteger(argv[3]!);
  const l = asList(c.db.lookupRead(argv[1]!));
  if (l === undefined) return c.addReply(EMPTY_ARRAY);
  const len = l.length;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return c.addReply(EMPTY_ARRAY);
  if (end >= len) end = len - 1;
  let out = `*${end - start + 1}\r\n`;
  for (let i = start; i <= end; i++) out += encodeBulk(l.get(i));
  c.addReply(out);
}

function lposCommand(c: Client, argv: string[]): void {
  const ele = argv[2]!;
  let rank = 1;
  let rankIsLongMin = false;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    if (isOpt(opt, 'rank') && more > 0) {
      const r = getInt64(argv[++j]!);
      if (r === 0n) throw new ReplyError(E.LPOS_RANK_ZERO);
      rank = Number(r);
      rankIsLongMin = r === LONG_MIN;
    } else if (isOpt(opt, 'count') && more > 0) {
      count = getNonNegativeInteger(argv[++j]!, E.LPOS_COUNT_NEGATIVE);
    } else if (isOpt(opt, 'maxlen') && more > 0) {
      maxlen = getNonNegativeInteger(argv[++j]!, E.LPOS_MAXLEN_NEGATIVE);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  let fromTail = false;
  // Redis negates a negative RANK in a long: LONG_MIN stays negative, so every match
  // then qualifies and COUNT never ends the scan (matches - rank + 1 overflows).
  let wrapped = false;
  if (rank < 0) {
    fromTail = true;
    if (rankIsLongMin) wrapped = true;
    else rank = -rank;
  }
  const l = asList(c.db.lookupRead(argv[1]!));
  if (l === undefined) return count !== -1 ? c.addReply(EMPTY_ARRAY) : c.addNull();
  const len = l.length;
  const limit = maxlen === 0 ? len : Math.min(maxlen, len);
  let matches = 0;
  if (count === -1) {
    for (let k = 0; k < limit; k++) {
      const i = fromTail ? len - 1 - k : k;
      if (l.get(i) === ele && (++matches >= rank || wrapped)) return c.addReply(encodeInteger(i));
    }
    return c.addNull();
  }
  let out = '';
  let n = 0;
  for (let k = 0; k < limit; k++) {
    const i = fromTail ? len - 1 - k : k;
    if (l.get(i) !== ele) continue;
    matches++;
    if (!wrapped && matches < rank) continue;
    out += encodeInteger(i);
    n++;
    if (count !== 0 && !wrapped && matches - rank + 1 >= count) break;
  }
  c.addReply(`*${n}\r\n${out}`);
}

// --- updates -----------------------------------------------------------------------

function lsetCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  const l = asList(db.lookupWrite(key));
  if (l === undefined) throw new ReplyError(E.NO_SUCH_KEY);
  const index = getInteger(argv[2]!);
  const i = index < 0 ? l.length + index : index;
  if (i < 0 || i >= l.length) throw new ReplyError(E.OUT_OF_RANGE);
  l.set(i, argv[3]!);
  c.addReply(OK);
  c.server.touchWatchedKey(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'lset', key, db.id);
  c.server.dirty++;
}

function ltrimCommand(c: Client, argv: string[]): void {
  let start = getInteger(argv[2]!);
  let end = getInteger(argv[3]!);
  const db = c.db;
  const key = argv[1]!;
  const l = asList(db.lookupWrite(key));
  if (l === undefined) return c.addReply(OK);
  const len = l.length;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  let ltrim: number;
  let rtrim: number;
  if (start > end || start >= len) {
    ltrim = len;
    rtrim = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrim = start;
    rtrim = len - end - 1;
  }
  l.trimHead(ltrim);
  l.trimTail(rtrim);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'ltrim', key, db.id);
  if (l.length === 0) {
    db.deleteKey(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
  }
  // Redis signals the key even when nothing was trimmed.
  c.server.touchWatchedKey(db, key);
  c.server.dirty += ltrim + rtrim;
  c.addReply(OK);
}

function lremCommand(c: Client, argv: string[]): void {
  const toremove = getInteger(argv[2]!);
  const db = c.db;
  const key = argv[1]!;
  const l = asList(db.lookupWrite(key));
  if (l === undefined) return c.addReply(ZERO);
  const removed = l.removeEqual(argv[3]!, Math.abs(toremove), toremove < 0);
  if (removed > 0) {
    c.server.touchWatchedKey(db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'lrem', key, db.id);
    c.server.dirty += removed;
  }
  if (l.length === 0) {
    db.deleteKey(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
  }
  c.addReply(encodeInteger(removed));
}

// --- pops ------------------------------------------------------------------------

function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) throw new ReplyError(E.wrongArity(head ? 'lpop' : 'rpop'));
  const hasCount = argv.length === 3;
  const count = hasCount ? getNonNegativeInteger(argv[2]!) : 0;
  const db = c.db;
  const key = argv[1]!;
  const l = asList(db.lookupWrite(key));
  if (l === undefined) return hasCount ? c.addNullArray() : c.addNull();
  if (!hasCount) {
    c.addReply(bulk(head ? l.popHead()! : l.popTail()!));
    elementsRemoved(c, db, key, l, head, 1);
    return;
  }
  if (count === 0) return c.addReply(EMPTY_ARRAY);
  const n = Math.min(count, l.length);
  c.addReply(`*${n}\r\n${popBulks(l, head, n)}`);
  elementsRemoved(c, db, key, l, head, n);
}

function lpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, true);
}

function rpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, false);
}

// --- moves -----------------------------------------------------------------------

/**
 * lmoveHandlePush: pushes value onto dst (created when absent) and replies with it. Its
 * lpush/rpush event comes before the source's lpop/rpop, as in Redis 7.0.
 */
function pushToDestination(c: Client, db: Db, dst: string, dl: ListObject | undefined, value: string, head: boolean): void {
  if (dl === undefined) {
    dl = new ListObject();
    db.add(dst, dl);
  }
  c.server.touchWatchedKey(db, dst);
  if (head) dl.pushHead(value);
  else dl.pushTail(value);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, head ? 'lpush' : 'rpush', dst, db.id);
  c.addReply(bulk(value));
}

/** lmoveGenericCommand; returns whether an element moved. */
function lmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean): boolean {
  const db = c.db;
  const sl = asList(db.lookupWrite(src));
  if (sl === undefined) {
    c.addNull();
    return false;
  }
  // Looked up before the pop: with src === dst this is the same list, kept alive.
  const dl = asList(db.lookupWrite(dst));
  const value = fromHead ? sl.popHead()! : sl.popTail()!;
  pushToDestination(c, db, dst, dl, value, toHead);
  popFromSource(c, db, src, sl, fromHead);
  c.server.touchWatchedKey(db, src);
  c.server.dirty++;
  return true;
}

/** The source side of a move: its lpop/rpop event, then deletion (and del) once empty. */
function popFromSource(c: Client, db: Db, src: string, sl: ListObject, fromHead: boolean): void {
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, fromHead ? 'lpop' : 'rpop', src, db.id);
  if (sl.length === 0) {
    db.deleteKey(src);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', src, db.id);
  }
}

function lmoveCommand(c: Client, argv: string[]): void {
  const fromHead = parseWhere(argv[3]!);
  const toHead = parseWhere(argv[4]!);
  lmoveGeneric(c, argv[1]!, argv[2]!, fromHead, toHead);
}

function rpoplpushCommand(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv[1]!, argv[2]!, false, true);
}

// --- multi-key pops ------------------------------------------------------------------

/** LMPOP / BLMPOP: numkeys, the keys, LEFT|RIGHT, then [COUNT n] (lmpopGenericCommand). */
function mpopGeneric(c: Client, argv: string[], numkeysIdx: number, blocking: boolean): void {
  const numkeys = parseInteger(argv[numkeysIdx]!);
  if (numkeys === null || numkeys < 1) throw new ReplyError(E.NUMKEYS_NOT_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(E.SYNTAX);
  const head = parseWhere(argv[whereIdx]!);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isOpt(argv[j], 'count') && j < argv.length - 1) {
      const n = parseInteger(argv[++j]!);
      if (n === null || n < 1) throw new ReplyError(E.COUNT_NOT_POSITIVE);
      count = n;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  if (count === -1) count = 1;
  if (blocking) return blockingPopGeneric(c, argv, numkeysIdx + 1, whereIdx, head, argv[1]!, count);
  if (!popFirstList(c, argv, numkeysIdx + 1, whereIdx, head, count)) c.addNullArray();
}

function lmpopCommand(c: Client, argv: string[]): void {
  mpopGeneric(c, argv, 1, false);
}

function blmpopCommand(c: Client, argv: string[]): void {
  mpopGeneric(c, argv, 2, true);
}

/** Key positions of LMPOP/BLMPOP: numkeys at numkeysIdx, then that many keys. */
function mpopKeys(argv: string[], numkeysIdx: number): number[] {
  const n = parseInteger(argv[numkeysIdx] ?? '');
  if (n === null || n < 1 || numkeysIdx + n >= argv.length) return [];
  const keys: number[] = [];
  for (let i = 1; i <= n; i++) keys.push(numkeysIdx + i);
  return keys;
}

// --- blocking pops ------------------------------------------------------------------

/**
 * Pops from the first key of argv[first..end) that holds a list and replies; count is -1
 * for BLPOP/BRPOP (reply [key, element]) or the [B]LMPOP count (reply [key, [elements]]).
 * Propagated as LPOP/RPOP. Returns false, replying nothing, when every key is empty.
 */
function popFirstList(c: Client, argv: string[], first: number, end: number, head: boolean, count: number): boolean {
  const db = c.db;
  for (let j = first; j < end; j++) {
    const key = argv[j]!;
    const l = asList(db.lookupWrite(key));
    if (l === undefined) continue;
    if (count !== -1) {
      const n = Math.min(count, l.length);
      popRangeWithKey(c, db, key, l, head, count);
      c.rewriteForPropagation([head ? 'LPOP' : 'RPOP', key, String(n)]);
      return true;
    }
    c.addReply(`*2\r\n${bulk(key)}${bulk(head ? l.popHead()! : l.popTail()!)}`);
    elementsRemoved(c, db, key, l, head, 1);
    c.rewriteForPropagation([head ? 'LPOP' : 'RPOP', key]);
    return true;
  }
  return false;
}

/**
 * blockingPopGenericCommand: serves the first key (argv[first..end)) that holds a list,
 * else blocks. The timeout is parsed first, as Redis does.
 */
function blockingPopGeneric(
  c: Client,
  argv: string[],
  first: number,
  end: number,
  head: boolean,
  timeoutArg: string,
  count: number,
): void {
  const deadline = getTimeoutDeadline(timeoutArg, c.server.cmdTime);
  if (popFirstList(c, argv, first, end, head, count)) return;
  if (!mayBlock(c)) return c.addNullArray();
  const db = c.db;
  blockOnKeys(
    c,
    db,
    argv.slice(first, end),
    deadline,
    (key) => serveBlockedPop(c, db, key, head, count),
    () => c.addNullArray(),
  );
}

/**
 * serveClientBlockedOnList for pops: the client gets what the plain command would have
 * given, and the pop is propagated as LPOP/RPOP (with the count for BLMPOP). Redis
 * counts no dirty change for a served BLPOP/BRPOP; BLMPOP counts its elements.
 */
function serveBlockedPop(c: Client, db: Db, key: string, head: boolean, count: number): boolean {
  const l = listOrNothing(db.lookupWrite(key));
  if (l === undefined) return false;
  const s = c.server;
  if (count !== -1) {
    s.alsoPropagate(db.id, [head ? 'LPOP' : 'RPOP', key, String(Math.min(count, l.length))]);
    popRangeWithKey(c, db, key, l, head, count);
    return true;
  }
  s.alsoPropagate(db.id, [head ? 'LPOP' : 'RPOP', key]);
  c.addReply(`*2\r\n${bulk(key)}${bulk(head ? l.popHead()! : l.popTail()!)}`);
  popFromSource(c, db, key, l, head);
  return true;
}

function blpopCommand(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv, 1, argv.length - 1, true, argv[argv.length - 1]!, -1);
}

function brpopCommand(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv, 1, argv.length - 1, false, argv[argv.length - 1]!, -1);
}

/** blmoveGenericCommand: LMOVE when src has data, else block on src. */
function blmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean, timeoutArg: string, rpoplpush: boolean): void {
  const deadline = getTimeoutDeadline(timeoutArg, c.server.cmdTime);
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  if (asList(db.lookupWrite(src)) !== undefined) {
    if (lmoveGeneric(c, src, dst, fromHead, toHead)) {
      c.rewriteForPropagation(rpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, argv[3]!, argv[4]!]);
    }
    return;
  }
  // Inside MULTI an empty source answers like LMOVE would: a null bulk, not a null array.
  if (!mayBlock(c)) return c.addNull();
  blockOnKeys(
    c,
    db,
    [src],
    deadline,
    () => serveBlockedMove(c, db, src, dst, fromHead, toHead, rpoplpush),
    () => c.addNullArray(),
  );
}

/**
 * serveClientBlockedOnList for BLMOVE/BRPOPLPUSH: a destination of the wrong type
 * answers WRONGTYPE and ends the wait without popping. Propagated as LMOVE (positions
 * spelled "left"/"right") or RPOPLPUSH; Redis counts no dirty change here.
 */
function serveBlockedMove(
  c: Client,
  db: Db,
  src: string,
  dst: string,
  fromHead: boolean,
  toHead: boolean,
  rpoplpush: boolean,
): boolean {
  const sl = listOrNothing(db.lookupWrite(src));
  if (sl === undefined) return false;
  const dv = db.lookupWrite(dst);
  const dl = listOrNothing(dv);
  if (dv !== undefined && dl === undefined) {
    c.addError(E.WRONGTYPE);
    return true;
  }
  const value = fromHead ? sl.popHead()! : sl.popTail()!;
  pushToDestination(c, db, dst, dl, value, toHead);
  c.server.alsoPropagate(
    db.id,
    rpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, fromHead ? 'left' : 'right', toHead ? 'left' : 'right'],
  );
  popFromSource(c, db, src, sl, fromHead);
  return true;
}

function blmoveCommand(c: Client, argv: string[]): void {
  const fromHead = parseWhere(argv[3]!);
  const toHead = parseWhere(argv[4]!);
  blmoveGeneric(c, argv, fromHead, toHead, argv[5]!, false);
}

function brpoplpushCommand(c: Client, argv: string[]): void {
  blmoveGeneric(c, argv, false, true, argv[3]!, true);
}

// --- table -------------------------------------------------------------------------

const WRITE_FAST = ['write', 'list', 'fast'] as const;
const WRITE_SLOW = ['write', 'list', 'slow'] as const;
const READ_FAST = ['read', 'list', 'fast'] as const;
const READ_SLOW = ['read', 'list', 'slow'] as const;
const BLOCKING = ['write', 'list', 'slow', 'blocking'] as const;

export const listCommands = [
  {
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Prepends elements to a list, creating it if needed.',
    since: '1.0.0',
    acl: WRITE_FAST,
    handler: lpushCommand,
  },
  {
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Appends elements to a list, creating it if needed.',
    since: '1.0.0',
    acl: WRITE_FAST,
    handler: rpushCommand,
  },
  {
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Prepends elements to a list only when the list exists.',
    since: '2.2.0',
    acl: WRITE_FAST,
    handler: lpushxCommand,
  },
  {
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Appends elements to a list only when the list exists.',
    since: '2.2.0',
    acl: WRITE_FAST,
    handler: rpushxCommand,
  },
  {
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Removes and returns the first elements of a list, deleting it when emptied.',
    since: '1.0.0',
    acl: WRITE_FAST,
    handler: lpopCommand,
  },
  {
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Removes and returns the last elements of a list, deleting it when emptied.',
    since: '1.0.0',
    acl: WRITE_FAST,
    handler: rpopCommand,
  },
  {
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Returns the number of elements in a list.',
    since: '1.0.0',
    acl: READ_FAST,
    handler: llenCommand,
  },
  {
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Returns the elements of a list between two indexes.',
    since: '1.0.0',
    acl: READ_SLOW,
    handler: lrangeCommand,
  },
  {
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Returns the element of a list at an index.',
    since: '1.0.0',
    acl: READ_SLOW,
    handler: lindexCommand,
  },
  {
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Replaces the element of a list at an index.',
    since: '1.0.0',
    acl: WRITE_SLOW,
    handler: lsetCommand,
  },
  {
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Inserts an element before or after the first occurrence of a pivot.',
    since: '2.2.0',
    acl: WRITE_SLOW,
    handler: linsertCommand,
  },
  {
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Removes occurrences of an element from a list.',
    since: '1.0.0',
    acl: WRITE_SLOW,
    handler: lremCommand,
  },
  {
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Keeps only the elements of a list between two indexes.',
    since: '1.0.0',
    acl: WRITE_SLOW,
    handler: ltrimCommand,
  },
  {
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'list',
    summary: 'Returns the indexes of the elements of a list equal to a value.',
    since: '6.0.6',
    acl: READ_SLOW,
    handler: lposCommand,
  },
  {
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Pops an element from one end of a list and pushes it onto an end of another.',
    since: '6.2.0',
    acl: WRITE_SLOW,
    handler: lmoveCommand,
  },
  {
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Pops the last element of a list and pushes it onto the head of another.',
    since: '1.2.0',
    acl: WRITE_SLOW,
    handler: rpoplpushCommand,
  },
  {
    name: 'lmpop',
    arity: -4,
    flags: ['write', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'list',
    summary: 'Pops elements from the first non-empty list of several.',
    since: '7.0.0',
    acl: WRITE_SLOW,
    handler: lmpopCommand,
    getKeys: (argv) => mpopKeys(argv, 1),
  },
  {
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'list',
    summary: 'Pops the first element of the first non-empty list, waiting for one if needed.',
    since: '2.0.0',
    acl: BLOCKING,
    handler: blpopCommand,
  },
  {
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'list',
    summary: 'Pops the last element of the first non-empty list, waiting for one if needed.',
    since: '2.0.0',
    acl: BLOCKING,
    handler: brpopCommand,
  },
  {
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Moves an element between lists like LMOVE, waiting for one if needed.',
    since: '6.2.0',
    acl: BLOCKING,
    handler: blmoveCommand,
  },
  {
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Moves an element between lists like RPOPLPUSH, waiting for one if needed.',
    since: '2.2.0',
    acl: BLOCKING,
    handler: brpoplpushCommand,
  },
  {
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking', 'movablekeys'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'list',
    summary: 'Pops elements from the first non-empty list of several, waiting for one if needed.',
    since: '7.0.0',
    acl: BLOCKING,
    handler: blmpopCommand,
    getKeys: (argv) => mpopKeys(argv, 2),
  },
] satisfies CommandSpec[];
