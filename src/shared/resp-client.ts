// A small promise-based Redis client on net.Socket, reusing the server's reply parser.
// The CLI talks to nodes only through this module; tests use it for raw round trips.

import net from 'node:net';
import { ReplyParser } from '../server/protocol/parser.js';
import { RespErrorReply, RespPush, type RespValue } from '../server/protocol/types.js';
import { encodeCommand } from '../server/protocol/writer.js';

// The CLI sees reply values only through this module (STYLE: cli/ reaches the protocol via shared/).
export { RespErrorReply, RespPush, RespStatus, type RespValue } from '../server/protocol/types.js';

/** An error reply from the server, raised by call(). */
export class RespReplyError extends Error {
  constructor(readonly reply: string) {
    super(reply);
    this.name = 'RespReplyError';
  }
}

export interface ConnectOptions {
  host?: string;
  port?: number;
  path?: string;
  /** Connect timeout in ms (default 2000). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
}

export class RespClient {
  private readonly parser = new ReplyParser();
  private readonly pending: Pending[] = [];
  private closed = false;
  private closeError: Error | null = null;
  /** RESP3 push frames (pub/sub) and replies nobody waits for (MONITOR, SUBSCRIBE streams). */
  readonly pushes: RespValue[] = [];
  private pushWaiters: Array<() => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.onClose(new Error('connection closed')));
    socket.on('error', (e) => this.onClose(e));
  }

  static connect(opts: ConnectOptions = {}): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = opts.path
        ? net.createConnection({ path: opts.path })
        : net.createConnection({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 6379 });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect timeout to ${opts.host ?? '127.0.0.1'}:${opts.port ?? 6379}`));
      }, opts.timeoutMs ?? 2000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespClient(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    this.parser.feed(chunk);
    for (;;) {
      let v: RespValue | undefined;
      try {
        v = this.parser.next();
      } catch (e) {
        this.socket.destroy();
        this.onClose(e as Error);
        return;
      }
      if (v === undefined) return;
      const p = v instanceof RespPush ? undefined : this.pending.shift();
      if (p) p.resolve(v);
      else {
        this.pushes.push(v);
        const w = this.pushWaiters;
        this.pushWaiters = [];
        for (const fn of w) fn();
      }
    }
  }

  private onClose(e: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = e;
    for (const p of this.pending.splice(0)) p.reject(e);
    for (const fn of this.pushWaiters.splice(0)) fn();
  }

  /** Sends a command; resolves with the reply, including error replies as RespErrorReply. */
  send(...args: Array<string | number | Buffer>): Promise<RespValue> {
    if (this.closed) return Promise.reject(this.closeError ?? new Error('connection closed'));
    const argv = args.map((a) => (Buffer.isBuffer(a) ? a.toString('latin1') : String(a)));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encodeCommand(argv), 'latin1');
    });
  }

  /** Sends a command; resolves with the reply and rejects on an error reply. */
  async call(...args: Array<string | number | Buffer>): Promise<RespValue> {
    const v = await this.send(...args);
    if (v instanceof RespErrorReply) throw new RespReplyError(v.message);
    return v;
  }

  /** Writes raw bytes without expecting a reply to be matched (protocol tests). */
  writeRaw(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits for the next unsolicited value (push frame or unmatched reply). */
  async nextPush(timeoutMs = 5000): Promise<RespValue> {
    const deadline = Date.now() + timeoutMs;
    while (this.pushes.length === 0) {
      if (this.closed) throw this.closeError ?? new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a pushed value');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.pushWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.pushes.shift()!;
  }

  /** Resolves when the server closes the connection. */
  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Closes the connection; replies still pending are rejected. */
  close(): void {
    this.onClose(new Error('connection closed by client'));
    this.socket.destroy();
  }
}
