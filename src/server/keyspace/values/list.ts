// The list type: a growable ring buffer giving O(1) push/pop at both ends and O(1)
// index access, where Redis 7.0 uses a quicklist (t_list.c, quicklist.c). Middle
// inserts and removals shift the shorter side, as a deque should.

import type { ListValue } from './types.js';

const MIN_CAPACITY = 4;

export class ListObject implements ListValue {
  readonly type = 'list' as const;
  /** Slots; capacity is a power of two so positions wrap with a mask. */
  private buf: Array<string | undefined>;
  private mask: number;
  /** Slot of the head element. */
  private head = 0;
  private len = 0;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string | undefined>(cap);
    this.mask = cap - 1;
  }

  /** A list holding values head to tail (RDB load, SORT STORE, tests). */
  static from(values: Iterable<string>): ListObject {
    const arr = Array.isArray(values) ? (values as string[]) : Array.from(values);
    const l = new ListObject(arr.length);
    for (let i = 0; i < arr.length; i++) l.buf[i] = arr[i];
    l.len = arr.length;
    return l;
  }

  /** Redis 7.0 lists are always quicklists (listpack-encoded small lists came in 7.2). */
  encoding(): string {
    return 'quicklist';
  }

  get length(): number {
    return this.len;
  }

  *values(): IterableIterator<string> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask]!;
  }

  /** Elements head to tail as a fresh array. */
  toArray(): string[] {
    const out = new Array<string>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.buf[(this.head + i) & this.mask]!;
    return out;
  }

  clone(): ListObject {
    return ListObject.from(this.toArray());
  }

  /** The element at index i, 0 <= i < length. */
  get(i: number): string {
    return this.buf[(this.head + i) & this.mask]!;
  }

  /** Replaces the element at index i, 0 <= i < length. */
  set(i: number, v: string): void {
    this.buf[(this.head + i) & this.mask] = v;
  }

  pushHead(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
  }

  pushTail(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
  }

  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return v;
  }

  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const slot = (this.head + this.len - 1) & this.mask;
    const v = this.buf[slot];
    this.buf[slot] = undefined;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Inserts v so that it becomes the element at index i (0 <= i <= length). */
  insert(i: number, v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const { buf, mask } = this;
    if (i < this.len - i) {
      // Move the i elements before the gap one slot towards the head.
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) buf[(this.head + k) & mask] = buf[(this.head + k + 1) & mask];
    } else {
      for (let k = this.len; k > i; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
    }
    buf[(this.head + i) & mask] = v;
    this.len++;
  }

  /** Removes the element at index i (0 <= i < length). */
  removeAt(i: number): void {
    const { buf, mask } = this;
    if (i < this.len - 1 - i) {
      for (let k = i; k > 0; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
      buf[this.head] = undefined;
      this.head = (this.head + 1) & mask;
    } else {
      for (let k = i; k < this.len - 1; k++) buf[(this.head + k) & mask] = buf[(this.head + k + 1) & mask];
      buf[(this.head + this.len - 1) & mask] = undefined;
    }
    this.len--;
    this.maybeShrink();
  }

  /** Drops n elements from the head (n <= length). */
  trimHead(n: number): void {
    for (let k = 0; k < n; k++) this.buf[(this.head + k) & this.mask] = undefined;
    this.head = (this.head + n) & this.mask;
    this.len -= n;
    this.maybeShrink();
  }

  /** Drops n elements from the tail (n <= length). */
  trimTail(n: number): void {
    for (let k = this.len - n; k < this.len; k++) this.buf[(this.head + k) & this.mask] = undefined;
    this.len -= n;
    this.maybeShrink();
  }

  /** Index of the first element equal to v, scanning from the head; -1 if none. */
  indexOf(v: string): number {
    for (let i = 0; i < this.len; i++) if (this.buf[(this.head + i) & this.mask] === v) return i;
    return -1;
  }

  /**
   * LREM: removes up to `limit` elements equal to v (0 = all), scanning from the head,
   * or from the tail when fromTail. One compacting pass; returns how many were removed.
   */
  removeEqual(v: string, limit: number, fromTail: boolean): number {
    const { buf, mask, head, len } = this;
    let removed = 0;
    if (!fromTail) {
      let w = 0;
      for (let r = 0; r < len; r++) {
        const e = buf[(head + r) & mask]!;
        if ((limit === 0 || removed < limit) && e === v) {
          removed++;
          continue;
        }
        if (removed > 0) buf[(head + w) & mask] = e;
        w++;
      }
      for (let k = w; k < len; k++) buf[(head + k) & mask] = undefined;
    } else {
      let w = len - 1;
      for (let r = len - 1; r >= 0; r--) {
        const e = buf[(head + r) & mask]!;
        if ((limit === 0 || removed < limit) && e === v) {
          removed++;
          continue;
        }
        if (removed > 0) buf[(head + w) & mask] = e;
        w--;
      }
      for (let k = 0; k < removed; k++) buf[(head + k) & mask] = undefined;
      this.head = (head + removed) & mask;
    }
    this.len = len - removed;
    if (removed > 0) this.maybeShrink();
    return removed;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > 64 && this.len < cap >>> 2) this.resize(cap >>> 1);
  }

  private resize(cap: number): void {
    const next = new Array<string | undefined>(cap);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}
