// Sorted-set commands (Redis group "sorted-set"), following t_zset.c and the zset parts
// of blocked.c as of Redis 7.0: argument checks in Redis's order, reply shapes per
// protocol (RESP3 nests member/score pairs), encodings, dirty counts and propagation.

import { blockOnKeys } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import type { Db } from '../keyspace/keyspace.js';
import { parseScanCursor, scanStep } from '../keyspace/scan.js';
import type { RValue, SetValue } from '../keyspace/values/types.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET, notifyKeyspaceEvent } from '../notify.js';
import {
  type LexBound,
  type LexRange,
  type ScoreRange,
  type ZCursor,
  ZSet,
  lexGteMin,
  lexLteMax,
  scoreGteMin,
  scoreLteMax,
  strtod,
} from '../keyspace/values/zset.js';
import { EMPTY_ARRAY, ZERO, encodeInteger, formatDouble17g } from '../protocol/writer.js';
import { getDouble, getInteger, getIntegerInRange, getTimeoutDeadline, isOpt, parseInt64 } from './args.js';
import type { CommandSpec } from './spec.js';

// Counts are parsed as int64 (string2ll); anything that parses fits a C long.
const LONG_MAX = Infinity;
const EMPTY_SCAN = '*2\r\n$1\r\n0\r\n*0\r\n';

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

/** addReplyDouble: a %.17g bulk in RESP2, a `,` double in RESP3. */
function dbl(c: Client, d: number): string {
  const s = formatDouble17g(d);
  return c.resp === 2 ? `$${s.length}\r\n${s}\r\n` : `,${s}\r\n`;
}

/** The sorted set stored under a key, undefined when absent, WRONGTYPE for another type. */
function asZset(v: RValue | undefined): ZSet | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'zset') throw new ReplyError(E.WRONGTYPE);
  return v as ZSet;
}

/** zset-max-listpack-entries / -value. */
function listpackLimits(c: Client): [entries: number, value: number] {
  const cfg = c.server.config;
  return [cfg.num('zset-max-listpack-entries'), cfg.num('zset-max-listpack-value')];
}

/**
 * zsetAdd's new-member path: a listpack becomes a skiplist *before* the insert that
 * would push it past a limit.
 */
function addMember(zs: ZSet, member: string, score: number, entries: number, value: number): void {
  if (zs.isListpack && (zs.size + 1 > entries || member.length > value)) zs.convertToSkiplist();
  zs.insert(member, score);
}

/** zsetConvertToListpackIfNeeded for a computed result (ZUNIONSTORE & co.). */
function fitListpack(c: Client, zs: ZSet, maxMemberLen: number): void {
  const [entries, value] = listpackLimits(c);
  if (zs.size <= entries && maxMemberLen <= value) zs.convertToListpack();
}

/**
 * CLIENT_DENY_BLOCKING: a blocking command run by EXEC (a nested call) or by our master
 * answers at once as if it timed out.
 */
const mayBlock = (c: Client): boolean => c.server.executionNesting <= 1 && !c.inMulti && !c.isMaster;

/**
 * After members were removed: the command's event, then the emptied key's deletion with
 * its del event; signals WATCH. Callers count dirty themselves.
 */
