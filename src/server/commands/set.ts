// Set commands (Redis group "set"): membership, SPOP/SRANDMEMBER, SMOVE, the
// intersection/union/difference family and SSCAN. Follows t_set.c of Redis 7.0, including
// its result encodings, reply orders and SPOP replicated as SREM/DEL.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import type { Db } from '../keyspace/keyspace.js';
import { parseScanCursor, scanStep } from '../keyspace/scan.js';
import { SetObject } from '../keyspace/values/set.js';
import { NOTIFY_GENERIC, NOTIFY_SET, notifyKeyspaceEvent } from '../notify.js';
import { encodeBulk } from '../protocol/writer.js';
import { getIntegerInRange, getNonNegativeInteger, isOpt, parseInteger, parseScanOptions } from './args.js';
import {
  addScanReply,
  checkReplySize,
  EMPTY_SCAN,
  parseRandomCount,
  RANDOM_SUB_STRATEGY_MUL,
} from './hash.js';
import type { CommandSpec } from './spec.js';

/** SPOP_MOVE_STRATEGY_MUL: past this ratio SPOP rebuilds the set from what remains. */
const SPOP_MOVE_STRATEGY_MUL = 5;

const bulk = encodeBulk;

function checkSet(v: ReturnType<Db['lookup']>): SetObject | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'set') throw new ReplyError(E.WRONGTYPE);
  return v as SetObject;
}

const lookupSetRead = (c: Client, key: string): SetObject | undefined => checkSet(c.db.lookupRead(key));
const lookupSetWrite = (c: Client, key: string): SetObject | undefined => checkSet(c.db.lookupWrite(key));

const maxIntset = (c: Client): number => c.server.config.num('set-max-intset-entries');

/** A set reply (`~n` in RESP3) of the members in order. */
function addSetReply(c: Client, members: Iterable<string>, n: number): void {
  let out = c.resp === 2 ? `*${n}\r\n` : `~${n}\r\n`;
  for (const m of members) out += `$${m.length}\r\n${m}\r\n`;
  c.addReply(out);
}

// --- SADD, SREM, reads -------------------------------------------------------------------------

function saddCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let s = lookupSetWrite(c, key);
  if (s === undefined) {
    s = new SetObject();
    c.db.add(key, s);
  }
  const max = maxIntset(c);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i]!, max)) added++;
  if (added > 0) {
    c.server.touchWatchedKey(c.db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_SET, 'sadd', key, c.db.id);
  }
  c.server.dirty += added;
  c.addInt(added);
}

function sremCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = lookupSetWrite(c, key);
  if (s === undefined) {
    c.addInt(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (!s.delete(argv[i]!)) continue;
    deleted++;
    if (s.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    const srv = c.server;
    srv.touchWatchedKey(c.db, key);
    notifyKeyspaceEvent(srv, NOTIFY_SET, 'srem', key, c.db.id);
    if (keyRemoved) notifyKeyspaceEvent(srv, NOTIFY_GENERIC, 'del', key, c.db.id);
  }
  c.server.dirty += deleted;
  c.addInt(deleted);
}

function smembersCommand(c: Client, argv: string[]): void {
  const s = lookupSetRead(c, argv[1]!);
  if (s === undefined) c.addSetLen(0);
  else addSetReply(c, s.members(), s.size);
}

function sismemberCommand(c: Client, argv: string[]): void {
  const s = lookupSetRead(c, argv[1]!);
  c.addInt(s !== undefined && s.has(argv[2]!) ? 1 : 0);
}

function smismemberCommand(c: Client, argv: string[]): void {
  const s = lookupSetRead(c, argv[1]!);
  let out = `*${argv.length - 2}\r\n`;
  for (let i = 2; i < argv.length; i++) out += s !== undefined && s.has(argv[i]!) ? ':1\r\n' : ':0\r\n';
  c.addReply(out);
}

function scardCommand(c: Client, argv: string[]): void {
  c.addInt(lookupSetRead(c, argv[1]!)?.size ?? 0);
}

// --- SPOP, SRANDMEMBER -------------------------------------------------------------------------

/** Replicated as SREM key member: replicas must remove the very member we picked. */
function spopCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) throw new ReplyError(E.SYNTAX);
  const key = argv[1]!;
  const s = lookupSetWrite(c, key);
  if (s === undefined) {
    c.addNull();
    return;
  }
  const m = s.random();
  s.delete(m);
  notifyKeyspaceEvent(c.server, NOTIFY_SET, 'spop', key, c.db.id);
  c.rewriteForPropagation(['SREM', key, m]);
  c.addBulk(m);
  if (s.size === 0) {
    c.db.delete(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
  }
  c.server.touchWatchedKey(c.db, key);
  c.server.dirty++;
}

