// Wires replication into the server: the propagation sink, replica bookkeeping on
// client close, the once-a-second replicationCron, `replicaof` from the config, and
// resuming a replication history saved in the RDB aux fields (loadDataFromDisk).

import { setInfoSection } from '../info.js';
import { persistenceOf, setReplicationAux } from '../persistence/snapshot.js';
import { onClientClose } from '../server.js';
import type { ServerState } from '../state.js';
import { registerSubsystem, START_ORDER } from '../subsystems.js';
import { Replication } from './master.js';
import { replicationInfo } from './info.js';
import { ReplicaSide } from './replica.js';

export interface ReplicationHandle {
  repl: Replication;
  replica: ReplicaSide;
}

const handles = new WeakMap<ServerState, ReplicationHandle>();

/** The replication state of a server, created on first use. */
export function replicationOf(s: ServerState): ReplicationHandle {
  let h = handles.get(s);
  if (!h) {
    const repl = new Replication(s);
    h = { repl, replica: new ReplicaSide(s, repl) };
    handles.set(s, h);
    s.propagationSink = (ops) => repl.feedOps(ops);
    s.goodReplicasCount = () => repl.goodReplicasCount();
    // Registered on first use, not at import: info.ts may still be loading then.
    setInfoSection('replication', (st) => `${replicationInfo(st)}\r\n`);
  }
  return h;
}

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
    replica.setMaster(host, Number(port));
    // Started as a replica by configuration: no history of our own to offer (PSYNC ? -1).
    replica.cached = null;
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
  }, 100);
  fast.unref();
  return 0;
}

registerSubsystem(startReplication, null, START_ORDER.replication);
