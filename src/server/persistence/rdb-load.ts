// Loads dir/dbfilename at startup and on DEBUG RELOAD, and replicas' sync payloads
// (rdb.c rdbLoad / rdbLoadRioWithLoadingCtx, server.c loadDataFromDisk). A sliced load
// yields to the event loop between slices so clients get -LOADING and INFO shows the
// progress. A bad file stops startup: never start empty on top of unreadable data.

import { closeSync, existsSync, fstatSync, openSync, read, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { tenureYoungObjects } from '../gc.js';
import type { Db } from '../keyspace/keyspace.js';
import { forgetStringEncodings } from '../keyspace/values/string.js';
import type { ServerState } from '../state.js';
import { crc64OfFilePrefix } from './crc64.js';
import type { RdbAux } from './rdb-format.js';
import { NEED_MORE, RdbError, RdbReader } from './rdb-reader.js';
import { persistenceOf, rdbPath } from './snapshot.js';
import { BadValueError, buildValue, isEmptyValue } from './values.js';

/** Why a data file could not be loaded; startup logs it and exits non-zero. */
export class RdbLoadError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`Failed loading RDB file '${file}' at offset ${offset}: ${problem}`);
  }
}

export interface LoadResult {
  loaded: boolean;
  keys: number;
  expired: number;
  emptySkipped: number;
  aux: RdbAux;
}

export interface LoadOptions {
  /** Yield to the event loop between slices (startup, replica sync). */
  sliced: boolean;
  /** DEBUG RELOAD MERGE: a key already present is replaced instead of failing the load. */
  merge?: boolean;
  /**
   * Load into these empty databases, which nothing else reads yet, instead of the
   * server's; the server keeps serving its data meanwhile (no -LOADING, async_loading:1).
   */
  into?: Db[];
  /** Size of a streamed image when known in advance (INFO loading_total_bytes). */
  totalBytes?: number;
  /**
   * The CRC-64 of the image's first `end` bytes, computed elsewhere (a worker thread):
   * the reader then skips its own checksum work and compares at the end.
   */
  externalCrc?: (end: number) => Promise<Buffer>;
}

/** What loadSteps yields to get the external checksum (see LoadOptions.externalCrc). */
const CRC_WAIT = -2;

/** What loadSteps yields when a streaming reader ran out of data. */
const NEED_DATA = -1;

/** Budget of one loading slice before other events run, ms. */
const SLICE_MS = 5;

/**
 * Loads a whole RDB image into the databases (normally empty) in one go (DEBUG RELOAD);
 * key-load-delay (µs per key; negative: 1 µs with probability 1/-n, as debugDelay) then
 * blocks the process. Startup and replicas stream through StreamLoad instead.
 */
export function loadRdbBufferSync(s: ServerState, buf: Buffer, file: string, merge = false): LoadResult {
  const steps = loadSteps(s, new RdbReader(buf, s.config.bool('rdbchecksum')), file, { sliced: false, merge });
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    sleepBlocking(r.value);
  }
}

/**
 * A load fed chunk by chunk while the image arrives (a replica's full sync): parsing
 * overlaps the transfer. push() the bytes, end() once complete, and await done.
 */
export class StreamLoad {
  readonly done: Promise<LoadResult>;
  private readonly reader: RdbReader;
  private wake: (() => void) | null = null;
  private aborted = false;
  private finished = false;
  private readonly externalCrc: LoadOptions['externalCrc'];
  /** A producer waiting for the unparsed bytes to fall to `limit` (see drained). */
  private lowWater: { limit: number; resolve: () => void } | null = null;

  constructor(s: ServerState, file: string, opts: LoadOptions) {
    this.reader = RdbReader.streaming(s.config.bool('rdbchecksum'));
    this.reader.externalChecksum = opts.externalCrc !== undefined;
    this.externalCrc = opts.externalCrc;
    const steps = loadSteps(s, this.reader, file, opts);
    this.done = this.drive(steps);
    // A failure is reported through done; nobody may be awaiting it yet.
    this.done.catch(() => {});
  }

