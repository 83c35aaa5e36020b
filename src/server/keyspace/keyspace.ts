// The databases: key -> value maps with absolute expiry times, lazy expiry on access
// (db.c lookupKey*, expireIfNeeded) and the bookkeeping every write does (WATCH,
// blocked clients, keyspace stats). Values are byte strings or the type classes in values/.

import type { RValue } from './values/types.js';

/**
 * What the keyspace holds per key: the value and its last access in whole seconds (the
 * LRU clock of OBJECT IDLETIME). One map entry per key, so an access is one lookup and
 * touching a key is a field store.
 */
export class KeyEntry {
  constructor(
    public value: RValue,
    public lru: number,
  ) {}
}

/**
 * A table slot: an entry, or a bare string value whose access time is the table's
 * `rawLru`. Loading a snapshot stores bare strings (no object per key, which makes large
 * loads markedly faster); the first access in a later second turns one into an entry.
 */
type Slot = KeyEntry | string;

/** The value a slot holds. */
const valueOf = (e: Slot): RValue => (typeof e === 'string' ? e : e.value);

/** The LRU clock: Redis's ticks in whole seconds. */
const lruClock = (ms: number): number => Math.floor(ms / 1000);

/**
 * The values of a key table as a Map, for code outside the keyspace (snapshots, DEBUG
 * DIGEST, KEYS, loading): reads see values, writes keep or create entries.
 */
class ValueView implements Map<string, RValue> {
  constructor(
    readonly table: Map<string, Slot>,
    private readonly hooks: KeyspaceHooks,
  ) {}

