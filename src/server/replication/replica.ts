// Replica side of replication (replication.c syncWithMaster, readSyncBulkPayload,
// replicationSetMaster / replicationUnsetMaster): the handshake state machine, PSYNC with
// the cached master (SYNC with a master that does not know PSYNC), loading a full sync
// (`$<len>` or `$EOF:<mark>`), applying the stream as the master client, ACKs, timeouts
// and reconnects.

import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { resolve } from 'node:path';
import { disconnectAllBlockedClients } from '../blocking.js';
import { Client } from '../client.js';
import { forgetStringEncodings } from '../keyspace/values/string.js';
import { StreamLoad } from '../persistence/rdb-load.js';
import { rdbPath } from '../persistence/snapshot.js';
import { strerror } from '../log.js';
import { encodeCommand } from '../protocol/writer.js';
import { freeClient, processInputBuffer, SocketConnection } from '../server.js';
import type { ServerState } from '../state.js';
import { abortFailover, clearFailoverState } from './failover.js';
import type { Replication } from './master.js';

/** repl_state as ROLE reports it. */
export type LinkState = 'none' | 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

/** What a replica keeps of its master to PSYNC after a disconnect (server.cached_master). */
export interface CachedMaster {
  replid: string;
  /** Applied offset; PSYNC asks for offset + 1. */
  offset: number;
  db: number;
}

class LinkClosed extends Error {}

/** The attempt ends without an error condition: already logged, retried as any failure. */
class TryLater extends Error {}

/**
 * The temp file a full sync payload is written to as it arrives (readSyncBulkPayload's
 * temp-<time>.<pid>.rdb), renamed over dbfilename once complete.
 */
class PayloadFile {
  private readonly path = resolve(`temp-${Date.now()}.${process.pid}.rdb`);
  private fh: FileHandle | null = null;
  private failed: Error | null = null;
  private done = false;
  /** Every operation is chained here and never rejects: failures land in `failed`. */
  private chain: Promise<void> = open(this.path, 'w', 0o644).then(
    (fh) => {
      this.fh = fh;
    },
    (e: Error) => {
      this.failed = e;
    },
  );

  /** Queues a chunk; writes happen in order in the background. */
  write(chunk: Buffer): void {
    this.chain = this.chain.then(async () => {
      if (this.failed || !this.fh) return;
      try {
        await this.fh.write(chunk);
      } catch (e) {
        this.failed = e as Error;
      }
    });
  }

  /** Waits for the writes, cuts the file to `size` (dropping an EOF mark) and renames it. */
  async finish(size: number, target: string): Promise<void> {
    await this.chain;
    const fh = this.fh;
    if (this.failed || !fh) throw new Error(`Write error writing to the DB file: ${this.failed?.message ?? 'not open'}`);
    await fh.truncate(size);
    await fh.sync();
    await fh.close();
    this.done = true;
    try {
      await rename(this.path, target);
    } catch (e) {
      throw new Error(`Failed trying to rename the temp DB into ${target} in MASTER <-> REPLICA synchronization: ${(e as Error).message}`);
    }
  }

  /** Closes and removes the temp file of an aborted transfer. */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.chain;
    await this.fh?.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}

/**
 * Bytes of a full sync payload received but not parsed yet above which the replica stops
 * reading the socket, and below which it reads again.
 */
const PARSE_BACKLOG_HIGH = 8 << 20;
const PARSE_BACKLOG_LOW = 2 << 20;

