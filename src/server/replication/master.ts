// Master side of replication (replication.c): the replication stream and backlog,
// SYNC/PSYNC with the partial-vs-full decision (masterTryPartialResynchronization),
// full syncs (disk-based `$<len>` or diskless `$EOF:<mark>`) produced by the
// copy-on-write snapshot while clients are served (rdb-only links get the payload and
// are closed), REPLCONF ACKs, WAIT, replica output buffer limits and the cron (PINGs
// into the stream, keepalive newlines, replica timeouts, backlog TTL).

import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Client } from '../client.js';
import { blockClient, unblockClient, resumeClient } from '../blocking.js';
import * as E from '../errors.js';
import { persistenceOf, rdbPath, writeAll } from '../persistence/snapshot.js';
import { SnapshotProducer } from '../persistence/snapshot-producer.js';
import { encodeCommand } from '../protocol/writer.js';
import { closeClientOnOutputBufferLimit } from '../server.js';
import type { PropagatedOp, ServerState } from '../state.js';
import { Backlog } from './backlog.js';
import type { FailoverState } from './failover.js';
import { NULL_REPLID, ReplicationIds } from './ids.js';
import { secondsSince } from './info.js';

/** A replica's progress as Redis's slave->replstate reports it in INFO (state=...). */
export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online';

/** One replica connected to us (its Client has repl set). */
export interface ReplicaLink {
  client: Client;
  /**
   * wait_bgsave: waiting for a snapshot to start (SLAVE_STATE_WAIT_BGSAVE_START) or for
   * the one it is part of to end (WAIT_BGSAVE_END: `inSnapshot`; a diskless transfer
   * stays here until it ends); send_bulk: a disk snapshot is being sent.
   */
  state: ReplicaState;
  inSnapshot: boolean;
  /** Last offset the replica acknowledged (repl_ack_off), and when (ms). */
  ackOffset: number;
  ackTime: number;
  /** Stream bytes produced while its full sync runs, sent once it is online. */
  pending: Buffer[];
  /** Total size of `pending` (its share of the output buffer limit). */
  pendingBytes: number;
  /**
   * Diskless transfer: since when (ms) its socket has held unsent snapshot bytes
   * (repl_last_partial_write), 0 when everything was handed to the kernel.
   */
  partialWriteSince: number;
  /** Wakes a transfer waiting for this replica's socket to drain once it is gone. */
  wakeDrain: (() => void) | null;
  /** Diskless sync: start streaming only after the replica's first ACK. */
  startStreamOnAck: boolean;
  /** Sent PSYNC (false: legacy SYNC, which gets no +FULLRESYNC line and no ACKs). */
  psync: boolean;
  /** When it started waiting for a snapshot (diskless delay). */
  waitingSince: number;
}

/** Diskless transfer pacing (see runDiskless): rest this long after each slice ... */
const REST_MS = 4;
/** ... for this many slices after a replica's socket was last found full. */
const REST_SLICES = 64;

const SELECT_CACHE: string[] = [];
const selectCommand = (db: number): string => (SELECT_CACHE[db] ??= encodeCommand(['SELECT', String(db)]));

export class Replication {
  readonly ids = new ReplicationIds();
  /** master_repl_offset: bytes of stream this node produced or applied. */
  offset = 0;
  backlog: Backlog | null = null;
  readonly replicas: ReplicaLink[] = [];
  /** The db the stream last selected (slaveseldb); -1 forces a SELECT. */
  selDb = -1;
  /** When the last replica went away (repl-backlog-ttl counts from here). */
  noReplicasSince = Date.now();
  /** Clients blocked in WAIT. */
  readonly waiters = new Set<Client>();
  private getackPending = false;
  /** FAILOVER progress (failover.ts): state, target, deadline (ms, 0: none), FORCE. */
  failoverState: FailoverState = 'no-failover';
  failoverHost: string | null = null;
  failoverPort = 0;
  failoverEndTime = 0;
  failoverForce = false;
  /** Runs after every REPLCONF ACK (the subsystem hooks updateFailoverStatus here). */
  afterAck: () => void = () => {};
  /** A full-sync snapshot being produced for replicas, if any. */
  private syncSession: { producer: SnapshotProducer; links: ReplicaLink[]; diskless: boolean } | null = null;

  constructor(readonly s: ServerState) {}

  // --- the stream ----------------------------------------------------------------

