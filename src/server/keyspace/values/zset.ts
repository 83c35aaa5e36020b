// The sorted set value: a member -> score Map plus a skiplist with span counts ordered by
// (score, member bytes), following t_zset.c (zslInsert, zslGetRank, zslDeleteRangeBy*).
// Small sets report Redis's "listpack" encoding and take the listpack code paths where
// Redis's results differ by encoding (lex ranges over mixed scores, -0 scores).

import type { ZSetValue } from './types.js';

const ZSKIPLIST_MAXLEVEL = 32;
/** ZSKIPLIST_P = 0.25 applied to a 16-bit random number, as zslRandomLevel does. */
const ZSKIPLIST_P_THRESHOLD = 0.25 * 0xffff;

/** A skiplist node; `forward[i]`/`span[i]` are level i's next node and the ranks it skips. */
export class ZNode {
  backward: ZNode | null = null;
  readonly forward: Array<ZNode | null>;
  readonly span: number[];

  constructor(
    public member: string,
    public score: number,
    level: number,
  ) {
    this.forward = new Array<ZNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** A score interval (zrangespec): `minex`/`maxex` make a bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A lex bound: `kind` -1 is "-" (below every string), 1 is "+" (above every string),
 * 0 a real string in `value`. "-" and "+" are exclusive, as zslParseLexRangeItem sets them.
 */
export interface LexBound {
  kind: -1 | 0 | 1;
  value: string;
  ex: boolean;
}

export interface LexRange {
  min: LexBound;
  max: LexBound;
}

/** memcmp order of byte strings; JS comparison of latin1 strings is exactly that. */
const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** sdscmplex for a member against a bound. */
function cmpLex(member: string, b: LexBound): number {
  if (b.kind !== 0) return -b.kind;
  return cmpStr(member, b.value);
}

/** sdscmplex between two bounds (the empty-range test). */
function cmpBounds(a: LexBound, b: LexBound): number {
  if (a.kind === b.kind && a.kind !== 0) return 0;
  if (a.kind === -1 || b.kind === 1) return -1;
  if (a.kind === 1 || b.kind === -1) return 1;
  return cmpStr(a.value, b.value);
}

export const scoreGteMin = (v: number, r: ScoreRange): boolean => (r.minex ? v > r.min : v >= r.min);
export const scoreLteMax = (v: number, r: ScoreRange): boolean => (r.maxex ? v < r.max : v <= r.max);
export const lexGteMin = (m: string, r: LexRange): boolean =>
  r.min.ex ? cmpLex(m, r.min) > 0 : cmpLex(m, r.min) >= 0;
export const lexLteMax = (m: string, r: LexRange): boolean =>
  r.max.ex ? cmpLex(m, r.max) < 0 : cmpLex(m, r.max) <= 0;

/** True when (s1, m1) sorts before (s2, m2). */
const before = (s1: number, m1: string, s2: number, m2: string): boolean => s1 < s2 || (s1 === s2 && m1 < m2);

function randomLevel(): number {
  let level = 1;
  while (Math.floor(Math.random() * 0x10000) < ZSKIPLIST_P_THRESHOLD && level < ZSKIPLIST_MAXLEVEL) level++;
  return level;
}

export class ZSet implements ZSetValue {
  readonly type = 'zset' as const;
  /** member -> score; its insertion order is what ZSCAN walks for skiplist sets. */
  readonly dict = new Map<string, number>();
  private readonly header = new ZNode('', 0, ZSKIPLIST_MAXLEVEL);
  private tail: ZNode | null = null;
  private level = 1;
  /** OBJECT ENCODING: listpack until converted; conversions are explicit, as in Redis. */
  private listpack = true;

  get size(): number {
    return this.dict.size;
  }

  encoding(): 'listpack' | 'skiplist' {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  get isListpack(): boolean {
    return this.listpack;
  }

  /** zsetConvert(OBJ_ENCODING_SKIPLIST): never reverts by itself. */
  convertToSkiplist(): void {
    this.listpack = false;
  }

  /**
   * zsetConvert(OBJ_ENCODING_LISTPACK). A listpack keeps scores as text from which -0
   * comes back as 0, so negative zeros are normalised.
   */
  convertToListpack(): void {
    if (this.listpack) return;
    this.listpack = true;
    for (let x = this.header.forward[0] ?? null; x; x = x.forward[0] ?? null) {
      if (Object.is(x.score, -0)) {
        x.score = 0;
        this.dict.set(x.member, 0);
      }
    }
  }

  /** Score of member, or undefined. */
  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  /** Adds a member known to be absent. */
  insert(member: string, score: number): ZNode {
    if (this.listpack && score === 0) score = 0;
    this.dict.set(member, score);
    return this.slInsert(score, member);
  }

  /** Removes member; returns whether it was there. */
  remove(member: string): boolean {
    const score = this.dict.get(member);
    if (score === undefined) return false;
    this.dict.delete(member);
    this.slDelete(score, member);
    return true;
  }

  /** Changes the score of an existing member (zslUpdateScore: in place when the order allows). */
  updateScore(member: string, newScore: number): void {
    if (this.listpack && newScore === 0) newScore = 0;
    const cur = this.dict.get(member)!;
    this.dict.set(member, newScore);
    const update: ZNode[] = new Array<ZNode>(this.level);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && before(next.score, next.member, cur, member)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const node = x.forward[0]!;
    const prev = node.backward;
    const next = node.forward[0];
    if (
      (prev === null || prev.score < newScore || (prev.score === newScore && prev.member < member)) &&
      (next === null || next.score > newScore || (next.score === newScore && next.member > member))
    ) {
      node.score = newScore;
      return;
    }
    this.slDeleteNode(node, update);
    this.slInsert(newScore, member);
  }

  /** 0-based rank of member from the lowest (or highest, when reverse) score; -1 if absent. */
  rank(member: string, reverse = false): number {
    const score = this.dict.get(member);
    if (score === undefined) return -1;
    const r = this.slGetRank(score, member);
    return reverse ? this.dict.size - r : r - 1;
  }

  first(): ZNode | null {
    return this.header.forward[0] ?? null;
  }

  last(): ZNode | null {
    return this.tail;
  }

  /** zslGetElementByRank with a 0-based rank. */
  byRank(rank0: number): ZNode | null {
    const rank = rank0 + 1;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && traversed + x.span[i]! <= rank) {
        traversed += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  // --- score ranges ------------------------------------------------------------------

  private isInRange(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.tail;
    if (t === null || !scoreGteMin(t.score, r)) return false;
    const h = this.header.forward[0];
    if (!h || !scoreLteMax(h.score, r)) return false;
    return true;
  }

  /** zslFirstInRange. */
  firstInRange(r: ScoreRange): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && !scoreGteMin(next.score, r)) {
        x = next;
        next = x.forward[i];
      }
    }
    const n = x.forward[0]!;
    return scoreLteMax(n.score, r) ? n : null;
  }

  /** zslLastInRange. */
  lastInRange(r: ScoreRange): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && scoreLteMax(next.score, r)) {
        x = next;
        next = x.forward[i];
      }
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  /** Number of members with a score in r (ZCOUNT). */
  countInRange(r: ScoreRange): number {
    const f = this.firstInRange(r);
    if (!f) return 0;
    const l = this.lastInRange(r);
    if (!l) return 0;
    return this.slGetRank(l.score, l.member) - this.slGetRank(f.score, f.member) + 1;
  }

