// A point-in-time RDB of the whole keyspace produced while the server keeps serving.
// Node has no fork(), so consistency comes from copy-on-write at key level: the
// producer walks each db's live Map; before a command changes a key the producer has
// not written yet, Db calls beforeWrite() and the old value (or "absent") is kept and
// written instead. Used by SAVE, BGSAVE, shutdown saves and replica full syncs.
//
// Invariants, per database captured at the start (flush and SWAPDB move whole maps, so
// a map the producer walks is only ever changed through Db methods that call cow()):
// - Until the first change to a map, nothing needs tracking: the keys written so far are
//   exactly the first ones of the map in iteration order, and are only listed
//   (`visited`, an append per key into fixed-size chunks, no hashing, no regrowth).
// - At the first change, `written` (a Set) starts: it is filled from `visited` in slices
//   before the walk goes on, and from then on gets every key the walk writes. While it is
//   incomplete, a change to a key not in it is treated as "maybe not written": its old
//   state is kept; whether it was written is settled once the set is complete.
// - `preserved` holds the start-of-snapshot state of keys changed before they were known
//   to be written: a value to write, or null for "did not exist".
// - Keys deleted before the walk reached them are written from `preserved` at the end;
//   keys added after the start (preserved as null) are skipped when the walk meets them;
//   keys the walk meets a second time (deleted and added again) are in `written`.
// So a BGSAVE without concurrent writes allocates no per-key set at all.

import type { TableIterator } from '../keyspace/key-table.js';
import type { Db } from '../keyspace/keyspace.js';
import type { RValue } from '../keyspace/values/types.js';
import type { ServerState } from '../state.js';
import { RDB_WRITE_VERSION, REDIS_VERSION } from '../version.js';
import { RdbWriter } from './rdb-writer.js';

/**
 * Old state of a key changed during the snapshot; null: the key did not exist. `exact`
 * carries an expiry beyond 2^53 ms that the number cannot hold.
 */
type Preserved = { value: RValue; expire: number; exact: bigint | undefined } | null;

interface SnapDb {
  index: number;
  dict: Map<string, RValue>;
  expires: Map<string, number>;
  size: number;
  expiresSize: number;
  /** Entries, not keys: a Map lookup per key costs far more than the iterator's pair. */
  iter: TableIterator<RValue, unknown>;
  /** Keys written before the first change (only while `written` is null or being filled). */
  visited: KeyList;
  /** Keys known to be written; null until the first change to this map. */
  written: Set<string> | null;
  /** Next index of `visited` to copy into `written`; -1 when the copy is complete. */
  fillAt: number;
  preserved: Map<string, Preserved>;
}

/**
 * An append-only list of keys in chunks of 64K slots: no copying as it grows, and each
 * chunk stays a fast array (V8 makes `new Array(n)` a dictionary past 100K elements).
 */
class KeyList {
  private readonly chunks: string[][] = [];
  private last: string[] | null = null;
  length = 0;

  push(key: string): void {
    const i = this.length & 0xffff;
    if (i === 0) {
      this.last = new Array<string>(0x10000);
      this.chunks.push(this.last);
    }
    this.last![i] = key;
    this.length++;
  }

  at(i: number): string {
    return this.chunks[i >>> 16]![i & 0xffff]!;
  }
}

/** Something a Db notifies before it changes a key (see Db.beforeWrite). */
export interface CowObserver {
  beforeWrite(db: Db, key: string): void;
}

export interface SnapshotOptions {
  /** Aux fields after the standard ones (repl-stream-db, repl-id, repl-offset). */
  replAux?: Array<[string, string]>;
  /** rdb-key-save-delay: microseconds to spend per key (tests slow saves on purpose). */
  keyDelayUs?: number;
  /** Budget of one slice between event-loop turns, ms. */
  sliceMs?: number;
  /**
   * The snapshot runs to completion without yielding (SAVE, shutdown, DEBUG RELOAD):
   * nothing can change meanwhile, so no copy-on-write bookkeeping is needed.
   */
  blocking?: boolean;
  /**
   * Hand out views of the writer's buffer instead of copies. Only for sinks done with a
   * chunk when they return (or when their promise settles), e.g. file writes: it saves
   * allocating the whole file again as garbage.
   */
  chunkViews?: boolean;
}

export interface SnapshotResult {
  bytes: number;
  keys: number;
}