  /** Bytes of the image received so far. */
  get received(): number {
    return this.reader.size;
  }

  /** Bytes received but not parsed yet. */
  get buffered(): number {
    return this.reader.size - this.reader.offset;
  }

  /**
   * Resolves once at most `limit` bytes wait to be parsed (or the load ended): a sender
   * faster than the parser pauses meanwhile instead of piling up the whole image.
   */
  drained(limit: number): Promise<void> {
    if (this.finished || this.aborted || this.buffered <= limit) return Promise.resolve();
    return new Promise<void>((resolve) => (this.lowWater = { limit, resolve }));
  }

  private checkLowWater(): void {
    const w = this.lowWater;
    if (w !== null && (this.finished || this.aborted || this.buffered <= w.limit)) {
      this.lowWater = null;
      w.resolve();
    }
  }

  push(chunk: Buffer): void {
    this.reader.feed(chunk);
    this.poke();
  }

  /** The whole image has been pushed. */
  end(): void {
    this.reader.finish();
    this.poke();
  }

  /** Stops loading (the transfer failed); done rejects. */
  abort(): void {
    this.aborted = true;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    if (w !== null && (this.aborted || this.reader.canRetry())) {
      this.wake = null;
      w();
    }
  }

  private async drive(steps: Generator<number, LoadResult, Buffer | undefined>): Promise<LoadResult> {
    try {
      return await this.run(steps);
    } finally {
      this.finished = true;
      this.checkLowWater();
    }
  }

  private async run(steps: Generator<number, LoadResult, Buffer | undefined>): Promise<LoadResult> {
    for (;;) {
      if (this.aborted) {
        steps.return(undefined as never);
        throw new Error('load aborted');
      }
      let r = steps.next();
      if (!r.done && r.value === CRC_WAIT) r = steps.next(await this.externalCrc!(this.reader.trailer!.end));
      if (r.done) return r.value;
      this.checkLowWater();
      const wait = r.value;
      if (wait === NEED_DATA) {
        if (!this.reader.canRetry()) await new Promise<void>((res) => (this.wake = res));
        this.reader.rewind();
      } else {
        await new Promise<void>((res) => (wait > 0 ? setTimeout(res, wait) : setImmediate(res)));
      }
    }
  }
}

/**
 * The loader proper. It yields the milliseconds to pause for at each slice boundary
 * (sliced loads) or owed key-load-delay (blocking loads), or NEED_DATA when a streaming
 * reader ran out of bytes; the driver decides how to wait.
 */