  // --- lex ranges ----------------------------------------------------------------------
  // Lex ranges assume equal scores. With mixed scores the answer depends on the walk:
  // a listpack is scanned linearly, a skiplist is descended, and we do the same.

  private isInLexRange(r: LexRange): boolean {
    const cmp = cmpBounds(r.min, r.max);
    if (cmp > 0 || (cmp === 0 && (r.min.ex || r.max.ex))) return false;
    const t = this.tail;
    if (t === null || !lexGteMin(t.member, r)) return false;
    const h = this.header.forward[0];
    if (!h || !lexLteMax(h.member, r)) return false;
    return true;
  }

  /** zzlFirstInLexRange / zslFirstInLexRange. */
  firstInLexRange(r: LexRange): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    if (this.listpack) {
      for (let x = this.header.forward[0] ?? null; x; x = x.forward[0] ?? null) {
        if (lexGteMin(x.member, r)) return lexLteMax(x.member, r) ? x : null;
      }
      return null;
    }
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && !lexGteMin(next.member, r)) {
        x = next;
        next = x.forward[i];
      }
    }
    const n = x.forward[0];
    return n && lexLteMax(n.member, r) ? n : null;
  }

  /** zzlLastInLexRange / zslLastInLexRange. */
  lastInLexRange(r: LexRange): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    if (this.listpack) {
      for (let x = this.tail; x; x = x.backward) {
        if (lexLteMax(x.member, r)) return lexGteMin(x.member, r) ? x : null;
      }
      return null;
    }
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && lexLteMax(next.member, r)) {
        x = next;
        next = x.forward[i];
      }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** ZLEXCOUNT: a linear count for listpacks, ranks for skiplists, as Redis does. */
  countInLexRange(r: LexRange): number {
    const f = this.firstInLexRange(r);
    if (!f) return 0;
    if (this.listpack) {
      let n = 0;
      for (let x: ZNode | null = f; x && lexLteMax(x.member, r); x = x.forward[0] ?? null) n++;
      return n;
    }
    const len = this.dict.size;
    let count = len - (this.slGetRank(f.score, f.member) - 1);
    const l = this.lastInLexRange(r);
    if (l) count -= len - this.slGetRank(l.score, l.member);
    return count;
  }

  // --- range deletion ------------------------------------------------------------------

  /** zslDeleteRangeByScore; returns the number removed. */
  deleteRangeByScore(r: ScoreRange): number {
    const update = new Array<ZNode>(this.level);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && (r.minex ? next.score <= r.min : next.score < r.min)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    return this.deleteWhile(x.forward[0] ?? null, update, (n) => scoreLteMax(n.score, r));
  }

  /** zzlDeleteRangeByLex / zslDeleteRangeByLex; returns the number removed. */
  deleteRangeByLex(r: LexRange): number {
    const update = new Array<ZNode>(this.level);
    if (this.listpack) {
      const first = this.firstInLexRange(r);
      if (!first) return 0;
      this.findUpdate(first, update);
      return this.deleteWhile(first, update, (n) => lexLteMax(n.member, r));
    }
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && !lexGteMin(next.member, r)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    return this.deleteWhile(x.forward[0] ?? null, update, (n) => lexLteMax(n.member, r));
  }

  /** zslDeleteRangeByRank with 0-based inclusive ranks (already clamped). */
  deleteRangeByRank(start0: number, end0: number): number {
    const start = start0 + 1;
    const end = end0 + 1;
    const update = new Array<ZNode>(this.level);
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && traversed + x.span[i]! < start) {
        traversed += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    let pos = traversed + 1;
    return this.deleteWhile(x.forward[0] ?? null, update, () => pos++ <= end);
  }

  private deleteWhile(from: ZNode | null, update: ZNode[], keep: (n: ZNode) => boolean): number {
    let removed = 0;
    let x = from;
    while (x && keep(x)) {
      const next = x.forward[0] ?? null;
      this.slDeleteNode(x, update);
      this.dict.delete(x.member);
      removed++;
      x = next;
    }
    return removed;
  }

  /** Fills update[] with the predecessors of node at each level. */
  private findUpdate(node: ZNode, update: ZNode[]): void {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && before(next.score, next.member, node.score, node.member)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
  }

  // --- generic value interface -----------------------------------------------------------

  *entries(): IterableIterator<[string, number]> {
    for (let x = this.header.forward[0] ?? null; x; x = x.forward[0] ?? null) yield [x.member, x.score];
  }

  /** zsetDup: same encoding; inserting from the tail makes each insert O(1). */
  clone(): ZSet {
    const z = new ZSet();
    z.listpack = this.listpack;
    for (let x = this.tail; x; x = x.backward) {
      z.dict.set(x.member, x.score);
      z.slInsert(x.score, x.member);
    }
    return z;
  }

  /**
   * Builds a set from pairs (RDB load, tests): listpack when it fits the limits, as
   * rdbLoadObject decides. Later duplicates replace earlier ones.
   */
  static fromEntries(pairs: Iterable<readonly [string, number]>, maxEntries = 128, maxValue = 64): ZSet {
    const z = new ZSet();
    z.listpack = false;
    let maxLen = 0;
    for (const [m, s] of pairs) {
      if (z.dict.has(m)) z.updateScore(m, s);
      else z.insert(m, s);
      if (m.length > maxLen) maxLen = m.length;
    }
    if (z.size <= maxEntries && maxLen <= maxValue) z.convertToListpack();
    return z;
  }

  // --- skiplist primitives (t_zset.c) ----------------------------------------------------

  private slInsert(score: number, member: string): ZNode {
    const update = new Array<ZNode>(ZSKIPLIST_MAXLEVEL);
    const rank = new Array<number>(ZSKIPLIST_MAXLEVEL);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1]!;
      let next = x.forward[i];
      while (next && before(next.score, next.member, score, member)) {
        rank[i]! += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.dict.size - 1;
      }
      this.level = level;
    }
    const node = new ZNode(member, score, level);
    const r0 = rank[0]!;
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      node.forward[i] = u.forward[i]!;
      u.forward[i] = node;
      node.span[i] = u.span[i]! - (r0 - rank[i]!);
      u.span[i] = r0 - rank[i]! + 1;
    }
    for (let i = level; i < this.level; i++) update[i]!.span[i]!++;
    node.backward = update[0] === this.header ? null : update[0]!;
    const after = node.forward[0];
    if (after) after.backward = node;
    else this.tail = node;
    return node;
  }

  private slDeleteNode(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (u.forward[i] === x) {
        u.span[i]! += x.span[i]! - 1;
        u.forward[i] = x.forward[i]!;
      } else {
        u.span[i]!--;
      }
    }
    const after = x.forward[0];
    if (after) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.forward[this.level - 1] === null) {
      this.header.span[this.level - 1] = 0;
      this.level--;
    }
  }

  private slDelete(score: number, member: string): void {
    const update = new Array<ZNode>(this.level);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && before(next.score, next.member, score, member)) {
        x = next;
        next = x.forward[i];
      }
      update[i] = x;
    }
    const n = x.forward[0];
    if (n && n.score === score && n.member === member) this.slDeleteNode(n, update);
  }

  /** zslGetRank: 1-based rank of an element known to be present. */
  private slGetRank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = x.forward[i];
      while (next && (next.score < score || (next.score === score && next.member <= member))) {
        rank += x.span[i]!;
        x = next;
        next = x.forward[i];
      }
      if (x !== this.header && x.member === member) return rank;
    }
    return 0;
  }
}

