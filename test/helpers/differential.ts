// Differential testing against real Redis: the same commands go to a real redis-server
// and to rctl-server, and the raw reply bytes are compared. Replies whose order Redis
// does not define (a hashtable's iteration order, random picks) are compared through a
// canonical form: sorted items, sorted pairs, or only the reply's shape.

import { appendFileSync } from 'node:fs';
import net from 'node:net';
import { encodeCommand } from '../../src/server/protocol/writer.js';

/**
 * Byte length of the complete RESP2/RESP3 reply starting at `pos`, or -1 when more bytes
 * are needed. An attribute (`|`) is a prefix of the reply that follows it, so both are
 * one frame.
 */
export function frameEnd(s: string, pos: number): number {
  if (pos >= s.length) return -1;
  const cr = s.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const type = s[pos]!;
  const after = cr + 2;
  switch (type) {
    case '$':
    case '!':
    case '=': {
      const len = Number(s.slice(pos + 1, cr));
      if (len < 0) return after;
      return s.length >= after + len + 2 ? after + len + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const n = Number(s.slice(pos + 1, cr));
      let p = after;
      const count = n < 0 ? 0 : type === '%' || type === '|' ? n * 2 : n;
      for (let i = 0; i < count; i++) {
        p = frameEnd(s, p);
        if (p < 0) return -1;
      }
      return type === '|' ? frameEnd(s, p) : p;
    }
    default:
      return after;
  }
}

/** A parsed reply keeping each element's raw bytes, for canonical comparisons. */
export interface RawNode {
  type: string;
  raw: string;
  /** Header line for aggregates (`*3`), the whole reply for scalars. */
  head: string;
  items: RawNode[];
}

export function parseRaw(s: string, pos = 0): RawNode {
  const end = frameEnd(s, pos);
  if (end < 0) throw new Error(`incomplete reply: ${JSON.stringify(s.slice(pos))}`);
  const type = s[pos]!;
  const cr = s.indexOf('\r\n', pos);
  const node: RawNode = { type, raw: s.slice(pos, end), head: s.slice(pos, cr), items: [] };
  if ('*~>%|'.includes(type)) {
    const n = Number(s.slice(pos + 1, cr));
    const count = n < 0 ? 0 : type === '%' || type === '|' ? n * 2 : n;
    let p = cr + 2;
    for (let i = 0; i < count; i++) {
      const child = parseRaw(s, p);
      node.items.push(child);
      p += child.raw.length;
    }
  }
  return node;
}

/** Marks a reply that did not arrive in time (no reply can contain these bytes unasked). */
export const TIMED_OUT = '<differential: no reply before the timeout>';

/** A connection that returns each reply's exact bytes. */
export class RawClient {
  private buf = '';
  private waiters: Array<(b: string) => void> = [];
  private closed = false;
  /** Replies that arrived with nobody waiting (pushes, MONITOR lines). */
  readonly unsolicited: string[] = [];

  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w('<closed>');
    });
    sock.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    this.buf += chunk.toString('latin1');
    let pos = 0;
    for (;;) {
      const end = frameEnd(this.buf, pos);
      if (end < 0) break;
      const reply = this.buf.slice(pos, end);
      pos = end;
      const w = this.waiters.shift();
      if (w) w(reply);
      else this.unsolicited.push(reply);
    }
    this.buf = this.buf.slice(pos);
  }

  /** Sends argv and resolves with the next `replies` raw replies concatenated (latin1). */
  command(argv: string[], timeoutMs = 5000, replies = 1): Promise<string> {
    if (this.closed) return Promise.resolve('<closed>');
    this.sock.write(encodeCommand(argv), 'latin1');
    return this.read(replies, timeoutMs);
  }

  /** Sends raw bytes (inline commands, malformed input) without waiting. */
  writeRaw(bytes: string): void {
    this.sock.write(bytes, 'latin1');
  }

  /** Resolves with the next `replies` replies (including ones that already arrived unasked). */
  async read(replies = 1, timeoutMs = 5000): Promise<string> {
    let out = '';
    for (let i = 0; i < replies; i++) {
      const ready = this.unsolicited.shift();
      if (ready !== undefined) {
        out += ready;
        continue;
      }
      if (this.closed) return out + '<closed>';
      out += await new Promise<string>((resolve) => {
        const w = (b: string): void => {
          clearTimeout(t);
          resolve(b);
        };
        const t = setTimeout(() => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(TIMED_OUT);
        }, timeoutMs);
        this.waiters.push(w);
      });
    }
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}

