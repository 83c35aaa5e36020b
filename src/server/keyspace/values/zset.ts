// The sorted set value: a member -> score Map plus an order-statistic B+tree ordered by
// (score, member bytes): O(log n) insert, delete, rank, select-by-rank and range search
// like t_zset.c's skiplist (zslInsert, zslGetRank ...), with leaves of contiguous arrays
// because pointer-chasing a skiplist is slow in JavaScript. Small sets report Redis's
// "listpack" encoding and take the listpack code paths where results differ by encoding
// (lex ranges over mixed scores, -0 scores).

import type { ZSetValue } from './types.js';

/** Node capacity: leaves and inner nodes split above MAX and rebalance below MIN. */
const MAX = 64;
const MIN = 16;

class Leaf {
  readonly leaf = true;
  members: string[] = [];
  scores: number[] = [];
  next: Leaf | null = null;
  prev: Leaf | null = null;
}

class Inner {
  readonly leaf = false;
  children: Array<Leaf | Inner> = [];
  /** Number of elements under each child. */
  counts: number[] = [];
  /** The smallest key under each child: its score and member. */
  minScores: number[] = [];
  minMembers: string[] = [];
}

type TreeNode = Leaf | Inner;

const sizeOf = (n: TreeNode): number => {
  if (n.leaf) return n.members.length;
  let s = 0;
  for (const c of n.counts) s += c;
  return s;
};

/** A position in a sorted set; `next()`/`prev()` move it and return false past an end. */
export class ZCursor {
  constructor(
    private leaf: Leaf,
    private i: number,
  ) {}

  get member(): string {
    return this.leaf.members[this.i]!;
  }

  get score(): number {
    return this.leaf.scores[this.i]!;
  }

  next(): boolean {
    if (this.i + 1 < this.leaf.members.length) {
      this.i++;
      return true;
    }
    const n = this.leaf.next;
    if (n === null) return false;
    this.leaf = n;
    this.i = 0;
    return true;
  }