/**
 * spopWithCountCommand: the whole set goes as DEL; a few members are picked at random;
 * many are popped by picking the survivors into a new set (whose encoding is chosen
 * afresh) and returning the rest. Each popped member is replicated as its own SREM.
 */
function spopWithCount(c: Client, argv: string[]): void {
  const count = getNonNegativeInteger(argv[2]!);
  const key = argv[1]!;
  const db = c.db;
  const s = lookupSetWrite(c, key);
  if (s === undefined || count === 0) {
    c.addSetLen(0);
    return;
  }
  const size = s.size;
  const srv = c.server;
  notifyKeyspaceEvent(srv, NOTIFY_SET, 'spop', key, db.id);
  if (count >= size) {
    // Served by SUNION's code on the one set (a read lookup, counted as a hit): an
    // all-integer set comes back sorted.
    db.lookupRead(key);
    const all = SetObject.from(s.members(), maxIntset(c));
    addSetReply(c, all.members(), all.size);
    db.delete(key);
    notifyKeyspaceEvent(srv, NOTIFY_GENERIC, 'del', key, db.id);
    c.rewriteForPropagation(['DEL', key]);
    srv.dirty++;
    return;
  }
  let out = c.resp === 2 ? `*${count}\r\n` : `~${count}\r\n`;
  const remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const m = s.random();
      s.delete(m);
      out += bulk(m);
      srv.alsoPropagate(db.id, ['SREM', key, m]);
    }
  } else {
    const kept = new SetObject();
    const max = maxIntset(c);
    for (let i = 0; i < remaining; i++) {
      const m = s.random();
      kept.add(m, max);
      s.delete(m);
    }
    for (const m of s.members()) {
      out += bulk(m);
      srv.alsoPropagate(db.id, ['SREM', key, m]);
    }
    db.overwrite(key, kept);
  }
  c.addReply(out);
  c.preventPropagation = true;
  srv.touchWatchedKey(db, key);
  srv.dirty++;
}

function srandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) throw new ReplyError(E.SYNTAX);
  const s = lookupSetRead(c, argv[1]!);
  if (s === undefined) c.addNull();
  else c.addBulk(s.random());
}

/**
 * srandmemberWithCountCommand: a negative count (or 1) samples with repetition; a count
 * covering the set returns it in iteration order; otherwise distinct random members.
 * Always an array, also in RESP3.
 */
function srandmemberWithCount(c: Client, argv: string[]): void {
  const l = parseRandomCount(argv[2]!);
  const s = lookupSetRead(c, argv[1]!);
  if (s === undefined || l === 0n) {
    c.addArrayLen(0);
    return;
  }
  const uniq = l > 0n;
  const count = Number(uniq ? l : -l);
  const size = s.size;
  if (!uniq || count === 1) {
    checkReplySize(count, bulk(s.random()).length);
    let out = `*${count}\r\n`;
    for (let i = 0; i < count; i++) out += bulk(s.random());
    c.addReply(out);
    return;
  }
  if (count >= size) {
    let out = `*${size}\r\n`;
    for (const m of s.members()) out += bulk(m);
    c.addReply(out);
    return;
  }
  let out = `*${count}\r\n`;
  if (count * RANDOM_SUB_STRATEGY_MUL > size) {
    const arr = s.toArray();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (arr.length - i));
      const m = arr[j]!;
      arr[j] = arr[i]!;
      out += bulk(m);
    }
  } else {
    const picked = new Set<string>();
    while (picked.size < count) picked.add(s.random());
    for (const m of picked) out += bulk(m);
  }
  c.addReply(out);
}

// --- SMOVE -------------------------------------------------------------------------------------

