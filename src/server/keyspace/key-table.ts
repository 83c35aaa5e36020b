// The hash table behind each database: key -> value plus the key's access time. A JS Map
// costs a V8 runtime call to hash each fresh key string and walks chains of load factor 2;
// this table hashes in JavaScript and probes a flat index, which makes lookups of request
// keys and bulk loads of snapshots markedly faster (see test/bench). It keeps a Map's
// observable behaviour where the server relies on it: insertion order, and iterators that
// stay valid across inserts, deletes, growth and clear (snapshots and SCAN depend on it).

/** Random per process, so keys cannot be chosen to collide. */
const SEED = (Math.random() * 0x7fffffff) | 0;

/**
 * FNV-1a over the string's char codes, then a murmur3 finaliser so that every bit of the
 * result depends on every char. Never 0 (0 marks a free index slot).
 */
export function hashKey(s: string): number {
  let h = SEED ^ 0x811c9dc5;
  const n = s.length;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 1;
}

const MIN_CAPACITY = 8;

/** The smallest power of two >= max(MIN_CAPACITY, n). */
function capacityFor(n: number): number {
  let c = MIN_CAPACITY;
  while (c < n) c *= 2;
  return c;
}

/**
 * Entries live in insertion order in flat arrays (key and value side by side, hash and
 * access time in typed arrays); a deleted entry leaves a hole until the arrays are rebuilt.
 * The index is open addressing with linear probing: pairs of (hash, entry number), at most
 * half full, a deleted entry's pair staying as a tombstone (entry -1) until the next rebuild.
 */
export class KeyTable<V> {
  /** key at 2e, value at 2e+1; a hole has key undefined. */
  private kv: (string | V | undefined)[] = new Array<string | V | undefined>(2 * MIN_CAPACITY);
  private hashes = new Int32Array(MIN_CAPACITY);
  /** Access time per entry in whole seconds (the LRU clock). */
  private lrus = new Uint32Array(MIN_CAPACITY);
  /** Entry slots: a power of two. */
  private cap = MIN_CAPACITY;
  /** Entry slots used, holes included. */
  private used = 0;
  /** Live entries. */
  private live = 0;
  private index = new Int32Array(4 * MIN_CAPACITY);
  private mask = 2 * MIN_CAPACITY - 1;
  /** The hash of the key last passed to find(), reused by add() right after a miss. */
  private lastKey: string | undefined = undefined;
  private lastHash = 0;
  /** Iterators that may still be used: moved when entries are renumbered or cleared. */
  private iterators: Set<WeakRef<TableIterator<V, unknown>>> | null = null;
  private pruneAt = 1024;

  get size(): number {
    return this.live;
  }

  /** The entry number of key, or -1. Valid until the table next changes shape. */
  find(key: string): number {
    const h = hashKey(key);
    this.lastKey = key;
    this.lastHash = h;
    const slot = this.probe(key, h);
    return slot < 0 ? -1 : this.index[2 * slot + 1]!;
  }

  /** The index slot holding key (whose hash is h), or -1. */
  private probe(key: string, h: number): number {
    const ix = this.index;
    const mask = this.mask;
    const kv = this.kv;
    let i = (h >>> 1) & mask;
    for (;;) {
      const tag = ix[2 * i]!;
      if (tag === 0) return -1;
      if (tag === h) {
        const e = ix[2 * i + 1]!;
        if (e >= 0 && kv[2 * e] === key) return i;
      }
      i = (i + 1) & mask;
    }
  }

  keyAt(e: number): string {
    return this.kv[2 * e] as string;
  }
  valueAt(e: number): V {
    return this.kv[2 * e + 1] as V;
  }
  setValueAt(e: number, value: V): void {
    this.kv[2 * e + 1] = value;
  }
  /** Access time of entry e, in seconds. */
  lruAt(e: number): number {
    return this.lrus[e]!;
  }
  setLruAt(e: number, seconds: number): void {
    this.lrus[e] = seconds;
  }

