// SAVE, BGSAVE, save points and the saves of FLUSHALL, DEBUG RELOAD and shutdown (rdb.c
// rdbSave / rdbSaveBackground / backgroundSaveDoneHandler, server.c serverCron). A save
// writes dir/temp-<pid>.rdb, fsyncs it, renames it over dbfilename and fsyncs the
// directory, so a crash mid-save never damages the previous snapshot.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { strerror } from '../log.js';
import { perServer } from '../per-server.js';
import type { ServerState } from '../state.js';
import { SnapshotProducer } from './snapshot-producer.js';

/** CONFIG_BGSAVE_RETRY_DELAY: seconds between attempts after a failed background save. */
const BGSAVE_RETRY_DELAY = 5;

/** Persistence status behind INFO persistence, LASTSAVE and the MISCONF gate. */
export class PersistenceState {
  /** server.lastsave: unix seconds of the last successful save (start counts as one). */
  lastSave = 0;
  lastBgsaveOk = true;
  /** server.lastbgsave_try, unix seconds. */
  lastBgsaveTry = 0;
  lastBgsaveTimeSec = -1;
  /** stat_rdb_saves: SAVE and BGSAVE attempts (FLUSHALL, shutdown and DEBUG RELOAD saves are not counted). */
  saves = 0;
  bgsave: SnapshotProducer | null = null;
  /** The temp file the running background save writes. */
  bgsaveTemp = '';
  bgsaveStartedAt = 0;
  /** BGSAVE inside MULTI/EXEC asked for a save that serverCron starts. */
  scheduled = false;
  dirtyAtBgsaveStart = 0;
  /** stat_rdb_cow_bytes: copy-on-write peak of the last background save. */
  lastCowSize = 0;
  // Loading progress (INFO persistence loading_* fields).
  loadingStart = 0;
  /** A replica's full sync loading in the background while old data is served. */
  asyncLoading = false;
  loadingTotalBytes = 0;
  loadingLoadedBytes = 0;
  loadingRdbUsedMem = 0;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** Aux fields of the file loaded at start (repl-id, repl-offset ...). */
  lastLoadAux: Record<string, string | undefined> = {};
}

export const persistenceOf = perServer((s): PersistenceState => {
  const p = new PersistenceState();
  // initServer: "At startup we consider the DB saved".
  p.lastSave = Math.floor(s.startedAt / 1000);
  return p;
});

/** The working directory of saves: `dir` (the process runs in it once started). */
export const dataDir = (s: ServerState): string => resolve(s.config.str('dir') || '.');

/** Path of the RDB file: dbfilename inside dir. */
export const rdbPath = (s: ServerState): string => join(dataDir(s), s.config.str('dbfilename'));

/** Aux fields describing replication state; the replication subsystem installs this. */
let replAux: (s: ServerState) => Array<[string, string]> = () => [];
export function setReplicationAux(fn: (s: ServerState) => Array<[string, string]>): void {
  replAux = fn;
}

/** True while a background snapshot runs (ours or a replication full sync's): CHILD_TYPE_RDB. */
export function bgsaveInProgress(s: ServerState): boolean {
  return persistenceOf(s).bgsave !== null || s.snapshots.size > 0;
}

/** The configured save points as [seconds, changes] pairs. */
export function savePoints(s: ServerState): Array<[number, number]> {
  const words = s.config.list('save');
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < words.length; i += 2) out.push([Number(words[i]), Number(words[i + 1])]);
  return out;
}

/** writeCommandsDeniedByDiskError: MISCONF while the last background save failed. */
export function writesDeniedByDiskError(s: ServerState): boolean {
  return !persistenceOf(s).lastBgsaveOk && s.config.bool('stop-writes-on-bgsave-error') && savePoints(s).length > 0;
}

/** Records a background save's outcome and arms or disarms the dispatcher's MISCONF gate. */
function setBgsaveStatus(s: ServerState, ok: boolean): void {
  persistenceOf(s).lastBgsaveOk = ok;
  s.diskErrorGate = ok ? null : writesDeniedByDiskError;
}


function newProducer(s: ServerState, blocking: boolean): SnapshotProducer {
  // Both sinks below are done with a chunk before the producer writes again.
  return new SnapshotProducer(s, { replAux: replAux(s), keyDelayUs: s.config.num('rdb-key-save-delay'), blocking, chunkViews: true });
}

/** Writes all of chunk through fh (a write may take only part of it). */
export async function writeAll(fh: FileHandle, chunk: Buffer): Promise<void> {
  let off = 0;
  while (off < chunk.length) off += (await fh.write(chunk, off)).bytesWritten;
}

/** fsyncDir off the event loop, for background saves: a journal commit can take milliseconds. */
async function fsyncDirAsync(file: string): Promise<void> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(dirname(file), 'r');
    await fh.sync();
  } catch {
    // As fsyncDir: the rename is done regardless.
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** fsyncFileDir: makes the rename itself durable. */
function fsyncDir(file: string): void {
  let fd = -1;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is done regardless.
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * rdbSave: a blocking save of the whole dataset to dbfilename. Returns true on success
 * (dirty reset, lastsave updated), false after logging what failed. Does not count in
 * rdb_saves: SAVE does that itself, as saveCommand does.
 */
export function saveSync(s: ServerState): boolean {
  const tmpName = `temp-${process.pid}.rdb`;
  const tmp = join(dataDir(s), tmpName);
  const final = rdbPath(s);
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o644);
  } catch (e) {
    s.log.warning(`Failed opening the temp RDB file ${tmpName} (in server root dir ${dataDir(s)}) for saving: ${strerror(e)}`);
    return false;
  }
  try {
    newProducer(s, true).runSync((chunk) => {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off);
    });
    fsyncSync(fd);
  } catch (e) {
    s.log.warning(`Write error saving DB on disk: ${strerror(e)}`);
    closeSync(fd);
    removeQuietly(tmp);
    return false;
  }
  closeSync(fd);
  try {
    renameSync(tmp, final);
  } catch (e) {
    s.log.warning(`Error moving temp DB file ${tmpName} on the final destination ${s.config.str('dbfilename')} (in server root dir ${dataDir(s)}): ${strerror(e)}`);
    removeQuietly(tmp);
    return false;
  }
  fsyncDir(final);
  s.log.notice('DB saved on disk');
  s.dirty = 0;
  persistenceOf(s).lastSave = Math.floor(Date.now() / 1000);
  setBgsaveStatus(s, true);
  return true;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // never created or already gone
  }
}

