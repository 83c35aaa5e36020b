// The server's shared state: configuration, databases, clients, statistics and the
// cross-cutting mechanisms every command touches (propagation to replicas and MONITOR,
// WATCH invalidation, blocked clients, client pause). One instance per process.

import type { Client } from './client.js';
import type { CommandSpec } from './commands/spec.js';
import { ConfigStore } from './config/store.js';
import { type Clock, RealClock } from './keyspace/clock.js';
import { Db, type KeyspaceHooks } from './keyspace/keyspace.js';
import { Logger } from './log.js';
import { NOTIFY_EXPIRED, NOTIFY_KEY_MISS, NOTIFY_NEW, notifyKeyspaceEvent } from './notify.js';
import { Stats } from './stats.js';

/** One propagated operation: the db it ran in and its argv. */
export interface PropagatedOp {
  db: number;
  argv: string[];
}

/** c's WATCH entry for db/key (clients watch few keys; Redis scans the list too). */
function watchedEntry(c: Client, db: Db, key: string): Client['watched'][number] | undefined {
  for (const w of c.watched) if (w.db === db && w.key === key) return w;
  return undefined;
}

/** What a pause holds back: nothing, commands that may write, or every command. */
export type PauseType = 'none' | 'write' | 'all';

/**
 * Who paused clients (Redis 7.0's pause_purpose): CLIENT PAUSE, SHUTDOWN waiting for
 * replicas, FAILOVER. Ending one purpose's pause leaves the others in force.
 */
export type PausePurpose = 'client' | 'shutdown' | 'failover';

/** One purpose's pause (pause_event): its type and end (a Date.now() time, ms). */
export interface PauseEvent {
  type: 'write' | 'all';
  end: number;
}

/**
 * Receives every execution unit's propagated ops (replication installs this), with the
 * client whose command produced them, if any (its WAIT offset is set from the stream).
 */
export type PropagationSink = (ops: PropagatedOp[], origin: Client | null) => void;

export class ServerState {
  readonly config: ConfigStore;
  readonly log = new Logger();
  readonly stats = new Stats();
  clock: Clock;
  readonly startedAt = Date.now();
  dbs: Db[] = [];
  /** Changes since the last save (server.dirty); also decides propagation of a call. */
  dirty = 0;
  readonly clients = new Map<number, Client>();
  nextClientId = 1;
  /** The client whose command is executing, or null. */
  currentClient: Client | null = null;
  /** ms time fixed for the command being executed (Redis caches it per call). */
  cmdTime = 0;
  /** True while a snapshot is being loaded. */
  loading = false;
  /** Bound TCP port, once listening (differs from `port` with `port 0`). */
  boundPort = 0;
  shuttingDown = false;

  // Replication hooks; the replication subsystem fills these in.
  /** Host of our master, or null when this node is a master. */
  masterHost: string | null = null;
  masterPort = 0;
  /** master_link_status:up on a replica. */
  masterLinkUp = false;
  /** The client for our master's link, when connected. */
  masterClient: Client | null = null;
  propagationSink: PropagationSink | null = null;
  /** Replicas online with a recent ACK (refreshGoodSlavesCount); replication installs it. */
  goodReplicasCount: () => number = () => 0;
  /** After every executed command: slowlog and latency monitoring hook in here. */
  afterCall: (c: Client, cmd: CommandSpec, argv: string[], usec: number) => void = () => {};
  readonly monitors = new Set<Client>();

  // Execution unit bookkeeping (Redis server.also_propagate, execution_nesting).
  pendingOps: PropagatedOp[] = [];
  executionNesting = 0;

  // WATCH: db -> key -> clients watching it.
  readonly watchedKeys = new Map<Db, Map<string, Set<Client>>>();

  // Blocking: keys that received data during this command; served after it.
  readyKeys: Array<{ db: Db; key: string }> = [];
  readonly readyKeySet = new Set<string>();

  // Client pause (networking.c pauseClients): each purpose keeps its own type and end;
  // pauseType and pauseEnd are the effective pause derived from them in one place
  // (commands/connection.ts updatePauseState), the strictest type with its latest end.
  readonly pauses = new Map<PausePurpose, PauseEvent>();
  pauseType: PauseType = 'none';
  pauseEnd = 0;
  pauseTimer: NodeJS.Timeout | null = null;
  readonly pausedClients = new Set<Client>();