/**
 * How two replies are compared:
 * - exact: byte for byte (the default);
 * - unordered: top-level items as a multiset (maps by key/value pair);
 * - pairs: a flat RESP2 array of field/value pairs as a multiset of pairs;
 * - scan / scan-pairs: a SCAN reply whose element list is unordered (items or pairs);
 * - ints: a set-operation reply that Redis builds as a temporary set: when every member
 *   is an integer the temporary set is an intset (sorted, exact), otherwise unordered;
 * - shape: only types and lengths (random picks); errors still compared exactly;
 * - count: only the aggregate's type and length (random picks whose items may be nil).
 */
export type Order = 'exact' | 'unordered' | 'pairs' | 'scan' | 'scan-pairs' | 'ints' | 'shape' | 'count';

/** One step of a script: a command, optionally compared through a canonical form. */
export type Step = string[] | CommandStep | ReadStep;

export interface CommandStep {
  cmd: string[];
  /** Shorthand for order: 'unordered'. */
  unordered?: boolean;
  order?: Order;
  /**
   * When set, OBJECT ENCODING of this key is compared first, and `order` applies only
   * when the encoding has no defined order (hashtable, skiplist); compact encodings
   * (listpack, intset, quicklist) must match exactly.
   */
  encodingOf?: string;
  /** Send and wait, but do not compare (replies that differ by design). */
  ignore?: boolean;
  /** Custom canonical form applied to both replies. */
  normalize?: (raw: string) => string;
  /** Replies the command produces (SUBSCRIBE a b -> 2). */
  replies?: number;
  /** Connection index (a script may use several clients per server, default 0). */
  conn?: number;
  /** set-max-intset-entries of both servers, for order 'ints' (default 512). */
  intsetLimit?: number;
  /** Bytes sent instead of `cmd` encoded as a multibulk (inline commands, bad input). */
  raw?: string;
  /**
   * Repeat the command on each server until its reply matches (e.g. INFO clients until
   * blocked_clients:2), for at most 5 s; the replies are not compared. Synchronises a
   * script with clients blocked on other connections.
   */
  until?: RegExp;
}

export interface ReadStep {
  /** Reads `read` replies (pub/sub messages) on connection `conn` without sending anything. */
  read: number;
  conn?: number;
  order?: Order;
  normalize?: (raw: string) => string;
}

const UNORDERED_ENCODINGS = new Set(['hashtable', 'skiplist']);

function sortedItems(items: RawNode[]): string {
  return items
    .map((n) => n.raw)
    .sort()
    .join('');
}

function sortedPairs(items: RawNode[]): string {
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push(items[i]!.raw + (items[i + 1]?.raw ?? ''));
  return pairs.sort().join('');
}

/** Types and lengths only: aggregates keep their header, bulk strings only nil or not. */
function shapeOf(n: RawNode): string {
  if (n.type === '-' || n.type === '!') return n.raw;
  if ('*~>%|'.includes(n.type)) return `${n.head}[${n.items.map(shapeOf).join(',')}]`;
  if (n.type === '$') return n.head === '$-1' ? '$-1' : '$';
  return n.type;
}

const INT_RE = /^(0|-?[1-9][0-9]{0,18})$/;

function isInt64(s: string): boolean {
  if (!INT_RE.test(s)) return false;
  const b = BigInt(s);
  return b >= -(2n ** 63n) && b < 2n ** 63n;
}

/**
 * The canonical form of `raw` under `order`; `intsetLimit` is the server's
 * set-max-intset-entries (for 'ints').
 */
