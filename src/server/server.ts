// Listening, accepting and running connections (networking.c, server.c initServer /
// listenToPort / changeListenPort / changeBindAddr): binds every `bind` address on `port`
// (0 picks a free port, used by all addresses) and the optional unix socket, reopens the
// TCP listeners when CONFIG SET changes port or bind, and feeds each client's bytes to dispatch.

import dns from 'node:dns/promises';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { setResumeClient, unblockClient } from './blocking.js';
import { Client, type Connection } from './client.js';
import { clientInfoLine } from './commands/connection.js';
import { processCommand } from './commands/dispatch.js';
import * as E from './errors.js';
import { ProtocolError } from './errors.js';
import { strerror } from './log.js';
import { encodeError } from './protocol/writer.js';
import type { ServerState } from './state.js';

/** A client connection on a node socket (also the replica's link to its master). */
export class SocketConnection implements Connection {
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly isLocal: boolean;
  private readingPaused = false;

  constructor(readonly socket: net.Socket, unix: boolean, unixPath: string) {
    if (unix) {
      this.remoteAddress = `${unixPath}:0`;
      this.localAddress = `${unixPath}:0`;
      this.isLocal = true;
    } else {
      const ra = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const la = (socket.localAddress ?? '').replace(/^::ffff:/, '');
      this.remoteAddress = `${ra}:${socket.remotePort}`;
      this.localAddress = `${la}:${socket.localPort}`;
      this.isLocal = ra === '127.0.0.1' || ra === '::1';
    }
  }

  /**
   * The owner's output buffer limit check, run when a write leaves output queued beyond
   * the socket's high-water mark (the only time a limit can be crossed: Redis never counts
   * its 16 KB reply buffer either) and when that output drains (the soft-limit clock stops).
   */
  checkOutputLimit: (() => void) | null = null;

  write(data: string): void {
    if (this.socket.destroyed) return;
    const ok = this.socket.write(data, 'latin1');
    if (ok) return;
    // Stop reading from a client that does not read its replies (bounded output).
    if (!this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
      this.socket.once('drain', () => {
        this.readingPaused = false;
        this.socket.resume();
        this.checkOutputLimit?.();
      });
    }
    this.checkOutputLimit?.();
  }
  pendingBytes(): number {
    return this.socket.writableLength;
  }
  writeBytes(data: Buffer): boolean {
    if (this.socket.destroyed) return true;
    return this.socket.write(data);
  }
  onceDrain(fn: () => void): void {
    if (this.socket.destroyed || this.socket.writableLength === 0) fn();
    else this.socket.once('drain', fn);
  }
  /** Closes once everything queued is written, as Redis's close(fd) after the last write: the peer's FIN is not awaited. */
  end(): void {
    this.socket.destroySoon();
  }
  destroy(): void {
    this.socket.destroy();
  }
  pauseReading(): void {
    this.socket.pause();
  }
  resumeReading(): void {
    if (!this.readingPaused) this.socket.resume();
  }
}

/** Hooks other subsystems run when a client goes away (pub/sub, WATCH, replicas ...). */
export type ClientCloseHook = (c: Client) => void;
// `var` on purpose: command families register hooks while they load, which happens
// inside the import cycle server -> dispatch -> table -> families, before this module's
// body has run; a `const` would still be in its temporal dead zone then.
// eslint-disable-next-line no-var
var closeHooks: ClientCloseHook[] | undefined;
export function onClientClose(fn: ClientCloseHook): void {
  (closeHooks ??= []).push(fn);
}

/**
 * Runs the commands in c's input buffer until it needs more bytes, blocks, or is
 * closing. A protocol error answers with Redis's text and closes only this client.
 */