function afterRemoval(c: Client, db: Db, key: string, zs: ZSet, event: string): void {
  notifyKeyspaceEvent(c.server, NOTIFY_ZSET, event, key, db.id);
  if (zs.size === 0) {
    db.deleteKey(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
  }
  c.server.touchWatchedKey(db, key);
}

// --- range parsing (zslParseRange, zslParseLexRange) ---------------------------------------

/** One end of a score range: "(" makes it exclusive; strtod rules, NaN refused. */
function parseScoreBound(s: string, r: ScoreRange, isMin: boolean): boolean {
  let start = 0;
  let ex = false;
  if (s.charCodeAt(0) === 0x28) {
    start = 1;
    ex = true;
  }
  const p = strtod(s, start);
  // The C string ends at the first NUL: trailing bytes after one go unseen.
  if ((p.end !== s.length && s.charCodeAt(p.end) !== 0) || Number.isNaN(p.value)) return false;
  if (isMin) {
    r.min = p.value;
    r.minex = ex;
  } else {
    r.max = p.value;
    r.maxex = ex;
  }
  return true;
}

function parseScoreRange(min: string, max: string): ScoreRange {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  if (!parseScoreBound(min, r, true) || !parseScoreBound(max, r, false)) throw new ReplyError(E.ZSET_MIN_MAX_NOT_FLOAT);
  return r;
}

/** zslParseLexRangeItem: "+", "-", "(str" or "[str". */
function parseLexBound(s: string): LexBound | null {
  switch (s.charCodeAt(0)) {
    case 0x2b:
      return s.length === 1 || s.charCodeAt(1) === 0 ? { kind: 1, value: '', ex: true } : null;
    case 0x2d:
      return s.length === 1 || s.charCodeAt(1) === 0 ? { kind: -1, value: '', ex: true } : null;
    case 0x28:
      return { kind: 0, value: s.slice(1), ex: true };
    case 0x5b:
      return { kind: 0, value: s.slice(1), ex: false };
    default:
      return null;
  }
}

function parseLexRange(min: string, max: string): LexRange {
  const lo = parseLexBound(min);
  const hi = parseLexBound(max);
  if (lo === null || hi === null) throw new ReplyError(E.ZSET_MIN_MAX_NOT_LEX);
  return { min: lo, max: hi };
}

type RangeType = 'rank' | 'score' | 'lex';

/** The min/max arguments of a range command, by kind: ranks as given, zrangespec or zlexrangespec. */
type ParsedRange = { type: 'rank'; start: number; end: number } | { type: 'score'; r: ScoreRange } | { type: 'lex'; r: LexRange };

function parseRange(type: RangeType, min: string, max: string): ParsedRange {
  if (type === 'rank') return { type, start: getInteger(min), end: getInteger(max) };
  if (type === 'score') return { type, r: parseScoreRange(min, max) };
  return { type, r: parseLexRange(min, max) };
}

/** Ranks of a set of size len, negatives counting from the end, clamped; null when empty. */
function clampRanks(start: number, end: number, len: number): [start: number, end: number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

// --- ZADD, ZINCRBY, ZREM ----------------------------------------------------------------

/** zaddGenericCommand: ZADD and ZINCRBY (which is ZADD INCR). */
function zaddGeneric(c: Client, argv: string[], incrCommand: boolean): void {
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  let ch = false;
  let incr = incrCommand;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx]!;
    if (o.length > 4) break;
    const l = o.toLowerCase();
    if (l === 'nx') nx = true;
    else if (l === 'xx') xx = true;
    else if (l === 'ch') ch = true;
    else if (l === 'incr') incr = true;
    else if (l === 'gt') gt = true;
    else if (l === 'lt') lt = true;
    else break;
  }
  const elements = argv.length - idx;
  if (elements % 2 !== 0 || elements === 0) throw new ReplyError(E.SYNTAX);
  const n = elements / 2;
  if (nx && xx) throw new ReplyError(E.ZADD_XX_NX);
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new ReplyError(E.ZADD_GT_LT_NX);
  if (incr && n > 1) throw new ReplyError(E.ZADD_INCR_SINGLE_PAIR);
  // Every score parses before anything changes: the command applies fully or not at all.
  const scores = new Array<number>(n);
  for (let j = 0; j < n; j++) scores[j] = getDouble(argv[idx + j * 2]!);

  const db = c.db;
  const key = argv[1]!;
  let zs = asZset(db.lookupWrite(key));
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (zs !== undefined || !xx) {
    const [entries, value] = listpackLimits(c);
    if (zs === undefined) {
      zs = new ZSet();
      if (entries === 0 || value < argv[idx + 1]!.length) zs.convertToSkiplist();
      db.add(key, zs);
    }
    for (let j = 0; j < n; j++) {
      const member = argv[idx + 1 + j * 2]!;
      let s = scores[j]!;
      const cur = zs.score(member);
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          s += cur;
          if (Number.isNaN(s)) throw new ReplyError(E.ZSET_NAN_SCORE);
        }
        if ((lt && s >= cur) || (gt && s <= cur)) continue;
        processed++;
        score = s;
        if (s !== cur) {
          zs.updateScore(member, s);
          updated++;
        }
      } else if (!xx) {
        addMember(zs, member, s, entries, value);
        added++;
        processed++;
        score = s;
      }
    }
    c.server.dirty += added + updated;
    if (added + updated > 0) c.server.touchWatchedKey(db, key);
  }
  if (incr) {
    if (processed > 0) c.addReply(dbl(c, score));
    else c.addNull();
  } else {
    c.addReply(encodeInteger(ch ? added + updated : added));
  }
  if (added + updated > 0) notifyKeyspaceEvent(c.server, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key, db.id);
}

function zaddCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, false);
}

function zincrbyCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, true);
}

function zremCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  const zs = asZset(db.lookupWrite(key));
  if (zs === undefined) return c.addReply(ZERO);
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (zs.remove(argv[j]!)) deleted++;
    if (zs.size === 0) break;
  }
  if (deleted > 0) {
    afterRemoval(c, db, key, zs, 'zrem');
    c.server.dirty += deleted;
  }
  c.addReply(encodeInteger(deleted));
}

// --- ZREMRANGEBY* -------------------------------------------------------------------------

const ZREMRANGE_EVENTS: Record<RangeType, string> = { rank: 'zremrangebyrank', score: 'zremrangebyscore', lex: 'zremrangebylex' };

/** zremrangeGenericCommand: the range parses before the key is looked up. */
function zremrangeGeneric(c: Client, argv: string[], type: RangeType): void {
  const range = parseRange(type, argv[2]!, argv[3]!);
  const db = c.db;
  const key = argv[1]!;
  const zs = asZset(db.lookupWrite(key));
  if (zs === undefined) return c.addReply(ZERO);
  let deleted: number;
  if (range.type === 'rank') {
    const ranks = clampRanks(range.start, range.end, zs.size);
    if (ranks === null) return c.addReply(ZERO);
    deleted = zs.deleteRangeByRank(ranks[0], ranks[1]);
  } else if (range.type === 'score') {
    deleted = zs.deleteRangeByScore(range.r);
  } else {
    deleted = zs.deleteRangeByLex(range.r);
  }
  if (deleted > 0) afterRemoval(c, db, key, zs, ZREMRANGE_EVENTS[type]);
  c.server.dirty += deleted;
  c.addReply(encodeInteger(deleted));
}

function zremrangebyrankCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, 'rank');
}

function zremrangebyscoreCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, 'score');
}

function zremrangebylexCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, 'lex');
}

// --- ZRANGE family ----------------------------------------------------------------------

/** Where range results go (zrange_result_handler): a client reply or a new sorted set. */
interface RangeSink {
  emit(member: string, score: number): void;
}

/** A member and its score in a reply: RESP3 nests them as a [member, score] pair. */
function memberWithScore(c: Client, member: string, score: number): string {
  return c.resp === 2 ? bulk(member) + dbl(c, score) : '*2\r\n' + bulk(member) + dbl(c, score);
}

/** Collects a client reply; RESP3 WITHSCORES nests [member, score] pairs. */
class ReplySink implements RangeSink {
  out = '';
  count = 0;
  constructor(
    private readonly c: Client,
    private readonly withScores: boolean,
  ) {}

