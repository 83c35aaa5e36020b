// Listening, accepting and running connections (networking.c, server.c initServer /
// prepareForShutdown): binds every `bind` address on `port` (0 picks a free port, used
// by all addresses), the optional unix socket, and feeds each client's bytes to dispatch.

import { chmodSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { setResumeClient, unblockClient } from './blocking.js';
import { Client, type Connection } from './client.js';
import { processCommand } from './commands/dispatch.js';
import * as E from './errors.js';
import { ProtocolError } from './errors.js';
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

  write(data: string): void {
    if (this.socket.destroyed) return;
    const ok = this.socket.write(data, 'latin1');
    // Stop reading from a client that does not read its replies (bounded output).
    if (!ok && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
      this.socket.once('drain', () => {
        this.readingPaused = false;
        this.socket.resume();
      });
    }
  }
  writeBytes(data: Buffer): boolean {
    if (this.socket.destroyed) return true;
    return this.socket.write(data);
  }
  onceDrain(fn: () => void): void {
    if (this.socket.destroyed || this.socket.writableLength === 0) fn();
    else this.socket.once('drain', fn);
  }
  end(): void {
    this.socket.end();
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
  const limits = {
    maxBulkLen: c.isMaster ? Number.MAX_SAFE_INTEGER : s.config.num('proto-max-bulk-len'),
    unauthenticated: !c.authenticated,
  };
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
      if (argv.length === 0) continue;
    }
    if (s.pauseBlocks(c, argv)) {
      c.pendingArgv = argv;
      break;
    }
    c.lastInteraction = Date.now();
    if (c.replyMode === 'skip') {
      c.replyMode = 'on';
      c.skipNextReply = true;
      processCommand(c, argv);
      c.skipNextReply = false;
    } else {
      processCommand(c, argv);
    }
    if (c.onCommandProcessed) c.onCommandProcessed(c.parser.lastCommandBytes);
  }
  limits.unauthenticated = !c.authenticated;
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

/** Accepts a socket: creates its client and wires reading, closing and errors. */
function acceptConnection(s: ServerState, socket: net.Socket, unixPath: string | null): void {
  socket.setNoDelay(true);
  const keepalive = s.config.num('tcp-keepalive');
  if (keepalive > 0 && unixPath === null) socket.setKeepAlive(true, keepalive * 1000);
  const conn = new SocketConnection(socket, unixPath !== null, unixPath ?? '');
  s.stats.connectionsReceived++;
  if (s.clients.size >= s.config.num('maxclients')) {
    s.stats.rejectedConnections++;
    socket.end(encodeError(E.MAX_CLIENTS), 'latin1');
    return;
  }
  if (
    s.config.bool('protected-mode') &&
    !s.requiresAuth() &&
    !conn.isLocal
  ) {
    s.stats.rejectedConnections++;
    socket.end(encodeError(E.PROTECTED_MODE), 'latin1');
    return;
  }
  const c = new Client(s, conn);
  s.clients.set(c.id, c);
  socket.on('data', (chunk: Buffer) => {
    s.stats.netInputBytes += chunk.length;
    if (c.closing) return;
    c.parser.feed(chunk);
    processInputBuffer(c);
    s.flushWrites();
  });
  socket.on('error', () => freeClient(c));
  socket.on('close', () => freeClient(c));
}

export interface Listening {
  tcp: net.Server[];
  unix: net.Server | null;
  port: number;
  close(): Promise<void>;
}

/** Thrown when listening fails; main prints Redis's lines and exits non-zero. */
export class ListenError extends Error {}

function listenOn(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Binds every configured address and the unix socket; starts accepting clients. */
export async function startListening(s: ServerState): Promise<Listening> {
  setResumeClient((c) => {
    processInputBuffer(c);
    s.flushWrites();
  });
  const port = s.config.num('port');
  const binds = s.config.list('bind');
  const tcp: net.Server[] = [];
  let boundPort = port;
  for (const raw of binds.length > 0 ? binds : ['*', '-::*']) {
    const optional = raw.startsWith('-');
    const addr = optional ? raw.slice(1) : raw;
    const host = addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr;
    const server = net.createServer({ noDelay: true }, (sock) => acceptConnection(s, sock, null));
    try {
      boundPort = await listenOn(server, host, boundPort);
      tcp.push(server);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT' || err.code === 'EINVAL')) continue;
      const why = err.code === 'EADDRINUSE' ? 'Address already in use' : err.code === 'EADDRNOTAVAIL' ? 'Cannot assign requested address' : err.message;
      s.log.warning(`Warning: Could not create server TCP listening socket ${addr}:${port}: bind: ${why}`);
      for (const t of tcp) t.close();
      throw new ListenError(`Failed listening on port ${port} (tcp), aborting.`);
    }
  }
  let unix: net.Server | null = null;
  const unixPath = s.config.str('unixsocket');
  if (unixPath) {
    try {
      unlinkSync(unixPath);
    } catch {
      // No stale socket to remove.
    }
    unix = net.createServer((sock) => acceptConnection(s, sock, unixPath));
    await new Promise<void>((resolve, reject) => {
      unix!.once('error', reject);
      unix!.listen(unixPath, () => resolve());
    }).catch((e: Error) => {
      s.log.warning(`Failed opening Unix socket: ${e.message}`);
      for (const t of tcp) t.close();
      throw new ListenError('Failed listening on unix socket, aborting.');
    });
    const perm = s.config.num('unixsocketperm');
    if (perm) chmodSync(unixPath, perm);
  }
  s.boundPort = boundPort;
  return {
    tcp,
    unix,
    port: boundPort,
    close: async () => {
      await Promise.all([...tcp, ...(unix ? [unix] : [])].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    },
  };
}
