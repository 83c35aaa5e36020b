// Blocked clients (blocked.c, timeout.c as of Redis 7.0): a client waiting on keys
// (BLPOP ...) or on a condition (WAIT) stops processing its input until served, timed
// out or unblocked. Keys that receive data are collected during a command and served
// after the outermost call, each key's clients in the order they blocked.

import type { BlockedState, Client } from './client.js';
import * as E from './errors.js';
import { ReplyError } from './errors.js';
import type { Db } from './keyspace/keyspace.js';
import { perServer } from './per-server.js';
import type { ServerState } from './state.js';

/** Per-server bookkeeping: who is blocked (INFO clients) and who waits to be resumed. */
interface Registry {
  readonly blocked: Set<Client>;
  /** Blocked clients with a deadline (INFO clients_in_timeout_table). */
  withTimeout: number;
  /** Unblocked clients whose pending input runs on the next turn (server.unblocked_clients). */
  readonly unblocked: Set<Client>;
  reprocessScheduled: boolean;
}

const registryOf = perServer(
  (): Registry => ({ blocked: new Set(), withTimeout: 0, unblocked: new Set(), reprocessScheduled: false }),
);

/** INFO clients `blocked_clients`: clients blocked on keys or on WAIT. */
export function blockedClientsCount(s: ServerState): number {
  return registryOf.peek(s)?.blocked.size ?? 0;
}

/** INFO clients `clients_in_timeout_table`: blocked clients that have a timeout. */
export function clientsInTimeoutTable(s: ServerState): number {
  return registryOf.peek(s)?.withTimeout ?? 0;
}

/**
 * Blocks c on keys of db (blockForKeys). `retry(key)` runs when key may have data; it
 * writes the reply and returns true once c is served, false to keep waiting. A key
 * named twice is waited on once. `onTimeout` writes the timeout reply. deadline is an
 * absolute ms time (ServerState.clock), 0 to wait forever.
 */
export function blockOnKeys(
  c: Client,
  db: Db,
  keys: string[],
  deadline: number,
  retry: (key: string) => boolean,
  onTimeout: () => void,
): void {
  if (c.blocked) unblockClient(c);
  const unique: string[] = [];
  for (const key of keys) {
    let waiting = db.blockingKeys.get(key) as Set<Client> | undefined;
    if (!waiting) {
      waiting = new Set();
      db.blockingKeys.set(key, waiting as Set<unknown>);
    }
    if (waiting.has(c)) continue;
    // Set iteration follows insertion: first blocked, first served.
    waiting.add(c);
    unique.push(key);
  }
  startBlocking(c, { keys: unique, db, deadline, retry, onTimeout, timer: null });
}

/** Blocks c without keys (WAIT); whoever signals the condition calls retry itself. */
export function blockClient(c: Client, deadline: number, retry: () => boolean, onTimeout: () => void): void {
  if (c.blocked) unblockClient(c);
  startBlocking(c, { keys: [], db: c.db, deadline, retry, onTimeout, timer: null });
}

function startBlocking(c: Client, b: BlockedState): void {
  c.blocked = b;
  const r = registryOf(c.server);
  r.blocked.add(c);
  if (b.deadline > 0) {
    r.withTimeout++;
    armTimeout(c, b);
  }
}

/** setTimeout's ceiling; longer waits re-arm when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function armTimeout(c: Client, b: BlockedState): void {
  // Redis times a client out once now > deadline (handleBlockedClientsTimeout), hence +1.
  const delay = Math.min(Math.max(0, b.deadline - c.server.clock.now() + 1), MAX_TIMER_MS);
  b.timer = setTimeout(onTimer, delay, c, b);
  // Listening sockets keep a server alive; a pending timeout alone must not.
  b.timer.unref();
}

function onTimer(c: Client, b: BlockedState): void {
  if (c.blocked !== b) return;
  b.timer = null;
  // Timers may fire a little early against the clock, and a manual clock does not move.
  if (c.server.clock.now() > b.deadline) timeOutClient(c, b);
  else armTimeout(c, b);
}

/** replyToBlockedClientTimedOut + unblockClient. */
function timeOutClient(c: Client, b: BlockedState): void {
  const s = c.server;
  const prev = s.currentClient;
  s.currentClient = c;
  try {
    b.onTimeout();
  } finally {
    s.currentClient = prev;
  }
  unblockClient(c);
  resumeClient(c);
}

/**
 * handleBlockedClientsTimeout: times out every blocked client whose deadline has
 * passed, earliest first. Timers do this on their own; unit tests with a manual clock
 * call it after advancing the clock.
 */
export function handleBlockedClientsTimeout(s: ServerState): void {
  const r = registryOf.peek(s);
  if (!r || r.withTimeout === 0) return;
  const now = s.clock.now();
  const due: Client[] = [];
  for (const c of r.blocked) if (c.blocked && c.blocked.deadline > 0 && now > c.blocked.deadline) due.push(c);
  due.sort((a, b) => a.blocked!.deadline - b.blocked!.deadline || a.id - b.id);
  for (const c of due) if (c.blocked) timeOutClient(c, c.blocked);
}