  emit(member: string, score: number): void {
    this.out += this.withScores ? memberWithScore(this.c, member, score) : bulk(member);
    this.count++;
  }

  finish(): void {
    const n = this.withScores && this.c.resp === 2 ? this.count * 2 : this.count;
    this.c.addReply(`*${n}\r\n${this.out}`);
  }
}

/** ZRANGESTORE's destination: a listpack that zsetAdd converts when it outgrows the limits. */
class StoreSink implements RangeSink {
  readonly zs = new ZSet();
  constructor(
    private readonly entries: number,
    private readonly value: number,
  ) {}

  emit(member: string, score: number): void {
    addMember(this.zs, member, score, this.entries, this.value);
  }
}

function rangeByRank(zs: ZSet, start: number, end: number, reverse: boolean, sink: RangeSink): void {
  const ranks = clampRanks(start, end, zs.size);
  if (ranks === null) return;
  let n = ranks[1] - ranks[0] + 1;
  const cur = zs.at(reverse ? zs.size - 1 - ranks[0] : ranks[0])!;
  do sink.emit(cur.member, cur.score);
  while (--n > 0 && (reverse ? cur.prev() : cur.next()));
}

/**
 * The element `offset` places past rank k in the walking direction. Redis walks there one
 * by one (`while (ln && offset--)`), so a negative offset walks off the end: nothing.
 */
function skipTo(zs: ZSet, k: number, offset: number, reverse: boolean): ZCursor | null {
  if (k < 0 || offset < 0) return null;
  return zs.at(reverse ? k - offset : k + offset);
}

/** A negative limit means no limit. */
function rangeByScore(zs: ZSet, r: ScoreRange, offset: number, limit: number, reverse: boolean, sink: RangeSink): void {
  if (offset > 0 && offset >= zs.size) return;
  const cur = skipTo(zs, reverse ? zs.lastRankInRange(r) : zs.firstRankInRange(r), offset, reverse);
  if (cur === null) return;
  let left = limit < 0 ? Infinity : limit;
  while (left-- > 0) {
    if (reverse ? !scoreGteMin(cur.score, r) : !scoreLteMax(cur.score, r)) break;
    sink.emit(cur.member, cur.score);
    if (!(reverse ? cur.prev() : cur.next())) break;
  }
}

function rangeByLex(zs: ZSet, r: LexRange, offset: number, limit: number, reverse: boolean, sink: RangeSink): void {
  const cur = skipTo(zs, reverse ? zs.lastRankInLexRange(r) : zs.firstRankInLexRange(r), offset, reverse);
  if (cur === null) return;
  let left = limit < 0 ? Infinity : limit;
  while (left-- > 0) {
    if (reverse ? !lexGteMin(cur.member, r) : !lexLteMax(cur.member, r)) break;
    sink.emit(cur.member, cur.score);
    if (!(reverse ? cur.prev() : cur.next())) break;
  }
}

type Direction = 'auto' | 'forward' | 'reverse';

/**
 * zrangeGenericCommand: ZRANGE, ZRANGESTORE and the older Z[REV]RANGE[BYSCORE|BYLEX].
 * `first` is the source key's index; options follow min and max.
 */
function zrangeGeneric(c: Client, argv: string[], first: number, store: boolean, rangeType: RangeType | 'auto', dir: Direction): void {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let limitGiven = false;
  let type = rangeType;
  let direction = dir;
  for (let j = first + 3; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (!store && isOpt(a, 'withscores')) {
      withScores = true;
    } else if (isOpt(a, 'limit') && left >= 2) {
      offset = getInteger(argv[j + 1]!);
      limit = getInteger(argv[j + 2]!);
      limitGiven = true;
      j += 2;
    } else if (direction === 'auto' && isOpt(a, 'rev')) {
      direction = 'reverse';
    } else if (type === 'auto' && isOpt(a, 'bylex')) {
      type = 'lex';
    } else if (type === 'auto' && isOpt(a, 'byscore')) {
      type = 'score';
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  if (direction === 'auto') direction = 'forward';
  if (type === 'auto') type = 'rank';
  // Redis tests opt_limit != -1, so "LIMIT 0 -1" passes with a rank range.
  if (limitGiven && limit !== -1 && type === 'rank') throw new ReplyError(E.ZRANGE_LIMIT_NEEDS_BY);
  if (withScores && type === 'lex') throw new ReplyError(E.ZRANGE_WITHSCORES_BYLEX);
  const reverse = direction === 'reverse';
  let minArg = argv[first + 1]!;
  let maxArg = argv[first + 2]!;
  if (reverse && type !== 'rank') [minArg, maxArg] = [maxArg, minArg];

  const range = parseRange(type, minArg, maxArg);

  const db = c.db;
  const v = db.lookupRead(argv[first]!);
  if (v === undefined && !store) return c.addReply(EMPTY_ARRAY);
  const zs = asZset(v);
  let sink: ReplySink | StoreSink;
  if (store) {
    const [entries, value] = listpackLimits(c);
    sink = new StoreSink(entries, value);
  } else {
    sink = new ReplySink(c, withScores);
  }
  if (zs !== undefined) {
    if (range.type === 'rank') rangeByRank(zs, range.start, range.end, reverse, sink);
    else if (range.type === 'score') rangeByScore(zs, range.r, offset, limit, reverse, sink);
    else rangeByLex(zs, range.r, offset, limit, reverse, sink);
  }
  if (sink instanceof ReplySink) sink.finish();
  else storeResult(c, db, argv[1]!, sink.zs, 'zrangestore');
}

/**
 * The *STORE ending: a non-empty result replaces dst (the `event`, named after the
 * command), an empty one deletes it (del). Both reply before notifying, as Redis does.
 */
function storeResult(c: Client, db: Db, dst: string, zs: ZSet, event: string): void {
  if (zs.size > 0) {
    db.set(dst, zs);
    c.addReply(encodeInteger(zs.size));
    notifyKeyspaceEvent(c.server, NOTIFY_ZSET, event, dst, db.id);
    c.server.dirty++;
  } else {
    c.addReply(ZERO);
    if (db.delete(dst)) {
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', dst, db.id);
      c.server.dirty++;
    }
  }
}

function zrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'auto', 'auto');
}

function zrangestoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, true, 'auto', 'auto');
}

function zrevrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'rank', 'reverse');
}

function zrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'score', 'forward');
}

function zrevrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'score', 'reverse');
}

function zrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'lex', 'forward');
}

function zrevrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, 'lex', 'reverse');
}

// --- single-key reads -----------------------------------------------------------------

function zcardCommand(c: Client, argv: string[]): void {
  const zs = asZset(c.db.lookupRead(argv[1]!));
  c.addReply(zs === undefined ? ZERO : encodeInteger(zs.size));
}

function zscoreCommand(c: Client, argv: string[]): void {
  const zs = asZset(c.db.lookupRead(argv[1]!));
  const s = zs?.score(argv[2]!);
  if (s === undefined) c.addNull();
  else c.addReply(dbl(c, s));
}

function zmscoreCommand(c: Client, argv: string[]): void {
  const zs = asZset(c.db.lookupRead(argv[1]!));
  const nullReply = c.resp === 2 ? '$-1\r\n' : '_\r\n';
  let out = `*${argv.length - 2}\r\n`;
  for (let j = 2; j < argv.length; j++) {
    const s = zs?.score(argv[j]!);
    out += s === undefined ? nullReply : dbl(c, s);
  }
  c.addReply(out);
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const zs = asZset(c.db.lookupRead(argv[1]!));
  const r = zs === undefined ? -1 : zs.rank(argv[2]!, reverse);
  if (r < 0) c.addNull();
  else c.addReply(encodeInteger(r));
}

function zrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

function zrevrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

function zcountCommand(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2]!, argv[3]!);
  const zs = asZset(c.db.lookupRead(argv[1]!));
  c.addReply(zs === undefined ? ZERO : encodeInteger(zs.countInRange(r)));
}

function zlexcountCommand(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2]!, argv[3]!);
  const zs = asZset(c.db.lookupRead(argv[1]!));
  c.addReply(zs === undefined ? ZERO : encodeInteger(zs.countInLexRange(r)));
}

// --- pops ---------------------------------------------------------------------------------

/**
 * genericZpopCommand: pops from the first existing key of `keys`. count -1 is a plain
 * single pop. `emitKey` prefixes the key; `nested` makes [member, score] pairs (RESP3
 * ZPOP with COUNT) or [key, pairs] with emitKey (ZMPOP). Returns the key popped from and
 * the number of elements, or null when nothing was popped.
 */
function genericZpop(
  c: Client,
  db: Db,
  keys: readonly string[],
  max: boolean,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): { key: string; popped: number } | null {
  let key = '';
  let zs: ZSet | undefined;
  for (const k of keys) {
    zs = asZset(db.lookupWrite(k));
    if (zs !== undefined) {
      key = k;
      break;
    }
  }
  if (zs === undefined) {
    if (nilWhenEmpty) c.addNullArray();
    else c.addReply(EMPTY_ARRAY);
    return null;
  }
  if (count === 0) {
    c.addReply(EMPTY_ARRAY);
    return null;
  }
  if (count === -1) count = 1;
  const n = Math.min(count, zs.size);
  let out: string;
  if (!nested && !emitKey) out = `*${n * 2}\r\n`;
  else if (nested && !emitKey) out = `*${n}\r\n`;
  else if (!nested) out = `*${n * 2 + 1}\r\n${bulk(key)}`;
  else out = `*2\r\n${bulk(key)}*${n}\r\n`;
  // Redis raises the event while popping the first element, after the reply's header: a
  // RESP3 client subscribed to its own events sees it there.
  const s = c.server;
  if ((s.config.notifyKeyspaceEvents & NOTIFY_ZSET) !== 0) {
    c.addReply(out);
    out = '';
    notifyKeyspaceEvent(s, NOTIFY_ZSET, max ? 'zpopmax' : 'zpopmin', key, db.id);
  }
  for (let i = 0; i < n; i++) {
    const end = (max ? zs.last() : zs.first())!;
    const member = end.member;
    const score = end.score;
    zs.remove(member);
    if (nested) out += '*2\r\n';
    out += bulk(member) + dbl(c, score);
  }
  c.addReply(out);
  s.dirty += n;
  if (zs.size === 0) {
    db.deleteKey(key);
    notifyKeyspaceEvent(s, NOTIFY_GENERIC, 'del', key, db.id);
  }
  s.touchWatchedKey(db, key);
  return { key, popped: n };
}

/** ZPOPMIN/ZPOPMAX key [count]. */
function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) throw new ReplyError(E.SYNTAX);
  let count = -1;
  if (argv.length === 3) count = getIntegerInRange(argv[2]!, 0, LONG_MAX, E.VALUE_MUST_BE_POSITIVE);
  genericZpop(c, c.db, [argv[1]!], max, false, count, c.resp > 2 && count !== -1, false);
}

function zpopminCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}

function zpopmaxCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

const popName = (max: boolean): string => (max ? 'ZPOPMAX' : 'ZPOPMIN');

/** What a served blocking pop propagates: ZPOPMIN/ZPOPMAX, with the count for BZMPOP. */
function zpopPropagation(max: boolean, key: string, count: number, size: number): string[] {
  return count === -1 ? [popName(max), key] : [popName(max), key, String(Math.min(count, size))];
}