  prev(): boolean {
    if (this.i > 0) {
      this.i--;
      return true;
    }
    const p = this.leaf.prev;
    if (p === null) return false;
    this.leaf = p;
    this.i = p.members.length - 1;
    return true;
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

// The root-to-leaf path of the last mutating descent: nodes and the child index taken.
const PATH: Inner[] = [];
const PATH_IDX: number[] = [];

export class ZSet implements ZSetValue {
  readonly type = 'zset' as const;
  /** member -> score; its insertion order is what ZSCAN walks for skiplist sets. */
  readonly dict = new Map<string, number>();
  private root: TreeNode = new Leaf();
  private head: Leaf;
  private tail: Leaf;
  /** OBJECT ENCODING: listpack until converted; conversions are explicit, as in Redis. */
  private listpack = true;

  constructor() {
    this.head = this.tail = this.root as Leaf;
  }

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
    for (let l: Leaf | null = this.head; l; l = l.next) {
      const scores = l.scores;
      for (let i = 0; i < scores.length; i++) {
        if (Object.is(scores[i], -0)) {
          scores[i] = 0;
          this.dict.set(l.members[i]!, 0);
        }
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
  insert(member: string, score: number): void {
    if (this.listpack && score === 0) score = 0;
    this.dict.set(member, score);
    this.treeInsert(score, member);
  }

  /** Removes member; returns whether it was there. */
  remove(member: string): boolean {
    const score = this.dict.get(member);
    if (score === undefined) return false;
    this.dict.delete(member);
    const depth = this.descendToKey(score, member);
    const leaf = this.leafAtPathEnd(depth);
    const pos = lowerBoundInLeaf(leaf, score, member);
    this.removeFromLeaf(leaf, pos, 1, depth);
    return true;
  }

  /** Changes the score of an existing member. */
  updateScore(member: string, newScore: number): void {
    if (this.listpack && newScore === 0) newScore = 0;
    const cur = this.dict.get(member)!;
    const depth = this.descendToKey(cur, member);
    const leaf = this.leafAtPathEnd(depth);
    const pos = lowerBoundInLeaf(leaf, cur, member);
    const scores = leaf.scores;
    const n = scores.length;
    // Stays in place when it still sorts between its neighbours in the same leaf.
    if (
      pos > 0 &&
      pos < n - 1 &&
      (scores[pos - 1]! < newScore || (scores[pos - 1] === newScore && leaf.members[pos - 1]! < member)) &&
      (scores[pos + 1]! > newScore || (scores[pos + 1] === newScore && leaf.members[pos + 1]! > member))
    ) {
      scores[pos] = newScore;
      this.dict.set(member, newScore);
      return;
    }
    this.removeFromLeaf(leaf, pos, 1, depth);
    this.dict.set(member, newScore);
    this.treeInsert(newScore, member);
  }

  /** 0-based rank of member from the lowest (or highest, when reverse) score; -1 if absent. */
  rank(member: string, reverse = false): number {
    const score = this.dict.get(member);
    if (score === undefined) return -1;
    const r = this.rankOfKey(score, member);
    return reverse ? this.dict.size - 1 - r : r;
  }

  /** A cursor on the element of 0-based rank r, or null when out of range. */
  at(r: number): ZCursor | null {
    if (r < 0 || r >= this.dict.size) return null;
    let node = this.root;
    while (!node.leaf) {
      const counts = node.counts;
      let j = 0;
      while (r >= counts[j]!) r -= counts[j++]!;
      node = node.children[j]!;
    }
    return new ZCursor(node, r);
  }

  first(): ZCursor | null {
    return this.dict.size === 0 ? null : new ZCursor(this.head, 0);
  }

  last(): ZCursor | null {
    return this.dict.size === 0 ? null : new ZCursor(this.tail, this.tail.members.length - 1);
  }

  /** Smallest score (the set must not be empty). */
  private minScore(): number {
    return this.head.scores[0]!;
  }

  private maxScore(): number {
    const s = this.tail.scores;
    return s[s.length - 1]!;
  }

  // --- searches: each returns a 0-based rank, size when nothing qualifies -----------------

  /** Rank of the first element >= (score, member). */
  private rankOfKey(score: number, member: string): number {
    let node = this.root;
    let rank = 0;
    while (!node.leaf) {
      const j = childForKey(node, score, member);
      for (let k = 0; k < j; k++) rank += node.counts[k]!;
      node = node.children[j]!;
    }
    return rank + lowerBoundInLeaf(node, score, member);
  }

  /** Rank of the first element whose score is > v (strict) or >= v. */
  private searchScore(v: number, strict: boolean): number {
    return this.searchSorted(v, strict, false);
  }

  /**
   * Rank of the first element whose member is > b (strict) or >= b, assuming members
   * ascend (equal scores); with mixed scores it lands somewhere, like a skiplist descent.
   */
  private searchLex(b: LexBound, strict: boolean): number {
    if (b.kind === -1) return 0;
    if (b.kind === 1) return this.dict.size;
    return this.searchSorted(b.value, strict, true);
  }

  /**
   * Rank of the first element whose score (or member, byMember) is > v (strict) or >= v:
   * in each inner node the last child whose smallest key still falls short of v, then a
   * lower bound in the leaf. `<` orders numbers and latin1 byte strings alike.
   */
  private searchSorted(v: number | string, strict: boolean, byMember: boolean): number {
    let node = this.root;
    let rank = 0;
    while (!node.leaf) {
      const mins: ReadonlyArray<number | string> = byMember ? node.minMembers : node.minScores;
      let lo = 0;
      let hi = mins.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (strict ? mins[mid]! <= v : mins[mid]! < v) lo = mid;
        else hi = mid - 1;
      }
      for (let k = 0; k < lo; k++) rank += node.counts[k]!;
      node = node.children[lo]!;
    }
    const keys: ReadonlyArray<number | string> = byMember ? node.members : node.scores;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? keys[mid]! <= v : keys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  // --- score ranges ------------------------------------------------------------------

  /** zslIsInRange: a non-empty range that overlaps [min score, max score]. */
  private isInRange(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    if (this.dict.size === 0) return false;
    return scoreGteMin(this.maxScore(), r) && scoreLteMax(this.minScore(), r);
  }

  /** Rank of the first element in r, or -1 (zslFirstInRange). */
  firstRankInRange(r: ScoreRange): number {
    if (!this.isInRange(r)) return -1;
    const k = this.searchScore(r.min, r.minex);
    return k < this.dict.size && scoreLteMax(this.at(k)!.score, r) ? k : -1;
  }

  /** Rank of the last element in r, or -1 (zslLastInRange). */
  lastRankInRange(r: ScoreRange): number {
    if (!this.isInRange(r)) return -1;
    const k = this.searchScore(r.max, !r.maxex) - 1;
    return k >= 0 && scoreGteMin(this.at(k)!.score, r) ? k : -1;
  }

  firstInRange(r: ScoreRange): ZCursor | null {
    return this.at(this.firstRankInRange(r));
  }

  lastInRange(r: ScoreRange): ZCursor | null {
    return this.at(this.lastRankInRange(r));
  }

  /** Number of members with a score in r (ZCOUNT). */
  countInRange(r: ScoreRange): number {
    const f = this.firstRankInRange(r);
    if (f < 0) return 0;
    const l = this.lastRankInRange(r);
    return l < 0 ? 0 : l - f + 1;
  }

  // --- lex ranges ----------------------------------------------------------------------
  // Lex ranges assume equal scores. With mixed scores the answer depends on the walk:
  // a listpack is scanned linearly, a skiplist is descended, and we do the same.

  private isInLexRange(r: LexRange): boolean {
    const cmp = cmpBounds(r.min, r.max);
    if (cmp > 0 || (cmp === 0 && (r.min.ex || r.max.ex))) return false;
    if (this.dict.size === 0) return false;
    const t = this.tail.members;
    return lexGteMin(t[t.length - 1]!, r) && lexLteMax(this.head.members[0]!, r);
  }

  /** Rank of the first element in r, or -1 (zzlFirstInLexRange / zslFirstInLexRange). */
  firstRankInLexRange(r: LexRange): number {
    if (!this.isInLexRange(r)) return -1;
    if (this.listpack) {
      const c = this.first()!;
      let k = 0;
      do {
        if (lexGteMin(c.member, r)) return lexLteMax(c.member, r) ? k : -1;
        k++;
      } while (c.next());
      return -1;
    }
    const k = this.searchLex(r.min, r.min.ex);
    return k < this.dict.size && lexLteMax(this.at(k)!.member, r) ? k : -1;
  }

  /** Rank of the last element in r, or -1 (zzlLastInLexRange / zslLastInLexRange). */
  lastRankInLexRange(r: LexRange): number {
    if (!this.isInLexRange(r)) return -1;
    if (this.listpack) {
      const c = this.last()!;
      let k = this.dict.size - 1;
      do {
        if (lexLteMax(c.member, r)) return lexGteMin(c.member, r) ? k : -1;
        k--;
      } while (c.prev());
      return -1;
    }
    const k = this.searchLex(r.max, !r.max.ex) - 1;
    return k >= 0 && lexGteMin(this.at(k)!.member, r) ? k : -1;
  }

  firstInLexRange(r: LexRange): ZCursor | null {
    return this.at(this.firstRankInLexRange(r));
  }

  lastInLexRange(r: LexRange): ZCursor | null {
    return this.at(this.lastRankInLexRange(r));
  }

  /** ZLEXCOUNT: a linear count for listpacks, ranks for skiplists, as Redis does. */
  countInLexRange(r: LexRange): number {
    const f = this.firstRankInLexRange(r);
    if (f < 0) return 0;
    if (this.listpack) return this.countWhileLteMax(f, r);
    const l = this.lastRankInLexRange(r);
    return l < 0 ? this.dict.size - f : l - f + 1;
  }

  /** How many elements from rank `from` on stay <= the range's max. */
  private countWhileLteMax(from: number, r: LexRange): number {
    const c = this.at(from);
    if (c === null) return 0;
    let n = 0;
    do {
      if (!lexLteMax(c.member, r)) break;
      n++;
    } while (c.next());
    return n;
  }

  // --- range deletion ------------------------------------------------------------------

  /** zslDeleteRangeByScore; returns the number removed. */
  deleteRangeByScore(r: ScoreRange): number {
    const start = this.searchScore(r.min, r.minex);
    const end = this.searchScore(r.max, !r.maxex);
    return end > start ? this.deleteRangeByRank(start, end - 1) : 0;
  }

  /** zzlDeleteRangeByLex / zslDeleteRangeByLex: from the first member >= min while <= max. */
  deleteRangeByLex(r: LexRange): number {
    const start = this.listpack ? this.firstRankInLexRange(r) : this.searchLex(r.min, r.min.ex);
    if (start < 0) return 0;
    const n = this.countWhileLteMax(start, r);
    return n > 0 ? this.deleteRangeByRank(start, start + n - 1) : 0;
  }

  /** zslDeleteRangeByRank with 0-based inclusive ranks (already clamped). */
  deleteRangeByRank(start: number, end: number): number {
    let left = end - start + 1;
    const removed = left;
    while (left > 0) {
      let r = start;
      let depth = 0;
      let node = this.root;
      while (!node.leaf) {
        const counts = node.counts;
        let j = 0;
        while (r >= counts[j]!) r -= counts[j++]!;
        PATH[depth] = node;
        PATH_IDX[depth++] = j;
        node = node.children[j]!;
      }
      const k = Math.min(left, node.members.length - r);
      for (let i = r; i < r + k; i++) this.dict.delete(node.members[i]!);
      this.removeFromLeaf(node, r, k, depth);
      left -= k;
    }
    return removed;
  }

  // --- generic value interface -----------------------------------------------------------

  *entries(): IterableIterator<[string, number]> {
    for (let l: Leaf | null = this.head; l; l = l.next) {
      for (let i = 0; i < l.members.length; i++) yield [l.members[i]!, l.scores[i]!];
    }
  }

  /** zsetDup: same encoding and content. */
  clone(): ZSet {
    const members: string[] = [];
    const scores: number[] = [];
    for (let l: Leaf | null = this.head; l; l = l.next) {
      for (let i = 0; i < l.members.length; i++) {
        members.push(l.members[i]!);
        scores.push(l.scores[i]!);
      }
    }
    const z = new ZSet();
    z.listpack = this.listpack;
    for (const [m, s] of this.dict) z.dict.set(m, s);
    z.bulkLoad(members, scores);
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
      z.dict.set(m, s);
      if (m.length > maxLen) maxLen = m.length;
    }
    const sorted = [...z.dict].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : cmpStr(a[0], b[0])));
    z.bulkLoad(
      sorted.map((p) => p[0]),
      sorted.map((p) => p[1]),
    );
    if (z.size <= maxEntries && maxLen <= maxValue) z.convertToListpack();
    return z;
  }

  /** Replaces the tree with one holding sorted arrays, nodes about three-quarters full. */
  private bulkLoad(members: string[], scores: number[]): void {
    let level: TreeNode[] = [];
    let prev: Leaf | null = null;
    for (const [from, to] of chunks(members.length)) {
      const l = new Leaf();
      l.members = members.slice(from, to);
      l.scores = scores.slice(from, to);
      l.prev = prev;
      if (prev) prev.next = l;
      prev = l;
      level.push(l);
    }
    this.head = level[0] as Leaf;
    this.tail = prev!;
    while (level.length > 1) {
      const up: TreeNode[] = [];
      for (const [from, to] of chunks(level.length)) {
        const n = new Inner();
        for (let i = from; i < to; i++) appendChild(n, level[i]!);
        up.push(n);
      }
      level = up;
    }
    this.root = level[0]!;
  }

  // --- tree mutation ----------------------------------------------------------------------

  /** Descends to the leaf where (score, member) belongs, filling PATH; returns the depth. */
  private descendToKey(score: number, member: string): number {
    let node = this.root;
    let depth = 0;
    while (!node.leaf) {
      const j = childForKey(node, score, member);
      PATH[depth] = node;
      PATH_IDX[depth++] = j;
      node = node.children[j]!;
    }
    return depth;
  }

  private leafAtPathEnd(depth: number): Leaf {
    return (depth === 0 ? this.root : PATH[depth - 1]!.children[PATH_IDX[depth - 1]!]!) as Leaf;
  }

  private treeInsert(score: number, member: string): void {
    const depth = this.descendToKey(score, member);
    const leaf = this.leafAtPathEnd(depth);
    const pos = lowerBoundInLeaf(leaf, score, member);
    insertAt(leaf.members, pos, member);
    insertAt(leaf.scores, pos, score);
    for (let d = 0; d < depth; d++) PATH[d]!.counts[PATH_IDX[d]!]!++;
    if (pos === 0) this.fixMins(depth, score, member);
    if (leaf.members.length > MAX) this.splitLeaf(leaf, depth);
  }

  /** The first key under the path's end changed: update the recorded minimums upwards. */
  private fixMins(depth: number, score: number, member: string): void {
    for (let d = depth - 1; d >= 0; d--) {
      const n = PATH[d]!;
      const j = PATH_IDX[d]!;
      n.minScores[j] = score;
      n.minMembers[j] = member;
      if (j !== 0) return;
    }
  }

  private splitLeaf(leaf: Leaf, depth: number): void {
    const half = leaf.members.length >> 1;
    const right = new Leaf();
    right.members = leaf.members.splice(half);
    right.scores = leaf.scores.splice(half);
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next) leaf.next.prev = right;
    else this.tail = right;
    leaf.next = right;
    this.addSibling(leaf, right, depth);
  }

