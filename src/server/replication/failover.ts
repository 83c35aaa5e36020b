// Coordinated failover (replication.c failoverCommand, updateFailoverStatus,
// abortFailover, clearFailoverState): pause writes, wait until a replica acknowledged
// our whole stream, then become its replica and send `PSYNC <replid> <offset> FAILOVER`,
// which makes it promote itself and continue our history.

import { pauseClients, unpauseClients } from '../commands/connection.js';
import type { ServerState } from '../state.js';
import type { ReplicaLink, Replication } from './master.js';
import type { ReplicaSide } from './replica.js';

/** master_failover_state in INFO replication. */
export type FailoverState = 'no-failover' | 'waiting-for-sync' | 'failover-in-progress';

/** What FAILOVER asked for: an optional target, a deadline (0: none) and FORCE. */
export interface FailoverRequest {
  host: string | null;
  port: number;
  timeoutMs: number;
  force: boolean;
}

/** A paused-writes deadline far enough to mean "until the failover ends". */
const PAUSE_FOREVER = 8.64e15;

/** findReplica: the replica announced as host:port (host compared case-insensitively). */
export function findReplica(repl: Replication, host: string, port: number): ReplicaLink | null {
  const h = host.toLowerCase();
  for (const r of repl.replicas) {
    if (repl.replicaIp(r.client).toLowerCase() === h && r.client.replListeningPort === port) return r;
  }
  return null;
}

/** failoverCommand once the arguments are valid: record the target, pause writes. */
export function startFailover(s: ServerState, repl: Replication, req: FailoverRequest): void {
  if (req.host !== null) {
    repl.failoverHost = req.host;
    repl.failoverPort = req.port;
    s.log.notice(`FAILOVER requested to ${req.host}:${req.port}.`);
  } else {
    s.log.notice('FAILOVER requested to any replica.');
  }
  repl.failoverEndTime = req.timeoutMs > 0 ? Date.now() + req.timeoutMs : 0;
  repl.failoverForce = req.force;
  repl.failoverState = 'waiting-for-sync';
  // Its own purpose: CLIENT UNPAUSE cannot lift it, and its end leaves CLIENT PAUSE alone.
  pauseClients(s, 'failover', 'write', PAUSE_FOREVER);
}

/** clearFailoverState: back to no-failover, writes resume. */
export function clearFailoverState(s: ServerState, repl: Replication): void {
  repl.failoverEndTime = 0;
  repl.failoverForce = false;
  repl.failoverHost = null;
  repl.failoverPort = 0;
  repl.failoverState = 'no-failover';
  unpauseClients(s, 'failover');
}

/** abortFailover: if we already turned into the target's replica, become a master again. */
export function abortFailover(s: ServerState, repl: Replication, replica: ReplicaSide, why: string): void {
  if (repl.failoverState === 'no-failover') return;
  const target = repl.failoverHost !== null ? `${repl.failoverHost}:${repl.failoverPort}` : 'any replica';
  s.log.notice(`FAILOVER to ${target} aborted: ${why}`);
  if (repl.failoverState === 'failover-in-progress') replica.unsetMaster();
  clearFailoverState(s, repl);
}

/**
 * updateFailoverStatus, run after ACKs and on a short timer: time out (abort, or fail
 * over anyway with FORCE), or hand over once the target (or any replica, which then
 * becomes the target) acknowledged exactly our offset.
 */
export function updateFailoverStatus(s: ServerState, repl: Replication, replica: ReplicaSide): void {
  if (repl.failoverState !== 'waiting-for-sync') return;
  if (repl.failoverEndTime > 0 && repl.failoverEndTime <= Date.now()) {
    if (repl.failoverForce) {
      s.log.notice(`FAILOVER to ${repl.failoverHost}:${repl.failoverPort} time out exceeded, failing over.`);
      repl.failoverState = 'failover-in-progress';
      replica.setMaster(repl.failoverHost!, repl.failoverPort);
    } else {
      abortFailover(s, repl, replica, 'Replica never caught up before timeout');
    }
    return;
  }
  let target: ReplicaLink | null = null;
  if (repl.failoverHost !== null) {
    target = findReplica(repl, repl.failoverHost, repl.failoverPort);
  } else {
    for (const r of repl.replicas) {
      if (r.ackOffset === repl.offset) {
        target = r;
        repl.failoverHost = repl.replicaIp(r.client);
        repl.failoverPort = r.client.replListeningPort;
        break;
      }
    }
  }
  if (target && target.ackOffset === repl.offset) {
    repl.failoverState = 'failover-in-progress';
    s.log.notice(`Failover target ${repl.failoverHost}:${repl.failoverPort} is synced, failing over.`);
    replica.setMaster(repl.failoverHost!, repl.failoverPort);
  }
}