export function canonical(raw: string, order: Order, intsetLimit = 512): string {
  if (order === 'exact' || raw.startsWith('<')) return raw;
  const n = parseRaw(raw);
  if (n.type === '-' || n.type === '!') return raw;
  switch (order) {
    case 'shape':
      return shapeOf(n);
    case 'count':
      return n.head;
    case 'unordered':
      if (n.type === '%') return n.head + sortedPairs(n.items);
      return n.items.length > 0 ? n.head + sortedItems(n.items) : raw;
    case 'pairs':
      // RESP3 nests each pair in its own array (HRANDFIELD ... WITHVALUES).
      if (n.items[0] && '*~%'.includes(n.items[0].type)) return n.head + sortedItems(n.items);
      return n.items.length > 0 ? n.head + sortedPairs(n.items) : raw;
    case 'scan':
    case 'scan-pairs': {
      const inner = n.items[1];
      if (!inner) return raw;
      const body = order === 'scan' ? sortedItems(inner.items) : sortedPairs(inner.items);
      return n.head + n.items[0]!.raw + inner.head + body;
    }
    case 'ints': {
      const allInts = n.items.every((i) => i.type === '$' && isInt64(bulkBody(i)));
      return allInts && n.items.length <= intsetLimit ? raw : canonical(raw, 'unordered');
    }
  }
}

function bulkBody(n: RawNode): string {
  const cr = n.raw.indexOf('\r\n');
  return n.raw.slice(cr + 2, n.raw.length - 2);
}

export interface Mismatch {
  step: number;
  cmd: string[];
  redis: string;
  ours: string;
}

/** Runs one step on both connections and returns the mismatch, if any. */
export async function runStep(redis: RawClient, ours: RawClient, st: Step, index = 0): Promise<Mismatch | null> {
  if (!Array.isArray(st) && 'read' in st) {
    const [a, b] = await Promise.all([redis.read(st.read, 2000), ours.read(st.read, 2000)]);
    if (process.env.DIFF_TRACE) appendFileSync(process.env.DIFF_TRACE, `<read ${st.read}> -> ${JSON.stringify(a).slice(0, 200)}\n`);
    const ca = st.normalize ? st.normalize(a) : canonical(a, st.order ?? 'exact');
    const cb = st.normalize ? st.normalize(b) : canonical(b, st.order ?? 'exact');
    return ca === cb && !a.endsWith(TIMED_OUT) && !b.endsWith(TIMED_OUT) ? null : { step: index, cmd: ['<read>', String(st.read)], redis: JSON.stringify(a), ours: JSON.stringify(b) };
  }
  const cmd = Array.isArray(st) ? st : st.cmd;
  const opts: Partial<CommandStep> = Array.isArray(st) ? {} : st;
  if (opts.until) {
    const re = opts.until;
    const poll = async (c: RawClient): Promise<string> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const r = await c.command(cmd);
        if (re.test(r) || Date.now() > deadline) return r;
        await new Promise((res) => setTimeout(res, 5));
      }
    };
    const [a, b] = await Promise.all([poll(redis), poll(ours)]);
    return re.test(a) && re.test(b) ? null : { step: index, cmd, redis: JSON.stringify(a), ours: JSON.stringify(b) };
  }
  let order: Order = opts.order ?? (opts.unordered ? 'unordered' : 'exact');
  if (opts.encodingOf !== undefined) {
    const probe = ['OBJECT', 'ENCODING', opts.encodingOf];
    const [ea, eb] = await Promise.all([redis.command(probe), ours.command(probe)]);
    if (ea !== eb) return { step: index, cmd: probe, redis: JSON.stringify(ea), ours: JSON.stringify(eb) };
    const enc = /\r\n(.*)\r\n$/.exec(ea)?.[1] ?? '';
    if (!UNORDERED_ENCODINGS.has(enc)) order = 'exact';
  }
  const replies = opts.replies ?? 1;
  const send = (c: RawClient): Promise<string> => {
    if (opts.raw === undefined) return c.command(cmd, 5000, replies);
    c.writeRaw(opts.raw);
    return c.read(replies, 5000);
  };
  const [a, b] = await Promise.all([send(redis), send(ours)]);
  // DIFF_TRACE=<file> logs every command with real Redis's reply (what a script exercises).
  if (process.env.DIFF_TRACE) appendFileSync(process.env.DIFF_TRACE, `${JSON.stringify(cmd)} -> ${JSON.stringify(a).slice(0, 200)}\n`);
  if (opts.ignore) return null;
  const normalize = opts.normalize ?? (cmd[0]?.toUpperCase() === 'HELLO' ? normalizeHello : undefined);
  const ca = normalize ? normalize(a) : canonical(a, order, opts.intsetLimit);
  const cb = normalize ? normalize(b) : canonical(b, order, opts.intsetLimit);
  // Both servers timing out means the script waits for a reply that never comes.
  return ca === cb && !a.endsWith(TIMED_OUT) && !b.endsWith(TIMED_OUT) ? null : { step: index, cmd, redis: JSON.stringify(a), ours: JSON.stringify(b) };
}