/**
 * blockingGenericZpopCommand: the timeout parses first; a non-empty key is popped
 * like ZPOP (propagated as ZPOPMIN/ZPOPMAX), otherwise the client blocks on keys.
 */
function blockingZpop(c: Client, keys: string[], max: boolean, timeoutArg: string, count: number, isMpop: boolean): void {
  const deadline = getTimeoutDeadline(timeoutArg, c.server.cmdTime);
  const db = c.db;
  for (const key of keys) {
    const zs = asZset(db.lookupWrite(key));
    if (zs === undefined || zs.size === 0) continue;
    const argv = zpopPropagation(max, key, count, zs.size);
    genericZpop(c, db, [key], max, true, count, isMpop, isMpop);
    c.rewriteForPropagation(argv);
    return;
  }
  if (!mayBlock(c)) return c.addNullArray();
  blockOnKeys(
    c,
    db,
    keys,
    deadline,
    (key) => serveBlockedZpop(c, db, key, max, count, isMpop),
    () => c.addNullArray(),
  );
}

/**
 * serveClientsBlockedOnSortedSetKey: the client gets the reply of its blocking command,
 * and the pop is propagated as ZPOPMIN/ZPOPMAX (with COUNT for BZMPOP).
 */
function serveBlockedZpop(c: Client, db: Db, key: string, max: boolean, count: number, isMpop: boolean): boolean {
  const v = db.lookupWrite(key);
  if (v === undefined || typeof v === 'string' || v.type !== 'zset') return false;
  const zs = v as ZSet;
  const argv = zpopPropagation(max, key, count, zs.size);
  genericZpop(c, db, [key], max, true, count, isMpop, isMpop);
  c.server.alsoPropagate(db.id, argv);
  return true;
}

function bzpopminCommand(c: Client, argv: string[]): void {
  blockingZpop(c, argv.slice(1, -1), false, argv[argv.length - 1]!, -1, false);
}

function bzpopmaxCommand(c: Client, argv: string[]): void {
  blockingZpop(c, argv.slice(1, -1), true, argv[argv.length - 1]!, -1, false);
}

/** zmpopGenericCommand: [B]ZMPOP [timeout] numkeys key... MIN|MAX [COUNT n]. */
function zmpopGeneric(c: Client, argv: string[], numkeysIdx: number, block: boolean): void {
  const numkeys = getIntegerInRange(argv[numkeysIdx]!, 1, LONG_MAX, E.NUMKEYS_NOT_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(E.SYNTAX);
  let max: boolean;
  if (isOpt(argv[whereIdx], 'min')) max = false;
  else if (isOpt(argv[whereIdx], 'max')) max = true;
  else throw new ReplyError(E.SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isOpt(argv[j], 'count') && j < argv.length - 1) {
      count = getIntegerInRange(argv[++j]!, 1, LONG_MAX, E.COUNT_NOT_POSITIVE);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  if (block) return blockingZpop(c, keys, max, argv[1]!, count, true);
  const r = genericZpop(c, c.db, keys, max, true, count, true, true);
  if (r !== null) c.rewriteForPropagation([popName(max), r.key, String(r.popped)]);
}

function zmpopCommand(c: Client, argv: string[]): void {
  zmpopGeneric(c, argv, 1, false);
}

function bzmpopCommand(c: Client, argv: string[]): void {
  zmpopGeneric(c, argv, 2, true);
}

// --- ZRANDMEMBER --------------------------------------------------------------------------

const randomIndex = (n: number): number => Math.floor(Math.random() * n);

/** Past this many bytes a reply cannot be built (V8 string limit); Redis would run out of memory. */
const MAX_REPLY_ITEMS = 50_000_000;

function zrandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]!);
    if (l === null) throw new ReplyError(E.NOT_INTEGER);
    if (l < -9223372036854775807n) throw new ReplyError(E.ZRANDMEMBER_COUNT_RANGE);
    if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], 'withscores'))) throw new ReplyError(E.SYNTAX);
    const withScores = argv.length === 4;
    if (withScores && (l < -4611686018427387903n || l > 4611686018427387903n)) throw new ReplyError(E.VALUE_OUT_OF_RANGE);
    return zrandmemberWithCount(c, argv[1]!, l, withScores);
  }
  const zs = asZset(c.db.lookupRead(argv[1]!));
  if (zs === undefined) return c.addNull();
  c.addReply(bulk(zs.at(randomIndex(zs.size))!.member));
}

/** zrandmemberWithCountCommand: Redis's four cases, with their orders where they are defined. */
function zrandmemberWithCount(c: Client, key: string, l: bigint, withScores: boolean): void {
  const zs = asZset(c.db.lookupRead(key));
  if (zs === undefined) return c.addReply(EMPTY_ARRAY);
  const uniq = l >= 0n;
  const big = uniq ? l : -l;
  if (big === 0n) return c.addReply(EMPTY_ARRAY);
  const size = zs.size;
  const pair = (member: string, score: number): string => (withScores ? memberWithScore(c, member, score) : bulk(member));
  const header = (n: number): string => `*${withScores && c.resp === 2 ? n * 2 : n}\r\n`;

  // Case 1: a negative count samples with repetition, in random order.
  if (!uniq || big === 1n) {
    if (big > BigInt(MAX_REPLY_ITEMS)) throw new ReplyError(E.VALUE_OUT_OF_RANGE);
    const count = Number(big);
    let out = header(count);
    for (let i = 0; i < count; i++) {
      const cur = zs.at(randomIndex(size))!;
      out += pair(cur.member, cur.score);
    }
    return c.addReply(out);
  }
  // Case 2: the whole set, walked from the highest score as zuiNext does.
  if (big >= BigInt(size)) {
    let out = header(size);
    const cur = zs.last()!;
    do out += pair(cur.member, cur.score);
    while (cur.prev());
    return c.addReply(out);
  }
  const count = Number(big);
  let out = header(count);
  if (count * 3 > size || zs.isListpack) {
    // Case 3 (and the listpack case 4, which keeps listpack order): drop random members.
    const keep = new Array<boolean>(size).fill(true);
    let left = size;
    while (left > count) {
      const i = randomIndex(size);
      if (keep[i]) {
        keep[i] = false;
        left--;
      }
    }
    const fromTop = count * 3 > size;
    const cur = (fromTop ? zs.last() : zs.first())!;
    let i = 0;
    do if (keep[i++]) out += pair(cur.member, cur.score);
    while (fromTop ? cur.prev() : cur.next());
    return c.addReply(out);
  }
  // Case 4: distinct random picks in the order drawn.
  const seen = new Set<number>();
  while (seen.size < count) {
    const i = randomIndex(size);
    if (seen.has(i)) continue;
    seen.add(i);
    const cur = zs.at(i)!;
    out += pair(cur.member, cur.score);
  }
  c.addReply(out);
}