/** Receives chunks; may return a promise to apply backpressure (sockets). */
export type SnapshotSink = (chunk: Buffer) => void | Promise<void>;

/** Rough bytes a preserved value holds (current_cow_size: what the copies cost). */
function approxSize(v: RValue): number {
  if (typeof v === 'string') return v.length + 16;
  switch (v.type) {
    case 'list':
      return v.length * 24;
    case 'set':
    case 'hash':
    case 'zset':
      return v.size * 48;
  }
}

const toBigInt = (v: number | bigint): bigint | undefined => (typeof v === 'bigint' ? v : undefined);

/** Blocks the process for rdb-key-save-delay during a blocking save (usleep in Redis). */
function sleepBlocking(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class SnapshotProducer implements CowObserver {
  private readonly dbs: SnapDb[] = [];
  private readonly byDict = new Map<Map<string, RValue>, SnapDb>();
  private aborted = false;
  private readonly blocking: boolean;
  readonly writer: RdbWriter;
  /** Keys written so far (current_save_keys_processed). */
  keys = 0;
  /** Keys in the captured databases (current_save_keys_total). */
  readonly keysTotal: number;
  /** Bytes held by copy-on-write copies now, and the most ever (current_cow_size/peak). */
  cowBytes = 0;
  cowPeak = 0;
  /** rdb-key-save-delay owed at the last slice boundary, ms. */
  private waitMs = 0;
  readonly startedAt = Date.now();

  /** Captures the keyspace as it is now and starts observing writes. */
  constructor(
    private readonly s: ServerState,
    private readonly opts: SnapshotOptions = {},
  ) {
    this.blocking = opts.blocking === true;
    this.writer = new RdbWriter({
      compress: s.config.bool('rdbcompression'),
      checksum: s.config.bool('rdbchecksum'),
      listFill: s.config.num('list-max-listpack-size'),
    });
    let total = 0;
    for (const db of s.dbs) {
      if (db.dict.size === 0) continue;
      const sd: SnapDb = {
        index: db.id,
        dict: db.dict,
        expires: db.expires,
        size: db.dict.size,
        expiresSize: db.expires.size,
        iter: db.cursor(),
        visited: new KeyList(),
        written: null,
        fillAt: -1,
        preserved: new Map(),
      };
      total += sd.size;
      this.dbs.push(sd);
      this.byDict.set(db.dict, sd);
    }
    this.keysTotal = total;
    if (!this.blocking) s.snapshots.add(this);
  }

  beforeWrite(db: Db, key: string): void {
    const sd = this.byDict.get(db.dict);
    if (!sd || sd.preserved.has(key)) return;
    if (sd.written === null) {
      // First change: from now on written keys must be known (see the invariants above).
      sd.written = new Set();
      sd.fillAt = 0;
    } else if (sd.written.has(key)) {
      return;
    }
    const v = sd.dict.get(key);
    if (v === undefined) {
      sd.preserved.set(key, null);
      return;
    }
    const copy = typeof v === 'string' ? v : v.clone();
    const expire = sd.expires.get(key) ?? -1;
    const exact = Number.isSafeInteger(expire) ? undefined : toBigInt(db.getExpireExact(key));
    sd.preserved.set(key, { value: copy, expire, exact });
    this.cowBytes += approxSize(copy);
    if (this.cowBytes > this.cowPeak) this.cowPeak = this.cowBytes;
  }

  /** The exact int64 expiry of a key whose time is beyond 2^53 ms, from the Db now holding the map. */
  private exactExpire(sd: SnapDb, key: string): bigint | undefined {
    for (const db of this.s.dbs) if (db.expires === sd.expires) return toBigInt(db.getExpireExact(key));
    return undefined;
  }

  /** Stops observing; an unfinished run ends with an error. */
  abort(): void {
    this.aborted = true;
    this.s.snapshots.delete(this);
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  /**
   * Yields between slices of work; each yield hands back the bytes produced so far.
   * The last chunk includes the EOF opcode and checksum.
   */
  private *produce(): Generator<Buffer, void, void> {
    const w = this.writer;
    w.header(RDB_WRITE_VERSION);
    const now = Date.now();
    // rdbSaveInfoAuxFields, in Redis's order.
    w.aux('redis-ver', REDIS_VERSION);
    w.aux('redis-bits', '64');
    w.aux('ctime', String(Math.floor(now / 1000)));
    w.aux('used-mem', String(process.memoryUsage.rss()));
    for (const [k, v] of this.opts.replAux ?? []) w.aux(k, v);
    w.aux('aof-base', '0');
    const sliceMs = this.opts.sliceMs ?? 2;
    const delayUs = this.opts.keyDelayUs ?? 0;
    const blocking = this.blocking;
    let sliceStart = performance.now();
    let owedUs = 0;
    for (const sd of this.dbs) {
      w.selectDb(sd.index);
      w.resizeDb(sd.size, sd.expiresSize);
      const { expires, preserved, iter } = sd;
      const hasExpires = expires.size > 0;
      for (;;) {
        // After the first change, complete `written` before writing anything more.
        if (sd.fillAt >= 0) {
          const written = sd.written!;
          const visited = sd.visited;
          while (sd.fillAt < visited.length) {
            written.add(visited.at(sd.fillAt++));
            if ((sd.fillAt & 1023) === 0 && !blocking && performance.now() - sliceStart >= sliceMs) break;
          }
          if (sd.fillAt < visited.length) {
            yield this.chunk();
            if (this.aborted) return;
            sliceStart = performance.now();
            continue;
          }
          sd.fillAt = -1;
          sd.visited = new KeyList();
        }
        if (!iter.advance()) break;
        const key = iter.key;
        if (!blocking) {
          const written = sd.written;
          if (written === null) {
            sd.visited.push(key);
          } else {
            // One hash operation: a key already in the set was written (re-added keys).
            const before = written.size;
            written.add(key);
            if (written.size === before) continue;
          }
        }
        if (preserved.size > 0 && preserved.has(key)) {
          const p = preserved.get(key)!;
          preserved.delete(key);
          if (p === null) continue;
          w.keyValue(key, p.value, p.expire, p.exact);
          this.cowBytes -= approxSize(p.value);
        } else {
          const expire = hasExpires ? (expires.get(key) ?? -1) : -1;
          w.keyValue(key, iter.value!, expire, Number.isSafeInteger(expire) ? undefined : this.exactExpire(sd, key));
        }
        this.keys++;
        if (delayUs !== 0) owedUs += delayUs > 0 ? delayUs : Math.random() * -delayUs < 1 ? 1 : 0;
        if ((this.keys & 63) === 0 || owedUs >= 1000) {
          if (blocking) {
            if (owedUs >= 1000) {
              sleepBlocking(Math.floor(owedUs / 1000));
              owedUs = 0;
            }
            if (w.buffered > 4 * 1024 * 1024) yield this.chunk();
          } else if (owedUs >= 1000 || w.buffered > 4 * 1024 * 1024 || performance.now() - sliceStart >= sliceMs) {
            this.waitMs = Math.floor(owedUs / 1000);
            owedUs = 0;
            yield this.chunk();
            if (this.aborted) return;
            sliceStart = performance.now();
          }
        }
      }
      // Keys that existed at the start and were deleted before the walk reached them
      // (`written` is complete here: the walk only ends after the fill).
      for (const [key, p] of preserved) {
        if (p !== null && !sd.written!.has(key)) {
          w.keyValue(key, p.value, p.expire, p.exact);
          this.keys++;
        }
      }
      preserved.clear();
      sd.written = null;
      sd.visited = new KeyList();
      this.byDict.delete(sd.dict);
    }
    this.cowBytes = 0;
    this.s.snapshots.delete(this);
    yield w.finish();
  }

  private chunk(): Buffer {
    return this.opts.chunkViews === true ? this.writer.takeView() : this.writer.take();
  }

  /** Produces the whole snapshot without yielding to the event loop (SAVE, shutdown). */
  runSync(sink: (chunk: Buffer) => void): SnapshotResult {
    for (const chunk of this.produce()) sink(chunk);
    return { bytes: this.writer.written, keys: this.keys };
  }

  /** Produces the snapshot in slices between event-loop turns (BGSAVE, full sync). */
  async run(sink: SnapshotSink): Promise<SnapshotResult> {
    const gen = this.produce();
    for (;;) {
      const r = gen.next();
      if (r.done) break;
      const p = sink(r.value);
      if (p) await p;
      if (this.aborted) throw new Error('snapshot aborted');
      // Let clients run between slices; with a key delay, wait it out.
      const wait = this.waitMs;
      this.waitMs = 0;
      await new Promise<void>((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
      if (this.aborted) throw new Error('snapshot aborted');
    }
    return { bytes: this.writer.written, keys: this.keys };
  }
}