  /**
   * True when c must not run argv now because of CLIENT PAUSE (argv null: before parsing).
   * The connection commands install the real rule; replicas and the master link never pause.
   */
  pauseBlocks: (c: Client, argv: string[] | null) => boolean = () => false;

  /**
   * Set by persistence while the last background save failed: returns true when writes
   * (and PING) must get -MISCONF (writeCommandsDeniedByDiskError). Null: no disk error.
   */
  diskErrorGate: ((s: ServerState) => boolean) | null = null;

  /** Snapshots in progress: told before any key changes (copy-on-write, snapshot-producer.ts). */
  readonly snapshots = new Set<{ beforeWrite(db: Db, key: string): void }>();

  /** Clients with output to write (each once: Client.writeQueued). */
  private readonly pendingWrites: Client[] = [];
  private flushScheduled = false;
  private readonly flushLater = (): void => this.flushWrites();
  /**
   * Input batches (socket data events) being run: their output is written when each
   * ends, so replies made meanwhile need no timer.
   */
  inputBatches = 0;
  /**
   * performance.now() at the end of the last command of the input batch being run (its
   * start for the first), so call() reads the clock once per command; 0 outside batches.
   */
  callClock = 0;

  constructor(clock: Clock = new RealClock(), config = new ConfigStore()) {
    this.clock = clock;
    this.config = config;
    this.cmdTime = clock.now();
    this.resizeDatabases(config.num('databases'));
  }

  /** Creates the configured number of databases (only at start). */
  resizeDatabases(n: number): void {
    const hooks = this.keyspaceHooks();
    this.dbs = [];
    for (let i = 0; i < n; i++) this.dbs.push(new Db(i, hooks));
  }

  /**
   * Empty databases like the server's that nothing reads yet: a full sync loads into
   * them while the current data is served, then swaps them in (Db.swapWith).
   */
  stagingDatabases(): Db[] {
    const hooks = this.keyspaceHooks();
    return this.dbs.map((db) => new Db(db.id, hooks));
  }

  requiresAuth(): boolean {
    return this.config.str('requirepass') !== '';
  }

  isReplica(): boolean {
    return this.masterHost !== null;
  }

  writesPaused(): boolean {
    return this.pauseType !== 'none';
  }

  private keyspaceHooks(): KeyspaceHooks {
    return {
      now: () => this.cmdTime,
      isReplica: () => this.masterHost !== null,
      executingMasterCommand: () => this.currentClient !== null && this.currentClient.isMaster,
      writesPaused: () => this.pauseType !== 'none',
      loading: () => this.loading,
      expiredKeyDeleted: (db, key) => {
        notifyKeyspaceEvent(this, NOTIFY_EXPIRED, 'expired', key, db.id);
        this.stats.expiredKeys++;
        this.touchWatchedKey(db, key);
        const lazy = this.config.bool('lazyfree-lazy-expire');
        this.alsoPropagate(db.id, [lazy ? 'UNLINK' : 'DEL', key]);
      },
      keyModified: (db, key) => this.touchWatchedKey(db, key),
      keyAdded: (db, key) => this.signalKeyAsReady(db, key),
      keyCreated: (db, key) => notifyKeyspaceEvent(this, NOTIFY_NEW, 'new', key, db.id),
      snapshotting: () => this.snapshots.size > 0,
      beforeWrite: (db, key) => {
        for (const snap of this.snapshots) snap.beforeWrite(db, key);
      },
      keyspaceHit: () => {
        this.stats.keyspaceHits++;
      },
      keyspaceMiss: (db, key) => {
        this.stats.keyspaceMisses++;
        if (key !== null) notifyKeyspaceEvent(this, NOTIFY_KEY_MISS, 'keymiss', key, db.id);
      },
    };
  }

  // --- output batching ---------------------------------------------------------