/**
 * rdbSaveBackground: starts a save that runs in slices while clients are served; the
 * file is written and fsynced off the event loop. Returns false (and marks the save
 * failed, as a child that cannot start would) when the temp file cannot be opened.
 */
export function bgsave(s: ServerState): boolean {
  const p = persistenceOf(s);
  if (bgsaveInProgress(s)) return false;
  p.saves++;
  p.dirtyAtBgsaveStart = s.dirty;
  p.lastBgsaveTry = Math.floor(Date.now() / 1000);
  const producer = newProducer(s, false);
  p.bgsave = producer;
  p.bgsaveStartedAt = Date.now();
  s.log.notice(`Background saving started by pid ${process.pid}`);
  void runBgsave(s, producer);
  return true;
}

/** The background save itself; its outcome is applied only if it was not killed meanwhile. */
async function runBgsave(s: ServerState, producer: SnapshotProducer): Promise<void> {
  const p = persistenceOf(s);
  const tmpName = `temp-bgsave-${process.pid}.rdb`;
  const tmp = join(dataDir(s), tmpName);
  p.bgsaveTemp = tmp;
  const final = rdbPath(s);
  let stage: 'open' | 'write' | 'rename' = 'open';
  let ok = false;
  let fh: FileHandle | null = null;
  try {
    fh = await open(tmp, 'w', 0o644);
    const file = fh;
    stage = 'write';
    await producer.run((chunk) => writeAll(file, chunk));
    await file.sync();
    await file.close();
    fh = null;
    // Killed meanwhile (FLUSHALL, DEBUG RELOAD, shutdown): the data file may already hold
    // a newer save. The rename is synchronous so no save can slip in after this check.
    if (producer.isAborted) throw new Error('snapshot aborted');
    stage = 'rename';
    renameSync(tmp, final);
    await fsyncDirAsync(final);
    ok = true;
  } catch (e) {
    if (!producer.isAborted) {
      if (stage === 'open') s.log.warning(`Failed opening the temp RDB file ${tmpName} (in server root dir ${dataDir(s)}) for saving: ${strerror(e)}`);
      else if (stage === 'write') s.log.warning(`Write error saving DB on disk: ${strerror(e)}`);
      else s.log.warning(`Error moving temp DB file ${tmpName} on the final destination ${s.config.str('dbfilename')} (in server root dir ${dataDir(s)}): ${strerror(e)}`);
    }
    if (fh !== null) await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
  }
  producer.abort();
  // A killed save (FLUSHALL, shutdown, DEBUG RELOAD) was already forgotten: SIGUSR1 is no error.
  if (p.bgsave !== producer) return;
  p.bgsave = null;
  p.lastBgsaveTimeSec = Math.floor((Date.now() - p.bgsaveStartedAt) / 1000);
  p.lastCowSize = producer.cowPeak;
  if (ok) {
    s.log.notice('DB saved on disk');
    s.log.notice(`Fork CoW for RDB: current 0 MB, peak ${Math.floor(producer.cowPeak / 1024 / 1024)} MB, average 0 MB`);
    s.log.notice('Background saving terminated with success');
    s.dirty -= p.dirtyAtBgsaveStart;
    p.lastSave = Math.floor(Date.now() / 1000);
    setBgsaveStatus(s, true);
  } else {
    s.log.warning('Background saving error');
    setBgsaveStatus(s, false);
  }
}

/**
 * killRDBChild + rdbRemoveTempFile: stops a background save in progress and removes its
 * temp file now (the process may be about to exit). A kill is no save error.
 */
export function killBgsave(s: ServerState): boolean {
  const p = persistenceOf(s);
  if (!p.bgsave) return false;
  p.bgsave.abort();
  p.bgsave = null;
  removeQuietly(p.bgsaveTemp);
  return true;
}

/**
 * flushAllDataAndResetRDB's save step (FLUSHALL): a running BGSAVE is stale and killed;
 * with save points the now empty dataset is saved at once. Not counted in rdb_saves.
 */
export function saveAfterFlushall(s: ServerState): void {
  killBgsave(s);
  if (savePoints(s).length > 0) saveSync(s);
}

/** serverCron's persistence duties: scheduled BGSAVEs and save points. */
export function checkSavePoints(s: ServerState): void {
  const p = persistenceOf(s);
  if (bgsaveInProgress(s) || s.loading) return;
  const now = Math.floor(Date.now() / 1000);
  const mayRetry = now - p.lastBgsaveTry > BGSAVE_RETRY_DELAY || p.lastBgsaveOk;
  if (p.scheduled && mayRetry) {
    p.scheduled = false;
    bgsave(s);
    return;
  }
  for (const [seconds, changes] of savePoints(s)) {
    if (s.dirty >= changes && now - p.lastSave > seconds && mayRetry) {
      s.log.notice(`${changes} changes in ${seconds} seconds. Saving...`);
      bgsave(s);
      return;
    }
  }
}