function smoveCommand(c: Client, argv: string[]): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const m = argv[3]!;
  const db = c.db;
  const srcV = db.lookupWrite(srcKey);
  const dstV = db.lookupWrite(dstKey);
  if (srcV === undefined) {
    c.addInt(0);
    return;
  }
  const src = checkSet(srcV)!;
  let dst = checkSet(dstV);
  if (src === dst) {
    c.addInt(src.has(m) ? 1 : 0);
    return;
  }
  if (!src.delete(m)) {
    c.addInt(0);
    return;
  }
  const s = c.server;
  notifyKeyspaceEvent(s, NOTIFY_SET, 'srem', srcKey, db.id);
  if (src.size === 0) {
    db.delete(srcKey);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', srcKey, db.id);
  }
  if (dst === undefined) {
    dst = new SetObject();
    db.add(dstKey, dst);
  }
  s.touchWatchedKey(db, srcKey);
  s.dirty++;
  if (dst.add(m, maxIntset(c))) {
    s.dirty++;
    s.touchWatchedKey(db, dstKey);
    notifyKeyspaceEvent(s, NOTIFY_SET, 'sadd', dstKey, db.id);
  }
  c.addInt(1);
}

// --- SINTER, SINTERCARD, SINTERSTORE -------------------------------------------------------------

/**
 * The sets named by argv[from..to): null for a missing key (an empty set). Every key is
 * looked up and type-checked before any work, so WRONGTYPE wins over a missing key.
 * Sources are read lookups (keyspace hits/misses) also for the STORE forms.
 */
function lookupSets(c: Client, argv: string[], from: number, to: number): Array<SetObject | null> {
  const db = c.db;
  const sets = new Array<SetObject | null>(to - from);
  for (let j = from; j < to; j++) sets[j - from] = checkSet(db.lookupRead(argv[j]!)) ?? null;
  return sets;
}

/**
 * An empty result stored at dst: the key is deleted (a change only if it existed), with
 * a del event. SINTERSTORE's shortcut for a missing source deletes before replying; the
 * computed empty results reply first.
 */
function storeEmpty(c: Client, dst: string, replyFirst: boolean): void {
  if (replyFirst) c.addInt(0);
  if (c.db.delete(dst)) {
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', dst, c.db.id);
    c.server.dirty++;
  }
  if (!replyFirst) c.addInt(0);
}

/** A non-empty result replaces dst (and its TTL), else dst goes away; `event` names the STORE. */
function storeResult(c: Client, dst: string, result: SetObject, event: string): void {
  if (result.size === 0) {
    storeEmpty(c, dst, true);
    return;
  }
  c.db.set(dst, result);
  c.addInt(result.size);
  notifyKeyspaceEvent(c.server, NOTIFY_SET, event, dst, c.db.id);
  c.server.dirty++;
}

/**
 * sinterGenericCommand: walks the smallest set (sets sorted by size) and keeps members
 * found in all others, so the reply follows that set's order. `limit` (0: none) stops
 * SINTERCARD early.
 */
function sinterGeneric(
  c: Client,
  argv: string[],
  from: number,
  to: number,
  dst: string | null,
  cardOnly: boolean,
  limit: number,
): void {
  const found = lookupSets(c, argv, from, to);
  if (found.includes(null)) {
    if (dst !== null) storeEmpty(c, dst, false);
    else if (cardOnly) c.addInt(0);
    else c.addSetLen(0);
    return;
  }
  const sets = (found as SetObject[]).sort((a, b) => a.size - b.size);
  const first = sets[0]!;
  const n = sets.length;
  let card = 0;
  let body = '';
  const kept: string[] = [];
  for (const m of first.members()) {
    let j = 1;
    for (; j < n; j++) {
      const other = sets[j]!;
      if (other !== first && !other.has(m)) break;
    }
    if (j < n) continue;
    card++;
    if (cardOnly) {
      if (limit > 0 && card >= limit) break;
    } else if (dst === null) {
      body += bulk(m);
    } else {
      kept.push(m);
    }
  }
  if (cardOnly) c.addInt(card);
  else if (dst !== null) storeResult(c, dst, SetObject.from(kept, maxIntset(c)), 'sinterstore');
  else c.addReply((c.resp === 2 ? `*${card}\r\n` : `~${card}\r\n`) + body);
}

function sinterCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 1, argv.length, null, false, 0);
}

function sinterstoreCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 2, argv.length, argv[1]!, false, 0);
}

function sintercardCommand(c: Client, argv: string[]): void {
  const numkeys = getIntegerInRange(argv[1]!, 1, Infinity, E.NUMKEYS_NOT_POSITIVE);
  if (numkeys > argv.length - 2) throw new ReplyError(E.NUMKEYS_OVER_ARGS);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (isOpt(argv[j], 'limit') && j < argv.length - 1) {
      j++;
      limit = getNonNegativeInteger(argv[j]!, E.SINTERCARD_LIMIT_NEGATIVE);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, null, true, limit);
}

/** SINTERCARD's keys: argv[2 .. 2+numkeys) when numkeys is valid. */
function sintercardKeys(argv: string[]): number[] {
  const n = parseInteger(argv[1] ?? '');
  if (n === null || n < 1 || n > argv.length - 2) return [];
  const keys: number[] = [];
  for (let i = 0; i < n; i++) keys.push(2 + i);
  return keys;
}

// --- SUNION, SDIFF and their STORE forms ---------------------------------------------------------

/**
 * sunionDiffGenericCommand. The result is built like a fresh set (intset first), so an
 * all-integer result comes back sorted. SDIFF picks Redis's algorithm by estimated work;
 * the second one copies the first set before removing, which makes the result a
 * hashtable whenever that copy would be one, even if the difference is small.
 */
function sunionDiffGeneric(c: Client, argv: string[], from: number, dst: string | null, diff: boolean): void {
  const sets = lookupSets(c, argv, from, argv.length);
  const max = maxIntset(c);
  let result: SetObject;
  if (!diff) {
    result = new SetObject();
    for (const s of sets) if (s !== null) for (const m of s.members()) result.add(m, max);
  } else {
    result = sdiff(sets, max);
  }
  if (dst !== null) storeResult(c, dst, result, diff ? 'sdiffstore' : 'sunionstore');
  else addSetReply(c, result.members(), result.size);
}

function sdiff(sets: Array<SetObject | null>, max: number): SetObject {
  const first = sets[0];
  if (first === null || first === undefined) return new SetObject();
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) return new SetObject();
  let algoOne = 0;
  let algoTwo = 0;
  for (const s of sets) {
    if (s === null) continue;
    algoOne += first.size;
    algoTwo += s.size;
  }
  algoOne = Math.floor(algoOne / 2);
  const others = sets.slice(1).filter((s): s is SetObject => s !== null);
  if (algoOne <= algoTwo) {
    // Subtract the biggest sets first: members are more likely to be found early.
    others.sort((a, b) => b.size - a.size);
    const result = new SetObject();
    outer: for (const m of first.members()) {
      for (const o of others) if (o.has(m)) continue outer;
      result.add(m, max);
    }
    return result;
  }
  const result = SetObject.from(first.members(), max, !(first.size <= max && first.allIntegers()));
  for (const o of others) {
    for (const m of o.members()) result.delete(m);
    if (result.size === 0) break;
  }
  return result;
}

function sunionCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 1, null, false);
}

function sunionstoreCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 2, argv[1]!, false);
}

function sdiffCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 1, null, true);
}

function sdiffstoreCommand(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 2, argv[1]!, true);
}

// --- SSCAN -------------------------------------------------------------------------------------

function sscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  if (cursor === null) throw new ReplyError(E.INVALID_CURSOR);
  const s = lookupSetRead(c, argv[1]!);
  if (s === undefined) {
    c.addReply(EMPTY_SCAN);
    return;
  }
  const { count, pattern } = parseScanOptions(argv, 3);
  let next = '0';
  let items: Iterable<string>;
  if (s.encoding() === 'intset') {
    // Small encodings are returned whole, whatever the cursor (scanGenericCommand).
    items = s.members();
  } else {
    const step = scanStep(s, () => s.scanSource(), cursor, count);
    next = step.cursor;
    items = step.items;
  }
  let n = 0;
  let body = '';
  for (const m of items) {
    if (pattern !== null && !globMatch(pattern, m)) continue;
    body += bulk(m);
    n++;
  }
  addScanReply(c, next, n, body);
}

// --- table -------------------------------------------------------------------------------------