  /** Queues a client with fresh output; written at the end of this turn of the loop. */
  scheduleWrite(c: Client): void {
    if (c.writeQueued) return;
    c.writeQueued = true;
    this.pendingWrites.push(c);
    // During an input batch, flushSoon() runs once the batch is done.
    if (this.inputBatches === 0) this.flushSoon();
  }

  /**
   * After a client's input was processed: its replies, and those of every other client
   * served in this turn of the event loop, are written together once the loop has read
   * all ready sockets (Redis writes in beforeSleep), so a burst of requests from many
   * clients costs one wake-up of each reader instead of one per request.
   */
  flushSoon(): void {
    if (this.pendingWrites.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushLater);
    }
  }

  /** handleClientsWithPendingWrites: one write per client with output. */
  flushWrites(): void {
    this.flushScheduled = false;
    const list = this.pendingWrites;
    if (list.length === 0) return;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      c.writeQueued = false;
      c.flush();
    }
    list.length = 0;
  }

  // --- propagation -------------------------------------------------------------

  /** alsoPropagate: adds an op to the current execution unit. */
  alsoPropagate(db: number, argv: string[]): void {
    if (this.masterHost !== null) return; // only top-level masters generate the stream
    this.pendingOps.push({ db, argv });
    if (this.executionNesting === 0) this.flushPropagation(this.currentClient);
  }

  /**
   * propagatePendingCommands: hands the unit's ops to replication, wrapped in
   * MULTI/EXEC when there is more than one (server.c).
   */
  flushPropagation(origin: Client | null = null): void {
    if (this.pendingOps.length === 0) return;
    let ops = this.pendingOps;
    this.pendingOps = [];
    if (ops.length > 1) {
      const first = ops[0]!.db;
      ops = [{ db: first, argv: ['MULTI'] }, ...ops, { db: ops[ops.length - 1]!.db, argv: ['EXEC'] }];
    }
    if (this.propagationSink) this.propagationSink(ops, origin);
  }

  // --- WATCH -------------------------------------------------------------------

  /**
   * touchWatchedKey (multi.c, 7.0): clients watching db/key get dirty, except that the
   * deletion of a key that was already logically expired when WATCHed is no change.
   */
  touchWatchedKey(db: Db, key: string): void {
    if (this.watchedKeys.size === 0) return;
    const clients = this.watchedKeys.get(db)?.get(key);
    if (!clients) return;
    for (const c of clients) {
      if (c.dirtyCas) continue;
      const wk = watchedEntry(c, db, key);
      if (wk?.expiredAtWatch && !db.dict.has(key)) {
        wk.expiredAtWatch = false;
        continue;
      }
      c.dirtyCas = true;
    }
  }

  /**
   * touchAllWatchedKeysInDb: FLUSHDB/FLUSHALL empty db (other null) or SWAPDB replaces
   * its content with other's. Watchers of a key that existed in either get dirty, with
   * Redis 7.0's exceptions for keys expired at WATCH time and keys swapped in expired.
   */
  touchAllWatchedKeysInDb(db: Db, other?: Db): void {
    const keys = this.watchedKeys.get(db);
    if (!keys) return;
    for (const [key, clients] of keys) {
      const inEmptied = db.dict.has(key);
      const inOther = other !== undefined && other.dict.has(key);
      if (!inEmptied && !inOther) continue;
      for (const c of clients) {
        const wk = watchedEntry(c, db, key);
        if (wk?.expiredAtWatch) {
          if (!inOther) {
            wk.expiredAtWatch = false;
            continue;
          }
          if (other!.isExpired(key)) continue;
        } else if (wk && !inEmptied && other!.isExpired(key)) {
          wk.expiredAtWatch = true;
          continue;
        }
        c.dirtyCas = true;
      }
    }
  }

  // --- blocking ----------------------------------------------------------------

  /** signalKeyAsReady: a blocked client on db/key may now be served. */
  signalKeyAsReady(db: Db, key: string): void {
    if (db.blockingKeys.size === 0 || !db.blockingKeys.has(key)) return;
    const id = `${db.id}\u0000${key}`;
    if (this.readyKeySet.has(id)) return;
    this.readyKeySet.add(id);
    this.readyKeys.push({ db, key });
  }
}