  /** Puts `right` after `left` (the path's end at `depth`) in its parent, splitting upwards. */
  private addSibling(left: TreeNode, right: TreeNode, depth: number): void {
    if (depth === 0) {
      const root = new Inner();
      appendChild(root, left);
      appendChild(root, right);
      this.root = root;
      return;
    }
    const parent = PATH[depth - 1]!;
    const j = PATH_IDX[depth - 1]!;
    const rightCount = sizeOf(right);
    parent.counts[j]! -= rightCount;
    parent.children.splice(j + 1, 0, right);
    parent.counts.splice(j + 1, 0, rightCount);
    parent.minScores.splice(j + 1, 0, minScoreOf(right));
    parent.minMembers.splice(j + 1, 0, minMemberOf(right));
    if (parent.children.length > MAX) {
      const half = parent.children.length >> 1;
      const sib = new Inner();
      sib.children = parent.children.splice(half);
      sib.counts = parent.counts.splice(half);
      sib.minScores = parent.minScores.splice(half);
      sib.minMembers = parent.minMembers.splice(half);
      // The grandparent's count for `parent` still includes sib's elements: addSibling moves them.
      this.addSibling(parent, sib, depth - 1);
    }
  }

  /** Removes n elements of leaf from pos (all in this leaf), then rebalances. */
  private removeFromLeaf(leaf: Leaf, pos: number, n: number, depth: number): void {
    removeAt(leaf.members, pos, n);
    removeAt(leaf.scores, pos, n);
    for (let d = 0; d < depth; d++) PATH[d]!.counts[PATH_IDX[d]!]! -= n;
    if (pos === 0 && leaf.members.length > 0) this.fixMins(depth, leaf.scores[0]!, leaf.members[0]!);
    if (depth > 0 && leaf.members.length < MIN) this.rebalance(depth);
  }

