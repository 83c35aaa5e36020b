// A point-in-time RDB of the whole keyspace produced while the server keeps serving.
// Node has no fork(), so consistency comes from copy-on-write at key level: the
// producer walks each db's live Map; before a command changes a key the producer has
// not written yet, Db calls beforeWrite() and the old value (or "absent") is kept and
// written instead. Used by SAVE, BGSAVE, shutdown saves and replica full syncs.

import type { Db } from '../keyspace/keyspace.js';
import type { RValue } from '../keyspace/values/types.js';
import type { ServerState } from '../state.js';
import { RDB_WRITE_VERSION } from '../version.js';
import { RdbWriter } from './rdb-writer.js';

/** Old state of a key changed during the snapshot; null: the key did not exist. */
type Preserved = { value: RValue; expire: number } | null;

interface SnapDb {
  index: number;
  dict: Map<string, RValue>;
  expires: Map<string, number>;
  size: number;
  expiresSize: number;
  iter: Iterator<string>;
  written: Set<string>;
  preserved: Map<string, Preserved>;
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
}

export interface SnapshotResult {
  bytes: number;
  keys: number;
}

/** Receives chunks; may return a promise to apply backpressure (sockets). */
export type SnapshotSink = (chunk: Buffer) => void | Promise<void>;

export class SnapshotProducer implements CowObserver {
  private readonly dbs: SnapDb[] = [];
  private readonly byDict = new Map<Map<string, RValue>, SnapDb>();
  private aborted = false;
  readonly writer: RdbWriter;
  keys = 0;
  /** rdb-key-save-delay owed at the last slice boundary, ms. */
  private waitMs = 0;
  readonly startedAt = Date.now();

  /** Captures the keyspace as it is now and starts observing writes. */
  constructor(
    private readonly s: ServerState,
    private readonly opts: SnapshotOptions = {},
  ) {
    this.writer = new RdbWriter({ compress: s.config.bool('rdbcompression'), checksum: s.config.bool('rdbchecksum') });
    for (const db of s.dbs) {
      if (db.dict.size === 0) continue;
      const sd: SnapDb = {
        index: db.id,
        dict: db.dict,
        expires: db.expires,
        size: db.dict.size,
        expiresSize: db.expires.size,
        iter: db.dict.keys(),
        written: new Set(),
        preserved: new Map(),
      };
      this.dbs.push(sd);
      this.byDict.set(db.dict, sd);
    }
    s.snapshots.add(this);
  }

  beforeWrite(db: Db, key: string): void {
    const sd = this.byDict.get(db.dict);
    if (!sd || sd.written.has(key) || sd.preserved.has(key)) return;
    const v = sd.dict.get(key);
    if (v === undefined) {
      sd.preserved.set(key, null);
      return;
    }
    sd.preserved.set(key, { value: typeof v === 'string' ? v : v.clone(), expire: sd.expires.get(key) ?? -1 });
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
    w.aux('redis-ver', '7.0.15');
    w.aux('redis-bits', '64');
    w.aux('ctime', String(Math.floor(now / 1000)));
    w.aux('used-mem', String(process.memoryUsage().rss));
    for (const [k, v] of this.opts.replAux ?? []) w.aux(k, v);
    w.aux('aof-base', '0');
    const sliceMs = this.opts.sliceMs ?? 3;
    const delayUs = this.opts.keyDelayUs ?? 0;
    let sliceStart = performance.now();
    let owedUs = 0;
    for (const sd of this.dbs) {
      w.selectDb(sd.index);
      w.resizeDb(sd.size, sd.expiresSize);
      const emit = (key: string, value: RValue, expire: number): void => {
        w.keyValue(key, value, expire);
        this.keys++;
        owedUs += delayUs;
      };
      for (;;) {
        const r = sd.iter.next();
        if (r.done) break;
        const key = r.value;
        if (sd.written.has(key)) continue;
        sd.written.add(key);
        if (sd.preserved.has(key)) {
          const p = sd.preserved.get(key)!;
          sd.preserved.delete(key);
          if (p !== null) emit(key, p.value, p.expire);
        } else {
          emit(key, sd.dict.get(key)!, sd.expires.get(key) ?? -1);
        }
        if (owedUs >= 1000 || (this.keys & 63) === 0) {
          if (owedUs >= 1000 || performance.now() - sliceStart >= sliceMs || w.buffered > 4 * 1024 * 1024) {
            this.waitMs = Math.floor(owedUs / 1000);
            yield w.take();
            if (this.aborted) return;
            sliceStart = performance.now();
            owedUs = 0;
          }
        }
      }
      // Keys that existed at the start and were deleted before the walk reached them.
      for (const [key, p] of sd.preserved) {
        if (p !== null && !sd.written.has(key)) emit(key, p.value, p.expire);
      }
      sd.preserved.clear();
      sd.written.clear();
    }
    this.s.snapshots.delete(this);
    yield w.finish();
  }

  /** Produces the whole snapshot without yielding (SAVE, shutdown). */
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
    }
    return { bytes: this.writer.written, keys: this.keys };
  }
}
