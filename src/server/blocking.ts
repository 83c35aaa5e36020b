// Blocked clients (blocked.c): a client waiting on keys (BLPOP ...) or on a condition
// (WAIT) stops processing its input until served, timed out or unblocked. Keys that
// receive data are collected during a command and served after it, in blocking order.

import type { Client } from './client.js';
import type { Db } from './keyspace/keyspace.js';
import type { ServerState } from './state.js';

/**
 * Blocks c on keys of db. `retry` re-tries the command when one of the keys gets data
 * and returns true once it has replied; `onTimeout` writes the timeout reply.
 * deadline is an absolute ms time, 0 to wait forever.
 */
export function blockOnKeys(
  c: Client,
  db: Db,
  keys: string[],
  deadline: number,
  retry: () => boolean,
  onTimeout: () => void,
): void {
  const state = { keys, db, deadline, retry, onTimeout, timer: null as NodeJS.Timeout | null };
  c.blocked = state;
  for (const key of keys) {
    let waiting = db.blockingKeys.get(key) as Set<Client> | undefined;
    if (!waiting) {
      waiting = new Set();
      db.blockingKeys.set(key, waiting as Set<unknown>);
    }
    waiting.add(c);
  }
  armTimeout(c, deadline);
}

/** Blocks c without keys (WAIT, CLIENT PAUSE style waits); retry is called by whoever signals. */
export function blockClient(c: Client, deadline: number, retry: () => boolean, onTimeout: () => void): void {
  c.blocked = { keys: [], db: c.db, deadline, retry, onTimeout, timer: null };
  armTimeout(c, deadline);
}

function armTimeout(c: Client, deadline: number): void {
  if (deadline <= 0 || !c.blocked) return;
  const delay = Math.max(0, deadline - Date.now());
  c.blocked.timer = setTimeout(() => {
    const b = c.blocked;
    if (!b) return;
    unblockClient(c);
    c.server.currentClient = c;
    b.onTimeout();
    c.server.currentClient = null;
    resumeClient(c);
  }, delay);
}

/** Removes every trace of c's blocked state (no reply written). */
export function unblockClient(c: Client): void {
  const b = c.blocked;
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  for (const key of b.keys) {
    const waiting = b.db.blockingKeys.get(key);
    if (!waiting) continue;
    waiting.delete(c);
    if (waiting.size === 0) b.db.blockingKeys.delete(key);
  }
  c.blocked = null;
}

/** After unblocking: go on with the client's pipelined input. Installed by server.ts. */
export let resumeClient: (c: Client) => void = () => {};
export function setResumeClient(fn: (c: Client) => void): void {
  resumeClient = fn;
}

/**
 * handleClientsBlockedOnKeys: serves clients blocked on keys signalled ready during the
 * last command, first-blocked first. Serving may make further keys ready (BLMOVE), so
 * it loops until no key is pending.
 */
export function handleClientsBlockedOnKeys(server: ServerState): void {
  while (server.readyKeys.length > 0) {
    const ready = server.readyKeys;
    server.readyKeys = [];
    server.readyKeySet.clear();
    for (const { db, key } of ready) {
      const waiting = db.blockingKeys.get(key) as Set<Client> | undefined;
      if (!waiting) continue;
      for (const c of [...waiting]) {
        const b = c.blocked;
        if (!b) continue;
        const prevDb = c.db;
        server.currentClient = c;
        server.executionNesting++;
        server.cmdTime = server.clock.now();
        let served = false;
        try {
          served = b.retry();
        } finally {
          server.executionNesting--;
          server.currentClient = null;
          server.flushPropagation();
        }
        c.db = prevDb;
        if (served) {
          unblockClient(c);
          resumeClient(c);
        }
        if (!db.dict.has(key)) break;
      }
    }
  }
}
