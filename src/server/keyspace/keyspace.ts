// The databases: key -> value maps with absolute expiry times, lazy expiry on access
// (db.c lookupKey*, expireIfNeeded) and the bookkeeping every write does (WATCH,
// blocked clients, keyspace stats). Values are byte strings or the type classes in values/.

import { KeyTable, type TableIterator } from './key-table.js';
import type { RValue } from './values/types.js';

/** The LRU clock: Redis's ticks in whole seconds. */
const lruClock = (ms: number): number => Math.floor(ms / 1000);

/**
 * The values of a key table as a Map, for code outside the keyspace (snapshots, DEBUG
 * DIGEST, KEYS, loading). Its iterators keep a Map's semantics across changes.
 */
class ValueView implements Map<string, RValue> {
  constructor(
    readonly table: KeyTable<RValue>,
    private readonly hooks: KeyspaceHooks,
  ) {}

  get size(): number {
    return this.table.size;
  }
  get(key: string): RValue | undefined {
    return this.table.get(key);
  }
  has(key: string): boolean {
    return this.table.has(key);
  }
  set(key: string, value: RValue): this {
    this.table.set(key, value, lruClock(this.hooks.now()));
    return this;
  }
  delete(key: string): boolean {
    return this.table.delete(key);
  }
  clear(): void {
    this.table.clear();
  }
  keys(): MapIterator<string> {
    return this.table.keys() as unknown as MapIterator<string>;
  }
  values(): MapIterator<RValue> {
    return this.table.values() as unknown as MapIterator<RValue>;
  }
  entries(): MapIterator<[string, RValue]> {
    return this.table.entries() as unknown as MapIterator<[string, RValue]>;
  }
  [Symbol.iterator](): MapIterator<[string, RValue]> {
    return this.entries();
  }
  forEach(fn: (value: RValue, key: string, map: Map<string, RValue>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.table.entries()) fn.call(thisArg, v, k, this);
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
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
  private table = new KeyTable<RValue>();
  /** The keys and values as a Map (a view of the table, replaced along with it). */
  dict: Map<string, RValue>;
  /** Absolute expiry in ms for keys that have one. */
  expires = new Map<string, number>();
  /** Last access time (ms, on Redis's whole-second LRU clock) per key, for OBJECT IDLETIME. */
  readonly lru = {
    get: (key: string): number | undefined => {
      const e = this.table.find(key);
      return e < 0 ? undefined : this.table.lruAt(e) * 1000;
    },
    /** Sets the access time of an existing key (RESTORE ... IDLETIME). */
    set: (key: string, ms: number): void => {
      const e = this.table.find(key);
      if (e >= 0) this.table.setLruAt(e, lruClock(ms));
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

  constructor(
    public id: number,
    readonly hooks: KeyspaceHooks,
  ) {
    this.dict = new ValueView(this.table, hooks);
  }

  get size(): number {
    return this.table.size;
  }

  /**
   * A live walk over the keys and values in insertion order that keeps its place across
   * changes, as a Map iterator does, and steps without allocating (TableIterator.advance).
   */
  cursor(): TableIterator<RValue, unknown> {
    return this.table.keys();
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
    const t = this.table;
    const e = t.find(key);
    if (e < 0) return undefined;
    // A false answer changed nothing, so e still holds.
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    t.setLruAt(e, lruClock(this.hooks.now()));
    return t.valueAt(e);
  }

  /**
   * lookupKeyReadWithFlags(LOOKUP_NOTOUCH): counts hits and misses and expires lazily,
   * but keeps the access time (TYPE, EXISTS, TTL, OBJECT, SCAN TYPE). OBJECT passes
   * notify false (LOOKUP_NONOTIFY): its misses raise no keymiss event.
   */
  lookupReadNoTouch(key: string, notify = true): RValue | undefined {
    let v = this.table.get(key);
    if (v !== undefined && this.expires.size > 0 && this.expireIfNeeded(key)) v = undefined;
    if (v === undefined) this.hooks.keyspaceMiss(this, notify ? key : null);
    else this.hooks.keyspaceHit();
    return v;
  }

  /** Reads without expiry checks or LRU updates (snapshots, DEBUG, SCAN filtering). */
  peek(key: string): RValue | undefined {
    return this.table.get(key);
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
    const created = this.table.set(key, value, lruClock(this.hooks.now()));
    if (created) this.hooks.keyCreated(this, key);
    return created;
  }

  /**
   * Inserts a key while loading a snapshot into a database no snapshot is reading: one
   * hash operation, no signals. False when the key was already there (the load fails).
   */
  loadKey(key: string, value: RValue): boolean {
    const t = this.table;
    if (t.find(key) >= 0) return false;
    t.add(key, value, lruClock(this.hooks.now()));
    return true;
  }

  /** A snapshot being loaded announces how many keys this database will hold (RESIZEDB). */
  reserve(keys: number): void {
    this.table.reserve(keys);
  }

  /** Clients blocked on key may be served now that it holds a list or sorted set. */
  private signalIfBlockable(key: string, value: RValue): void {
    if (typeof value !== 'string' && (value.type === 'list' || value.type === 'zset')) this.hooks.keyAdded(this, key);
  }

  /** Replaces the value of an existing key in place, keeping its TTL (dbOverwrite). */
  overwrite(key: string, value: RValue): void {
    this.cow(key);
    const t = this.table;
    const e = t.find(key);
    if (e < 0) t.add(key, value, lruClock(this.hooks.now()));
    else t.setValueAt(e, value);
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
      this.table = new KeyTable();
      this.dict = new ValueView(this.table, this.hooks);
      this.expires = new Map();
    } else {
      this.table.clear();
      this.expires.clear();
    }
    this.exactExpires.clear();
    this.expireCursor = null;
    this.avgTtl = 0;
    return n;
  }

  /**
   * SWAPDB (db.c dbSwapDatabases): exchanges the contents of two databases. The Db
   * objects (ids, blocked and watching clients) stay put; the maps move, so the swap is
   * O(1) and a snapshot in progress keeps following the data it started with.
   */
  swapWith(other: Db): void {
    [this.table, other.table] = [other.table, this.table];
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.exactExpires, other.exactExpires] = [other.exactExpires, this.exactExpires];
    [this.expireCursor, other.expireCursor] = [other.expireCursor, this.expireCursor];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
  }

  /**
   * A random key or null, in O(1) expected time (RANDOMKEY; logically expired
   * candidates are handled by the caller, as dbRandomKey does).
   */
  randomKey(): string | null {
    return this.table.randomKey() ?? null;
  }
}