  /**
   * replicationFeedSlaves: encodes an execution unit's ops with SELECT where the db
   * changes. Without a backlog and replicas nothing is produced and the offset stays.
   */
  feedOps(ops: PropagatedOp[], origin: Client | null = null): void {
    if (this.backlog === null && this.replicas.length === 0) return;
    let out = '';
    for (const op of ops) {
      if (op.db !== this.selDb) {
        out += selectCommand(op.db);
        this.selDb = op.db;
      }
      out += encodeCommand(op.argv);
    }
    // The offset moves now; the bytes reach the backlog and the replicas in one write per
    // event-loop turn (Redis too writes replica output from beforeSleep).
    this.offset += out.length;
    this.unflushed += out;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushStreamCb);
    }
    // WAIT waits for the stream up to the end of this client's last write.
    if (origin) origin.woff = this.offset;
  }

  /** Stream produced this turn and not yet in the backlog or sent (byte string). */
  private unflushed = '';
  private flushScheduled = false;
  private readonly flushStreamCb = (): void => this.flushStream();

  /**
   * Moves the stream produced so far to the backlog and the replicas. Anything that reads
   * the backlog or changes the set of replicas calls this first.
   */
  flushStream(): void {
    this.flushScheduled = false;
    if (this.unflushed.length === 0) return;
    const data = Buffer.from(this.unflushed, 'latin1');
    this.unflushed = '';
    this.offset -= data.length;
    this.feedRaw(data);
  }

  /** Appends stream bytes: backlog, offset, and every replica (online or buffering). */
  feedRaw(data: Buffer): void {
    if (this.unflushed.length > 0) this.flushStream();
    if (data.length === 0) return;
    if (this.backlog) this.backlog.append(data);
    this.offset += data.length;
    for (const r of this.replicas) {
      // canFeedReplicaReplBuffer: a replica that asked for the snapshot only gets no stream.
      if (r.client.replRdbOnly) continue;
      if (r.state === 'online' && !r.startStreamOnAck) {
        r.client.conn.writeBytes(data);
        this.s.stats.netReplOutputBytes += data.length;
      } else if (r.inSnapshot || r.state !== 'wait_bgsave') {
        // Replicas waiting for a snapshot to start get nothing: it will include this.
        r.pending.push(data);
        r.pendingBytes += data.length;
      } else {
        continue;
      }
      // feedReplicationBuffer checks every replica it appended to.
      this.checkOutputLimit(r);
    }
  }

  /**
   * client-output-buffer-limit for a replica: what it has not consumed of the stream,
   * i.e. the stream we hold for it plus its socket's unsent bytes once it streams (during
   * a transfer those are snapshot bytes, which Redis does not count either). CLIENT LIST
   * reports the same figure as omem.
   */
  private checkOutputLimit(r: ReplicaLink): void {
    const c = r.client;
    if (c.closing) return;
    closeClientOnOutputBufferLimit(c, c.unsentOutputBytes());
  }

  /** createReplicationBacklog: starts right after the current offset. */
  createBacklog(): void {
    this.flushStream();
    this.backlog = new Backlog(this.s.config.num('repl-backlog-size'), this.offset);
  }

  // --- SYNC / PSYNC ----------------------------------------------------------------

  /**
   * syncCommand for SYNC and PSYNC <replid> <offset>. Returns an error text to reply
   * with, or null when the client became a replica (nothing else is replied).
   */
  syncCommand(c: Client, argv: string[]): string | null {
    const s = this.s;
    if (c.repl) return null; // already a replica: ignore, as Redis does
    this.flushStream();
    if (this.failoverState !== 'no-failover') return E.NOMASTERLINK_FAILING_OVER;
    if (s.masterHost !== null && !s.masterLinkUp) return E.NOMASTERLINK_NOT_CONNECTED;
    if (c.out.length > 0) return E.SYNC_PENDING_OUTPUT;
    const isPsync = argv[0]!.toLowerCase() === 'psync';
    s.log.notice(`Replica ${this.replicaName(c)} asks for synchronization`);
    const link: ReplicaLink = {
      client: c,
      state: 'wait_bgsave',
      inSnapshot: false,
      ackOffset: 0,
      ackTime: Date.now(),
      pending: [],
      pendingBytes: 0,
      partialWriteSince: 0,
      wakeDrain: null,
      startStreamOnAck: false,
      psync: isPsync,
      waitingSince: Date.now(),
    };
    c.repl = link;
    c.isReplica = true;
    if (isPsync) {
      const replid = argv[1]!;
      const off = Number(argv[2]);
      if (this.tryPartial(link, replid, Number.isFinite(off) ? off : -1)) {
        s.stats.syncPartialOk++;
        return null;
      }
      if (replid !== '?') s.stats.syncPartialErr++;
    }
    s.stats.syncFull++;
    this.replicas.push(link);
    // The first replica creates the backlog with a fresh history (syncCommand).
    if (this.replicas.length === 1 && this.backlog === null) {
      this.ids.change();
      this.ids.clearSecond();
      this.createBacklog();
      s.log.notice(`Replication backlog created, my new replication IDs are '${this.ids.replid}' and '${this.ids.replid2}'`);
    }
    this.logFullSyncWait(c);
    this.maybeStartFullSync();
    return null;
  }

  /**
   * syncCommand's three cases for a replica that needs a full sync, for their log lines: a
   * snapshot is already being produced (to disk: Redis could attach the replica to it when
   * another replica is waiting for the same one, we never do; to sockets: nobody can join
   * it), or none is, and a diskless one is held back by repl-diskless-sync-delay
   * (replicationCron starts it later). Otherwise maybeStartFullSync starts one now.
   */
  private logFullSyncWait(c: Client): void {
    const s = this.s;
    const session = this.syncSession;
    if (session?.diskless) {
      s.log.notice('Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC');
    } else if (session || persistenceOf(s).bgsave !== null) {
      s.log.notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
    } else if (s.config.bool('repl-diskless-sync') && c.replCapa.has('eof') && s.config.num('repl-diskless-sync-delay') > 0) {
      s.log.notice('Delay next BGSAVE for diskless SYNC');
    }
  }

  /** masterTryPartialResynchronization: accept and stream the backlog, or refuse. */
  private tryPartial(link: ReplicaLink, replid: string, psyncOffset: number): boolean {
    const s = this.s;
    const ids = this.ids;
    const name = this.replicaName(link.client);
    if (replid !== ids.replid && (replid !== ids.replid2 || psyncOffset > ids.secondReplidOffset)) {
      if (replid === '?') {
        s.log.notice(`Full resync requested by replica ${name}`);
      } else if (replid !== ids.replid2) {
        s.log.notice(`Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${replid}', my replication IDs are '${ids.replid}' and '${ids.replid2}')`);
      } else {
        s.log.notice(`Partial resynchronization not accepted: Requested offset for second ID was ${psyncOffset}, but I can reply up to ${ids.secondReplidOffset}`);
      }
      return false;
    }
    if (!this.backlog || !this.backlog.covers(psyncOffset)) {
      s.log.notice(`Unable to partial resync with replica ${name} for lack of backlog (Replica request was: ${psyncOffset}).`);
      return false;
    }
    link.state = 'online';
    link.ackTime = Date.now();
    this.replicas.push(link);
    const psync2 = link.client.replCapa.has('psync2');
    link.client.conn.write(psync2 ? `+CONTINUE ${ids.replid}\r\n` : '+CONTINUE\r\n');
    const data = this.backlog.readFrom(psyncOffset);
    if (data.length > 0) link.client.conn.writeBytes(data);
    s.log.notice(`Partial resynchronization request from ${name} accepted. Sending ${data.length} bytes of backlog starting from offset ${psyncOffset}.`);
    return true;
  }

  /**
   * Starts a snapshot for waiting replicas when the diskless delay allows it, and never
   * while another one runs: a BGSAVE's is not ours to share (shouldStartChildReplication
   * requires no active child).
   */
  maybeStartFullSync(): void {
    if (this.syncSession || persistenceOf(this.s).bgsave !== null) return;
    const waiting = this.replicas.filter((r) => r.state === 'wait_bgsave' && !r.inSnapshot);
    if (waiting.length === 0) return;
    const diskless = this.s.config.bool('repl-diskless-sync') && waiting.every((r) => r.client.replCapa.has('eof'));
    if (diskless) {
      const delay = this.s.config.num('repl-diskless-sync-delay') * 1000;
      const max = this.s.config.num('repl-diskless-sync-max-replicas');
      const oldest = Math.min(...waiting.map((r) => r.waitingSince));
      if (Date.now() - oldest < delay && !(max > 0 && waiting.length >= max)) return;
    }
    this.startSyncSession(waiting, diskless);
  }

  /**
   * Starts one snapshot for these replicas (startBgsaveForReplication): each gets
   * +FULLRESYNC <replid> <offset> for the offset the snapshot represents, then the
   * payload; the stream produced meanwhile is buffered per replica.
   */
  private startSyncSession(links: ReplicaLink[], diskless: boolean): void {
    const s = this.s;
    this.flushStream();
    const producer = new SnapshotProducer(s, {
      replAux: this.rdbReplAux(),
      keyDelayUs: s.config.num('rdb-key-save-delay'),
    });
    const offset = this.offset;
    // The stream after a full sync always starts with a SELECT (replicationSetupSlaveForFullResync).
    this.selDb = -1;
    for (const l of links) {
      l.inSnapshot = true;
      l.pending = [];
      l.pendingBytes = 0;
      if (l.psync) l.client.conn.write(`+FULLRESYNC ${this.ids.replid} ${offset}\r\n`);
    }
    this.syncSession = { producer, links, diskless };
    s.log.notice(
      diskless
        ? `Starting BGSAVE for SYNC with target: replicas sockets`
        : `Starting BGSAVE for SYNC with target: disk`,
    );
    // No fork here: the snapshot runs in this process, whose pid the lines name.
    s.log.notice(diskless ? `Background RDB transfer started by pid ${process.pid}` : `Background saving started by pid ${process.pid}`);
    const run = diskless ? this.runDiskless(producer, links) : this.runDiskBased(producer, links);
    run
      .catch((e: unknown) => {
        // Aborted because every replica of the session went away: nothing failed.
        if (producer.isAborted && this.live(links).length === 0) return;
        s.log.warning(`Full sync snapshot failed: ${(e as Error).message}`);
        for (const l of this.live(links)) this.dropReplica(l, 'snapshot failed');
      })
      .finally(() => {
        this.syncSession = null;
        this.maybeStartFullSync();
      });
  }

  private live(links: ReplicaLink[]): ReplicaLink[] {
    return links.filter((l) => this.replicas.includes(l));
  }

  /**
   * Waits until every live link has flushed its socket (backpressure), or went away (a
   * dropped replica's socket never drains).
   */
  private drain(links: ReplicaLink[]): Promise<void> | void {
    const busy = this.live(links);
    if (busy.length === 0) return;
    return Promise.all(
      busy.map(
        (l) =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              l.wakeDrain = null;
              l.partialWriteSince = 0;
              resolve();
            };
            l.wakeDrain = done;
            l.client.conn.onceDrain(done);
          }),
      ),
    ).then(() => {});
  }

  private async runDiskless(producer: SnapshotProducer, links: ReplicaLink[]): Promise<void> {
    const mark = randomBytes(20).toString('hex');
    for (const l of links) l.client.conn.write(`$EOF:${mark}\r\n`);
    // Slices since a replica's socket was last full (or the start): while it recently
    // was, the replicas read slower than we produce, so the producer rests after each
    // slice at no cost to the transfer. A producer that never sleeps loses the scheduler's favour to the
    // replica loading on the same machine, and clients then wait whole time slices.
    let sinceFull = 0;
    await producer.run((chunk) => {
      let full = false;
      const now = Date.now();
      for (const l of this.live(links)) {
        if (!l.client.conn.writeBytes(chunk)) {
          full = true;
          // Not all of it reached the kernel: the replica's full-sync timeout clock runs.
          if (l.partialWriteSince === 0) l.partialWriteSince = now;
        }
      }
      this.s.stats.netReplOutputBytes += chunk.length * links.length;
      if (this.live(links).length === 0) producer.abort();
      if (full) {
        sinceFull = 0;
        return this.drain(links);
      }
      if (++sinceFull > REST_SLICES) return undefined;
      return new Promise<void>((res) => setTimeout(res, REST_MS));
    });
    // What the fork child and rdbPipeReadHandler log once the payload is out.
    this.logCow(producer);
    this.s.log.warning(`Diskless rdb transfer, done reading from pipe, ${this.live(links).length} replicas still up.`);
    this.s.log.notice('Background RDB transfer terminated with success');
    for (const l of this.live(links)) {
      l.client.conn.write(mark);
      this.s.log.notice(`Streamed RDB transfer with replica ${this.replicaName(l.client)} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
      if (l.client.replRdbOnly) {
        this.freeRdbOnlyReplica(l);
        continue;
      }
      // Online now (replicaPutOnline), but its buffered stream starts only once the
      // replica loaded and ACKed, so the EOF mark ends what it reads as the payload.
      l.state = 'online';
      l.inSnapshot = false;
      l.startStreamOnAck = true;
      l.ackTime = Date.now();
      this.s.log.notice(`Synchronization with replica ${this.replicaName(l.client)} succeeded`);
    }
  }

  private async runDiskBased(producer: SnapshotProducer, links: ReplicaLink[]): Promise<void> {
    const tmp = resolve(`temp-${process.pid}-repl.rdb`);
    // Written and fsynced off the event loop, as a BGSAVE is: clients are served meanwhile.
    const fh = await open(tmp, 'w', 0o644);
    try {
      await producer.run((chunk) => writeAll(fh, chunk));
      await fh.sync();
    } finally {
      await fh.close();
    }
    // Like a BGSAVE, the snapshot becomes the node's data file.
    const file = rdbPath(this.s);
    renameSync(tmp, file);
    this.s.log.notice('DB saved on disk');
    this.logCow(producer);
    this.s.log.notice('Background saving terminated with success');
    const size = statSync(file).size;
    const rfd = openSync(file, 'r');
    // Each replica is sent the file at its own pace (sendBulkToSlave per replica): one
    // that stops reading holds up nobody else, and the session ends with the save, so
    // replicas arriving meanwhile get the next snapshot without waiting for the sends.
    // The open descriptor keeps this file readable even if a later save replaces it.
    const sendTo = async (l: ReplicaLink): Promise<void> => {
      l.state = 'send_bulk';
      l.client.conn.write(`$${size}\r\n`);
      const chunk = Buffer.allocUnsafe(256 * 1024);
      for (let pos = 0; pos < size; ) {
        const n = readSync(rfd, chunk, 0, Math.min(chunk.length, size - pos), pos);
        if (n <= 0) break;
        pos += n;
        if (!l.client.conn.writeBytes(Buffer.from(chunk.subarray(0, n)))) await this.drain([l]);
        if (!this.replicas.includes(l)) return;
      }
      if (l.client.replRdbOnly) {
        this.freeRdbOnlyReplica(l);
        return;
      }
      this.s.log.notice(`Synchronization with replica ${this.replicaName(l.client)} succeeded`);
      this.putOnline(l);
    };
    void Promise.all(this.live(links).map(sendTo))
      .catch((e: unknown) => {
        this.s.log.warning(`Sending the RDB file to replicas failed: ${(e as Error).message}`);
        for (const l of this.live(links)) if (l.state === 'send_bulk') this.dropReplica(l, 'RDB transfer failed');
      })
      .finally(() => closeSync(rfd));
  }

  /** The fork child's copy-on-write report; ours is the snapshot's preserved values. */
  private logCow(producer: SnapshotProducer): void {
    this.s.log.notice(`Fork CoW for RDB: current 0 MB, peak ${Math.floor(producer.cowPeak / 1024 / 1024)} MB, average 0 MB`);
  }

  /** replicaPutOnline: flush what was buffered during the sync and stream from now on. */
  private putOnline(l: ReplicaLink): void {
    l.state = 'online';
    l.inSnapshot = false;
    l.startStreamOnAck = false;
    l.ackTime = Date.now();
    for (const b of l.pending) l.client.conn.writeBytes(b);
    l.pending = [];
    l.pendingBytes = 0;
  }

  /** Aux fields for snapshots: repl-stream-db, repl-id, repl-offset (rdbPopulateSaveInfo). */
  rdbReplAux(): Array<[string, string]> {
    const s = this.s;
    if (s.masterHost === null && this.backlog === null) return [];
    return [
      ['repl-stream-db', String(Math.max(0, s.masterHost === null ? this.selDb : (s.masterClient?.db.id ?? 0)))],
      ['repl-id', this.ids.replid],
      ['repl-offset', String(this.offset)],
    ];
  }

  // --- REPLCONF ACK, WAIT, min-replicas ---------------------------------------------

  /** REPLCONF ACK <offset>: record it; the first ACK after a diskless sync starts the stream. */
  ack(c: Client, offset: number): void {
    const l = c.repl;
    if (!l) return;
    if (offset > l.ackOffset) l.ackOffset = offset;
    l.ackTime = Date.now();
    // replicaStartCommandStream: the replica loaded the diskless payload.
    if (l.startStreamOnAck && l.state === 'online') this.putOnline(l);
    if (this.waiters.size > 0) this.serveWaiters();
    if (this.failoverState === 'waiting-for-sync') this.afterAck();
  }

  /** Replicas that are online and acknowledged within min-replicas-max-lag. */
  goodReplicasCount(): number {
    // Whole seconds, as refreshGoodSlavesCount compares unixtime values.
    const maxLag = this.s.config.num('min-replicas-max-lag');
    const now = Date.now();
    let n = 0;
    for (const r of this.replicas) if (r.state === 'online' && secondsSince(now, r.ackTime) <= maxLag) n++;
    return n;
  }

  /** replicationCountAcksByOffset. */
  countAcks(offset: number): number {
    let n = 0;
    for (const r of this.replicas) if (r.state === 'online' && r.ackOffset >= offset) n++;
    return n;
  }

  /** WAIT numreplicas timeout (waitCommand). */
  waitCommand(c: Client, numReplicas: number, timeoutMs: number): void {
    const target = c.woff;
    const acked = this.countAcks(target);
    if (acked >= numReplicas || c.inMulti) {
      c.addInt(acked);
      return;
    }
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    this.waiters.add(c);
    blockClient(
      c,
      deadline,
      () => {
        const n = this.countAcks(target);
        if (n < numReplicas) return false;
        this.waiters.delete(c);
        c.addInt(n);
        return true;
      },
      () => {
        this.waiters.delete(c);
        c.addInt(this.countAcks(target));
      },
    );
    this.requestAcks();
  }

  private serveWaiters(): void {
    for (const c of [...this.waiters]) {
      const b = c.blocked;
      if (!b) {
        this.waiters.delete(c);
        continue;
      }
      if (b.retry('')) {
        unblockClient(c);
        resumeClient(c);
      }
    }
    this.s.flushWrites();
  }

  /** Sends REPLCONF GETACK * once per event-loop turn (beforeSleep's sendGetackToReplicas). */
  requestAcks(): void {
    // Not while writes are paused: a GETACK would move the offset a FAILOVER waits for.
    if (this.getackPending || this.s.masterHost !== null || this.s.writesPaused()) return;
    this.getackPending = true;
    setImmediate(() => {
      this.getackPending = false;
      if (this.waiters.size === 0) return;
      this.sendGetack();
    });
  }

  /** sendGetackToReplicas: REPLCONF GETACK * into the stream; replicas answer with an ACK. */
  sendGetack(): void {
    if (this.replicas.length === 0) return;
    this.feedRaw(Buffer.from(encodeCommand(['REPLCONF', 'GETACK', '*']), 'latin1'));
  }

  // --- replicas going away --------------------------------------------------------

  /** Forgets a replica whose client closed. */
  removeReplica(c: Client): void {
    const l = c.repl;
    if (!l) return;
    this.forgetReplica(l);
    const session = this.syncSession;
    if (session && !session.producer.isAborted && session.links.includes(l) && this.live(session.links).length === 0) {
      if (session.diskless) this.s.log.warning('Diskless rdb transfer, last replica dropped, killing fork child.');
      session.producer.abort();
    }
  }

  /** freeClient's replication part: no longer a replica of ours. */
  private forgetReplica(l: ReplicaLink): void {
    const c = l.client;
    const i = this.replicas.indexOf(l);
    if (i >= 0) this.replicas.splice(i, 1);
    c.repl = null;
    l.wakeDrain?.();
    if (this.replicas.length === 0) this.noReplicasSince = Date.now();
    this.s.log.warning(`Connection with replica ${this.replicaName(c)} lost.`);
  }

  /**
   * The payload reached an rdb-only replica: it is no replica to put online, so it is
   * freed at once (replicaPutOnline refuses it, freeClientAsync), for disk and diskless
   * transfers alike. The socket closes once the payload queued in it has been written;
   * input arriving meanwhile is ignored (the client is closing).
   */
  private freeRdbOnlyReplica(l: ReplicaLink): void {
    const c = l.client;
    this.s.log.notice(`RDB transfer completed, rdb only replica (${this.replicaName(c)}) should be disconnected asap`);
    this.forgetReplica(l);
    c.closing = true;
    c.conn.end();
  }

  dropReplica(l: ReplicaLink, why: string): void {
    this.s.log.warning(`Disconnecting replica ${this.replicaName(l.client)}: ${why}`);
    l.client.conn.destroy();
  }

  /** disconnectSlaves: every replica reconnects (and learns a new replid). */
  disconnectReplicas(): void {
    for (const l of [...this.replicas]) l.client.conn.destroy();
  }

  /** The replica's address: announced with REPLCONF ip-address, else its peer address. */
  replicaIp(c: Client): string {
    return c.replAnnouncedIp || c.conn.remoteAddress.replace(/:\d+$/, '');
  }

  /** replicationGetSlaveName: ip:port as the replica announced it (redis-cli announces no port). */
  replicaName(c: Client): string {
    return `${this.replicaIp(c)}:${c.replListeningPort || '<unknown-replica-port>'}`;
  }

  // --- cron ------------------------------------------------------------------------

  /** The master half of replicationCron, run every second. */
  cron(): void {
    const s = this.s;
    this.flushStream();
    const now = Date.now();
    const period = s.config.num('repl-ping-replica-period');
    // PING into the stream, so replicas can detect a silent master (only top-level
    // masters). A FAILOVER with a TIMEOUT skips it while writes are paused, so the
    // target's offset can reach ours (replicationCron's manual_failover_in_progress).
    const tick = this.cronTicks++;
    if (s.masterHost === null && this.replicas.length > 0 && tick % period === 0 && !(this.failoverEndTime > 0 && s.writesPaused())) {
      // Fed in the stream's current db: it never causes a SELECT (not even after a sync).
      this.feedOps([{ db: this.selDb, argv: ['PING'] }]);
    }
    // Keepalive newlines to replicas in presync: waiting for a snapshot to start, or for
    // a disk snapshot to be written (a diskless transfer is itself the traffic).
    for (const r of this.replicas) {
      if (r.state === 'wait_bgsave' && !(r.inSnapshot && this.syncSession?.diskless)) r.client.conn.write('\n');
    }
    // Replicas that stopped acknowledging (whole seconds, as Redis compares unixtime; a
    // legacy SYNC replica never ACKs), and diskless transfers stuck on a replica that
    // stopped reading. Redis times out no disk-based transfer (no snapshot child waits on
    // it); the output limit drops such a replica once the stream held for it grows.
    const timeout = s.config.num('repl-timeout');
    const nowSec = Math.floor(now / 1000);
    for (const r of [...this.replicas]) {
      if (r.client.closing) continue;
      if (r.state === 'online' && !r.inSnapshot) {
        if (r.psync && nowSec - Math.floor(r.ackTime / 1000) > timeout) {
          s.log.warning(`Disconnecting timedout replica (streaming sync): ${this.replicaName(r.client)}`);
          r.client.conn.destroy();
        }
      } else if (r.inSnapshot && this.syncSession?.diskless && r.partialWriteSince !== 0 && nowSec - Math.floor(r.partialWriteSince / 1000) > timeout) {
        s.log.warning(`Disconnecting timedout replica (full sync): ${this.replicaName(r.client)}`);
        r.client.conn.destroy();
      }
    }
    // Free a backlog unused for repl-backlog-ttl on a master without replicas.
    const ttl = s.config.num('repl-backlog-ttl') * 1000;
    if (s.masterHost === null && this.replicas.length === 0 && this.backlog && ttl > 0 && now - this.noReplicasSince > ttl) {
      // A new replid stops stale replicas from resyncing partially against a history
      // that may have been lost (the comment in replicationCron explains the case).
      this.ids.change();
      this.ids.clearSecond();
      this.backlog = null;
      s.log.notice(`Replication backlog freed after ${ttl / 1000} seconds without connected replicas.`);
    }
    this.maybeStartFullSync();
  }
  private cronTicks = 0;

  /** INFO replication's slaveN lines. */
  replicaInfoLines(): string[] {
    const out: string[] = [];
    const now = Date.now();
    this.replicas.forEach((r, i) => {
      // Redis reports a lag only for online replicas.
      const lag = r.state === 'online' ? secondsSince(now, r.ackTime) : 0;
      out.push(`slave${i}:ip=${this.replicaIp(r.client)},port=${r.client.replListeningPort},state=${r.state},offset=${r.ackOffset},lag=${lag}`);
    });
    return out;
  }

  /** Used by restarts that load a snapshot with replication info (§5). */
  static readonly NULL_REPLID = NULL_REPLID;
}

/** Removes a leftover temp file of an interrupted disk-based sync. */
export function cleanupReplTemp(): void {
  try {
    unlinkSync(resolve(`temp-${process.pid}-repl.rdb`));
  } catch {
    // none
  }
}