  get(key: string): V | undefined {
    const e = this.find(key);
    return e < 0 ? undefined : (this.kv[2 * e + 1] as V);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Inserts or replaces; a replaced key keeps its place in the order. True when new. */
  set(key: string, value: V, lru: number): boolean {
    const e = this.find(key);
    if (e >= 0) {
      this.kv[2 * e + 1] = value;
      this.lrus[e] = lru;
      return false;
    }
    this.add(key, value, lru);
    return true;
  }

  /** Appends a key that is not in the table (the caller has just checked with find). */
  add(key: string, value: V, lru: number): void {
    const h = key === this.lastKey ? this.lastHash : hashKey(key);
    // Full: double, or just close the holes when at least half the slots are holes.
    if (this.used === this.cap) this.rebuild(capacityFor(2 * this.live));
    const e = this.used++;
    this.live++;
    this.kv[2 * e] = key;
    this.kv[2 * e + 1] = value;
    this.hashes[e] = h;
    this.lrus[e] = lru;
    this.place(h, e);
  }

  delete(key: string): boolean {
    const slot = this.probe(key, hashKey(key));
    if (slot < 0) return false;
    const e = this.index[2 * slot + 1]!;
    // The pair stays as a tombstone so that probes for other keys go on past it.
    this.index[2 * slot + 1] = -1;
    this.kv[2 * e] = undefined;
    this.kv[2 * e + 1] = undefined;
    this.live--;
    if (this.cap > 64 && this.live < this.cap / 8) this.rebuild(capacityFor(2 * this.live));
    return true;
  }

  clear(): void {
    this.kv = new Array<string | V | undefined>(2 * MIN_CAPACITY);
    this.hashes = new Int32Array(MIN_CAPACITY);
    this.lrus = new Uint32Array(MIN_CAPACITY);
    this.cap = MIN_CAPACITY;
    this.used = 0;
    this.live = 0;
    this.index = new Int32Array(4 * MIN_CAPACITY);
    this.mask = 2 * MIN_CAPACITY - 1;
    this.lastKey = undefined;
    // As with Map.prototype.clear, live iterators go on with what is added from now on.
    this.forEachIterator((it) => (it.pos = 0));
  }

  /** Makes room for n keys in all, so that a bulk load (RESIZEDB) does not regrow. */
  reserve(n: number): void {
    if (n > this.cap) this.rebuild(capacityFor(n));
  }

  /** A uniformly random key, or undefined when empty (holes are never more than 7 in 8). */
  randomKey(): string | undefined {
    if (this.live === 0) return undefined;
    for (;;) {
      const k = this.kv[2 * Math.floor(Math.random() * this.used)];
      if (k !== undefined) return k as string;
    }
  }

  keys(): TableIterator<V, string> {
    return this.track(new TableIterator<V, string>(this, 0));
  }
  values(): TableIterator<V, V> {
    return this.track(new TableIterator<V, V>(this, 1));
  }
  entries(): TableIterator<V, [string, V]> {
    return this.track(new TableIterator<V, [string, V]>(this, 2));
  }

  /** The first live entry at or after `from`, or -1 (for iterators: the arrays stay private). */
  nextEntry(from: number): number {
    const kv = this.kv;
    const used = this.used;
    for (let e = from; e < used; e++) if (kv[2 * e] !== undefined) return e;
    return -1;
  }

  untrack(ref: WeakRef<TableIterator<V, unknown>>): void {
    this.iterators?.delete(ref);
  }

  private track<T>(it: TableIterator<V, T>): TableIterator<V, T> {
    const ref = new WeakRef(it as TableIterator<V, unknown>);
    it.ref = ref;
    const set = (this.iterators ??= new Set());
    // Abandoned iterators are only dropped once collected: prune now and then.
    if (set.size >= this.pruneAt) {
      this.forEachIterator(() => {});
      this.pruneAt = Math.max(1024, 2 * set.size);
    }
    set.add(ref);
    return it;
  }

  private forEachIterator(fn: (it: TableIterator<V, unknown>) => void): void {
    if (this.iterators === null) return;
    for (const ref of this.iterators) {
      const it = ref.deref();
      if (it === undefined) this.iterators.delete(ref);
      else fn(it);
    }
  }

  private place(h: number, e: number): void {
    const ix = this.index;
    const mask = this.mask;
    let i = (h >>> 1) & mask;
    while (ix[2 * i] !== 0) i = (i + 1) & mask;
    ix[2 * i] = h;
    ix[2 * i + 1] = e;
  }

  /**
   * Moves the live entries, in order, into arrays of `cap` slots and rebuilds the index at
   * twice that. Entry numbers shift down past holes: iterators are moved along.
   */
  private rebuild(cap: number): void {
    const oldKv = this.kv;
    const oldHashes = this.hashes;
    const oldLrus = this.lrus;
    const oldUsed = this.used;
    const holes = oldUsed !== this.live;
    let moves: TableIterator<V, unknown>[] | null = null;
    if (holes && this.iterators !== null && this.iterators.size > 0) {
      moves = [];
      this.forEachIterator((it) => moves!.push(it));
      moves.sort((a, b) => a.pos - b.pos);
    }
    const kv = cap === this.cap && !holes ? oldKv : new Array<string | V | undefined>(2 * cap);
    const hashes = new Int32Array(cap);
    const lrus = new Uint32Array(cap);
    let n = 0;
    let m = 0;
    for (let e = 0; e < oldUsed; e++) {
      if (moves !== null) while (m < moves.length && moves[m]!.pos <= e) moves[m++]!.pos = n;
      const k = oldKv[2 * e];
      if (k === undefined) continue;
      kv[2 * n] = k;
      kv[2 * n + 1] = oldKv[2 * e + 1];
      hashes[n] = oldHashes[e]!;
      lrus[n] = oldLrus[e]!;
      n++;
    }
    if (moves !== null) while (m < moves.length) moves[m++]!.pos = n;
    this.kv = kv;
    this.hashes = hashes;
    this.lrus = lrus;
    this.cap = cap;
    this.used = n;
    this.index = new Int32Array(4 * cap);
    this.mask = 2 * cap - 1;
    for (let e = 0; e < n; e++) this.place(hashes[e]!, e);
  }
}

/** An iterator over a KeyTable with Map iterator semantics (0 keys, 1 values, 2 entries). */
export class TableIterator<V, T> implements IterableIterator<T> {
  /** The next entry number to look at; moved by the table when entries are renumbered. */
  pos = 0;
  ref: WeakRef<TableIterator<V, unknown>> | null = null;
  /** The entry advance() stopped at. */
  key = '';
  value: V | undefined = undefined;
  private done = false;

  constructor(
    private readonly table: KeyTable<V>,
    private readonly kind: 0 | 1 | 2,
  ) {}

  next(): IteratorResult<T, undefined> {
    if (!this.advance()) return { done: true, value: undefined };
    const k = this.kind;
    const value = (k === 0 ? this.key : k === 1 ? this.value : [this.key, this.value]) as T;
    return { done: false, value };
  }

  /**
   * Steps without allocating (snapshots walk millions of keys): false at the end, else
   * `key` and `value` hold the next entry.
   */
  advance(): boolean {
    if (this.done) return false;
    const t = this.table;
    const e = t.nextEntry(this.pos);
    if (e < 0) {
      // A finished iterator stays finished, as a Map's does.
      this.done = true;
      this.value = undefined;
      if (this.ref !== null) t.untrack(this.ref);
      return false;
    }
    this.pos = e + 1;
    this.key = t.keyAt(e);
    this.value = t.valueAt(e);
    return true;
  }

  [Symbol.iterator](): this {
    return this;
  }
}