  get size(): number {
    return this.table.size;
  }
  get(key: string): RValue | undefined {
    const e = this.table.get(key);
    return e === undefined ? undefined : valueOf(e);
  }
  has(key: string): boolean {
    return this.table.has(key);
  }
  set(key: string, value: RValue): this {
    const e = this.table.get(key);
    if (e !== undefined && typeof e !== 'string') e.value = value;
    else this.table.set(key, new KeyEntry(value, lruClock(this.hooks.now())));
    return this;
  }
  delete(key: string): boolean {
    return this.table.delete(key);
  }
  clear(): void {
    this.table.clear();
  }
  keys(): MapIterator<string> {
    return this.table.keys();
  }
  values(): MapIterator<RValue> {
    return mapIterator(this.table.values(), valueOf);
  }
  entries(): MapIterator<[string, RValue]> {
    return new EntryIterator(this.table.entries()) as unknown as MapIterator<[string, RValue]>;
  }
  [Symbol.iterator](): MapIterator<[string, RValue]> {
    return this.entries();
  }
  forEach(fn: (value: RValue, key: string, map: Map<string, RValue>) => void, thisArg?: unknown): void {
    for (const [k, e] of this.table) fn.call(thisArg, valueOf(e), k, this);
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/**
 * The table's entries with values in place of slots. It rewrites the pair the Map
 * iterator hands out (a fresh array each time) instead of wrapping it in a generator:
 * snapshots walk millions of keys through it.
 */
class EntryIterator {
  constructor(private readonly it: MapIterator<[string, Slot]>) {}

  next(): IteratorResult<[string, RValue], undefined> {
    const r = this.it.next();
    if (r.done !== true) {
      const e = r.value[1];
      if (typeof e !== 'string') (r.value as [string, RValue])[1] = e.value;
    }
    return r as IteratorResult<[string, RValue], undefined>;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

function* mapped<T, U>(it: Iterable<T>, fn: (t: T) => U): Generator<U, undefined, unknown> {
  for (const t of it) yield fn(t);
  return undefined;
}

function mapIterator<T, U>(it: Iterable<T>, fn: (t: T) => U): MapIterator<U> {
  return mapped(it, fn) as unknown as MapIterator<U>;
}

/** Hooks the keyspace calls out through; ServerState provides them. */
export interface KeyspaceHooks {
  /** Milliseconds used for expiry decisions during the current command. */
  now(): number;
  /**
   * True when this node replicates from a master: expired keys are then reported as
   * missing but never deleted here (the master's DEL will come), except for the master link.
   */
  isReplica(): boolean;
  /** True while the command being executed came from our master. */
  executingMasterCommand(): boolean;
  /** True while writes are paused (CLIENT PAUSE WRITE / FAILOVER): no expiry deletes then. */
  writesPaused(): boolean;
  /** True while loading a snapshot: nothing expires during a load (keyIsExpired). */
  loading(): boolean;
  /** A key expired on access on a master: propagate DEL/UNLINK and count it. */
  expiredKeyDeleted(db: Db, key: string): void;
  /** A key was written (signalModifiedKey): invalidates WATCH. */
  keyModified(db: Db, key: string): void;
  /** A list or sorted set was added under a new key (dbAdd's signalKeyAsReady). */
  keyAdded(db: Db, key: string): void;
  /** A key that did not exist was stored (dbAdd's `new` keyspace event). */
  keyCreated(db: Db, key: string): void;
  keyspaceHit(): void;
  /** True while a snapshot is being produced (copy-on-write is needed). */
  snapshotting(): boolean;
  /** A key is about to change: snapshots in progress keep its current state. */
  beforeWrite(db: Db, key: string): void;
  /** A read lookup missed key; null when the lookup must not raise a keymiss event (OBJECT). */
  keyspaceMiss(db: Db, key: string | null): void;
}

/** One numbered database. */
export class Db {
  /** key -> value and access time. Not readonly: SWAPDB exchanges tables (swapWith). */
  private table = new Map<string, Slot>();
  /** Access time (LRU clock) of the table's bare-string slots; travels with the table. */
  private rawLru = 0;
  /** The keys and values as a Map (a view of the table, replaced along with it). */
  dict: Map<string, RValue>;
  /** Absolute expiry in ms for keys that have one. */
  expires = new Map<string, number>();
  /** Last access time (ms, on Redis's whole-second LRU clock) per key, for OBJECT IDLETIME. */
  readonly lru = {
    get: (key: string): number | undefined => {
      const e = this.table.get(key);
      if (e === undefined) return undefined;
      return (typeof e === 'string' ? this.rawLru : e.lru) * 1000;
    },
    /** Sets the access time of an existing key (RESTORE ... IDLETIME). */
    set: (key: string, ms: number): void => {
      const e = this.table.get(key);
      if (e === undefined) return;
      if (typeof e === 'string') this.table.set(key, new KeyEntry(e, lruClock(ms)));
      else e.lru = lruClock(ms);
    },
  };
  /** Keys on which clients are blocked (BLPOP ...), maintained by the blocking module. */
  readonly blockingKeys = new Map<string, Set<unknown>>();
  /** Active-expiry iterator position, kept across cycles (expire.ts). */
  expireCursor: IterableIterator<[string, number]> | null = null;
  /** Running estimate of the TTL of volatile keys, ms (db->avg_ttl, kept by expire.ts). */
  avgTtl = 0;
  /**
   * Exact int64 expiry of the rare keys whose time is beyond 2^53 ms (PEXPIREAT
   * 9223372036854775807 must read back exactly); `expires` holds the rounded number.
   */
  private exactExpires = new Map<string, bigint>();
  /**
   * Key names for O(1) RANDOMKEY, built on first use and then appended to by set/add.
   * It may hold names deleted since (dropped when picked) and, after delete + re-add,
   * a name twice; it is rebuilt when it grows past twice the key count.
   */
  private sample: string[] | null = null;

  constructor(
    public id: number,
    readonly hooks: KeyspaceHooks,
  ) {
    this.dict = new ValueView(this.table, hooks);
  }

  get size(): number {
    return this.table.size;
  }

  /** keyIsExpired: strictly past its time, and never while loading. */
  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined) return false;
    if (this.hooks.loading()) return false;
    return this.hooks.now() > when;
  }

  /**
   * expireIfNeeded: true when the key is logically expired. A master deletes it and
   * propagates the deletion; a replica only reports it (its master's DEL will follow),
   * and treats it as live for commands coming from its master.
   */
  expireIfNeeded(key: string): boolean {
    if (!this.isExpired(key)) return false;
    if (this.hooks.isReplica()) return !this.hooks.executingMasterCommand();
    if (this.hooks.writesPaused()) return true;
    this.deleteKey(key);
    this.hooks.expiredKeyDeleted(this, key);
    return true;
  }

  /** lookupKeyRead: value or undefined, counting hits and misses. */
  lookupRead(key: string): RValue | undefined {
    const v = this.lookup(key);
    if (v === undefined) this.hooks.keyspaceMiss(this, key);
    else this.hooks.keyspaceHit();
    return v;
  }

  /** lookupKeyWrite: value or undefined; expired keys are removed first. */
  lookupWrite(key: string): RValue | undefined {
    const v = this.lookup(key);
    // The caller may change the value in place: a snapshot in progress keeps the old one.
    if (v !== undefined && this.hooks.snapshotting()) this.hooks.beforeWrite(this, key);
    return v;
  }

  /** Copy-on-write point: a snapshot in progress saves key's current state first. */
  private cow(key: string): void {
    if (this.hooks.snapshotting()) this.hooks.beforeWrite(this, key);
  }

  /** Lookup without touching stats (EXISTS-like internal use and TYPE). */
  lookup(key: string): RValue | undefined {
    const e = this.table.get(key);
    if (e === undefined) return undefined;
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    const now = lruClock(this.hooks.now());
    if (typeof e === 'string') {
      if (now !== this.rawLru) this.table.set(key, new KeyEntry(e, now));
      return e;
    }
    e.lru = now;
    return e.value;
  }

  /**
   * lookupKeyReadWithFlags(LOOKUP_NOTOUCH): counts hits and misses and expires lazily,
   * but keeps the access time (TYPE, EXISTS, TTL, OBJECT, SCAN TYPE). OBJECT passes
   * notify false (LOOKUP_NONOTIFY): its misses raise no keymiss event.
   */
  lookupReadNoTouch(key: string, notify = true): RValue | undefined {
    const e = this.table.get(key);
    let v = e === undefined ? undefined : valueOf(e);
    if (v !== undefined && this.expires.size > 0 && this.expireIfNeeded(key)) v = undefined;
    if (v === undefined) this.hooks.keyspaceMiss(this, notify ? key : null);
    else this.hooks.keyspaceHit();
    return v;
  }

  /** Reads without expiry checks or LRU updates (snapshots, DEBUG, SCAN filtering). */
  peek(key: string): RValue | undefined {
    const e = this.table.get(key);
    return e === undefined ? undefined : valueOf(e);
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /**
   * setKey: stores value, dropping any expiry unless keepTtl, and signals the change.
   * Callers bump server.dirty themselves, as Redis commands do.
   */
  set(key: string, value: RValue, keepTtl = false): void {
    this.cow(key);
    const created = this.store(key, value);
    if (!keepTtl && this.expires.size > 0 && this.expires.delete(key) && this.exactExpires.size > 0) this.exactExpires.delete(key);
    this.hooks.keyModified(this, key);
    // Only a new key wakes blocked clients: 7.0's dbOverwrite does not signal.
    if (created && this.blockingKeys.size > 0) this.signalIfBlockable(key, value);
  }

  /** dbAdd for a key known to be absent (no modified signal: callers signal once). */
  add(key: string, value: RValue): void {
    this.cow(key);
    this.store(key, value);
    if (this.blockingKeys.size > 0) this.signalIfBlockable(key, value);
  }

  /** Puts value under key, accessed now; true when the key did not exist (dbAdd's `new` event). */
  private store(key: string, value: RValue): boolean {
    const e = this.table.get(key);
    const now = lruClock(this.hooks.now());
    if (e !== undefined && typeof e !== 'string') {
      e.value = value;
      e.lru = now;
      return false;
    }
    this.table.set(key, new KeyEntry(value, now));
    if (e !== undefined) return false;
    if (this.sample !== null) this.sample.push(key);
    this.hooks.keyCreated(this, key);
    return true;
  }

  /**
   * Inserts a key while loading a snapshot into a database no snapshot is reading: one
   * hash operation, no signals. False when the key was already there (the load fails).
   */
  loadKey(key: string, value: RValue): boolean {
    const t = this.table;
    const before = t.size;
    const now = lruClock(this.hooks.now());
    if (typeof value === 'string') {
      // Bare slot: every loaded string shares the table's access time (the load's last second).
      this.rawLru = now;
      t.set(key, value);
    } else {
      t.set(key, new KeyEntry(value, now));
    }
    return t.size !== before;
  }

  /** Clients blocked on key may be served now that it holds a list or sorted set. */
  private signalIfBlockable(key: string, value: RValue): void {
    if (typeof value !== 'string' && (value.type === 'list' || value.type === 'zset')) this.hooks.keyAdded(this, key);
  }

  /** Replaces the value of an existing key in place, keeping its TTL (dbOverwrite). */
  overwrite(key: string, value: RValue): void {
    this.cow(key);
    const e = this.table.get(key);
    if (e === undefined) this.table.set(key, new KeyEntry(value, lruClock(this.hooks.now())));
    else if (typeof e === 'string') this.table.set(key, new KeyEntry(value, this.rawLru));
    else e.value = value;
  }

  /** dbDelete: removes key, value and expiry. Returns whether it existed. */
  deleteKey(key: string): boolean {
    if (this.hooks.snapshotting()) {
      if (!this.table.has(key)) return false;
      this.hooks.beforeWrite(this, key);
    }
    if (!this.table.delete(key)) return false;
    if (this.expires.size > 0 && this.expires.delete(key) && this.exactExpires.size > 0) this.exactExpires.delete(key);
    return true;
  }

  /** Deletes a key a command removed (DEL, empty aggregate) and signals it. */
  delete(key: string): boolean {
    const existed = this.deleteKey(key);
    if (existed) this.hooks.keyModified(this, key);
    return existed;
  }

  /**
   * Sets the absolute expiry (ms) of an existing key. `exact` carries the int64 value
   * when whenMs is beyond 2^53 and was computed exactly (EXPIRE family, RENAME ...).
   */
  setExpire(key: string, whenMs: number, exact?: bigint): void {
    this.cow(key);
    this.expires.set(key, whenMs);
    if (exact !== undefined && !Number.isSafeInteger(whenMs)) this.exactExpires.set(key, exact);
    else if (this.exactExpires.size > 0) this.exactExpires.delete(key);
  }

  /** Absolute expiry in ms, or -1 without one. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1;
  }

  /** getExpire with full int64 precision for times beyond 2^53 ms (a bigint only then). */
  getExpireExact(key: string): number | bigint {
    if (this.exactExpires.size > 0) {
      const exact = this.exactExpires.get(key);
      if (exact !== undefined) return exact;
    }
    return this.expires.get(key) ?? -1;
  }

  removeExpire(key: string): boolean {
    if (!this.expires.has(key)) return false;
    this.cow(key);
    this.expires.delete(key);
    if (this.exactExpires.size > 0) this.exactExpires.delete(key);
    return true;
  }

  /** Empties the database; returns how many keys were removed. */
  flush(): number {
    const n = this.table.size;
    if (this.hooks.snapshotting()) {
      // A snapshot in progress keeps reading the old maps; this db starts new ones.
      this.table = new Map();
      this.dict = new ValueView(this.table, this.hooks);
      this.expires = new Map();
    } else {
      this.table.clear();
      this.expires.clear();
    }
    this.exactExpires.clear();
    this.expireCursor = null;
    this.avgTtl = 0;
    this.sample = null;
    return n;
  }

  /**
   * SWAPDB (db.c dbSwapDatabases): exchanges the contents of two databases. The Db
   * objects (ids, blocked and watching clients) stay put; the maps move, so the swap is
   * O(1) and a snapshot in progress keeps following the data it started with.
   */
  swapWith(other: Db): void {
    [this.table, other.table] = [other.table, this.table];
    [this.rawLru, other.rawLru] = [other.rawLru, this.rawLru];
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.exactExpires, other.exactExpires] = [other.exactExpires, this.exactExpires];
    [this.sample, other.sample] = [other.sample, this.sample];
    [this.expireCursor, other.expireCursor] = [other.expireCursor, this.expireCursor];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
  }

  /**
   * A random key or null, in O(1) expected time (RANDOMKEY; logically expired
   * candidates are handled by the caller, as dbRandomKey does).
   */
  randomKey(): string | null {
    const n = this.table.size;
    if (n === 0) {
      this.sample = null;
      return null;
    }
    let sample = this.sample;
    // Fewer names than keys means keys were added behind our back (dict used directly).
    if (sample === null || sample.length < n || sample.length > 2 * n + 64) {
      sample = this.sample = Array.from(this.table.keys());
    }
    for (;;) {
      if (sample.length === 0) sample = this.sample = Array.from(this.table.keys());
      const i = Math.floor(Math.random() * sample.length);
      const k = sample[i]!;
      if (this.table.has(k)) return k;
      const last = sample.pop()!;
      if (i < sample.length) sample[i] = last;
    }
  }
}