  /** The node at the path's end (depth > 0) is under MIN: borrow from or merge with a sibling. */
  private rebalance(depth: number): void {
    const parent = PATH[depth - 1]!;
    const j = PATH_IDX[depth - 1]!;
    if (parent.children.length < 2) return;
    // Work on the pair (a, b) = (j-1, j) or (j, j+1).
    const li = j > 0 ? j - 1 : j;
    const a = parent.children[li]!;
    const b = parent.children[li + 1]!;
    const na = a.leaf ? a.members.length : a.children.length;
    const nb = b.leaf ? b.members.length : b.children.length;
    if (na + nb <= MAX) {
      mergeInto(a, b);
      if (li === j) this.fixMins(depth, minScoreOf(a), minMemberOf(a));
      if (a.leaf) {
        const bl = b as Leaf;
        a.next = bl.next;
        if (bl.next) bl.next.prev = a;
        else this.tail = a;
      }
      parent.counts[li]! += parent.counts[li + 1]!;
      parent.children.splice(li + 1, 1);
      parent.counts.splice(li + 1, 1);
      parent.minScores.splice(li + 1, 1);
      parent.minMembers.splice(li + 1, 1);
      if (depth - 1 === 0) {
        if (parent.children.length === 1) this.root = parent.children[0]!;
      } else if (parent.children.length < MIN) {
        this.rebalance(depth - 1);
      }
      return;
    }
    // Even out the pair; only b's minimum changes.
    const moved = redistribute(a, b);
    parent.counts[li]! += moved;
    parent.counts[li + 1]! -= moved;
    parent.minScores[li + 1] = minScoreOf(b);
    parent.minMembers[li + 1] = minMemberOf(b);
    // An emptied node on the path (a range deletion) takes its new minimum upwards.
    if (li === j) this.fixMins(depth, minScoreOf(a), minMemberOf(a));
  }
}