// --- ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD -----------------------------

/** One input of a set operation (zsetopsrc): a sorted set, a plain set (score 1) or nothing. */
interface OpSource {
  value: ZSet | SetValue | null;
  size: number;
  weight: number;
}

/** zuiFind: the member's score in src, or undefined. */
function findScore(src: OpSource, member: string): number | undefined {
  const v = src.value;
  if (v === null) return undefined;
  if (v instanceof ZSet) return v.score(member);
  return (v as SetValue & { has(m: string): boolean }).has(member) ? 1 : undefined;
}

/** zuiNext over one input: sorted sets from the highest score down, sets in their order. */
function forEachElement(src: OpSource, fn: (member: string, score: number) => boolean | void): void {
  const v = src.value;
  if (v === null) return;
  if (v instanceof ZSet) {
    const cur = v.last();
    if (cur === null) return;
    do if (fn(cur.member, cur.score) === false) return;
    while (cur.prev());
  } else {
    for (const m of v.members()) if (fn(m, 1) === false) return;
  }
}

type SetOp = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

/** zunionInterAggregate; +inf plus -inf is 0 by Redis's convention. */
function aggregate(target: number, v: number, agg: Aggregate): number {
  if (agg === 'sum') {
    const s = target + v;
    return Number.isNaN(s) ? 0 : s;
  }
  if (agg === 'min') return v < target ? v : target;
  return v > target ? v : target;
}

/**
 * zunionInterDiffGenericCommand. `dst` is the destination key for the STORE forms;
 * `name` is the command's name for the numkeys error.
 */
function zsetOpGeneric(c: Client, argv: string[], dst: string | null, numkeysIdx: number, op: SetOp, cardOnly: boolean, name: string): void {
  const setnum = getInteger(argv[numkeysIdx]!);
  if (setnum < 1) throw new ReplyError(E.zsetNeedsInputKey(name));
  if (setnum > argv.length - (numkeysIdx + 1)) throw new ReplyError(E.SYNTAX);
  const db = c.db;
  const srcs: OpSource[] = new Array<OpSource>(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = db.lookupRead(argv[j]!);
    if (v === undefined) {
      srcs[i] = { value: null, size: 0, weight: 1 };
      continue;
    }
    if (typeof v === 'string' || (v.type !== 'zset' && v.type !== 'set')) throw new ReplyError(E.WRONGTYPE);
    srcs[i] = { value: v as ZSet | SetValue, size: v.size, weight: 1 };
  }

  let agg: Aggregate = 'sum';
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const a = argv[j]!;
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && isOpt(a, 'weights')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) srcs[i]!.weight = getDouble(argv[j]!, E.ZSET_WEIGHT_NOT_FLOAT);
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && isOpt(a, 'aggregate')) {
      const w = argv[j + 1]!;
      if (isOpt(w, 'sum')) agg = 'sum';
      else if (isOpt(w, 'min')) agg = 'min';
      else if (isOpt(w, 'max')) agg = 'max';
      else throw new ReplyError(E.SYNTAX);
      j += 2;
    } else if (dst === null && !cardOnly && isOpt(a, 'withscores')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isOpt(a, 'limit')) {
      limit = getIntegerInRange(argv[j + 1]!, 0, LONG_MAX, E.ZINTERCARD_LIMIT_NEGATIVE);
      j += 2;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  // Smallest first (a stable sort, like glibc's merge-sorting qsort).
  if (op !== 'diff') srcs.sort((a, b) => a.size - b.size);

  const result = new ZSet();
  result.convertToSkiplist();
  let maxLen = 0;
  let card = 0;
  if (op === 'inter') {
    const s0 = srcs[0]!;
    if (s0.size > 0) {
      forEachElement(s0, (member, s) => {
        let score = s0.weight * s;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const sk = srcs[k]!;
          const found = sk.value === s0.value ? s : findScore(sk, member);
          if (found === undefined) break;
          score = aggregate(score, found * sk.weight, agg);
        }
        if (k < setnum) return;
        if (cardOnly) {
          card++;
          if (limit > 0 && card >= limit) return false;
          return;
        }
        result.insert(member, score);
        if (member.length > maxLen) maxLen = member.length;
      });
    }
  } else if (op === 'union') {
    const acc = new Map<string, number>();
    for (const src of srcs) {
      if (src.size === 0) continue;
      forEachElement(src, (member, s) => {
        let score = src.weight * s;
        if (Number.isNaN(score)) score = 0;
        const cur = acc.get(member);
        acc.set(member, cur === undefined ? score : aggregate(cur, score, agg));
      });
    }
    for (const [member, score] of acc) {
      result.insert(member, score);
      if (member.length > maxLen) maxLen = member.length;
    }
  } else {
    const s0 = srcs[0]!;
    // A key given twice removes everything (zsetChooseDiffAlgorithm).
    if (s0.size > 0 && !srcs.some((s, i) => i > 0 && s.value === s0.value)) {
      forEachElement(s0, (member, s) => {
        for (let k = 1; k < setnum; k++) if (findScore(srcs[k]!, member) !== undefined) return;
        result.insert(member, s);
        if (member.length > maxLen) maxLen = member.length;
      });
    }
  }

  if (dst !== null) {
    if (result.size > 0) fitListpack(c, result, maxLen);
    storeResult(c, db, dst, result, name);
  } else if (cardOnly) {
    c.addReply(encodeInteger(card));
  } else {
    const sink = new ReplySink(c, withScores);
    const cur = result.first();
    if (cur !== null) {
      do sink.emit(cur.member, cur.score);
      while (cur.next());
    }
    sink.finish();
  }
}

function zunionCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, 'union', false, 'zunion');
}

function zinterCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, 'inter', false, 'zinter');
}

function zdiffCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, 'diff', false, 'zdiff');
}

function zintercardCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, 'inter', true, 'zintercard');
}

function zunionstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, 'union', false, 'zunionstore');
}

function zinterstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, 'inter', false, 'zinterstore');
}

function zdiffstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, 'diff', false, 'zdiffstore');
}

// --- ZSCAN ------------------------------------------------------------------------------

/**
 * ZSCAN: a listpack set is returned whole with cursor 0 (COUNT ignored), a skiplist set
 * is walked with a cursor. Scores are %.17g bulk strings in both protocols.
 */
function zscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  if (cursor === null) throw new ReplyError(E.INVALID_CURSOR);
  const zs = asZset(c.db.lookupRead(argv[1]!));
  if (zs === undefined) return c.addReply(EMPTY_SCAN);
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - i >= 2;
    if (more && isOpt(argv[i], 'count')) {
      count = getInteger(argv[i + 1]!);
      if (count < 1) throw new ReplyError(E.SYNTAX);
    } else if (more && isOpt(argv[i], 'match')) {
      const p = argv[i + 1]!;
      pattern = p === '*' ? null : p;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  let next = '0';
  let items: Array<[string, number]>;
  if (zs.isListpack) {
    items = [...zs.entries()];
  } else {
    const step = scanStep(zs, () => zs.dict.entries(), cursor, count);
    next = step.cursor;
    items = step.items;
  }
  let out = '';
  let n = 0;
  for (const [member, score] of items) {
    if (pattern !== null && !globMatch(pattern, member)) continue;
    out += bulk(member) + bulk(formatDouble17g(score));
    n += 2;
  }
  c.addReply(`*2\r\n${bulk(next)}*${n}\r\n${out}`);
}

// --- table ------------------------------------------------------------------------------

const KEY_1 = { firstKey: 1, lastKey: 1, step: 1 } as const;
const NO_KEYS = { firstKey: 0, lastKey: 0, step: 0 } as const;
const WRITE_FAST = ['write', 'sortedset', 'fast'];
const WRITE_SLOW = ['write', 'sortedset', 'slow'];
const READ_FAST = ['read', 'sortedset', 'fast'];
const READ_SLOW = ['read', 'sortedset', 'slow'];

/** Key positions of numkeys commands: numkeys at idx, keys after it, plus fixed leading keys. */
function numkeysKeys(argv: string[], idx: number, lead: number[] = []): number[] {
  const n = parseInt64(argv[idx] ?? '');
  if (n === null || n < 1n || BigInt(idx) + n >= BigInt(argv.length)) return lead;
  const keys = lead.slice();
  for (let i = 1; i <= Number(n); i++) keys.push(idx + i);
  return keys;
}