const KEY1 = { firstKey: 1, lastKey: 1, step: 1 } as const;
const ALL_KEYS = { firstKey: 1, lastKey: -1, step: 1 } as const;
const WRITE_FAST = ['write', 'set', 'fast'] as const;
const WRITE_SLOW = ['write', 'set', 'slow'] as const;
const READ_FAST = ['read', 'set', 'fast'] as const;
const READ_SLOW = ['read', 'set', 'slow'] as const;

export const setCommands = [
  { name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], ...KEY1, group: 'set', summary: 'Adds members to a set, returning how many were new.', since: '1.0.0', acl: WRITE_FAST, handler: saddCommand },
  { name: 'srem', arity: -3, flags: ['write', 'fast'], ...KEY1, group: 'set', summary: 'Removes members from a set, deleting it when empty.', since: '1.0.0', acl: WRITE_FAST, handler: sremCommand },
  { name: 'smembers', arity: 2, flags: ['readonly'], ...KEY1, group: 'set', summary: 'Returns every member of a set.', since: '1.0.0', acl: READ_SLOW, handler: smembersCommand },
  { name: 'sismember', arity: 3, flags: ['readonly', 'fast'], ...KEY1, group: 'set', summary: 'Tells whether a value is a member of a set.', since: '1.0.0', acl: READ_FAST, handler: sismemberCommand },
  { name: 'smismember', arity: -3, flags: ['readonly', 'fast'], ...KEY1, group: 'set', summary: 'Tells for each of several values whether it is a member of a set.', since: '6.2.0', acl: READ_FAST, handler: smismemberCommand },
  { name: 'scard', arity: 2, flags: ['readonly', 'fast'], ...KEY1, group: 'set', summary: 'Returns the number of members of a set.', since: '1.0.0', acl: READ_FAST, handler: scardCommand },
  { name: 'spop', arity: -2, flags: ['write', 'fast'], ...KEY1, group: 'set', summary: 'Removes and returns random members of a set.', since: '1.0.0', acl: WRITE_FAST, handler: spopCommand },
  { name: 'srandmember', arity: -2, flags: ['readonly'], ...KEY1, group: 'set', summary: 'Returns random members of a set without removing them.', since: '1.0.0', acl: READ_SLOW, handler: srandmemberCommand },
  { name: 'smove', arity: 4, flags: ['write', 'fast'], firstKey: 1, lastKey: 2, step: 1, group: 'set', summary: 'Moves a member from one set to another.', since: '1.0.0', acl: WRITE_FAST, handler: smoveCommand },
  { name: 'sinter', arity: -2, flags: ['readonly'], ...ALL_KEYS, group: 'set', summary: 'Returns the members common to all given sets.', since: '1.0.0', acl: READ_SLOW, handler: sinterCommand },
  { name: 'sintercard', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, group: 'set', summary: 'Counts the members common to all given sets, optionally up to a limit.', since: '7.0.0', acl: READ_SLOW, handler: sintercardCommand, getKeys: sintercardKeys },
  { name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'], ...ALL_KEYS, group: 'set', summary: 'Stores the intersection of sets in a key.', since: '1.0.0', acl: WRITE_SLOW, handler: sinterstoreCommand },
  { name: 'sunion', arity: -2, flags: ['readonly'], ...ALL_KEYS, group: 'set', summary: 'Returns the union of sets.', since: '1.0.0', acl: READ_SLOW, handler: sunionCommand },
  { name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'], ...ALL_KEYS, group: 'set', summary: 'Stores the union of sets in a key.', since: '1.0.0', acl: WRITE_SLOW, handler: sunionstoreCommand },
  { name: 'sdiff', arity: -2, flags: ['readonly'], ...ALL_KEYS, group: 'set', summary: 'Returns the members of the first set missing from all others.', since: '1.0.0', acl: READ_SLOW, handler: sdiffCommand },
  { name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'], ...ALL_KEYS, group: 'set', summary: 'Stores the difference of sets in a key.', since: '1.0.0', acl: WRITE_SLOW, handler: sdiffstoreCommand },
  { name: 'sscan', arity: -3, flags: ['readonly'], ...KEY1, group: 'set', summary: 'Iterates over the members of a set with a cursor.', since: '2.8.0', acl: READ_SLOW, handler: sscanCommand },
] satisfies CommandSpec[];
