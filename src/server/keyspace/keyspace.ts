// The databases: key -> value maps with absolute expiry times, lazy expiry on access
// (db.c lookupKey*, expireIfNeeded) and the bookkeeping every write does (WATCH,
// blocked clients, keyspace stats). Values are byte strings or the type classes in values/.

import type { RValue } from './values/types.js';

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
  keyspaceHit(): void;
  keyspaceMiss(): void;
}

/** One numbered database. */
export class Db {
  readonly dict = new Map<string, RValue>();
  /** Absolute expiry in ms for keys that have one. */
  readonly expires = new Map<string, number>();
  /** Last access time (ms) per key, for OBJECT IDLETIME. */
  readonly lru = new Map<string, number>();
  /** Keys on which clients are blocked (BLPOP ...), maintained by the blocking module. */
  readonly blockingKeys = new Map<string, Set<unknown>>();
  /** Active-expiry iterator position, kept across cycles (expire.ts). */
  expireCursor: IterableIterator<[string, number]> | null = null;
  avgTtl = 0;

  constructor(
    public id: number,
    readonly hooks: KeyspaceHooks,
  ) {}

  get size(): number {
    return this.dict.size;
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
    if (v === undefined) this.hooks.keyspaceMiss();
    else this.hooks.keyspaceHit();
    return v;
  }

  /** lookupKeyWrite: value or undefined; expired keys are removed first. */
  lookupWrite(key: string): RValue | undefined {
    return this.lookup(key);
  }

  /** Lookup without touching stats (EXISTS-like internal use and TYPE). */
  lookup(key: string): RValue | undefined {
    const v = this.dict.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    this.lru.set(key, this.hooks.now());
    return v;
  }

  /** Reads without expiry checks or LRU updates (snapshots, DEBUG, SCAN filtering). */
  peek(key: string): RValue | undefined {
    return this.dict.get(key);
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /**
   * setKey: stores value, dropping any expiry unless keepTtl, and signals the change.
   * Callers bump server.dirty themselves, as Redis commands do.
   */
  set(key: string, value: RValue, keepTtl = false): void {
    this.dict.set(key, value);
    if (!keepTtl) this.expires.delete(key);
    this.lru.set(key, this.hooks.now());
    this.hooks.keyModified(this, key);
  }

  /** dbAdd for a key known to be absent (no modified signal: callers signal once). */
  add(key: string, value: RValue): void {
    this.dict.set(key, value);
    this.lru.set(key, this.hooks.now());
  }

  /** Replaces the value of an existing key in place, keeping its TTL (dbOverwrite). */
  overwrite(key: string, value: RValue): void {
    this.dict.set(key, value);
  }

  /** dbDelete: removes key, value and expiry. Returns whether it existed. */
  deleteKey(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    this.expires.delete(key);
    this.lru.delete(key);
    return true;
  }

  /** Deletes a key a command removed (DEL, empty aggregate) and signals it. */
  delete(key: string): boolean {
    const existed = this.deleteKey(key);
    if (existed) this.hooks.keyModified(this, key);
    return existed;
  }

  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
  }

  /** Absolute expiry in ms, or -1 without one. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1;
  }

  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Empties the database; returns how many keys were removed. */
  flush(): number {
    const n = this.dict.size;
    this.dict.clear();
    this.expires.clear();
    this.lru.clear();
    this.expireCursor = null;
    this.avgTtl = 0;
    return n;
  }

  /** A random live key or null (RANDOMKEY; expired candidates are handled by the caller). */
  randomKey(): string | null {
    const n = this.dict.size;
    if (n === 0) return null;
    let skip = Math.floor(Math.random() * n);
    for (const k of this.dict.keys()) {
      if (skip-- === 0) return k;
    }
    return null;
  }
}