export function processInputBuffer(c: Client): void {
  const s = c.server;
  const limits = c.limits;
  limits.maxBulkLen = c.isMaster ? Number.MAX_SAFE_INTEGER : s.config.num('proto-max-bulk-len');
  limits.unauthenticated = !c.authenticated;
  // Redis stamps lastinteraction per read; one clock read per batch of commands.
  c.lastInteraction = Date.now();
  s.callClock = performance.now();
  while (!c.closeAfterReply && !c.closing && c.blocked === null) {
    if (c.pendingArgv === null && s.pauseBlocks(c, null)) break;
    let argv = c.pendingArgv;
    c.pendingArgv = null;
    if (argv === null) {
      try {
        argv = c.parser.next(limits);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        s.log.verbose(`Protocol error (${e.message.replace(/^ERR /, '')}) from client: id=${c.id} addr=${c.conn.remoteAddress}`);
        c.addError(e.message);
        c.closeAfterReply = true;
        break;
      }
      if (argv === null) break;
      if (argv.length === 0) {
        // A replica's bare newline refreshes its ACK time: it pings back that way while it
        // loads a big snapshot (processInlineBuffer).
        if (c.repl) c.repl.ackTime = Date.now();
        continue;
      }
    }
    if (s.pauseBlocks(c, argv)) {
      c.pendingArgv = argv;
      break;
    }
    if (c.replyMode === 'skip') {
      c.replyMode = 'on';
      c.skipNextReply = true;
      processCommand(c, argv);
      c.skipNextReply = false;
    } else {
      processCommand(c, argv);
    }
    if (c.onCommandProcessed) c.onCommandProcessed(c.parser.lastCommandBytes);
    // AUTH or HELLO in this batch lifts the limits of unauthenticated clients.
    limits.unauthenticated = !c.authenticated;
  }
  s.callClock = 0;
  if (c.closeAfterReply) {
    c.flush();
    c.closing = true;
    c.conn.end();
  }
}

/** Closes a client now and runs every subsystem's cleanup (freeClient). */
export function freeClient(c: Client): void {
  if (c.server.clients.get(c.id) !== c) return;
  c.server.clients.delete(c.id);
  c.closing = true;
  unblockClient(c);
  if (closeHooks) for (const hook of closeHooks) hook(c);
  c.conn.destroy();
}

/** client-query-buffer-limit's minimum: no client with less unparsed input can be over it. */
const QUERY_BUF_LIMIT_MIN = 1024 * 1024;

/**
 * client-query-buffer-limit (readQueryFromClient): a client whose unparsed input (a huge
 * bulk, or commands piling up while it is blocked) outgrows the limit is closed. Not the
 * master link, whose stream may legitimately carry anything.
 */
function closeIfQueryBufferOverLimit(c: Client): void {
  if (c.isMaster || c.closing || c.parser.pendingBytes <= c.server.config.num('client-query-buffer-limit')) return;
  c.server.log.warning(`Closing client that reached max query buffer length: ${clientInfoLine(c, null)}`);
  freeClient(c);
}

/**
 * checkClientOutputBufferLimits: `used` bytes of pending output are over the client class's
 * hard limit, or over its soft limit continuously for more than soft-seconds (whole
 * seconds, as Redis compares unixtime values; the first time over starts the clock). A
 * replica's hard limit is never below repl-backlog-size, or a partial resync the backlog
 * allowed would drop the replica at once. MONITOR clients and the master link count as
 * normal clients (getClientType).
 */
export function outputBufferLimitReached(c: Client, used: number): boolean {
  const s = c.server;
  const cls = c.isReplica && !c.isMonitor ? 'slave' : c.inPubSub ? 'pubsub' : 'normal';
  const limit = s.config.outputBufferLimit(cls);
  let hardBytes = Number(limit.hard);
  if (cls === 'slave' && hardBytes > 0) hardBytes = Math.max(hardBytes, s.config.num('repl-backlog-size'));
  const hard = hardBytes > 0 && used >= hardBytes;
  let soft = limit.soft > 0n && used >= Number(limit.soft);
  if (soft) {
    const nowSec = Math.floor(Date.now() / 1000);
    if (c.obufSoftLimitReachedTime === 0) {
      c.obufSoftLimitReachedTime = nowSec;
      soft = false;
    } else if (nowSec - c.obufSoftLimitReachedTime <= limit.softSeconds) {
      soft = false;
    }
  } else {
    c.obufSoftLimitReachedTime = 0;
  }
  return hard || soft;
}

/**
 * closeClientOnOutputBufferLimitReached(c, async): a client over its output limit is logged
 * with its CLIENT LIST line and closed once the current work is done (freeClientAsync: the
 * socket closes, and the close runs the usual cleanup). True when it was closed.
 */