// --- strtod ------------------------------------------------------------------------------

/** What C's strtod reports: the value, where parsing stopped, and whether errno was ERANGE. */
export interface StrtodResult {
  value: number;
  end: number;
  erange: boolean;
}

const isSpace = (ch: number): boolean => ch === 0x20 || (ch >= 0x09 && ch <= 0x0d);
const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
const isHex = (ch: number): boolean =>
  isDigit(ch) || (ch >= 0x61 && ch <= 0x66) || (ch >= 0x41 && ch <= 0x46);
const DBL_MIN = 2.2250738585072014e-308;

/**
 * C strtod from `start`: leading whitespace, a sign, decimal or hex digits with an
 * exponent, inf/infinity and nan; `end` is where it stopped (start when nothing parsed).
 * Score ranges (zslParseRange) and SORT's weights use it, with their own end checks.
 */
export function strtod(s: string, start = 0): StrtodResult {
  const n = s.length;
  let i = start;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sc = s.charCodeAt(i);
  if (sc === 0x2b || sc === 0x2d) {
    neg = sc === 0x2d;
    i++;
  }
  const word = s.slice(i, i + 8).toLowerCase();
  if (word.startsWith('inf')) {
    return { value: neg ? -Infinity : Infinity, end: i + (word === 'infinity' ? 8 : 3), erange: false };
  }
  if (word.startsWith('nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 0x28) {
      let k = end + 1;
      while (k < n && /[0-9A-Za-z_]/.test(s[k]!)) k++;
      if (s.charCodeAt(k) === 0x29) end = k + 1;
    }
    return { value: NaN, end, erange: false };
  }
  if (s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) {
    const r = hexFloat(s, i + 2, neg);
    if (r !== null) return r;
  }
  let j = i;
  let digits = 0;
  let nonzero = false;
  while (j < n && isDigit(s.charCodeAt(j))) {
    if (s.charCodeAt(j) !== 0x30) nonzero = true;
    j++;
    digits++;
  }
  if (s.charCodeAt(j) === 0x2e) {
    j++;
    while (j < n && isDigit(s.charCodeAt(j))) {
      if (s.charCodeAt(j) !== 0x30) nonzero = true;
      j++;
      digits++;
    }
  }
  if (digits === 0) return { value: 0, end: start, erange: false };
  if ((s.charCodeAt(j) | 0x20) === 0x65) {
    let k = j + 1;
    const es = s.charCodeAt(k);
    if (es === 0x2b || es === 0x2d) k++;
    if (isDigit(s.charCodeAt(k))) {
      while (k < n && isDigit(s.charCodeAt(k))) k++;
      j = k;
    }
  }
  const abs = Number(s.slice(i, j));
  return { value: neg ? -abs : abs, end: j, erange: outOfRange(abs, nonzero) };
}