/** Buffered reads from the master socket during the handshake and the transfer. */
class LinkReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private wake: (() => void) | null = null;
  closed = false;
  onData: ((n: number) => void) | null = null;

  constructor(readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.size += d.length;
      this.onData?.(d.length);
      this.notify();
    });
    sock.on('close', () => {
      this.closed = true;
      this.notify();
    });
    sock.on('error', () => {});
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async waitMore(): Promise<void> {
    if (this.closed) throw new LinkClosed('connection closed');
    await new Promise<void>((r) => (this.wake = r));
    if (this.closed && this.size === 0) throw new LinkClosed('connection closed');
  }

  private flat(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** One line without its CRLF. */
  async line(): Promise<string> {
    for (;;) {
      const b = this.flat();
      const nl = b.indexOf(0x0a);
      if (nl >= 0) {
        const end = nl > 0 && b[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = b.toString('latin1', 0, end);
        this.take(nl + 1);
        return line;
      }
      await this.waitMore();
    }
  }

  /** Removes n bytes from the front. */
  take(n: number): Buffer {
    const b = this.flat();
    const out = b.subarray(0, n);
    this.chunks = n < b.length ? [b.subarray(n)] : [];
    this.size -= out.length;
    return out;
  }

  get available(): number {
    return this.size;
  }

  /** Everything buffered so far, as separate chunks (payload collection). */
  drainChunks(): Buffer[] {
    const c = this.chunks;
    this.chunks = [];
    this.size = 0;
    return c;
  }

  waitData(): Promise<void> {
    return this.waitMore();
  }

  /** Stops buffering: further data goes to the stream handler. */
  detach(): void {
    this.sock.removeAllListeners('data');
    this.sock.removeAllListeners('close');
  }
}

export class ReplicaSide {
  state: LinkState = 'none';
  cached: CachedMaster | null = null;
  /** When the link went down (ms), or -1 if it was never up. */
  linkDownSince = -1;
  lastIo = 0;
  /** Bytes of stream read / applied (slave_read_repl_offset / slave_repl_offset). */
  readOffset = 0;
  reploff = 0;
  syncTotal = 0;
  syncRead = 0;
  syncLastIo = 0;
  /**
   * A received snapshot is being loaded. Redis loads synchronously, so no timeout can
   * fire meanwhile; the master hears newlines from us instead.
   */
  private loadingPayload = false;
  /**
   * The replid of the last +FULLRESYNC (server.master_replid): what a history loaded
   * through a legacy SYNC, which announces none, is labelled with.
   */
  private masterReplid = '';
  /** The link came from a legacy SYNC (CLIENT_PRE_PSYNC): no periodic REPLCONF ACK. */
  private prePsync = false;
  /** Last handshake or transfer failure, for INFO and the log. */
  lastError = '';
  private sock: net.Socket | null = null;
  private generation = 0;
  private retryAt = 0;
  private failures = 0;

  constructor(
    private readonly s: ServerState,
    private readonly repl: Replication,
  ) {}

  get connected(): boolean {
    return this.state === 'connected';
  }

  /**
   * replicationSetMaster: follow host:port from now on (the sync runs in the background).
   * `atStartup`: `replicaof` from the configuration, which Redis applies without turning a
   * running master into a replica (no cached master synthesized from our own history).
   */
  setMaster(host: string, port: number, atStartup = false): void {
    const s = this.s;
    const wasMaster = s.masterHost === null;
    // Clients blocked on this node as a master can no longer be served (BLPOP, WAIT).
    disconnectAllBlockedClients(s);
    if (!wasMaster && this.state === 'connected' && s.masterClient) {
      // replicationCacheMaster: keep the old link's history to PSYNC with the new master.
      this.cached = { replid: this.repl.ids.replid, offset: this.reploff, db: s.masterClient.db.id };
    }
    this.closeLink();
    if (wasMaster && !atStartup) {
      // replicationCacheMasterUsingMyself: our own history is what we can PSYNC with.
      s.log.notice('Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.');
      this.cached = { replid: this.repl.ids.replid, offset: this.repl.offset, db: 0 };
      this.reploff = this.repl.offset;
      this.readOffset = this.repl.offset;
    }
    s.masterHost = host;
    s.masterPort = port;
    s.masterLinkUp = false;
    s.log.role = 'S';
    this.state = 'connect';
    this.failures = 0;
    this.linkDownSince = -1;
    this.retryAt = 0;
    // From the configuration, the first attempt waits for the server to be ready, as
    // replicationCron makes it in Redis (after "Ready to accept connections").
    if (atStartup) setImmediate(() => this.connectSoon());
    else this.connectSoon();
  }

  /** replicationUnsetMaster: become a master, continuing our history under a new replid. */
  unsetMaster(): void {
    const s = this.s;
    if (s.masterHost === null) return;
    this.closeLink();
    this.cached = null;
    s.masterHost = null;
    s.masterPort = 0;
    s.masterLinkUp = false;
    s.log.role = 'M';
    this.state = 'none';
    this.repl.ids.shift(this.repl.offset);
    // Replicas must learn the new replid; they come back with a partial resync.
    this.repl.disconnectReplicas();
    this.repl.selDb = -1;
    // The backlog TTL counts from the promotion, not from when the last replica left.
    this.repl.noReplicasSince = Date.now();
    s.log.notice(`Setting secondary replication ID to ${this.repl.ids.replid2}, valid up to offset: ${this.repl.ids.secondReplidOffset}. New replication ID is ${this.repl.ids.replid}`);
  }

  /** Drops the current link (or attempt) without changing the configured master. */
  closeLink(): void {
    this.generation++;
    const c = this.s.masterClient;
    if (c) {
      this.s.masterClient = null;
      freeClient(c);
    }
    if (this.sock) {
      this.sock.destroy();
      this.sock = null;
    }
  }

  private connectSoon(): void {
    const s = this.s;
    if (s.masterHost === null || this.state !== 'connect') return;
    // replicationCron logs this before every attempt.
    s.log.notice(`Connecting to MASTER ${s.masterHost}:${s.masterPort}`);
    const gen = ++this.generation;
    void this.runLink(gen).catch((e: unknown) => this.linkFailed(gen, (e as Error).message, !(e instanceof TryLater)));
  }

  private linkFailed(gen: number, why: string, log = true): void {
    if (gen !== this.generation) return;
    this.lastError = why;
    if (log) this.s.log.warning(`Error condition on socket for SYNC: ${why}`);
    if (this.sock) {
      this.sock.destroy();
      this.sock = null;
    }
    this.state = 'connect';
    this.failures++;
    // Retry promptly after the first failure, then once a second (replicationCron).
    this.retryAt = Date.now() + (this.failures <= 1 ? 100 : 1000);
  }

  /** replicationCron, replica half: reconnect, ACK every second, master timeout. */
  cron(): void {
    const s = this.s;
    if (s.masterHost === null) return;
    const now = Date.now();
    if (this.state === 'connect' && now >= this.retryAt) {
      this.connectSoon();
      return;
    }
    const timeout = s.config.num('repl-timeout') * 1000;
    if (this.state === 'connected') {
      if (now - this.lastIo > timeout) {
        s.log.warning('MASTER timeout: no data nor PING received...');
        this.sock?.destroy();
        return;
      }
      if (!this.prePsync) this.sendAck();
    } else if ((this.state === 'connecting' || this.state === 'handshake' || this.state === 'sync') && !this.loadingPayload && now - this.syncLastIo > timeout) {
      this.linkFailed(this.generation, 'Timeout connecting to the MASTER...');
    }
  }

  /** REPLCONF ACK <applied offset>, written past the suppressed-reply rule. */
  sendAck(): void {
    if (this.state !== 'connected' || !this.sock) return;
    this.sock.write(encodeCommand(['REPLCONF', 'ACK', String(this.reploff)]), 'latin1');
  }

  private async runLink(gen: number): Promise<void> {
    const s = this.s;
    const host = s.masterHost!;
    const port = s.masterPort;
    this.state = 'connecting';
    this.syncLastIo = Date.now();
    const sock = net.createConnection({ host, port });
    sock.setNoDelay(true);
    this.sock = sock;
    // connectWithMaster logs this once the connect is under way, syncWithMaster the next line.
    s.log.notice('MASTER <-> REPLICA sync started');
    const reader = new LinkReader(sock);
    reader.onData = (): void => {
      this.syncLastIo = Date.now();
    };
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      // connectWithMaster's error: the strerror() text, as Redis logs it.
      sock.once('error', (e) => reject(new Error(strerror(e))));
      sock.once('close', () => reject(new Error('connection closed')));
    });
    if (gen !== this.generation) return;
    s.log.notice('Non blocking connect for SYNC fired the event.');
    this.state = 'handshake';
    const send = (...argv: string[]): void => {
      sock.write(encodeCommand(argv), 'latin1');
    };
    send('PING');
    const pong = await reader.line();
    if (pong.startsWith('-') && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(pong)) {
      throw new Error(`Error reply to PING from master: '${pong}'`);
    }
    s.log.notice('Master replied to PING, replication can continue...');
    const auth = s.config.str('masterauth');
    const user = s.config.str('masteruser');
    if (auth) send(...(user ? ['AUTH', user, auth] : ['AUTH', auth]));
    const announcedPort = s.config.num('replica-announce-port') || s.boundPort;
    send('REPLCONF', 'listening-port', String(announcedPort));
    const announceIp = s.config.str('replica-announce-ip');
    if (announceIp) send('REPLCONF', 'ip-address', announceIp);
    send('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
    if (auth) {
      const r = await reader.line();
      if (r.startsWith('-')) throw new Error(`Unable to AUTH to MASTER: ${r}`);
    }
    for (let i = 0; i < (announceIp ? 3 : 2); i++) {
      const r = await reader.line();
      if (r.startsWith('-')) s.log.notice(`(Non critical) Master does not understand REPLCONF: ${r}`);
    }
    if (gen !== this.generation) return;

    const cached = this.cached;
    const psyncArgs = cached ? ['PSYNC', cached.replid, String(cached.offset + 1)] : ['PSYNC', '?', '-1'];
    if (cached) s.log.notice(`Trying a partial resynchronization (request ${cached.replid}:${cached.offset + 1}).`);
    else s.log.notice('Partial resynchronization not possible (no cached master)');
    // A master handing over with FAILOVER asks the target to promote itself first.
    if (this.repl.failoverState === 'failover-in-progress') psyncArgs.push('FAILOVER');
    send(...psyncArgs);
    let reply = await reader.line();
    while (reply === '') reply = await reader.line(); // keepalives before the answer
    if (gen !== this.generation) return;

    if (this.repl.failoverState === 'failover-in-progress') {
      // A full resync is not what FAILOVER expects, but it is no failure either.
      if (reply.startsWith('+CONTINUE') || reply.startsWith('+FULLRESYNC')) {
        clearFailoverState(s, this.repl);
      } else {
        s.log.warning(`Unexpected reply to PSYNC from master: ${reply}`);
        abortFailover(s, this.repl, this, 'Failover target rejected psync request');
        return;
      }
    }

    if (reply.startsWith('+CONTINUE')) {
      const newId = reply.slice(9).trim();
      this.continueStream(reader, sock, newId, cached!);
      return;
    }
    if (reply.startsWith('+FULLRESYNC')) {
      const [, replid, offText] = reply.split(' ');
      this.masterReplid = replid!;
      s.log.notice(`Full resync from master: ${replid}:${offText}`);
      this.discardCachedMaster();
      await this.fullSync(gen, reader, sock, replid!, Number(offText));
      return;
    }
    if (/^-(NOMASTERLINK|LOADING)/.test(reply)) {
      // PSYNC_TRY_LATER: a transient state of the master; reconnect and PSYNC again.
      const why = `Master is currently unable to PSYNC but should be in the future: ${reply}`;
      s.log.notice(why);
      throw new TryLater(why);
    }
    // PSYNC_NOT_SUPPORTED: a master older than 2.8 answers -ERR unknown command; anything
    // else unexpected gets the same fallback (slaveTryPartialResynchronization).
    if (reply.startsWith('-ERR')) s.log.notice(`Master does not support PSYNC or is in error state (reply: ${reply})`);
    else s.log.warning(`Unexpected reply to PSYNC from master: ${reply}`);
    this.discardCachedMaster();
    s.log.notice('Retrying with SYNC...');
    send('SYNC');
    // No +FULLRESYNC line: the history has no offset (-1, so the stream's first byte is
    // offset 0) and keeps the replid of the last FULLRESYNC seen, empty if none.
    await this.fullSync(gen, reader, sock, this.masterReplid, -1, true);
  }

  /** replicationDiscardCachedMaster: a full sync starts a new history. */
  private discardCachedMaster(): void {
    if (this.cached === null) return;
    this.s.log.notice('Discarding previously cached master state.');
    this.cached = null;
  }

  /**
   * readSyncBulkPayload and the load that follows. `prePsync`: the payload answers a
   * legacy SYNC (CLIENT_PRE_PSYNC master: it gets no periodic ACKs).
   */
  private async fullSync(gen: number, reader: LinkReader, sock: net.Socket, replid: string, offset: number, prePsync = false): Promise<void> {
    const s = this.s;
    this.state = 'sync';
    this.syncTotal = -1;
    this.syncRead = 0;
    let header = await reader.line();
    while (header === '') header = await reader.line();
    if (header.startsWith('-')) throw new Error(`MASTER aborted replication with an error: ${header}`);
    if (!header.startsWith('$')) throw new Error(`Bad protocol from MASTER, the first byte is not '$' (we received '${header}'), are you sure the host and port are right?`);
    const eofMark = header.startsWith('$EOF:') ? header.slice(5) : null;
    const total = eofMark ? 0 : Number(header.slice(1));
    this.syncTotal = total;
    this.syncLastIo = Date.now();
    this.syncRead = 0;
    // repl-diskless-load on-empty-db / swapdb: the payload goes straight to the loader and
    // never becomes our data file.
    const toDisk = s.config.str('repl-diskless-load') === 'disabled';
    const target = toDisk ? 'disk' : 'parser';
    s.log.notice(`MASTER <-> REPLICA sync: receiving ${eofMark ? `streamed RDB from master with EOF to ${target}` : `${total} bytes from master to ${target}`}`);
    // repl-diskless-load disabled: the payload also becomes our data file, so a restart
    // resumes from it (its repl-id/repl-offset aux fields allow a PSYNC). It is written as
    // it arrives, while the master produces it.
    const file = toDisk ? new PayloadFile() : null;
    // The payload is parsed as it arrives, into databases nothing reads yet: our current
    // data stays in service until the new data is complete and swapped in, so a transfer
    // that fails half way loses nothing.
    const staging = s.stagingDatabases();
    const load = new StreamLoad(s, `${s.masterHost}:${s.masterPort} (sync payload)`, { sliced: true, into: staging });
    const mark = eofMark === null ? null : Buffer.from(eofMark, 'latin1');
    let got = 0;
    // EOF-marked transfers: the last 40 bytes seen may be the mark, so they are held back.
    let held: Buffer = Buffer.alloc(0);
    let rest: Buffer = Buffer.alloc(0);
    const early: Buffer[] = [];
    let closedWhileLoading = false;
    let loaded = false;
    try {
      for (;;) {
        for (let c of reader.drainChunks()) {
          if (mark === null && got + c.length > total) {
            rest = c.subarray(total - got);
            c = c.subarray(0, total - got);
          }
          got += c.length;
          file?.write(c);
          if (mark === null) {
            load.push(c);
          } else if (c.length >= 40) {
            load.push(held);
            load.push(c.subarray(0, c.length - 40));
            held = c.subarray(c.length - 40);
          } else {
            const joined = Buffer.concat([held, c]);
            load.push(joined.subarray(0, Math.max(0, joined.length - 40)));
            held = joined.subarray(Math.max(0, joined.length - 40));
          }
        }
        this.syncRead = got;
        if (mark !== null ? held.length === 40 && held.equals(mark) : got >= total) break;
        if (load.buffered > PARSE_BACKLOG_HIGH) {
          // The master sends faster than we parse: stop reading so TCP slows it down
          // (its producer then idles instead of competing for the CPU). Never for long:
          // the master drops a replica that does not read for repl-timeout.
          sock.pause();
          const maxMs = Math.min(1000, (s.config.num('repl-timeout') * 1000) / 4);
          await Promise.race([load.drained(PARSE_BACKLOG_LOW), new Promise((r) => setTimeout(r, maxMs))]);
          sock.resume();
          this.syncLastIo = Date.now();
          if (gen !== this.generation) return;
          continue;
        }
        await reader.waitData();
        if (gen !== this.generation) return;
      }
      // The EOF mark is not part of the snapshot.
      const size = mark !== null ? got - 40 : got;
      load.end();
      reader.detach();
      // The stream must wait for the load: park what arrives meanwhile.
      early.push(rest);
      sock.on('data', (d: Buffer) => early.push(d));
      // A link lost while the snapshot loads is noticed once the load is done, as when
      // Redis loads synchronously: the loaded history then serves a PSYNC.
      sock.on('close', () => {
        if (this.loadingPayload) closedWhileLoading = true;
        else this.onLinkClosed(gen);
      });
      await file?.finish(size, rdbPath(s));
      if (gen !== this.generation) return;
      s.log.notice('MASTER <-> REPLICA sync: Flushing old data');
      s.log.notice('MASTER <-> REPLICA sync: Loading DB in memory');
      const keepalive = setInterval(() => sock.write('\n'), 1000);
      try {
        this.loadingPayload = true;
        await load.done;
        loaded = true;
      } finally {
        this.loadingPayload = false;
        this.syncLastIo = Date.now();
        clearInterval(keepalive);
      }
    } catch (e) {
      await file?.discard();
      throw e;
    } finally {
      if (!loaded) load.abort();
      if (gen !== this.generation) await file?.discard();
    }
    if (gen !== this.generation) return;
    // Full sync replaces everything: chained replicas must full-sync with us again.
    this.repl.disconnectReplicas();
    this.repl.backlog = null;
    for (const db of s.dbs) {
      // As swapMainDbWithTempDb: WATCHed keys present before or after are touched.
      s.touchAllWatchedKeysInDb(db, staging[db.id]);
      db.swapWith(staging[db.id]!);
      forgetStringEncodings(db);
    }
    if (gen !== this.generation) return;
    this.repl.ids.replid = replid;
    this.repl.ids.clearSecond();
    this.repl.offset = offset;
    this.repl.createBacklog();
    this.cached = null;
    s.log.notice('MASTER <-> REPLICA sync: Finished with success');
    sock.removeAllListeners('data');
    sock.removeAllListeners('close');
    if (closedWhileLoading || sock.destroyed) {
      s.log.notice('Connection with master lost.');
      this.cached = { replid, offset, db: 0 };
      this.sock = null;
      s.masterLinkUp = false;
      this.linkDownSince = Date.now();
      this.state = 'connect';
      this.retryAt = 0;
      this.connectSoon();
      return;
    }
    this.attachStream(gen, sock, offset, 0);
    this.prePsync = prePsync;
    for (const d of early) if (d.length > 0) this.onStreamData(d);
    // After a diskless transfer the master waits for this ACK to start streaming.
    if (eofMark) this.sendAck();
  }

  /** +CONTINUE: adopt a new replid if the master has one, then stream from our offset. */
  private continueStream(reader: LinkReader, sock: net.Socket, newId: string, cached: CachedMaster): void {
    const s = this.s;
    const ids = this.repl.ids;
    if (newId && newId !== cached.replid) {
      ids.replid2 = cached.replid;
      ids.secondReplidOffset = cached.offset + 1;
      ids.replid = newId;
      s.log.notice(`Master replication ID changed to ${newId}`);
      this.repl.disconnectReplicas();
    } else {
      ids.replid = cached.replid;
    }
    this.repl.offset = cached.offset;
    if (!this.repl.backlog) this.repl.createBacklog();
    s.log.notice('Successful partial resynchronization with master.');
    s.log.notice('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
    const rest = reader.drainChunks();
    reader.detach();
    this.cached = null;
    const gen = this.generation;
    this.attachStream(gen, sock, cached.offset, cached.db);
    this.prePsync = false;
    for (const d of rest) this.onStreamData(d);
  }

  private streamBase = 0;
  private rawQueue: Buffer[] = [];

  /** replicationCreateMasterClient: from now on the socket carries the command stream. */
  private attachStream(gen: number, sock: net.Socket, offset: number, db: number): void {
    const s = this.s;
    const conn = new SocketConnection(sock, false, '');
    const c = new Client(s, conn);
    c.isMaster = true;
    c.authenticated = true;
    c.db = s.dbs[db] ?? s.dbs[0]!;
    s.clients.set(c.id, c);
    s.masterClient = c;
    this.reploff = offset;
    this.readOffset = offset;
    this.streamBase = offset - c.parser.consumed;
    this.rawQueue = [];
    c.onCommandProcessed = () => {
      if (!c.inMulti) this.reploff = this.streamBase + c.parser.consumed;
    };
    this.state = 'connected';
    s.masterLinkUp = true;
    this.lastIo = Date.now();
    this.failures = 0;
    this.lastError = '';
    sock.on('data', (d: Buffer) => {
      if (gen === this.generation) this.onStreamData(d);
    });
    sock.on('close', () => this.onLinkClosed(gen));
  }

  private onStreamData(d: Buffer): void {
    const c = this.s.masterClient;
    if (!c) return;
    this.lastIo = Date.now();
    this.readOffset += d.length;
    this.s.stats.netReplInputBytes += d.length;
    this.rawQueue.push(d);
    c.parser.feed(d);
    processInputBuffer(c);
    this.proxyApplied();
    this.s.flushWrites();
  }

  /** replicationFeedStreamFromMasterStream: the applied bytes, identical, to our backlog and replicas. */
  private proxyApplied(): void {
    let n = this.reploff - this.repl.offset;
    if (n <= 0) return;
    const out: Buffer[] = [];
    while (n > 0 && this.rawQueue.length > 0) {
      const head = this.rawQueue[0]!;
      if (head.length <= n) {
        out.push(head);
        this.rawQueue.shift();
        n -= head.length;
      } else {
        out.push(head.subarray(0, n));
        this.rawQueue[0] = head.subarray(n);
        n = 0;
      }
    }
    this.repl.feedRaw(out.length === 1 ? out[0]! : Buffer.concat(out));
  }

  /** replicationHandleMasterDisconnection: cache the master and reconnect at once. */
  private onLinkClosed(gen: number): void {
    if (gen !== this.generation) return;
    const s = this.s;
    const c = s.masterClient;
    if (this.state === 'connected' && c) {
      this.cached = { replid: this.repl.ids.replid, offset: this.reploff, db: c.db.id };
      s.log.notice('Connection with master lost.');
      s.log.notice('Caching the disconnected master state.');
    }
    if (c) {
      s.masterClient = null;
      freeClient(c);
    }
    this.sock = null;
    s.masterLinkUp = false;
    this.linkDownSince = Date.now();
    this.state = 'connect';
    this.retryAt = 0;
    if (s.masterHost !== null) this.connectSoon();
  }
}