/** Runs steps on both connections; returns every step whose replies differ. */
export async function runDifferential(redis: RawClient, ours: RawClient, steps: Step[]): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (let i = 0; i < steps.length; i++) {
    const m = await runStep(redis, ours, steps[i]!, i);
    if (m) out.push(m);
  }
  return out;
}

/**
 * Runs a script that may use several connections per server (`conn` on a step): each
 * connection index is opened on both servers on first use and, when `resp` is 3, sends
 * HELLO 3 first. Every connection is closed at the end.
 */
export async function runScript(redisPort: number, oursPort: number, steps: Step[], resp: 2 | 3 = 2): Promise<Mismatch[]> {
  const conns: Array<[RawClient, RawClient]> = [];
  const out: Mismatch[] = [];
  try {
    for (let i = 0; i < steps.length; i++) {
      const st = steps[i]!;
      const idx = Array.isArray(st) ? 0 : (st.conn ?? 0);
      let pair = conns[idx];
      if (!pair) {
        pair = await Promise.all([RawClient.connect(redisPort), RawClient.connect(oursPort)]);
        conns[idx] = pair;
        if (resp === 3) {
          const m = await runStep(pair[0], pair[1], { cmd: ['HELLO', '3'], normalize: normalizeHello }, i);
          if (m) out.push(m);
        }
      }
      const m = await runStep(pair[0], pair[1], st, i);
      if (m) out.push(m);
    }
  } finally {
    for (const p of conns) {
      if (!p) continue;
      p[0].close();
      p[1].close();
    }
  }
  return out;
}

/** HELLO's reply with the connection id blanked (ids differ between servers). */
export function normalizeHello(raw: string): string {
  return raw.replace(/(\$2\r\nid\r\n):\d+/, '$1:<id>');
}

/** Replaces the values of `name=value` fields (CLIENT LIST/INFO lines) so only names and order count. */
export function fieldNames(raw: string): string {
  return raw.replace(/^[$=]\d+\r\n/, '').replace(/=[^ \r\n]*/g, '=');
}

/**
 * COMMAND INFO with each command's subcommand list (element 10) sorted: Redis lists
 * subcommands in its dict's iteration order, which is not defined. Subcommands named in
 * `drop` are removed first (documented deviations).
 */
export function commandInfoCanonical(raw: string, drop: string[] = []): string {
  const n = parseRaw(raw);
  if (n.type !== '*') return raw;
  return (
    n.head +
    n.items
      .map((cmd) => {
        const subs = cmd.items[9];
        if (!subs) return cmd.raw;
        const kept = subs.items.filter((sc) => !drop.includes(bulkBody(sc.items[0] ?? sc)));
        return cmd.head + cmd.items.slice(0, 9).map((i) => i.raw).join('') + `*${kept.length}` + sortedItems(kept);
      })
      .join('')
  );
}

/** Mismatches as readable text: long replies are cut around the first differing byte. */
export function formatMismatches(ms: Mismatch[]): string {
  const clip = (s: string, at: number): string => {
    const from = Math.max(0, at - 80);
    return (from > 0 ? '…' : '') + s.slice(from, at + 120) + (s.length > at + 120 ? '…' : '');
  };
  return ms
    .map((m) => {
      let at = 0;
      while (at < m.redis.length && m.redis[at] === m.ours[at]) at++;
      return `step ${m.step}: ${JSON.stringify(m.cmd).slice(0, 200)}\n  redis: ${clip(m.redis, at)}\n  ours:  ${clip(m.ours, at)}`;
    })
    .join('\n');
}