function* loadSteps(s: ServerState, reader: RdbReader, file: string, opts: LoadOptions): Generator<number, LoadResult, Buffer | undefined> {
  const p = persistenceOf(s);
  const dbs = opts.into ?? s.dbs;
  const background = opts.into !== undefined;
  const aux: RdbAux = {};
  let keys = 0;
  let expired = 0;
  let emptySkipped = 0;
  const isMaster = s.masterHost === null;
  const delayUs = s.config.num('key-load-delay');
  const merge = opts.merge === true;
  const now = Date.now();
  let lastAt = 0;
  if (background) p.asyncLoading = true;
  else s.loading = true;
  p.loadingStart = Math.floor(now / 1000);
  p.loadingTotalBytes = opts.totalBytes ?? reader.size;
  p.loadingLoadedBytes = 0;
  p.loadingRdbUsedMem = 0;
  p.lastLoadKeysLoaded = 0;
  p.lastLoadKeysExpired = 0;
  try {
    for (;;) {
      try {
        reader.readHeader();
        break;
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        yield NEED_DATA;
      }
    }
    let sliceStart = performance.now();
    let owedUs = 0;
    for (;;) {
      let rec;
      try {
        rec = reader.next();
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        p.loadingLoadedBytes = reader.offset;
        p.lastLoadKeysLoaded = keys;
        yield NEED_DATA;
        sliceStart = performance.now();
        continue;
      }
      if (rec.kind === 'eof') {
        const trailer = reader.trailer;
        if (trailer !== null) {
          const computed = yield CRC_WAIT;
          if (computed !== undefined && !computed.equals(trailer.stored)) {
            throw new RdbError(
              `wrong RDB checksum (expected ${computed.readBigUInt64LE(0).toString(16)}, the file has ${trailer.stored.readBigUInt64LE(0).toString(16)})`,
              trailer.end,
            );
          }
        }
        break;
      }
      if (rec.kind === 'aux') {
        aux[rec.key] = rec.value;
        if (rec.key === 'redis-ver') s.log.notice(`Loading RDB produced by version ${rec.value}`);
        else if (rec.key === 'ctime') s.log.notice(`RDB age ${Math.max(0, Math.floor(now / 1000) - Number(rec.value))} seconds`);
        else if (rec.key === 'used-mem') {
          s.log.notice(`RDB memory usage when created ${(Number(rec.value) / 1024 / 1024).toFixed(2)} Mb`);
          p.loadingRdbUsedMem = Number(rec.value) || 0;
        }
        continue;
      }
      if (rec.kind === 'selectdb') {
        if (rec.db >= dbs.length) {
          throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${dbs.length} databases. Exiting`, reader.offset);
        }
        continue;
      }
      if (rec.kind === 'resizedb') {
        // Size the table once instead of growing it step by step. A corrupt count cannot
        // claim more keys than the payload has room for (a key takes at least 3 bytes),
        // or, when the size is not known (diskless sync), more than 4M.
        const db = dbs[reader.db];
        const room = p.loadingTotalBytes > 0 ? Math.floor(p.loadingTotalBytes / 3) : 1 << 22;
        if (db !== undefined && !merge) db.reserve(db.size + Math.min(rec.size, room));
        continue;
      }
      if (rec.kind === 'function') {
        s.log.warning('The RDB holds Redis functions, which rctl-server does not support: skipped');
        continue;
      }
      if (rec.kind !== 'key') continue;
      lastAt = rec.at;
      if (isEmptyValue(rec.value)) {
        emptySkipped++;
        continue;
      }
      // A master drops keys that are already expired; a replica keeps them for its
      // master's DEL to arrive (rdbLoad's iAmMaster() check).
      if (isMaster && rec.expireMs !== -1 && rec.expireMs < now) {
        expired++;
        continue;
      }
      const db = dbs[rec.db]!;
      const value = typeof rec.value === 'string' ? rec.value : buildValue(rec.value, s);
      const dict = db.dict;
      if (!merge && (background || s.snapshots.size === 0)) {
        // The hot path: one hash operation (a duplicate fails the load anyway).
        if (!db.loadKey(rec.key, value)) throw new RdbError(`duplicated key '${rec.key}' in DB ${rec.db}`, rec.at);
      } else {
        if (dict.has(rec.key)) {
          if (!merge) throw new RdbError(`duplicated key '${rec.key}' in DB ${rec.db}`, rec.at);
          db.deleteKey(rec.key);
        }
        // Through the Db so a snapshot in progress sees the change (copy-on-write).
        db.add(rec.key, value);
      }
      if (rec.expireMs !== -1) db.setExpire(rec.key, rec.expireMs, rec.expireExact);
      keys++;
      if (delayUs !== 0) owedUs += delayUs > 0 ? delayUs : Math.random() * -delayUs < 1 ? 1 : 0;
      if (opts.sliced) {
        if (((keys & 255) === 0 || owedUs >= 1000) && (owedUs >= 1000 || performance.now() - sliceStart > SLICE_MS)) {
          p.loadingLoadedBytes = reader.offset;
          p.lastLoadKeysLoaded = keys;
          p.lastLoadKeysExpired = expired;
          const wait = Math.floor(owedUs / 1000);
          owedUs = 0;
          yield wait;
          sliceStart = performance.now();
        }
      } else if (owedUs >= 1000) {
        const wait = Math.floor(owedUs / 1000);
        owedUs = 0;
        yield wait;
      }
    }
  } catch (e) {
    if (e instanceof RdbError) throw new RdbLoadError(file, e.offset, e.message);
    if (e instanceof BadValueError) throw new RdbLoadError(file, lastAt, e.message);
    throw new RdbLoadError(file, reader.offset, (e as Error).message);
  } finally {
    if (background) p.asyncLoading = false;
    else s.loading = false;
    p.loadingLoadedBytes = reader.size;
    p.lastLoadKeysLoaded = keys;
    p.lastLoadKeysExpired = expired;
    // Loaded strings are encoded afresh (tryObjectEncoding), whatever they were before.
    for (const db of dbs) forgetStringEncodings(db);
  }
  p.lastLoadAux = aux;
  if (keys >= 10_000) tenureYoungObjects();
  if (emptySkipped > 0) {
    s.log.notice(`Done loading RDB, keys loaded: ${keys}, keys expired: ${expired}, empty keys skipped: ${emptySkipped}.`);
  } else {
    s.log.notice(`Done loading RDB, keys loaded: ${keys}, keys expired: ${expired}.`);
  }
  return { loaded: true, keys, expired, emptySkipped, aux };
}

/** Blocks the whole process (a synchronous load's key-load-delay, as usleep in Redis). */
function sleepBlocking(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads dir/dbfilename; null when it does not exist. Throws RdbLoadError when unreadable. */
export function readDataFile(s: ServerState): { file: string; buf: Buffer } | null {
  const file = rdbPath(s);
  if (!existsSync(file)) return null;
  try {
    return { file, buf: readFileSync(file) };
  } catch (e) {
    throw new RdbLoadError(file, 0, `cannot read the file: ${(e as Error).message}`);
  }
}

/**
 * Starts computing the CRC-64 of file's first `end` bytes on another core (the trailer
 * normally ends the file) and returns the getter the loader calls with the offset its
 * parse found; another offset, or a failed worker, is computed here instead.
 */
function checksumInWorker(file: string, end: number): (end: number) => Promise<Buffer> {
  const early = new Promise<Buffer>((resolve, reject) => {
    const w = new Worker(new URL('./crc-worker.js', import.meta.url), { workerData: { file, end } });
    w.once('message', (m: { crc: Uint8Array; bytes: number }) => (m.bytes === end ? resolve(Buffer.from(m.crc)) : reject(new Error('short read'))));
    w.once('error', reject);
    w.once('exit', () => reject(new Error('worker exited')));
  });
  early.catch(() => {});
  return async (at: number): Promise<Buffer> => {
    if (at === end) {
      try {
        return await early;
      } catch {
        // computed below
      }
    }
    // Rare (bytes after the trailer, or no worker): a blocking read during startup.
    return crc64OfFilePrefix(file, at).crc;
  };
}

/** fs.read as a promise (the file is opened synchronously, see loadDataFile). */
const readAsync = promisify(read);

/** Bytes read from the data file at a time while the loader parses what came before. */
const READ_CHUNK = 4 << 20;

/**
 * Loads dir/dbfilename if it exists (startup). Throws RdbLoadError on a bad file. The
 * file is read in chunks while the loader parses what came before, so the disk reads
 * overlap the parsing.
 */
export async function loadDataFile(s: ServerState): Promise<LoadResult> {
  const file = rdbPath(s);
  if (!existsSync(file)) return { loaded: false, keys: 0, expired: 0, emptySkipped: 0, aux: {} };
  const t0 = Date.now();
  // Opened without yielding: the server listens already, and from here on clients must
  // get -LOADING rather than an empty keyspace.
  let fd;
  let size;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw new RdbLoadError(file, 0, `cannot read the file: ${(e as Error).message}`);
  }
  const load = new StreamLoad(s, file, { sliced: true, totalBytes: size, externalCrc: checksumInWorker(file, size - 8) });
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await readAsync(fd, chunk, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      load.push(chunk.subarray(0, bytesRead));
    }
  } catch (e) {
    load.abort();
    throw new RdbLoadError(file, load.received, `cannot read the file: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
  load.end();
  const r = await load.done;
  s.log.notice(`DB loaded from disk: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
  return r;
}
