// Transaction commands (Redis group "transactions"): MULTI, EXEC, DISCARD, WATCH and
// UNWATCH, following multi.c of Redis 7.0. Dispatch queues commands while c.inMulti;
// EXEC runs them through call() as one execution unit.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { call } from './dispatch.js';
import type { CommandSpec } from './spec.js';

/** watchForKey: remembers whether the key was already logically expired (7.0 semantics). */
function watchForKey(c: Client, key: string): void {
  const s = c.server;
  const db = c.db;
  let keys = s.watchedKeys.get(db);
  if (!keys) {
    keys = new Map();
    s.watchedKeys.set(db, keys);
  }
  let clients = keys.get(key);
  if (!clients) {
    clients = new Set();
    keys.set(key, clients);
  } else if (clients.has(c)) {
    return;
  }
  clients.add(c);
  c.watched.push({ db, key, expiredAtWatch: db.isExpired(key) });
}

/** unwatchAllKeys: forgets c's watched keys; clearing dirtyCas is up to the caller. */
export function unwatchAllKeys(c: Client): void {
  if (c.watched.length === 0) return;
  const s = c.server;
  for (const { db, key } of c.watched) {
    const keys = s.watchedKeys.get(db);
    const clients = keys?.get(key);
    if (!keys || !clients) continue;
    clients.delete(c);
    if (clients.size === 0) {
      keys.delete(key);
      if (keys.size === 0) s.watchedKeys.delete(db);
    }
  }
  c.watched = [];
}

/** isWatchedKeyExpired: a key that was live at WATCH time has expired since. */
function watchedKeyExpiredSince(c: Client): boolean {
  for (const w of c.watched) {
    if (!w.expiredAtWatch && w.db.isExpired(w.key)) return true;
  }
  return false;
}

/** discardTransaction: leaves MULTI state and unwatches everything. */
export function discardTransaction(c: Client): void {
  c.multiQueue = [];
  c.inMulti = false;
  c.multiError = false;
  c.dirtyCas = false;
  unwatchAllKeys(c);
}

function multiCommand(c: Client): void {
  if (c.inMulti) throw new ReplyError(E.MULTI_NESTED);
  c.inMulti = true;
  c.addOK();
}

function discardCommand(c: Client): void {
  if (!c.inMulti) throw new ReplyError(E.DISCARD_WITHOUT_MULTI);
  discardTransaction(c);
  c.addOK();
}

function execCommand(c: Client): void {
  if (!c.inMulti) throw new ReplyError(E.EXEC_WITHOUT_MULTI);
  if (watchedKeyExpiredSince(c)) c.dirtyCas = true;
  if (c.multiError || c.dirtyCas) {
    if (c.multiError) c.addError(E.EXECABORT);
    else c.addNullArray();
    discardTransaction(c);
    return;
  }
  unwatchAllKeys(c);
  const queue = c.multiQueue;
  c.addArrayLen(queue.length);
  // c.inMulti stays set while the queue runs: like Redis's CLIENT_MULTI during EXEC, it
  // tells blocking commands not to block and SSUBSCRIBE to refuse.
  for (let i = 0; i < queue.length; i++) call(c, queue[i]!.cmd, queue[i]!.argv);
  discardTransaction(c);
  // Only the queued commands' effects are propagated (wrapped in MULTI/EXEC by the
  // execution unit when more than one), never EXEC itself.
  c.preventPropagation = true;
}

/** execCommandAbort: a rejected EXEC (arity, NOAUTH, context) also drops the transaction. */
function execReject(c: Client, msg: string): void {
  discardTransaction(c);
  c.addError(E.execAbortBecause(msg.startsWith('ERR ') ? msg.slice(4) : msg));
}

/** True when EXEC would run a command that may write (CLIENT PAUSE WRITE holds it). */
export function execMayReplicate(c: Client, cmd: CommandSpec): boolean {
  if (cmd.handler !== execCommand || !c.inMulti) return false;
  for (const q of c.multiQueue) {
    if (q.cmd.flags.includes('write') || q.cmd.flags.includes('may_replicate')) return true;
  }
  return false;
}

function watchCommand(c: Client, argv: string[]): void {
  if (c.inMulti) throw new ReplyError(E.WATCH_IN_MULTI);
  // A dirty client's EXEC fails anyway; watching more keys changes nothing.
  if (!c.dirtyCas) for (let i = 1; i < argv.length; i++) watchForKey(c, argv[i]!);
  c.addOK();
}

function unwatchCommand(c: Client): void {
  unwatchAllKeys(c);
  c.dirtyCas = false;
  c.addOK();
}

export const transactionCommands = [
  {
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'txn-control'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'transactions',
    summary: 'Starts a transaction.',
    since: '1.2.0',
    acl: ['fast', 'transaction'],
    handler: multiCommand,
  },
  {
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog', 'txn-control'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'transactions',
    summary: 'Executes the commands queued since MULTI.',
    since: '1.2.0',
    acl: ['slow', 'transaction'],
    handler: execCommand,
    onReject: execReject,
  },
  {
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'txn-control'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'transactions',
    summary: 'Drops the queued commands of a transaction.',
    since: '2.0.0',
    acl: ['fast', 'transaction'],
    handler: discardCommand,
  },
  {
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'txn-control'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'transactions',
    summary: 'Makes the next EXEC fail if any of the keys changes.',
    since: '2.2.0',
    acl: ['fast', 'transaction'],
    handler: watchCommand,
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'transactions',
    summary: 'Forgets all watched keys.',
    since: '2.2.0',
    acl: ['fast', 'transaction'],
    handler: unwatchCommand,
  },
] satisfies CommandSpec[];