function outOfRange(abs: number, nonzero: boolean): boolean {
  return abs === Infinity || (abs === 0 && nonzero) || (abs !== 0 && abs < DBL_MIN);
}

/** The hex part of strtod after "0x"; null when no hex digit follows (then "0" parses). */
function hexFloat(s: string, from: number, neg: boolean): StrtodResult | null {
  const n = s.length;
  let j = from;
  let mant = '';
  let fracDigits = 0;
  while (j < n && isHex(s.charCodeAt(j))) mant += s[j++];
  if (s.charCodeAt(j) === 0x2e) {
    j++;
    while (j < n && isHex(s.charCodeAt(j))) {
      mant += s[j++];
      fracDigits++;
    }
  }
  if (mant.length === 0) return null;
  let exp = 0;
  if ((s.charCodeAt(j) | 0x20) === 0x70) {
    let k = j + 1;
    const es = s.charCodeAt(k);
    if (es === 0x2b || es === 0x2d) k++;
    if (isDigit(s.charCodeAt(k))) {
      while (k < n && isDigit(s.charCodeAt(k))) k++;
      exp = Number(s.slice(j + 1, k));
      j = k;
    }
  }
  const m = BigInt('0x' + mant);
  const abs = m === 0n ? 0 : Number(m) * Math.pow(2, exp - 4 * fracDigits);
  return { value: neg ? -abs : abs, end: j, erange: outOfRange(abs, m !== 0n) };
}