/** Removes every trace of c's blocked state (no reply written). Safe when not blocked. */
export function unblockClient(c: Client): void {
  const b = c.blocked;
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  b.timer = null;
  for (const key of b.keys) {
    const waiting = b.db.blockingKeys.get(key);
    if (!waiting) continue;
    waiting.delete(c);
    if (waiting.size === 0) b.db.blockingKeys.delete(key);
  }
  c.blocked = null;
  const r = registryOf.peek(c.server);
  if (r && r.blocked.delete(c) && b.deadline > 0) r.withTimeout--;
}

/**
 * CLIENT UNBLOCK: ends c's wait with its timeout reply, or with `error` (the
 * "UNBLOCKED ..." text) when given. Returns false when c was not blocked.
 */
export function abortBlockedClient(c: Client, error: string | null): boolean {
  const b = c.blocked;
  if (!b) return false;
  if (error === null) {
    timeOutClient(c, b);
  } else {
    c.addError(error);
    unblockClient(c);
    resumeClient(c);
  }
  return true;
}

/**
 * disconnectAllBlockedClients: when a master turns into a replica, every blocked
 * client gets an UNBLOCKED error and is closed after the reply.
 */
export function disconnectAllBlockedClients(s: ServerState): void {
  const r = registryOf.peek(s);
  if (!r) return;
  for (const c of [...r.blocked]) {
    c.addError(E.UNBLOCKED_ROLE_CHANGE);
    unblockClient(c);
    c.closeAfterReply = true;
    resumeClient(c);
  }
}

// The real input loop is installed by server.ts; unit tests may install their own.
let reprocess: (c: Client) => void = () => {};

/** Installs what runs an unblocked client's pending input (processInputBuffer + flush). */
export function setResumeClient(fn: (c: Client) => void): void {
  reprocess = fn;
}

/**
 * queueClientForReprocessing: after unblocking, the client's pipelined input runs on
 * the next turn of the event loop (Redis: beforeSleep), not inside the command that
 * unblocked it, so that command's own pipeline finishes first.
 */
export function resumeClient(c: Client): void {
  const s = c.server;
  const r = registryOf(s);
  r.unblocked.add(c);
  if (!r.reprocessScheduled) {
    r.reprocessScheduled = true;
    setImmediate(processUnblockedClients, s);
  }
}

/** processUnblockedClients: resumes clients queued by resumeClient. */
export function processUnblockedClients(s: ServerState): void {
  const r = registryOf.peek(s);
  if (!r) return;
  r.reprocessScheduled = false;
  if (r.unblocked.size === 0) return;
  const list = [...r.unblocked];
  r.unblocked.clear();
  for (const c of list) {
    if (c.blocked === null && !c.closing && s.clients.get(c.id) === c) reprocess(c);
  }
}

/**
 * handleClientsBlockedOnKeys: serves clients blocked on keys signalled ready during the
 * last outermost command, keys in signal order, each key's clients first-blocked first,
 * until the key is gone. Each client served is its own execution unit, so what it
 * propagates (LPOP for a served BLPOP ...) follows the command that woke it. Serving may
 * make further keys ready (BLMOVE pushes), so this loops until none is pending.
 */
export function handleClientsBlockedOnKeys(s: ServerState): void {
  while (s.readyKeys.length > 0) {
    const ready = s.readyKeys;
    s.readyKeys = [];
    s.readyKeySet.clear();
    for (let i = 0; i < ready.length; i++) {
      const { db, key } = ready[i]!;
      const waiting = db.blockingKeys.get(key) as Set<Client> | undefined;
      if (!waiting) continue;
      // Only clients blocked now; serving removes them from the set as we go.
      for (const c of Array.from(waiting)) {
        if (!db.dict.has(key)) break;
        const b = c.blocked;
        if (b === null || b.db !== db || c.closing) continue;
        if (serveClient(s, c, b, key)) {
          unblockClient(c);
          resumeClient(c);
        }
      }
    }
  }
}

/** Runs one retry as an execution unit; a thrown error is the served client's reply. */
function serveClient(s: ServerState, c: Client, b: BlockedState, key: string): boolean {
  const prev = s.currentClient;
  const errorsBefore = s.stats.totalErrorReplies;
  s.currentClient = c;
  s.executionNesting++;
  if (s.executionNesting === 1) s.cmdTime = s.clock.now();
  let served: boolean;
  try {
    served = b.retry(key);
  } catch (e) {
    served = true;
    if (e instanceof ReplyError) {
      c.addError(e.message);
    } else {
      s.log.warning(`Internal error while serving a blocked client: ${(e as Error).stack ?? String(e)}`);
      c.addError(E.internalError((e as Error).message ?? String(e)));
    }
  } finally {
    s.executionNesting--;
    s.currentClient = prev;
  }
  if (s.executionNesting === 0) s.flushPropagation(c);
  // updateStatsOnUnblock: an error reply while served counts as a failed call.
  if (served && s.stats.totalErrorReplies !== errorsBefore) s.stats.commandStat(c.lastCmd).failedCalls++;
  return served;
}

/**
 * scanDatabaseForReadyKeys (SWAPDB): after db's contents changed wholesale, every key
 * with waiting clients that now holds a list or sorted set is signalled ready.
 */
export function scanDatabaseForReadyKeys(s: ServerState, db: Db): void {
  for (const key of db.blockingKeys.keys()) {
    const v = db.dict.get(key);
    if (v !== undefined && typeof v !== 'string' && (v.type === 'list' || v.type === 'zset')) {
      s.signalKeyAsReady(db, key);
    }
  }
}
