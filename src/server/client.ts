// One connection: its parser, output buffer, selected db, auth, protocol version and
// the state of MULTI, pub/sub, blocking and replication roles (networking.c client).
// Replies accumulate as one byte string and are written once per batch.

import type { Db } from './keyspace/keyspace.js';
import { RequestParser, type RequestLimits } from './protocol/parser.js';
import {
  encodeBulk,
  encodeError,
  encodeInteger,
  formatDouble17g,
  NULL_ARRAY_RESP2,
  NULL_BULK_RESP2,
  NULL_RESP3,
  OK,
} from './protocol/writer.js';
import type { CommandSpec } from './commands/spec.js';
import type { ReplicaLink } from './replication/master.js';
import type { ServerState } from './state.js';

/** Where a client's bytes go: a socket, or a capture in unit tests. */
export interface Connection {
  write(data: string): void;
  /** Closes after pending output is written. */
  end(): void;
  /** Closes now. */
  destroy(): void;
  readonly remoteAddress: string;
  readonly localAddress: string;
  /** Unix socket or loopback connection (enable-debug-command local). */
  readonly isLocal: boolean;
  pauseReading(): void;
  resumeReading(): void;
  /** Writes raw bytes (replication stream, RDB payloads); false when the buffer is full. */
  writeBytes(data: Buffer): boolean;
  /** Calls fn once the pending output has been flushed to the kernel. */
  onceDrain(fn: () => void): void;
  /** Output written but not yet handed to the kernel (client-output-buffer-limit). */
  pendingBytes?(): number;
}

/** A queued MULTI command. */
export interface QueuedCommand {
  cmd: CommandSpec;
  argv: string[];
}

/** Blocked-client state (BLPOP & co.): see commands that use blockOnKeys. */
export interface BlockedState {
  keys: string[];
  db: Db;
  /** Absolute ms deadline, 0 for none. */
  deadline: number;
  /** Re-runs the command when `key` (one of keys) becomes ready; returns true when served. */
  retry: (key: string) => boolean;
  /** Called on timeout to write the timeout reply. */
  onTimeout: () => void;
  timer: NodeJS.Timeout | null;
}

export class Client {
  readonly id: number;
  readonly parser = new RequestParser();
  /** The parser's limits, refreshed for each batch of input. */
  readonly limits: RequestLimits = { maxBulkLen: 0, unauthenticated: false };
  out = '';
  /** In the server's list of clients with output to write (ServerState.scheduleWrite). */
  writeQueued = false;
  db: Db;
  resp: 2 | 3 = 2;
  authenticated: boolean;
  name = '';
  libName = '';
  libVer = '';
  readonly createdAt: number;
  lastInteraction: number;
  /** Last command executed, as `name` or `container|sub` (CLIENT LIST cmd=). */
  lastCmd = 'NULL';
  closing = false;
  closeAfterReply = false;
  /** CLIENT REPLY OFF / SKIP: replies are dropped. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  skipNextReply = false;
  noEvict = false;
  noTouch = false;

  // MULTI / WATCH
  inMulti = false;
  multiQueue: QueuedCommand[] = [];
  multiError = false;
  dirtyCas = false;
  watched: Array<{ db: Db; key: string; expiredAtWatch: boolean }> = [];

  // pub/sub
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();

  // blocking and pausing
  blocked: BlockedState | null = null;
  /** The handler wants to replace what is propagated for this call (rewriteClientCommandVector). */
  propagateArgv: string[] | null = null;
  /** The handler asked that nothing be propagated for this call. */
  preventPropagation = false;
  /** Propagate this call even without a data change (PUBLISH, forceCommandPropagation). */
  forcePropagation = false;

  /** A parsed command held back by CLIENT PAUSE, run first when the pause ends. */
  pendingArgv: string[] | null = null;
  /** Called after each command from the input buffer with its wire size (master link offset). */
  onCommandProcessed: ((bytes: number) => void) | null = null;

  /** When (unix seconds) pending output went over the soft output limit, 0 if it is not. */
  obufSoftLimitReachedTime = 0;

  // replication roles
  /** Replica-side state when this client is a replica of ours (replication/master.ts). */
  repl: ReplicaLink | null = null;
  /** Master offset after this client's last propagated write (WAIT). */
  woff = 0;
  /** REPLCONF listening-port / ip-address / capa, sent before SYNC or PSYNC. */
  replListeningPort = 0;
  replAnnouncedIp = '';
  replCapa = new Set<string>();
  /**
   * REPLCONF rdb-only 1 (CLIENT_REPL_RDBONLY, redis-cli --rdb): wants the snapshot only, so
   * it is never fed the stream and is closed once the payload has been sent.
   */
  replRdbOnly = false;
  isMaster = false;
  isReplica = false;
  isMonitor = false;

