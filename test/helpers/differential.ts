// Differential testing against real Redis: the same commands go to a real redis-server
// and to rctl-server, and the raw reply bytes are compared. Replies whose order Redis
// does not define (SMEMBERS of a hashtable set, KEYS ...) are compared sorted.

import net from 'node:net';
import { ReplyParser } from '../../src/server/protocol/parser.js';
import { encodeCommand } from '../../src/server/protocol/writer.js';

/** A connection that returns each reply's exact bytes. */
export class RawClient {
  private buf = Buffer.alloc(0);
  private readonly parser = new ReplyParser();
  private waiters: Array<(b: Buffer) => void> = [];
  private closed = false;

  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(Buffer.from('<closed>'));
    });
    sock.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    this.parser.feed(chunk);
    for (;;) {
      const v = this.parser.next();
      if (v === undefined) return;
      const used = this.buf.length - this.parser.pendingBytes;
      const reply = this.buf.subarray(0, used);
      this.buf = this.buf.subarray(used);
      const w = this.waiters.shift();
      if (w) w(Buffer.from(reply));
    }
  }

  /** Sends argv and resolves with the raw reply (latin1 string). */
  command(argv: string[], timeoutMs = 5000): Promise<string> {
    if (this.closed) return Promise.resolve('<closed>');
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve('<timeout>'), timeoutMs);
      this.waiters.push((b) => {
        clearTimeout(t);
        resolve(b.toString('latin1'));
      });
      this.sock.write(encodeCommand(argv), 'latin1');
    });
  }

  close(): void {
    this.sock.destroy();
  }
}

/** One step of a script: a command, optionally compared order-insensitively. */
export type Step = string[] | { cmd: string[]; unordered?: boolean; ignore?: boolean };

/** Splits a RESP aggregate reply into its top-level element strings and sorts them. */
export function sortAggregate(raw: string): string {
  const m = /^([*~%])(\d+)\r\n/.exec(raw);
  if (!m) return raw;
  const header = m[0];
  const p = new ReplyParser();
  const body = Buffer.from(raw.slice(header.length), 'latin1');
  p.feed(body);
  const items: string[] = [];
  let prev = body.length;
  const n = m[1] === '%' ? Number(m[2]) * 2 : Number(m[2]);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    p.next();
    const used = prev - p.pendingBytes;
    items.push(body.subarray(pos, pos + used).toString('latin1'));
    pos += used;
    prev = p.pendingBytes;
  }
  if (m[1] === '%') {
    const pairs: string[] = [];
    for (let i = 0; i < items.length; i += 2) pairs.push(items[i]! + items[i + 1]!);
    return header + pairs.sort().join('');
  }
  return header + items.sort().join('');
}

export interface Mismatch {
  step: number;
  cmd: string[];
  redis: string;
  ours: string;
}

/** Runs steps on both connections; returns every step whose replies differ. */
export async function runDifferential(redis: RawClient, ours: RawClient, steps: Step[]): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (let i = 0; i < steps.length; i++) {
    const st = steps[i]!;
    const cmd = Array.isArray(st) ? st : st.cmd;
    const [a, b] = await Promise.all([redis.command(cmd), ours.command(cmd)]);
    if (!Array.isArray(st) && st.ignore) continue;
    const unordered = !Array.isArray(st) && st.unordered;
    const ra = unordered ? sortAggregate(a) : a;
    const rb = unordered ? sortAggregate(b) : b;
    if (ra !== rb) out.push({ step: i, cmd, redis: JSON.stringify(a), ours: JSON.stringify(b) });
  }
  return out;
}