// --- node helpers ---------------------------------------------------------------------------

/** Splits n items into even runs of about 3/4 of MAX (at least one run). */
function chunks(n: number): Array<[number, number]> {
  const runs = Math.max(1, Math.ceil(n / ((MAX * 3) >> 2)));
  const out: Array<[number, number]> = [];
  for (let k = 0; k < runs; k++) out.push([Math.floor((k * n) / runs), Math.floor(((k + 1) * n) / runs)]);
  return out;
}

/** Index of the first element >= (score, member) in a leaf. */
function lowerBoundInLeaf(leaf: Leaf, score: number, member: string): number {
  const scores = leaf.scores;
  const members = leaf.members;
  let lo = 0;
  let hi = scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = scores[mid]!;
    if (s < score || (s === score && members[mid]! < member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** splice(pos, 0, v) without the result array splice allocates: leaves are edited on every write. */
function insertAt<T>(a: T[], pos: number, v: T): void {
  let i = a.length;
  a.push(v);
  for (; i > pos; i--) a[i] = a[i - 1]!;
  a[pos] = v;
}

/** splice(pos, n) without allocating the removed elements. */
function removeAt<T>(a: T[], pos: number, n: number): void {
  const len = a.length;
  for (let i = pos + n; i < len; i++) a[i - n] = a[i]!;
  a.length = len - n;
}

/** The last child whose smallest key is <= (score, member), or 0. */
function childForKey(node: Inner, score: number, member: string): number {
  const mins = node.minScores;
  const mems = node.minMembers;
  let lo = 0;
  let hi = mins.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = mins[mid]!;
    if (s < score || (s === score && mems[mid]! <= member)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const minScoreOf = (n: TreeNode): number => (n.leaf ? n.scores[0]! : n.minScores[0]!);
const minMemberOf = (n: TreeNode): string => (n.leaf ? n.members[0]! : n.minMembers[0]!);

function appendChild(parent: Inner, c: TreeNode): void {
  parent.children.push(c);
  parent.counts.push(sizeOf(c));
  parent.minScores.push(minScoreOf(c));
  parent.minMembers.push(minMemberOf(c));
}

/** Moves all of b (the right sibling) to the end of a. */
function mergeInto(a: TreeNode, b: TreeNode): void {
  if (a.leaf) {
    const bl = b as Leaf;
    for (let i = 0; i < bl.members.length; i++) {
      a.members.push(bl.members[i]!);
      a.scores.push(bl.scores[i]!);
    }
  } else {
    const bi = b as Inner;
    for (let i = 0; i < bi.children.length; i++) {
      a.children.push(bi.children[i]!);
      a.counts.push(bi.counts[i]!);
      a.minScores.push(bi.minScores[i]!);
      a.minMembers.push(bi.minMembers[i]!);
    }
  }
}

/** Evens out two siblings; returns how many elements moved from b to a (negative: a to b). */
function redistribute(a: TreeNode, b: TreeNode): number {
  if (a.leaf) {
    const bl = b as Leaf;
    const total = a.members.length + bl.members.length;
    const wantA = total >> 1;
    const diff = wantA - a.members.length;
    if (diff > 0) {
      a.members.push(...bl.members.splice(0, diff));
      a.scores.push(...bl.scores.splice(0, diff));
    } else if (diff < 0) {
      bl.members.unshift(...a.members.splice(wantA));
      bl.scores.unshift(...a.scores.splice(wantA));
    }
    return diff;
  }
  const bi = b as Inner;
  const total = a.children.length + bi.children.length;
  const wantA = total >> 1;
  const diff = wantA - a.children.length;
  let moved = 0;
  if (diff > 0) {
    const cnt = bi.counts.splice(0, diff);
    for (const x of cnt) moved += x;
    a.children.push(...bi.children.splice(0, diff));
    a.counts.push(...cnt);
    a.minScores.push(...bi.minScores.splice(0, diff));
    a.minMembers.push(...bi.minMembers.splice(0, diff));
  } else if (diff < 0) {
    const cnt = a.counts.splice(wantA);
    for (const x of cnt) moved -= x;
    bi.children.unshift(...a.children.splice(wantA));
    bi.counts.unshift(...cnt);
    bi.minScores.unshift(...a.minScores.splice(wantA));
    bi.minMembers.unshift(...a.minMembers.splice(wantA));
  }
  return moved;
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