export const sortedSetCommands = [
  {
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Adds members to a sorted set or updates their scores, creating the key if needed.',
    since: '1.2.0',
    acl: WRITE_FAST,
    handler: zaddCommand,
  },
  {
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: "Increments a member's score in a sorted set.",
    since: '1.2.0',
    acl: WRITE_FAST,
    handler: zincrbyCommand,
  },
  {
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes members from a sorted set, deleting the key when it empties.',
    since: '1.2.0',
    acl: WRITE_FAST,
    handler: zremCommand,
  },
  {
    name: 'zremrangebyrank',
    arity: 4,
    flags: ['write'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes the members of a sorted set within a range of ranks.',
    since: '2.0.0',
    acl: WRITE_SLOW,
    handler: zremrangebyrankCommand,
  },
  {
    name: 'zremrangebyscore',
    arity: 4,
    flags: ['write'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes the members of a sorted set within a range of scores.',
    since: '1.2.0',
    acl: WRITE_SLOW,
    handler: zremrangebyscoreCommand,
  },
  {
    name: 'zremrangebylex',
    arity: 4,
    flags: ['write'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes the members of a sorted set within a lexicographical range.',
    since: '2.8.9',
    acl: WRITE_SLOW,
    handler: zremrangebylexCommand,
  },
  {
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns the number of members of a sorted set.',
    since: '1.2.0',
    acl: READ_FAST,
    handler: zcardCommand,
  },
  {
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns the score of a member of a sorted set.',
    since: '1.2.0',
    acl: READ_FAST,
    handler: zscoreCommand,
  },
  {
    name: 'zmscore',
    arity: -3,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns the scores of several members of a sorted set.',
    since: '6.2.0',
    acl: READ_FAST,
    handler: zmscoreCommand,
  },
  {
    name: 'zrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns the position of a member in a sorted set, lowest score first.',
    since: '2.0.0',
    acl: READ_FAST,
    handler: zrankCommand,
  },
  {
    name: 'zrevrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns the position of a member in a sorted set, highest score first.',
    since: '2.0.0',
    acl: READ_FAST,
    handler: zrevrankCommand,
  },
  {
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Counts the members of a sorted set within a range of scores.',
    since: '2.0.0',
    acl: READ_FAST,
    handler: zcountCommand,
  },
  {
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Counts the members of a sorted set within a lexicographical range.',
    since: '2.8.9',
    acl: READ_FAST,
    handler: zlexcountCommand,
  },
  {
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set by rank, score or lexicographical range.',
    since: '1.2.0',
    acl: READ_SLOW,
    handler: zrangeCommand,
  },
  {
    name: 'zrangestore',
    arity: -5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'sorted-set',
    summary: 'Stores a range of a sorted set into another key.',
    since: '6.2.0',
    acl: WRITE_SLOW,
    handler: zrangestoreCommand,
  },
  {
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set by rank, highest score first.',
    since: '1.2.0',
    acl: READ_SLOW,
    handler: zrevrangeCommand,
  },
  {
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set within a range of scores.',
    since: '1.0.5',
    acl: READ_SLOW,
    handler: zrangebyscoreCommand,
  },
  {
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set within a range of scores, highest first.',
    since: '2.2.0',
    acl: READ_SLOW,
    handler: zrevrangebyscoreCommand,
  },
  {
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set within a lexicographical range.',
    since: '2.8.9',
    acl: READ_SLOW,
    handler: zrangebylexCommand,
  },
  {
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns members of a sorted set within a lexicographical range, highest first.',
    since: '2.8.9',
    acl: READ_SLOW,
    handler: zrevrangebylexCommand,
  },
  {
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes and returns the members with the lowest scores.',
    since: '5.0.0',
    acl: WRITE_FAST,
    handler: zpopminCommand,
  },
  {
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Removes and returns the members with the highest scores.',
    since: '5.0.0',
    acl: WRITE_FAST,
    handler: zpopmaxCommand,
  },
  {
    name: 'zmpop',
    arity: -4,
    flags: ['write', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Pops members from the first non-empty sorted set of several.',
    since: '7.0.0',
    acl: WRITE_SLOW,
    handler: zmpopCommand,
    getKeys: (argv) => numkeysKeys(argv, 1),
  },
  {
    name: 'bzpopmin',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'sorted-set',
    summary: 'Pops the lowest-scored member of the first non-empty sorted set, waiting for one if needed.',
    since: '5.0.0',
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    handler: bzpopminCommand,
  },
  {
    name: 'bzpopmax',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'sorted-set',
    summary: 'Pops the highest-scored member of the first non-empty sorted set, waiting for one if needed.',
    since: '5.0.0',
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    handler: bzpopmaxCommand,
  },
  {
    name: 'bzmpop',
    arity: -5,
    flags: ['write', 'blocking', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Pops members from the first non-empty sorted set of several, waiting for one if needed.',
    since: '7.0.0',
    acl: ['write', 'sortedset', 'slow', 'blocking'],
    handler: bzmpopCommand,
    getKeys: (argv) => numkeysKeys(argv, 2),
  },
  {
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Returns random members of a sorted set.',
    since: '6.2.0',
    acl: READ_SLOW,
    handler: zrandmemberCommand,
  },
  {
    name: 'zunion',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Returns the union of sorted sets.',
    since: '6.2.0',
    acl: READ_SLOW,
    handler: zunionCommand,
    getKeys: (argv) => numkeysKeys(argv, 1),
  },
  {
    name: 'zinter',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Returns the intersection of sorted sets.',
    since: '6.2.0',
    acl: READ_SLOW,
    handler: zinterCommand,
    getKeys: (argv) => numkeysKeys(argv, 1),
  },
  {
    name: 'zdiff',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Returns the members of the first sorted set missing from the others.',
    since: '6.2.0',
    acl: READ_SLOW,
    handler: zdiffCommand,
    getKeys: (argv) => numkeysKeys(argv, 1),
  },
  {
    name: 'zintercard',
    arity: -3,
    flags: ['readonly', 'movablekeys'],
    ...NO_KEYS,
    group: 'sorted-set',
    summary: 'Counts the members of the intersection of sorted sets.',
    since: '7.0.0',
    acl: READ_SLOW,
    handler: zintercardCommand,
    getKeys: (argv) => numkeysKeys(argv, 1),
  },
  {
    name: 'zunionstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Stores the union of sorted sets in a key.',
    since: '2.0.0',
    acl: WRITE_SLOW,
    handler: zunionstoreCommand,
    getKeys: (argv) => numkeysKeys(argv, 2, [1]),
  },
  {
    name: 'zinterstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Stores the intersection of sorted sets in a key.',
    since: '2.0.0',
    acl: WRITE_SLOW,
    handler: zinterstoreCommand,
    getKeys: (argv) => numkeysKeys(argv, 2, [1]),
  },
  {
    name: 'zdiffstore',
    arity: -4,
    flags: ['write', 'denyoom', 'movablekeys'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Stores the members of the first sorted set missing from the others in a key.',
    since: '6.2.0',
    acl: WRITE_SLOW,
    handler: zdiffstoreCommand,
    getKeys: (argv) => numkeysKeys(argv, 2, [1]),
  },
  {
    name: 'zscan',
    arity: -3,
    flags: ['readonly'],
    ...KEY_1,
    group: 'sorted-set',
    summary: 'Iterates over the members and scores of a sorted set with a cursor.',
    since: '2.8.0',
    acl: READ_SLOW,
    handler: zscanCommand,
  },
] satisfies CommandSpec[];
