// Loads dir/dbfilename at startup and on DEBUG RELOAD (rdb.c rdbLoad, server.c
// loadDataFromDisk). Loading runs in slices so clients get -LOADING meanwhile and INFO
// shows progress. A bad file stops startup: never start empty on top of unreadable data.

import { existsSync, readFileSync } from 'node:fs';
import type { ServerState } from '../state.js';
import { RdbError, RdbReader } from './rdb-reader.js';
import type { RdbAux } from './rdb-format.js';
import { persistenceOf, rdbPath } from './snapshot.js';
import { buildValue } from './values.js';

/** Why a data file could not be loaded; main logs it and exits non-zero. */
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
  aux: RdbAux;
}

/**
 * Loads an RDB image into the (empty) databases. `sliced` yields to the event loop
 * between slices (startup); otherwise it loads in one go. key-load-delay (µs per key)
 * slows it down on purpose for tests.
 */
export async function loadRdbBuffer(s: ServerState, buf: Buffer, file: string, sliced: boolean): Promise<LoadResult> {
  const p = persistenceOf(s);
  const reader = new RdbReader(buf, s.config.bool('rdbchecksum'));
  const aux: RdbAux = {};
  let keys = 0;
  let expired = 0;
  const isMaster = s.masterHost === null;
  const delayUs = s.config.num('key-load-delay');
  s.loading = true;
  p.loadingStart = Math.floor(Date.now() / 1000);
  p.loadingTotalBytes = buf.length;
  p.loadingLoadedBytes = 0;
  try {
    reader.readHeader();
    let sliceStart = performance.now();
    let owedUs = 0;
    for (;;) {
      const rec = reader.next();
      if (rec.kind === 'eof') break;
      if (rec.kind === 'aux') {
        aux[rec.key] = rec.value;
        if (rec.key === 'redis-ver') s.log.notice(`Loading RDB produced by version ${rec.value}`);
        continue;
      }
      if (rec.kind === 'selectdb') {
        if (rec.db >= s.dbs.length) {
          throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${s.dbs.length} databases`, reader.pos);
        }
        continue;
      }
      if (rec.kind !== 'key') continue;
      const db = s.dbs[rec.db]!;
      // A master drops keys that are already expired; a replica keeps them for its
      // master's DEL to arrive (rdbLoad's iAmMaster() check).
      if (isMaster && rec.expireMs !== -1 && rec.expireMs < Date.now()) {
        expired++;
        continue;
      }
      if (db.dict.has(rec.key)) throw new RdbError(`duplicate key '${rec.key}'`, reader.pos);
      db.add(rec.key, buildValue(rec.value, s));
      if (rec.expireMs !== -1) db.setExpire(rec.key, rec.expireMs);
      keys++;
      owedUs += delayUs;
      if (sliced && ((keys & 255) === 0 || owedUs >= 1000)) {
        if (owedUs >= 1000 || performance.now() - sliceStart > 5) {
          p.loadingLoadedBytes = reader.pos;
          const wait = Math.floor(owedUs / 1000);
          owedUs = 0;
          await new Promise<void>((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
          sliceStart = performance.now();
        }
      }
    }
  } catch (e) {
    if (e instanceof RdbError) throw new RdbLoadError(file, e.offset, e.message);
    throw new RdbLoadError(file, reader.pos, (e as Error).message);
  } finally {
    s.loading = false;
    p.loadingLoadedBytes = buf.length;
  }
  p.lastLoadKeysLoaded = keys;
  p.lastLoadKeysExpired = expired;
  p.lastLoadAux = aux;
  return { loaded: true, keys, expired, aux };
}

/** Loads dir/dbfilename if it exists (startup). Throws RdbLoadError on a bad file. */
export async function loadDataFile(s: ServerState): Promise<LoadResult> {
  const file = rdbPath(s);
  if (!existsSync(file)) return { loaded: false, keys: 0, expired: 0, aux: {} };
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new RdbLoadError(file, 0, `cannot read the file: ${(e as Error).message}`);
  }
  const t0 = Date.now();
  const r = await loadRdbBuffer(s, buf, file, true);
  s.log.notice(`Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expired}.`);
  s.log.notice(`DB loaded from disk: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
  return r;
}
