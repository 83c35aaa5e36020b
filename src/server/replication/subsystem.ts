// Wires replication into the server: the propagation sink, replica bookkeeping on
// client close, the once-a-second replicationCron, `replicaof` from the config, and
// resuming a replication history saved in the RDB aux fields (loadDataFromDisk).

import { pauseClients, unpauseClients } from '../commands/connection.js';
import { setInfoSection } from '../info.js';
import { perServer } from '../per-server.js';
import { persistenceOf, setReplicationAux } from '../persistence/snapshot.js';
import { onClientClose } from '../server.js';
import type { ShutdownOptions } from '../startup.js';
import type { ServerState } from '../state.js';
import { registerSubsystem, START_ORDER } from '../subsystems.js';
import { updateFailoverStatus } from './failover.js';
import { Replication } from './master.js';
import { replicationInfo } from './info.js';
import { ReplicaSide } from './replica.js';

export interface ReplicationHandle {
  repl: Replication;
  replica: ReplicaSide;
}

/** The replication state of a server, created on first use. */
export const replicationOf = perServer((s): ReplicationHandle => {
  const repl = new Replication(s);
  const replica = new ReplicaSide(s, repl);
  s.propagationSink = (ops, origin) => repl.feedOps(ops, origin);
  repl.afterAck = () => updateFailoverStatus(s, repl, replica);
  s.goodReplicasCount = () => repl.goodReplicasCount();
  // Registered on first use, not at import: info.ts may still be loading then.
  setInfoSection('replication', (st) => `${replicationInfo(st)}\r\n`);
  return { repl, replica };
});

setReplicationAux((s) => replicationOf(s).repl.rdbReplAux());

onClientClose((c) => {
  if (c.repl) replicationOf(c.server).repl.removeReplica(c);
});

function startReplication(s: ServerState): number {
  const { repl, replica } = replicationOf(s);
  const aux = persistenceOf(s).lastLoadAux;
  const target = s.config.list('replicaof');
  const savedId = aux['repl-id'];
  const savedOffset = aux['repl-offset'] !== undefined ? Number(aux['repl-offset']) : NaN;
  if (target.length === 2) {
    const [host, port] = target as [string, string];
    // Started as a replica by configuration: no history of our own to offer (PSYNC ? -1).
    replica.setMaster(host, Number(port), true);
    // A replica restarted with its snapshot PSYNCs from where the snapshot stopped.
    if (savedId && Number.isFinite(savedOffset)) {
      repl.ids.replid = savedId;
      repl.offset = savedOffset;
      replica.cached = { replid: savedId, offset: savedOffset, db: Number(aux['repl-stream-db'] ?? 0) };
      s.log.notice(`Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.`);
    }
  } else if (savedId && Number.isFinite(savedOffset)) {
    // A restarted master continues its old history as replid2 so replicas can PSYNC.
    repl.ids.replid2 = savedId;
    repl.ids.secondReplidOffset = savedOffset + 1;
    repl.offset = savedOffset;
    repl.createBacklog();
    repl.selDb = -1;
  }
  const timer = setInterval(() => {
    repl.cron();
    replica.cron();
  }, 1000);
  timer.unref();
  // Reconnects and diskless-sync starts need a finer tick than once a second.
  const fast = setInterval(() => {
    if (s.masterHost !== null && replica.state === 'connect') replica.cron();
    repl.maybeStartFullSync();
    // FAILOVER deadlines (beforeSleep's updateFailoverStatus; ACKs also run it).
    updateFailoverStatus(s, repl, replica);
  }, 100);
  fast.unref();
  return 0;
}

/**
 * prepareForShutdown's wait for replicas (isReadyToShutdown): unless SHUTDOWN NOW or
 * shutdown-timeout 0, writes pause until every replica acknowledged our whole stream,
 * for at most shutdown-timeout seconds, so a restart can resume with partial resyncs.
 * Runs before the final save (shutdown steps run in reverse start order).
 */
async function waitReplicasBeforeShutdown(s: ServerState, opts: ShutdownOptions): Promise<string | null> {
  const { repl } = replicationOf(s);
  const timeoutMs = s.config.num('shutdown-timeout') * 1000;
  repl.flushStream();
  const ready = (): boolean => repl.replicas.every((r) => r.ackOffset === repl.offset);
  if (opts.now || timeoutMs === 0 || ready()) return null;
  repl.sendGetack();
  pauseClients(s, 'shutdown', 'write', Date.now() + timeoutMs);
  s.log.notice('Waiting for replicas before shutting down.');
  const deadline = Date.now() + timeoutMs;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const r of repl.replicas) {
    if (r.ackOffset !== repl.offset) {
      s.log.warning(`Lagging replica ${repl.replicaName(r.client)} reported offset ${r.ackOffset} behind master, lag=${Math.floor((Date.now() - r.ackTime) / 1000)}, state=${r.state}.`);
    }
  }
  // The save that follows runs before any held client gets another turn.
  unpauseClients(s, 'shutdown');
  return null;
}

registerSubsystem(startReplication, waitReplicasBeforeShutdown, START_ORDER.replication);
