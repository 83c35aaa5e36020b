// The set type with Redis 7.0's two encodings (t_set.c, intset.c): "intset" while every
// member is an int64 in canonical form and the count stays within set-max-intset-entries,
// then "hashtable" for good (7.0 has no listpack sets and never converts back).

import type { SetValue } from './types.js';

/**
 * string2ll over the whole member: what lets Redis keep it in an intset. Optional '-',
 * no '+', no leading zeros ("-0" and "007" are strings), and within int64.
 */
export function isInt64String(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 0x2d) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 0x30) return n === 1;
  if (first < 0x31 || first > 0x39) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return false;
  }
  const digits = n - i;
  if (digits < 19) return true;
  if (digits > 19) return false;
  // Same-length digit strings compare like their values.
  return i === 0 ? s <= '9223372036854775807' : s <= '-9223372036854775808';
}

/** Numeric order of two canonical int64 strings without converting them. */
function compareInts(a: string, b: string): number {
  const an = a.charCodeAt(0) === 0x2d;
  const bn = b.charCodeAt(0) === 0x2d;
  if (an !== bn) return an ? -1 : 1;
  if (a.length !== b.length) return a.length < b.length !== an ? -1 : 1;
  if (a === b) return 0;
  return a < b !== an ? -1 : 1;
}

/** Index of m in the sorted ints, or -(insertion point) - 1 (intsetSearch). */
function searchInts(ints: readonly string[], m: string): number {
  let lo = 0;
  let hi = ints.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareInts(ints[mid]!, m);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

const randomIndex = (n: number): number => Math.floor(Math.random() * n);

export class SetObject implements SetValue {
  readonly type = 'set' as const;
  /** intset encoding: members in ascending integer order; null once a hashtable. */
  private ints: string[] | null = [];
  /**
   * hashtable encoding: members in slots plus each member's slot, so random picks and
   * removals (SPOP) are O(1); a removal moves the last slot into the hole.
   */
  private items: string[] = [];
  private pos: Map<string, number> | null = null;

  /**
   * A set of the given members with the encoding Redis reaches by adding them one by one
   * to a new intset (SUNIONSTORE, SINTERSTORE, RDB load). `hashtable` starts it converted.
   */
  static from(members: Iterable<string>, maxIntsetEntries: number, hashtable = false): SetObject {
    const s = new SetObject();
    if (hashtable) s.toHashtable();
    for (const m of members) s.add(m, maxIntsetEntries);
    return s;
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.ints !== null ? this.ints.length : this.items.length;
  }

  /** Members in Redis's iteration order for intsets (ascending); slot order for hashtables. */
  members(): IterableIterator<string> {
    return (this.ints ?? this.items).values();
  }

  /** The members as a fresh array, in members() order. */
  toArray(): string[] {
    return (this.ints ?? this.items).slice();
  }

  clone(): SetObject {
    const s = new SetObject();
    if (this.ints !== null) {
      s.ints = this.ints.slice();
    } else {
      s.ints = null;
      s.items = this.items.slice();
      s.pos = new Map(this.pos!);
    }
    return s;
  }

  /** True when every member is an integer (what an intset built from them would hold). */
  allIntegers(): boolean {
    if (this.ints !== null) return true;
    for (const m of this.items) if (!isInt64String(m)) return false;
    return true;
  }

  has(m: string): boolean {
    if (this.ints !== null) return isInt64String(m) && searchInts(this.ints, m) >= 0;
    return this.pos!.has(m);
  }

  /** setTypeAdd: true when m was not a member; converts as Redis does. */
  add(m: string, maxIntsetEntries: number): boolean {
    const ints = this.ints;
    if (ints !== null) {
      if (isInt64String(m)) {
        const i = searchInts(ints, m);
        if (i >= 0) return false;
        ints.splice(-i - 1, 0, m);
        if (ints.length > maxIntsetEntries) this.toHashtable();
        return true;
      }
      this.toHashtable();
    }
    const pos = this.pos!;
    if (pos.has(m)) return false;
    pos.set(m, this.items.length);
    this.items.push(m);
    return true;
  }

  /** setTypeRemove: true when m was a member. The encoding never changes back. */
  delete(m: string): boolean {
    const ints = this.ints;
    if (ints !== null) {
      if (!isInt64String(m)) return false;
      const i = searchInts(ints, m);
      if (i < 0) return false;
      ints.splice(i, 1);
      return true;
    }
    const pos = this.pos!;
    const i = pos.get(m);
    if (i === undefined) return false;
    pos.delete(m);
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      pos.set(last, i);
    }
    return true;
  }

  /** A uniformly random member (setTypeRandomElement); the set must not be empty. */
  random(): string {
    const arr = this.ints ?? this.items;
    return arr[randomIndex(arr.length)]!;
  }

  /** A live iterator for SSCAN over a hashtable: survives adds and removals between calls. */
  scanSource(): IterableIterator<string> {
    return this.pos !== null ? this.pos.keys() : this.ints!.values();
  }

  private toHashtable(): void {
    const ints = this.ints;
    if (ints === null) return;
    this.items = ints;
    const pos = new Map<string, number>();
    for (let i = 0; i < ints.length; i++) pos.set(ints[i]!, i);
    this.pos = pos;
    this.ints = null;
  }
}
