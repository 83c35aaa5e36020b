// SAVE, BGSAVE, save points and shutdown saves (rdb.c rdbSave / rdbSaveBackground,
// server.c serverCron). A save writes dir/temp-<pid>.rdb, fsyncs it and renames it over
// dbfilename, so a crash mid-save never damages the previous snapshot.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServerState } from '../state.js';
import { SnapshotProducer } from './snapshot-producer.js';

/** Persistence status behind INFO persistence and LASTSAVE. */
export class PersistenceState {
  lastSave = Math.floor(Date.now() / 1000);
  lastBgsaveOk = true;
  lastBgsaveTry = 0;
  lastBgsaveTimeSec = -1;
  saves = 0;
  bgsave: SnapshotProducer | null = null;
  bgsaveStartedAt = 0;
  /** BGSAVE SCHEDULE asked for a save once the current one finishes. */
  scheduled = false;
  dirtyAtBgsaveStart = 0;
  // Loading progress (INFO persistence loading_* fields).
  loadingStart = 0;
  loadingTotalBytes = 0;
  loadingLoadedBytes = 0;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** Aux fields of the file loaded at start (repl-id, repl-offset ...). */
  lastLoadAux: Record<string, string | undefined> = {};
}

const states = new WeakMap<ServerState, PersistenceState>();

export function persistenceOf(s: ServerState): PersistenceState {
  let p = states.get(s);
  if (!p) {
    p = new PersistenceState();
    states.set(s, p);
  }
  return p;
}

/** Path of the RDB file (dbfilename inside dir; the process runs in dir). */
export const rdbPath = (s: ServerState): string => resolve(s.config.str('dbfilename'));

/** Aux fields describing replication state; the replication subsystem installs this. */
let replAux: (s: ServerState) => Array<[string, string]> = () => [];
export function setReplicationAux(fn: (s: ServerState) => Array<[string, string]>): void {
  replAux = fn;
}

function newProducer(s: ServerState): SnapshotProducer {
  return new SnapshotProducer(s, { replAux: replAux(s), keyDelayUs: s.config.num('rdb-key-save-delay') });
}

/** Opens the temp file; returns fd and paths. */
function openTemp(s: ServerState): { fd: number; tmp: string; final: string } {
  const tmp = resolve(`temp-${process.pid}.rdb`);
  return { fd: openSync(tmp, 'w', 0o644), tmp, final: rdbPath(s) };
}

function commitTemp(fd: number, tmp: string, final: string): void {
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, final);
}

function discardTemp(fd: number, tmp: string): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
  try {
    unlinkSync(tmp);
  } catch {
    // never created
  }
}

/** rdbSave: a blocking save. Returns true on success (and logs like Redis). */
export function saveSync(s: ServerState): boolean {
  const p = persistenceOf(s);
  let fd = -1;
  let tmp = '';
  try {
    const t = openTemp(s);
    fd = t.fd;
    tmp = t.tmp;
    const producer = newProducer(s);
    producer.runSync((chunk) => writeSync(fd, chunk));
    commitTemp(fd, tmp, t.final);
  } catch (e) {
    s.log.warning(`Failed opening the temp RDB file ${tmp || 'temp-' + process.pid + '.rdb'} (in server root dir ${process.cwd()}) for saving: ${(e as Error).message}`);
    if (fd >= 0) discardTemp(fd, tmp);
    p.lastBgsaveOk = false;
    return false;
  }
  s.log.notice('DB saved on disk');
  s.dirty = 0;
  p.lastSave = Math.floor(Date.now() / 1000);
  p.lastBgsaveOk = true;
  p.saves++;
  return true;
}

/**
 * rdbSaveBackground: starts a save that runs in slices while clients are served.
 * Returns false when one is already running.
 */
export function bgsave(s: ServerState): boolean {
  const p = persistenceOf(s);
  if (p.bgsave) return false;
  let t: { fd: number; tmp: string; final: string };
  try {
    t = openTemp(s);
  } catch (e) {
    s.log.warning(`Can't save in background: ${(e as Error).message}`);
    p.lastBgsaveOk = false;
    p.lastBgsaveTry = Date.now();
    return false;
  }
  const producer = newProducer(s);
  p.bgsave = producer;
  p.bgsaveStartedAt = Date.now();
  p.lastBgsaveTry = p.bgsaveStartedAt;
  p.dirtyAtBgsaveStart = s.dirty;
  s.log.notice(`Background saving started by pid ${process.pid}`);
  producer
    .run((chunk) => {
      writeSync(t.fd, chunk);
    })
    .then(
      () => {
        commitTemp(t.fd, t.tmp, t.final);
        s.log.notice('DB saved on disk');
        s.log.notice('Background saving terminated with success');
        s.dirty -= p.dirtyAtBgsaveStart;
        p.lastSave = Math.floor(Date.now() / 1000);
        p.lastBgsaveOk = true;
        p.saves++;
      },
      (e: unknown) => {
        discardTemp(t.fd, t.tmp);
        s.log.warning(`Background saving error: ${(e as Error).message}`);
        p.lastBgsaveOk = false;
      },
    )
    .finally(() => {
      p.lastBgsaveTimeSec = Math.round((Date.now() - p.bgsaveStartedAt) / 1000);
      p.bgsave = null;
      if (p.scheduled) {
        p.scheduled = false;
        bgsave(s);
      }
    });
  return true;
}

/** Stops a background save in progress (SHUTDOWN, FLUSHALL, DEBUG RELOAD). */
export function killBgsave(s: ServerState): void {
  const p = persistenceOf(s);
  if (!p.bgsave) return;
  p.bgsave.abort();
}

/** The configured save points as [seconds, changes] pairs. */
export function savePoints(s: ServerState): Array<[number, number]> {
  const words = s.config.list('save');
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < words.length; i += 2) out.push([Number(words[i]), Number(words[i + 1])]);
  return out;
}

/** serverCron's save-point check; call periodically. */
export function checkSavePoints(s: ServerState): void {
  const p = persistenceOf(s);
  if (p.bgsave || s.loading) return;
  const now = Date.now();
  for (const [seconds, changes] of savePoints(s)) {
    // After a failed save, retry no sooner than 5 s (CONFIG_BGSAVE_RETRY_DELAY).
    if (s.dirty >= changes && now / 1000 - p.lastSave > seconds && (now - p.lastBgsaveTry > 5000 || p.lastBgsaveOk)) {
      s.log.notice(`${changes} changes in ${seconds} seconds. Saving...`);
      bgsave(s);
      return;
    }
  }
}