export function closeClientOnOutputBufferLimit(c: Client, used: number): boolean {
  if (c.closing || !outputBufferLimitReached(c, used)) return false;
  c.server.log.warning(`Client ${clientInfoLine(c, null)} scheduled to be closed ASAP for overcoming of output buffer limits.`);
  c.closing = true;
  c.conn.destroy();
  return true;
}

/**
 * One read buffer for every client connection: libuv reads into it and the parser copies
 * only what it keeps past a read (a partial command).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

type HandleSocket = net.Socket & { _handle: { readStart?: unknown } | null };

/**
 * Moves an accepted socket's handle into a net.Socket that reads into READ_BUFFER (the
 * `onread` option, which net.Server does not offer for accepted sockets): no buffer is
 * allocated and no stream machinery runs per read. The accepted socket is accepted
 * paused (pauseOnConnect) and retired. Null when the handle cannot be taken over.
 */
function adoptWithSharedReadBuffer(accepted: net.Socket, onRead: (chunk: Buffer) => void): net.Socket | null {
  const raw = accepted as HandleSocket;
  const handle = raw._handle;
  if (handle === null || typeof handle.readStart !== 'function') return null;
  raw._handle = null;
  accepted.destroy();
  const options = {
    handle,
    readable: true,
    writable: true,
    onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer): void => onRead(buf.subarray(0, n)) },
  };
  return new net.Socket(options as net.SocketConstructorOpts);
}

/** Accepts a socket: creates its client and wires reading, closing and errors. */
function acceptConnection(s: ServerState, accepted: net.Socket, unixPath: string | null): void {
  accepted.setNoDelay(true);
  const keepalive = s.config.num('tcp-keepalive');
  if (keepalive > 0 && unixPath === null) accepted.setKeepAlive(true, keepalive * 1000);
  const probe = new SocketConnection(accepted, unixPath !== null, unixPath ?? '');
  if (s.log.enabled('verbose')) {
    s.log.verbose(unixPath !== null ? `Accepted connection to ${unixPath}` : `Accepted ${probe.remoteAddress}`);
  }
  if (s.clients.size >= s.config.num('maxclients')) {
    s.stats.rejectedConnections++;
    accepted.end(encodeError(E.MAX_CLIENTS), 'latin1');
    return;
  }
  if (
    s.config.bool('protected-mode') &&
    !s.requiresAuth() &&
    !probe.isLocal
  ) {
    s.stats.rejectedConnections++;
    accepted.end(encodeError(E.PROTECTED_MODE), 'latin1');
    return;
  }
  // Redis counts a connection once it passed maxclients and protected mode.
  s.stats.connectionsReceived++;
  let c: Client | null = null;
  const onRead = (chunk: Buffer): void => {
    s.stats.netInputBytes += chunk.length;
    if (c === null || c.closing) return;
    c.parser.feed(chunk);
    // Replies produced while the batch runs are written once, right after it.
    s.inputBatches++;
    try {
      processInputBuffer(c);
    } finally {
      s.inputBatches--;
      s.callClock = 0;
      c.parser.detachInput();
    }
    if (c.parser.pendingBytes > QUERY_BUF_LIMIT_MIN) closeIfQueryBufferOverLimit(c);
    s.flushSoon();
  };
  const adopted = adoptWithSharedReadBuffer(accepted, onRead);
  const socket = adopted ?? accepted;
  const conn = adopted ? new SocketConnection(adopted, unixPath !== null, unixPath ?? '') : probe;
  c = new Client(s, conn);
  s.clients.set(c.id, c);
  const client = c;
  // Replicas are checked by replication, which also counts the stream it holds for them.
  conn.checkOutputLimit = () => {
    if (client.repl === null) closeClientOnOutputBufferLimit(client, conn.pendingBytes() + client.out.length);
  };
  if (adopted === null) {
    accepted.on('data', onRead);
    accepted.resume();
  }
  socket.on('end', () => {
    if (s.log.enabled('verbose')) s.log.verbose(`Client closed connection ${clientInfoLine(client, null)}`);
  });
  socket.on('error', () => freeClient(client));
  socket.on('close', () => freeClient(client));
}

export interface Listening {
  /** The TCP listeners open now; CONFIG SET port / bind replaces them. */
  tcp: net.Server[];
  unix: net.Server | null;
  /** The bound TCP port (with `port 0`, the one the kernel picked). */
  port: number;
  close(): Promise<void>;
}