  constructor(
    readonly server: ServerState,
    readonly conn: Connection,
  ) {
    this.id = server.nextClientId++;
    this.db = server.dbs[0]!;
    this.authenticated = !server.requiresAuth();
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
  }

  get inPubSub(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  /** Appends raw protocol bytes to the output, honouring CLIENT REPLY and the master link. */
  addReply(s: string): void {
    if (this.replyMode !== 'on' || this.skipNextReply || this.isMaster || this.closing) return;
    if (this.out.length === 0) this.server.scheduleWrite(this);
    this.out += s;
  }

  /** Writes regardless of CLIENT REPLY state (pub/sub pushes to a client in RESP3 follow Redis: still dropped when off). */
  addOK(): void {
    this.addReply(OK);
  }

  addBulk(s: string): void {
    this.addReply(encodeBulk(s));
  }

  /** A bulk or the null bulk. */
  addBulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.addNull();
    else this.addBulk(s);
  }

  addInt(n: number | bigint): void {
    this.addReply(encodeInteger(n));
  }

  addStatus(s: string): void {
    this.addReply(`+${s}\r\n`);
  }

  /** An error reply; counted in INFO errorstats like Redis's afterErrorReply. */
  addError(msg: string): void {
    this.server.stats.countError(msg);
    this.addReply(encodeError(msg));
  }

  /** Null bulk string in RESP2, `_` in RESP3. */
  addNull(): void {
    this.addReply(this.resp === 2 ? NULL_BULK_RESP2 : NULL_RESP3);
  }

  /** Null array in RESP2 (`*-1`), `_` in RESP3. */
  addNullArray(): void {
    this.addReply(this.resp === 2 ? NULL_ARRAY_RESP2 : NULL_RESP3);
  }

  addArrayLen(n: number): void {
    this.addReply(`*${n}\r\n`);
  }

  /** A map of n pairs: `%n` in RESP3, a flat array of 2n in RESP2. */
  addMapLen(n: number): void {
    this.addReply(this.resp === 2 ? `*${n * 2}\r\n` : `%${n}\r\n`);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  addSetLen(n: number): void {
    this.addReply(this.resp === 2 ? `*${n}\r\n` : `~${n}\r\n`);
  }

  /** A push frame: `>n` in RESP3, an array in RESP2. */
  addPushLen(n: number): void {
    this.addReply(this.resp === 2 ? `*${n}\r\n` : `>${n}\r\n`);
  }

  /** A double: bulk string of %.17g in RESP2, `,` in RESP3 (networking.c addReplyDouble). */
  addDouble(d: number): void {
    const s = formatDouble17g(d);
    this.addReply(this.resp === 2 ? encodeBulk(s) : `,${s}\r\n`);
  }

  /** A boolean: `#t`/`#f` in RESP3, :1/:0 in RESP2. */
  addBool(b: boolean): void {
    this.addReply(this.resp === 2 ? (b ? ':1\r\n' : ':0\r\n') : b ? '#t\r\n' : '#f\r\n');
  }

  /** Verbatim text (INFO, CLIENT INFO ...): `=len\r\ntxt:...` in RESP3, bulk in RESP2. */
  addVerbatim(s: string, format = 'txt'): void {
    if (this.resp === 2) this.addBulk(s);
    else this.addReply(`=${s.length + 4}\r\n${format}:${s}\r\n`);
  }

  /** An array of bulk strings. */
  addBulkArray(items: readonly string[]): void {
    let out = `*${items.length}\r\n`;
    for (let i = 0; i < items.length; i++) out += encodeBulk(items[i]!);
    this.addReply(out);
  }

  /**
   * Output produced for this client that the kernel has not accepted yet: what CLIENT LIST
   * reports (obl + omem) and client-output-buffer-limit measures, like Redis's
   * getClientOutputBufferMemoryUsage. That is our reply buffer plus the socket's queue; for
   * a replica also the stream held for it during its full sync, and the socket's queue only
   * once it streams (before, the queue holds snapshot bytes, which Redis sends outside the
   * output buffer and never counts).
   */
  unsentOutputBytes(): number {
    const queued = this.conn.pendingBytes?.() ?? 0;
    const r = this.repl;
    if (r === null) return this.out.length + queued;
    return this.out.length + r.pendingBytes + (r.state === 'online' && !r.inSnapshot ? queued : 0);
  }

  /** Sends pending output now. */
  flush(): void {
    if (this.out.length === 0) return;
    const data = this.out;
    this.out = '';
    this.conn.write(data);
  }

  /** Replace what this call propagates (Redis rewriteClientCommandVector). */
  rewriteForPropagation(argv: string[]): void {
    this.propagateArgv = argv;
  }
}