/** The listeners of the running server and the `port` setting its TCP listeners were opened for. */
class Listeners implements Listening {
  tcp: net.Server[] = [];
  unix: net.Server | null = null;
  port = 0;
  /** 0 when the port was picked by the kernel: a bind change or a rollback keeps it. */
  portSetting = 0;
  /** The `bind` words the TCP listeners were opened for. */
  binds: readonly string[] = [];
  /** False after a failed change closed the old listeners (until the rollback opens them again). */
  open = true;

  close(): Promise<void> {
    const all = [...this.tcp, ...(this.unix ? [this.unix] : [])];
    return Promise.all(all.map((srv) => new Promise<void>((r) => srv.close(() => r())))).then(() => {});
  }
}

/** Thrown when listening fails; startup logs its message (if any) and exits non-zero. */
export class ListenError extends Error {}

function listenOn(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    // IPv6 sockets are v6-only as in anetTcp6Server, so `* ::*` can share one port.
    server.listen({ host, port, exclusive: true, ipv6Only: host.includes(':') }, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** A name-resolution failure: Redis logs getaddrinfo's text without the "bind: " prefix. */
class ResolveError extends Error {}

/**
 * The address to bind for a `bind` word (anetTcpServer / anetTcp6Server): `*` and `::*` are
 * the wildcards, a word with ':' is IPv6, and a host name resolves to its IPv4 address.
 */
async function resolveBindAddress(addr: string): Promise<string> {
  if (addr === '*') return '0.0.0.0';
  if (addr === '::*') return '::';
  if (net.isIP(addr) !== 0) return addr;
  try {
    return (await dns.lookup(addr, { family: addr.includes(':') ? 6 : 4 })).address;
  } catch (e) {
    throw new ResolveError(strerror(e));
  }
}

/** Errors that skip an address even without the `-` prefix (no such protocol or family here). */
const SKIPPED_BIND_ERRORS = new Set(['EAFNOSUPPORT', 'EPROTONOSUPPORT', 'ENOPROTOOPT', 'ESOCKTNOSUPPORT', 'EPFNOSUPPORT']);

/** What listenToPort opened, and the port it bound (or was binding when it failed). */
interface Opened {
  ok: boolean;
  servers: net.Server[];
  port: number;
}

/**
 * listenToPort: opens `port` on every `bind` address (none: no TCP listener, as Redis 7.0
 * does for `bind ""`). Port 0 picks a free port on the first address; the others share
 * it. Each address that fails is logged; a `-` prefix makes an unavailable address
 * optional, any other failure closes what was opened and is not ok.
 */
async function listenToPort(s: ServerState, binds: readonly string[], port: number): Promise<Opened> {
  const servers: net.Server[] = [];
  let boundPort = port;
  for (const raw of binds) {
    const optional = raw.startsWith('-');
    const addr = optional ? raw.slice(1) : raw;
    const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (sock) => acceptConnection(s, sock, null));
    try {
      boundPort = await listenOn(server, await resolveBindAddress(addr), boundPort);
      servers.push(server);
    } catch (e) {
      const why = e instanceof ResolveError ? e.message : `bind: ${strerror(e)}`;
      s.log.warning(`Warning: Could not create server TCP listening socket ${addr}:${boundPort}: ${why}`);
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if ((optional && code === 'EADDRNOTAVAIL') || SKIPPED_BIND_ERRORS.has(code)) continue;
      closeServers(servers);
      return { ok: false, servers: [], port: boundPort };
    }
  }
  return { ok: true, servers, port: boundPort };
}

/** Stops accepting on each listener; connections it accepted stay open. */
function closeServers(servers: readonly net.Server[]): void {
  for (const srv of servers) srv.close();
}

const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * changeListenPort / changeBindAddr: reopens the TCP listeners for the current `port` and
 * `bind` settings. A new port opens before the old listeners close, so a failure leaves
 * them serving; the same port on other addresses can only be bound once the old
 * listeners are closed (Redis always closes first), and a failure then leaves none until
 * CONFIG SET's rollback reopens the old settings. Clients already connected stay.
 */
async function changeListeners(s: ServerState, l: Listeners, bindChange: boolean): Promise<string | null> {
  const setting = s.config.num('port');
  const binds = s.config.list('bind');
  // `port 0` keeps the port it got; only a change to port 0 asks for a new one.
  const port = setting === 0 && l.portSetting === 0 ? l.port : setting;
  if (!bindChange && l.open && port === l.port && sameWords(binds, l.binds)) {
    // Already listening there (a rollback, or a port 0 made explicit).
    l.portSetting = setting;
    return null;
  }
  const closeFirst = port !== 0 && port === l.port;
  if (closeFirst) {
    closeServers(l.tcp);
    l.tcp = [];
    l.open = false;
  }
  const opened = await listenToPort(s, binds, port);
  if (!opened.ok) {
    if (bindChange) s.log.warning('Failed to bind');
    return bindChange ? E.CONFIG_SET_BIND : E.CONFIG_SET_LISTEN_PORT;
  }
  if (!closeFirst) closeServers(l.tcp);
  l.tcp = opened.servers;
  l.binds = binds;
  l.portSetting = setting;
  l.open = true;
  if (port === 0 && opened.servers.length > 0) logPickedPort(s, opened.port);
  l.port = opened.port;
  s.boundPort = opened.port;
  return null;
}

/** With `port 0` the log is the only place that tells the port (startup writes it in its banner). */
function logPickedPort(s: ServerState, port: number): void {
  const msg = `Listening on port ${port} (port 0 picks a free port).`;
  if (s.log.enabled('notice')) s.log.notice(msg);
  else s.log.warning(msg);
}

/**
 * applyTLSPort: rctl has no TLS, so a new tls-port fails the way Redis fails without a
 * usable certificate (tlsConfigure), also when the rollback re-applies it.
 */
function applyTlsPort(s: ServerState): string {
  s.log.warning(s.config.str('tls-cert-file') ? 'TLS is not supported by rctl-server.' : 'No tls-cert-file configured!');
  return E.CONFIG_SET_TLS;
}

/**
 * Binds every configured address and the unix socket; starts accepting clients
 * (listenToPort, initServer), and lets CONFIG SET change port and bind at run time.
 */
export async function startListening(s: ServerState): Promise<Listening> {
  setResumeClient((c) => {
    processInputBuffer(c);
    s.flushWrites();
  });
  const l = new Listeners();
  const port = s.config.num('port');
  const binds = s.config.list('bind');
  const opened = await listenToPort(s, binds, port);
  // "(tcp)" as the issue quotes it (Redis 7.2); 7.0.15 writes "(TCP)".
  if (!opened.ok) throw new ListenError(`Failed listening on port ${opened.port} (tcp), aborting.`);
  l.tcp = opened.servers;
  l.port = opened.port;
  l.portSetting = port;
  l.binds = binds;
  const unixPath = s.config.str('unixsocket');
  if (unixPath) {
    try {
      unlinkSync(unixPath);
    } catch {
      // No stale socket to remove.
    }
    const unix = net.createServer({ pauseOnConnect: true }, (sock) => acceptConnection(s, sock, unixPath));
    try {
      // Node reports a missing directory as EACCES; bind(2) says ENOENT, as Redis logs.
      if (!existsSync(dirname(unixPath))) throw Object.assign(new Error('missing directory'), { code: 'ENOENT' });
      await new Promise<void>((resolve, reject) => {
        unix.once('error', reject);
        unix.listen(unixPath, () => resolve());
      });
      const perm = s.config.num('unixsocketperm');
      if (perm) chmodSync(unixPath, perm);
    } catch (e) {
      s.log.warning(`Failed opening Unix socket: bind: ${strerror(e)}`);
      closeServers(l.tcp);
      unix.close();
      throw new ListenError('');
    }
    l.unix = unix;
  }
  if (l.tcp.length === 0 && l.unix === null) throw new ListenError('Configured to not listen anywhere, exiting.');
  s.boundPort = l.port;
  s.config.onApply('port', () => changeListeners(s, l, false));
  s.config.onApply('bind', () => changeListeners(s, l, true));
  s.config.onApply('tls-port', () => applyTlsPort(s));
  // A server that CONFIG SET left listening nowhere still runs until shut down, as Redis does.
  setInterval(() => {}, 2 ** 31 - 1);
  return l;
}
