// Keyspace notifications against real redis-server 7.0: one script runs on both servers
// while each publishes its events, and what a PSUBSCRIBE '__key*__:*' subscriber receives
// must be identical after every step. RESP2 runs use a separate subscriber connection;
// RESP3 runs subscribe the command connection itself, so the interleaving of pushes and
// replies is compared byte for byte too. A last test does the same on replicas.

import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMismatches, type Mismatch, RawClient, TIMED_OUT } from '../../helpers/differential.js';
import { describeInterop } from '../../helpers/interop.js';
import { cleanupAll, startRctlServer, startRealRedis, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

/**
 * One step of a notification script:
 * - an argv: run on connection 0;
 * - cmd: run on `conn`, its reply compared by shape only (`reply: 'shape'`, random picks)
 *   or not at all (`reply: 'ignore'`);
 * - block: send on `conn` without waiting (a blocking command);
 * - blocked: wait until both servers count that many blocked clients;
 * - read: the reply a blocked client on `conn` finally got;
 * - poll: repeat argv until its reply matches `until` (waiting for expiry); only the events
 *   are compared, sorted when `unordered` (active expiry walks keys in hash order).
 */
type NStep =
  | string[]
  | { cmd: string[]; conn?: number; reply?: 'shape' | 'ignore' }
  | { block: string[]; conn: number }
  | { blocked: number }
  | { read: number }
  | { poll: string[]; until: RegExp; unordered?: boolean };

const PATTERN = '__key*__:*';
const PING = '*1\r\n$4\r\nPING\r\n';
/** PING's reply to a RESP2 subscriber, and to any RESP3 client. */
const PONG2 = '*2\r\n$4\r\npong\r\n$0\r\n\r\n';
const PONG3 = '+PONG\r\n';
/** Connection used for INFO polling; never subscribed, never compared. */
const CONTROL = 99;

const isEvent = (frame: string): boolean => frame.startsWith('>4\r\n') || frame.startsWith('*4\r\n$8\r\npmessage\r\n');

/** Types and lengths of a reply (random picks): bulk strings reduced to `$`. */
function shapeOf(frame: string): string {
  return frame.replace(/\$-1\r\n|\$\d+\r\n[\s\S]*?\r\n/g, (m) => (m === '$-1\r\n' ? '$nil ' : '$ '));
}

/** One server's connections for a script run. */
class Side {
  private readonly conns = new Map<number, RawClient>();
  private sub: RawClient | null = null;
  /** Connection 0 is inside MULTI: a PING would be queued, so nothing is drained until EXEC. */
  private queuing = false;

  constructor(
    readonly port: number,
    readonly resp: 2 | 3,
  ) {}

  /** Connection n, opened on first use (HELLO 3 in RESP3 runs; connection 0 subscribes there). */
  async conn(n: number): Promise<RawClient> {
    let c = this.conns.get(n);
    if (c) return c;
    c = await RawClient.connect(this.port);
    this.conns.set(n, c);
    if (this.resp === 3 && n !== CONTROL) {
      await c.command(['HELLO', '3']);
      if (n === 0) await c.command(['PSUBSCRIBE', PATTERN]);
    }
    return c;
  }

  /** Subscribes (RESP2: a separate connection) before the script starts. */
  async start(): Promise<void> {
    await this.conn(0);
    if (this.resp === 2) {
      this.sub = await RawClient.connect(this.port);
      await this.sub.command(['PSUBSCRIBE', PATTERN]);
    }
  }

  /**
   * Everything published so far: PING the subscribed connection and take the frames that
   * come before its PONG (the server handles the PING after the command that produced them).
   */
  async drain(): Promise<string[]> {
    const c = this.sub ?? (await this.conn(0));
    c.writeRaw(PING);
    const pong = this.sub ? PONG2 : PONG3;
    const frames: string[] = [];
    for (;;) {
      const f = await c.read(1, 3000);
      if (f === pong) return frames;
      frames.push(f);
      if (f === TIMED_OUT || f.endsWith('<closed>')) return frames;
    }
  }

  /** Runs argv on connection n: the frames observed, in order (replies and events). */
  async exec(argv: string[], n: number): Promise<string[]> {
    const c = await this.conn(n);
    const reply = await c.command(argv);
    if (n === 0) {
      const name = argv[0]!.toUpperCase();
      if (name === 'MULTI') this.queuing = true;
      else if (name === 'EXEC' || name === 'DISCARD') this.queuing = false;
    }
    if (this.queuing && this.sub === null) return [reply];
    return [reply, ...(await this.drain())];
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.sub?.close();
  }
}

/** Canonical text of a step's frames: random replies reduced, events optionally sorted. */
function render(frames: string[], reply: 'exact' | 'shape' | 'ignore', unordered = false): string {
  const out: string[] = [];
  for (const f of frames) {
    if (isEvent(f)) out.push(f);
    else if (reply === 'shape') out.push(shapeOf(f));
    else if (reply === 'exact') out.push(f);
  }
  if (unordered) out.sort();
  return out.join('');
}

async function runStep(side: Side, st: NStep): Promise<string> {
  if (Array.isArray(st)) return render(await side.exec(st, 0), 'exact');
  if ('cmd' in st) return render(await side.exec(st.cmd, st.conn ?? 0), st.reply ?? 'exact');
  if ('block' in st) {
    (await side.conn(st.conn)).writeRaw(encode(st.block));
    return '';
  }
  if ('blocked' in st) {
    const c = await side.conn(CONTROL);
    const re = new RegExp(`blocked_clients:${st.blocked}\\r\\n`);
    await waitFor(async () => re.test(await c.command(['INFO', 'clients'])), { timeoutMs: 5000, what: `${st.blocked} blocked` });
    return '';
  }
  if ('read' in st) {
    const reply = await (await side.conn(st.read)).read(1, 5000);
    return render([reply, ...(await side.drain())], 'exact');
  }
  const events: string[] = [];
  const deadline = Date.now() + 5000;
  for (;;) {
    const frames = await side.exec(st.poll, 0);
    const reply = frames.find((f) => !isEvent(f)) ?? '';
    events.push(...frames.filter(isEvent));
    if (st.until.test(reply)) break;
    if (Date.now() > deadline) return TIMED_OUT;
    await new Promise((r) => setTimeout(r, 5));
  }
  return render(events, 'ignore', st.unordered);
}

function encode(argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

function describeStep(st: NStep): string[] {
  if (Array.isArray(st)) return st;
  if ('cmd' in st) return st.cmd;
  if ('block' in st) return ['<block>', ...st.block];
  if ('blocked' in st) return ['<blocked>', String(st.blocked)];
  if ('read' in st) return ['<read>', String(st.read)];
  return ['<poll>', ...st.poll];
}

/** Runs the script on both servers in lockstep; returns the steps whose output differs. */
async function runNotifyScript(redisPort: number, oursPort: number, steps: NStep[], resp: 2 | 3): Promise<Mismatch[]> {
  const a = new Side(redisPort, resp);
  const b = new Side(oursPort, resp);
  const out: Mismatch[] = [];
  try {
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < steps.length; i++) {
      const st = steps[i]!;
      const [ra, rb] = await Promise.all([runStep(a, st), runStep(b, st)]);
      if (ra !== rb || ra.includes(TIMED_OUT)) {
        out.push({ step: i, cmd: describeStep(st), redis: JSON.stringify(ra), ours: JSON.stringify(rb) });
        // NOTIFY_DUMP=<file> writes each differing step in full (the assertion message clips).
        if (process.env.NOTIFY_DUMP) appendFileSync(process.env.NOTIFY_DUMP, `RESP${resp} ${JSON.stringify(describeStep(st))}\n  redis ${JSON.stringify(ra)}\n  ours  ${JSON.stringify(rb)}\n`);
      }
    }
  } finally {
    a.close();
    b.close();
  }
  return out;
}

// --- scripts -----------------------------------------------------------------------------------

const ALL = 'KEAn';
/** DUMP of the string "hello" by Redis 7.0 (RDB version 10). */
const HELLO_DUMP = '\x00\x05hello\n\x00cr\xdfve4 \n';
const FAR_SECONDS = '4102444800'; // 2100-01-01
const PAST_MS = '1000';

const setup = (flags: string): NStep[] => [
  ['CONFIG', 'SET', 'notify-keyspace-events', flags],
  ['CONFIG', 'GET', 'notify-keyspace-events'],
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
];

const strings: NStep[] = [
  ...setup(ALL),
  ['SET', 's1', 'v'],
  ['SET', 's1', 'v2'],
  ['SET', 's1', 'v3', 'EX', '100'],
  ['SET', 's1', 'v4', 'PX', '100000', 'GET'],
  ['SET', 's1', 'v5', 'KEEPTTL'],
  ['SET', 's1', 'v6', 'EXAT', FAR_SECONDS],
  ['SET', 's1', 'x', 'NX'],
  ['SET', 's2', 'x', 'XX'],
  ['SET', 's2', 'x', 'XX', 'GET'],
  ['SET', 's1', 'v', 'EX', '0'],
  ['SETNX', 's2', 'a'],
  ['SETNX', 's2', 'b'],
  ['SETEX', 's3', '100', 'v'],
  ['PSETEX', 's4', '100000', 'v'],
  ['GETEX', 's3', 'EX', '200'],
  ['GETEX', 's3', 'PERSIST'],
  ['GETEX', 's3', 'PERSIST'],
  ['GETEX', 's3'],
  ['GETEX', 's3', 'PXAT', PAST_MS],
  ['GETEX', 'nokey', 'EX', '1'],
  ['GETDEL', 's4'],
  ['GETDEL', 's4'],
  ['GETSET', 's5', 'a'],
  ['GETSET', 's5', 'b'],
  ['SETRANGE', 's6', '0', ''],
  ['SETRANGE', 's6', '3', 'abc'],
  ['SETRANGE', 's6', '0', ''],
  ['SETRANGE', 's6', '1', 'x'],
  ['APPEND', 's7', 'a'],
  ['APPEND', 's7', 'b'],
  ['INCR', 'n'],
  ['DECR', 'n'],
  ['INCRBY', 'n', '5'],
  ['DECRBY', 'n', '2'],
  ['INCR', 's7'],
  ['INCRBYFLOAT', 'f', '1.5'],
  ['INCRBYFLOAT', 'f', '1'],
  ['INCRBYFLOAT', 's7', '1'],
  ['MSET', 'm1', '1', 'm2', '2', 'm1', '3'],
  ['MSETNX', 'm1', 'x', 'm9', 'y'],
  ['MSETNX', 'm8', 'x', 'm9', 'y'],
  ['LPUSH', 'lst', 'a'],
  ['SET', 'lst', 'now a string'],
  ['APPEND', 'lst', '!'],
  ['GET', 'nokey'],
  ['STRLEN', 's7'],
  // Keys with binary names and in other databases.
  ['SET', 'bin\x00\xff key', 'v'],
  ['SELECT', '5'],
  ['SET', 'in5', 'v'],
  ['DEL', 'in5'],
  ['SELECT', '0'],
];

const bits: NStep[] = [
  ...setup(ALL),
  ['SETBIT', 'b', '7', '1'],
  ['SETBIT', 'b', '7', '1'],
  ['SETBIT', 'b', '7', '0'],
  ['SETBIT', 'b', '100', '0'],
  ['GETBIT', 'b', '7'],
  ['BITOP', 'AND', 'bd', 'b', 'b'],
  ['BITOP', 'NOT', 'bd', 'b'],
  ['BITOP', 'OR', 'bd', 'nokey'],
  ['BITOP', 'OR', 'bd', 'nokey'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '255'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '255'],
  ['BITFIELD', 'bf', 'GET', 'u8', '0'],
  ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300'],
  ['BITFIELD', 'bf2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300'],
  ['BITFIELD', 'bf3', 'GET', 'u8', '0'],
  ['BITFIELD_RO', 'bf4', 'GET', 'u8', '0'],
  ['BITFIELD', 'bf5', 'SET', 'u8', '16', '0'],
  ['BITCOUNT', 'bf'],
];

const generic: NStep[] = [
  ...setup(ALL),
  ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
  ['DEL', 'a', 'nokey', 'b'],
  ['UNLINK', 'c', 'nokey'],
  ['EXPIRE', 'd', '100'],
  ['PEXPIRE', 'd', '100000'],
  ['EXPIREAT', 'd', FAR_SECONDS],
  ['PEXPIREAT', 'd', `${FAR_SECONDS}000`],
  ['EXPIRE', 'd', '100', 'NX'],
  ['EXPIRE', 'd', '200', 'XX'],
  ['EXPIRE', 'd', '1', 'GT'],
  ['EXPIRE', 'd', '1000', 'LT'],
  ['EXPIRE', 'nokey', '100'],
  ['PERSIST', 'd'],
  ['PERSIST', 'd'],
  ['PERSIST', 'nokey'],
  ['TTL', 'd'],
  ['EXPIRE', 'd', '-1'],
  ['SET', 'e', 'v'],
  ['PEXPIREAT', 'e', PAST_MS],
  ['SET', 'e', 'v'],
  ['EXPIREAT', 'e', '1'],
  ['MSET', 'r1', 'a', 'r2', 'b'],
  ['RENAME', 'r1', 'r1x'],
  ['RENAME', 'r1x', 'r2'],
  ['RENAME', 'r2', 'r2'],
  ['RENAME', 'nokey', 'x'],
  ['SET', 'r3', 'c'],
  ['RENAMENX', 'r2', 'r3'],
  ['RENAMENX', 'r2', 'r4'],
  ['SET', 'ttl', 'v', 'EX', '100'],
  ['RENAME', 'ttl', 'ttl2'],
  ['MOVE', 'r4', '1'],
  ['MOVE', 'r3', '1'],
  ['SET', 'r3', 'again'],
  ['MOVE', 'r3', '1'],
  ['MOVE', 'nokey', '1'],
  ['COPY', 'r3', 'cp1'],
  ['COPY', 'ttl2', 'cp1'],
  ['COPY', 'ttl2', 'cp1', 'REPLACE'],
  ['COPY', 'ttl2', 'cp1', 'DB', '2'],
  ['COPY', 'nokey', 'cp2'],
  ['SELECT', '1'],
  ['RENAME', 'r4', 'r5'],
  ['SWAPDB', '0', '1'],
  ['FLUSHDB'],
  ['SELECT', '0'],
  ['TOUCH', 'ttl2', 'nokey'],
  ['EXISTS', 'ttl2', 'nokey'],
  ['TYPE', 'ttl2'],
  ['OBJECT', 'ENCODING', 'nokey'],
  ['RESTORE', 'rs', '0', HELLO_DUMP],
  ['RESTORE', 'rs', '0', HELLO_DUMP],
  ['RESTORE', 'rs', '0', HELLO_DUMP, 'REPLACE'],
  ['RESTORE', 'rs', '100000', HELLO_DUMP, 'REPLACE'],
  ['RESTORE', 'rs', PAST_MS, HELLO_DUMP, 'REPLACE', 'ABSTTL'],
  ['RESTORE', 'rs', PAST_MS, HELLO_DUMP, 'ABSTTL'],
  ['DEBUG', 'POPULATE', '3', 'pop'],
  // Loading a snapshot raises no events.
  ['DEBUG', 'RELOAD'],
  ['FLUSHALL'],
];

const hashes: NStep[] = [
  ...setup(ALL),
  ['HSET', 'h', 'a', '1', 'b', '2'],
  ['HSET', 'h', 'a', '1'],
  ['HSETNX', 'h', 'a', 'x'],
  ['HSETNX', 'h', 'c', '3'],
  ['HSETNX', 'h2', 'c', '3'],
  ['HMSET', 'h', 'd', '4'],
  ['HINCRBY', 'h', 'n', '5'],
  ['HINCRBY', 'h', 'a', '1'],
  ['HINCRBY', 'h', 'b', 'x'],
  ['HINCRBYFLOAT', 'h', 'f', '1.5'],
  ['HINCRBYFLOAT', 'h3', 'f', '1'],
  ['HSET', 'h', 'str', 'abc'],
  ['HINCRBY', 'h', 'str', '1'],
  ['HINCRBYFLOAT', 'h', 'str', '1'],
  ['HDEL', 'h', 'zz'],
  ['HDEL', 'h', 'a', 'b'],
  ['HDEL', 'h', 'c', 'd', 'n', 'f', 'str', 'zz'],
  ['HDEL', 'h', 'a'],
  ['HDEL', 'h2', 'c'],
  ['HGET', 'h3', 'f'],
  ['HGETALL', 'nokey'],
];

const lists: NStep[] = [
  ...setup(ALL),
  ['LPUSH', 'l', 'a', 'b'],
  ['RPUSH', 'l', 'c'],
  ['LPUSHX', 'nol', 'a'],
  ['RPUSHX', 'nol', 'a'],
  ['RPUSHX', 'l', 'd'],
  ['LPUSHX', 'l', 'e'],
  ['LINSERT', 'l', 'BEFORE', 'c', 'x'],
  ['LINSERT', 'l', 'AFTER', 'zz', 'y'],
  ['LINSERT', 'nol', 'AFTER', 'zz', 'y'],
  ['LSET', 'l', '0', 'z'],
  ['LSET', 'l', '99', 'z'],
  ['LREM', 'l', '0', 'zz'],
  ['LREM', 'l', '1', 'x'],
  ['LTRIM', 'l', '0', '-1'],
  ['LTRIM', 'l', '1', '3'],
  ['LTRIM', 'nol', '1', '3'],
  ['LPOP', 'l'],
  ['RPOP', 'l'],
  ['LPOP', 'l', '0'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['LPOP', 'l', '2'],
  ['RPOP', 'l', '5'],
  ['LPOP', 'l'],
  ['RPUSH', 'l', 'a', 'b'],
  ['LREM', 'l', '0', 'a'],
  ['LREM', 'l', '0', 'b'],
  ['RPUSH', 'l', 'a', 'b'],
  ['LTRIM', 'l', '5', '6'],
  ['RPUSH', 'l2', 'a', 'b', 'c', 'd'],
  ['LMOVE', 'l2', 'l3', 'LEFT', 'RIGHT'],
  ['RPOPLPUSH', 'l2', 'l3'],
  ['LMOVE', 'l2', 'l2', 'LEFT', 'RIGHT'],
  ['LMOVE', 'l2', 'l3', 'RIGHT', 'LEFT'],
  ['LMOVE', 'l2', 'l3', 'RIGHT', 'LEFT'],
  ['LMOVE', 'l2', 'l3', 'RIGHT', 'LEFT'],
  ['RPUSH', 'one', 'x'],
  ['LMOVE', 'one', 'one', 'LEFT', 'LEFT'],
  ['LMPOP', '2', 'nol', 'l3', 'LEFT', 'COUNT', '2'],
  ['LMPOP', '2', 'nol', 'l3', 'RIGHT', 'COUNT', '10'],
  ['RPUSH', 'l4', 'a', 'b'],
  ['BLPOP', 'nol', 'l4', '1'],
  ['BRPOP', 'l4', '1'],
  ['RPUSH', 'l4', 'a'],
  ['BLMOVE', 'l4', 'l5', 'LEFT', 'LEFT', '1'],
  ['BRPOPLPUSH', 'l5', 'l6', '1'],
  ['BLMPOP', '1', '1', 'l6', 'LEFT', 'COUNT', '3'],
  ['SET', 'str', 'v'],
  ['LMOVE', 'l6', 'str', 'LEFT', 'LEFT'],
  ['RPUSH', 'l7', 'a'],
  ['LMOVE', 'l7', 'str', 'LEFT', 'LEFT'],
];

const sets: NStep[] = [
  ...setup(ALL),
  ['SADD', 'st', 'a', 'b'],
  ['SADD', 'st', 'a'],
  ['SREM', 'st', 'zz'],
  ['SREM', 'st', 'a'],
  ['SREM', 'nokey', 'a'],
  ['SPOP', 'st'],
  ['SPOP', 'st'],
  ['SADD', 'st', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
  { cmd: ['SPOP', 'st', '2'], reply: 'shape' },
  { cmd: ['SPOP', 'st', '7'], reply: 'shape' },
  ['SPOP', 'st', '0'],
  { cmd: ['SPOP', 'st'], reply: 'shape' },
  ['SPOP', 'st', '10'],
  ['SPOP', 'st', '10'],
  ['SADD', 'x1', 'a', 'b', 'c'],
  ['SADD', 'x2', 'b', 'c', 'd'],
  ['SMOVE', 'x1', 'x2', 'a'],
  ['SMOVE', 'x1', 'x3', 'b'],
  ['SMOVE', 'x1', 'x2', 'zz'],
  ['SMOVE', 'x1', 'x2', 'c'],
  ['SMOVE', 'x2', 'x2', 'c'],
  ['SMOVE', 'nokey', 'x2', 'c'],
  ['SINTERSTORE', 'd', 'x2', 'x3'],
  ['SINTERSTORE', 'd', 'x2', 'x3'],
  ['SINTERSTORE', 'd', 'x2', 'nokey'],
  ['SINTERSTORE', 'd', 'x2', 'nokey'],
  ['SUNIONSTORE', 'd', 'x2', 'x3'],
  ['SDIFFSTORE', 'd', 'x2', 'x2'],
  ['SDIFFSTORE', 'd', 'nokey'],
  ['SDIFFSTORE', 'd', 'x2', 'x3'],
  ['SINTER', 'x2', 'nokey'],
  ['SINTERCARD', '2', 'x2', 'x3'],
];

const zsets: NStep[] = [
  ...setup(ALL),
  ['ZADD', 'z', '1', 'a', '2', 'b'],
  ['ZADD', 'z', '1', 'a'],
  ['ZADD', 'z', 'XX', '5', 'zz'],
  ['ZADD', 'nokey', 'XX', '5', 'zz'],
  ['ZADD', 'z', 'CH', '3', 'a'],
  ['ZADD', 'z', 'NX', '3', 'a'],
  ['ZADD', 'z', 'GT', '1', 'a'],
  ['ZINCRBY', 'z', '1', 'a'],
  ['ZINCRBY', 'z', '0', 'a'],
  ['ZADD', 'z', 'INCR', '1', 'b'],
  ['ZADD', 'z', 'NX', 'INCR', '1', 'b'],
  ['ZADD', 'z', 'INCR', '+inf', 'b'],
  ['ZADD', 'z', 'INCR', '-inf', 'b'],
  ['ZREM', 'z', 'zz'],
  ['ZREM', 'z', 'a'],
  ['ZADD', 'z', '1', 'a', '3', 'c', '4', 'd', '5', 'e'],
  ['ZREMRANGEBYSCORE', 'z', '100', '200'],
  ['ZREMRANGEBYSCORE', 'z', '1', '1'],
  ['ZREMRANGEBYRANK', 'z', '0', '0'],
  ['ZREMRANGEBYRANK', 'z', '50', '60'],
  ['ZADD', 'zl', '0', 'a', '0', 'b', '0', 'c'],
  ['ZREMRANGEBYLEX', 'zl', '[a', '[a'],
  ['ZREMRANGEBYLEX', 'zl', '[x', '[y'],
  ['ZREMRANGEBYLEX', 'zl', '-', '+'],
  ['ZPOPMIN', 'z'],
  ['ZPOPMAX', 'z', '1'],
  ['ZPOPMAX', 'z', '0'],
  ['ZPOPMIN', 'nokey'],
  ['ZMPOP', '2', 'nokey', 'z', 'MIN', 'COUNT', '10'],
  ['ZADD', 'z', '1', 'a', '2', 'b'],
  ['BZPOPMIN', 'z', '1'],
  ['BZPOPMAX', 'z', '1'],
  ['ZADD', 'z', '1', 'a', '2', 'b'],
  ['BZMPOP', '1', '1', 'z', 'MAX', 'COUNT', '1'],
  ['ZREM', 'z', 'a', 'b'],
  ['ZADD', 'za', '1', 'a', '2', 'b'],
  ['ZADD', 'zb', '2', 'b', '3', 'c'],
  ['ZUNIONSTORE', 'zd', '2', 'za', 'zb'],
  ['ZINTERSTORE', 'zd', '2', 'za', 'zb'],
  ['ZDIFFSTORE', 'zd', '2', 'za', 'za'],
  ['ZDIFFSTORE', 'zd', '2', 'za', 'za'],
  ['ZDIFFSTORE', 'zd', '2', 'za', 'zb'],
  ['ZINTERSTORE', 'zd', '2', 'za', 'nokey'],
  ['ZRANGESTORE', 'zr', 'za', '0', '-1'],
  ['ZRANGESTORE', 'zr', 'za', '0', '0'],
  ['ZRANGESTORE', 'zr', 'za', '5', '10'],
  ['ZRANGESTORE', 'zr', 'za', '5', '10'],
  ['ZRANGESTORE', 'zr', 'nokey', '0', '-1'],
  ['ZUNION', '2', 'za', 'zb'],
];

const sorts: NStep[] = [
  ...setup(ALL),
  ['RPUSH', 'sl', '3', '1', '2'],
  ['SORT', 'sl', 'STORE', 'so'],
  ['SORT', 'sl', 'STORE', 'so'],
  ['SORT', 'sl', 'LIMIT', '5', '5', 'STORE', 'so'],
  ['SORT', 'sl', 'LIMIT', '5', '5', 'STORE', 'so'],
  ['SORT', 'nokey', 'STORE', 'so'],
  ['SORT', 'sl', 'BY', 'nosort', 'GET', '#', 'GET', 'w_*', 'STORE', 'so'],
  ['SORT_RO', 'sl'],
];

const transactions: NStep[] = [
  ...setup(ALL),
  ['MULTI'],
  ['SET', 'a', '1'],
  ['LPUSH', 'l', 'x'],
  ['INCR', 'a'],
  ['DEL', 'l'],
  ['EXEC'],
  ['MULTI'],
  ['INCR', 'a'],
  ['LPUSH', 'a', 'x'],
  ['EXPIRE', 'a', '100'],
  ['EXEC'],
];

/** Blocked clients served by another client's push: the pusher's events, then the pop's. */
const blocking: NStep[] = [
  ...setup(ALL),
  { block: ['BLPOP', 'bq', '0'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bq', 'a'],
  { read: 1 },
  { block: ['BRPOP', 'bq', '0'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bq', 'a', 'b'],
  { read: 1 },
  ['DEL', 'bq'],
  { block: ['BLMOVE', 'bs', 'bd', 'LEFT', 'RIGHT', '0'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bs', 'x'],
  { read: 1 },
  { block: ['BRPOPLPUSH', 'bs', 'bd', '0'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bs', 'x', 'y'],
  { read: 1 },
  { block: ['BLMOVE', 'bs2', 'wrong', 'LEFT', 'RIGHT', '0'], conn: 1 },
  { blocked: 1 },
  ['SET', 'wrong', 'string'],
  ['RPUSH', 'bs2', 'x'],
  { read: 1 },
  { block: ['BLMPOP', '0', '2', 'nope', 'bm', 'LEFT', 'COUNT', '2'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bm', 'a', 'b', 'c'],
  { read: 1 },
  { block: ['BLMPOP', '0', '1', 'bm2', 'RIGHT', 'COUNT', '5'], conn: 1 },
  { blocked: 1 },
  ['RPUSH', 'bm2', 'a', 'b'],
  { read: 1 },
  { block: ['BZPOPMIN', 'bz', '0'], conn: 1 },
  { blocked: 1 },
  ['ZADD', 'bz', '1', 'a'],
  { read: 1 },
  { block: ['BZPOPMAX', 'bz', '0'], conn: 1 },
  { blocked: 1 },
  ['ZADD', 'bz', '1', 'a', '2', 'b'],
  { read: 1 },
  { block: ['BZMPOP', '0', '1', 'bz2', 'MIN', 'COUNT', '5'], conn: 1 },
  { blocked: 1 },
  ['ZADD', 'bz2', '1', 'a', '2', 'b'],
  { read: 1 },
  // Two waiters, one push: the first is served, the key is then gone for the second.
  { block: ['BLPOP', 'two', '0'], conn: 1 },
  { block: ['BLPOP', 'two', '0'], conn: 2 },
  { blocked: 2 },
  ['RPUSH', 'two', 'only'],
  { read: 1 },
  ['RPUSH', 'two', 'second', 'third'],
  { read: 2 },
  // Served inside EXEC: the transaction's events first.
  { block: ['BLPOP', 'tx', '0'], conn: 1 },
  { blocked: 1 },
  ['MULTI'],
  ['RPUSH', 'tx', 'a'],
  ['SET', 'after', 'v'],
  ['EXEC'],
  { read: 1 },
];

/** Lazy expiry on read and on write, and active expiry (events in hash order: compared sorted). */
const expiry: NStep[] = [
  ...setup(ALL),
  ['SET', 'e1', 'v', 'PX', '1'],
  { poll: ['PTTL', 'e1'], until: /^:-2\r\n$/ },
  ['SET', 'e2', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['LPUSH', 'e2', 'x'],
  ['SET', 'e3', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['DEL', 'e3'],
  ['SET', 'e4', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['GET', 'e4'],
  ['SET', 'e5', 'v', 'PXAT', PAST_MS],
  ['EXISTS', 'e5'],
  ['HSET', 'e6', 'f', 'v'],
  ['PEXPIRE', 'e6', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['HSET', 'e6', 'g', 'v'],
  ['SET', 'e7', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['RENAME', 'e7', 'e8'],
  ['SET', 'e9', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  { cmd: ['SCAN', '0'], reply: 'shape' },
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ['SET', 'a1', 'v', 'PX', '20'],
  ['SET', 'a2', 'v', 'PX', '20'],
  ['RPUSH', 'a3', 'x'],
  ['PEXPIRE', 'a3', '20'],
  // Left: e2 (a list pushed after expiry) and e6 (a hash re-created after expiry).
  { poll: ['DBSIZE'], until: /^:2\r\n$/, unordered: true },
];

/** keymiss: read lookups that find nothing (write lookups and OBJECT raise none). */
const keymiss: NStep[] = [
  ...setup('Em'),
  ['GET', 'nokey'],
  ['MGET', 'a', 'b'],
  ['EXISTS', 'x', 'y'],
  ['TYPE', 'x'],
  ['TTL', 'x'],
  ['PTTL', 'x'],
  ['OBJECT', 'ENCODING', 'x'],
  ['OBJECT', 'FREQ', 'x'],
  ['STRLEN', 'x'],
  ['GETRANGE', 'x', '0', '1'],
  ['HGET', 'h', 'f'],
  ['HGETALL', 'h'],
  ['LRANGE', 'l', '0', '-1'],
  ['LLEN', 'l'],
  ['SMEMBERS', 's'],
  ['SISMEMBER', 's', 'm'],
  ['ZSCORE', 'z', 'm'],
  ['ZRANGE', 'z', '0', '-1'],
  ['GETBIT', 'b', '0'],
  ['BITCOUNT', 'b'],
  ['DUMP', 'x'],
  ['TOUCH', 'x'],
  ['SET', 'k', 'v'],
  ['GET', 'k'],
  ['SINTERSTORE', 'd', 'no1', 'no2'],
  ['SUNIONSTORE', 'd', 'no1', 'no2'],
  ['ZUNIONSTORE', 'd', '2', 'no1', 'no2'],
  ['RPUSH', 'sl', '2', '1'],
  ['SORT', 'sl', 'BY', 'w_*', 'GET', 'o_*'],
  ['COPY', 'nokey', 'x'],
  ['RENAME', 'nokey', 'x'],
  ['LPUSH', 'nl', 'a'],
  ['DEL', 'nokey'],
  ['INCR', 'cnt'],
  ['LCS', 'k', 'nokey'],
  ['BITOP', 'OR', 'dst', 'nokey'],
  ['GETEX', 'x', 'EX', '10'],
  ['GETDEL', 'x'],
  ['GETSET', 'x', 'v'],
  ['SET', 'y', 'v', 'GET'],
  ['SETRANGE', 'z', '0', 'v'],
  ['INCRBYFLOAT', 'fl', '1'],
  ['APPEND', 'ap', 'v'],
  ['HRANDFIELD', 'h'],
  ['HSTRLEN', 'h', 'f'],
  ['HSCAN', 'h', '0'],
  ['HINCRBY', 'h', 'f', '1'],
  ['LINDEX', 'l', '0'],
  ['LPOS', 'l', 'a'],
  ['LPOP', 'l'],
  ['LMOVE', 'l', 'l2', 'LEFT', 'LEFT'],
  ['SRANDMEMBER', 's'],
  ['SMISMEMBER', 's', 'a'],
  ['SSCAN', 's', '0'],
  ['SUNION', 's', 's2'],
  ['SDIFF', 's', 's2'],
  ['SINTERCARD', '2', 's', 's2'],
  ['SPOP', 's'],
  ['SMOVE', 's', 's2', 'm'],
  ['ZRANDMEMBER', 'z'],
  ['ZMSCORE', 'z', 'm'],
  ['ZRANK', 'z', 'm'],
  ['ZCARD', 'z'],
  ['ZSCAN', 'z', '0'],
  ['ZUNION', '2', 'z', 'z2'],
  ['ZINTERCARD', '2', 'z', 'z2'],
  ['ZDIFF', '2', 'z', 'z2'],
  ['ZRANGESTORE', 'zd', 'z', '0', '-1'],
  ['ZPOPMIN', 'z'],
  ['ZADD', 'z', 'XX', '1', 'm'],
  ['SORT_RO', 'nolist'],
  ['SORT', 'nolist', 'STORE', 'dst'],
  ['BITPOS', 'b', '1'],
  ['BITFIELD_RO', 'b', 'GET', 'u8', '0'],
  ['BITFIELD', 'b', 'GET', 'u8', '0'],
  ['SETBIT', 'b2', '0', '1'],
  ['EXPIRE', 'x', '10'],
  ['PERSIST', 'x'],
  ['MOVE', 'x', '1'],
  { cmd: ['RANDOMKEY'], reply: 'shape' },
  { cmd: ['SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'], reply: 'shape' },
  ['KEYS', 'x*'],
  ['DEBUG', 'OBJECT', 'x'],
  ['SET', 'gone', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  ['GET', 'gone'],
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEAm'],
  ['GET', 'nokey'],
];

/** Classes filter what is published; K and E choose the channels; nothing without either. */
const classes: NStep[] = [
  ...setup('Kg'),
  ['SET', 'a', '1'],
  ['EXPIRE', 'a', '100'],
  ['DEL', 'a'],
  ...setup('E$'),
  ['SET', 'a', '1'],
  ['EXPIRE', 'a', '100'],
  ['DEL', 'a'],
  ...setup('g$lshz'),
  ['SET', 'a', '1'],
  ['DEL', 'a'],
  ...setup('El'),
  ['RPUSH', 'l', 'a'],
  ['LPOP', 'l'],
  ['SADD', 's', 'a'],
  ...setup('Kn'),
  ['SET', 'n1', 'v'],
  ['SET', 'n1', 'v'],
  ...setup('Ex'),
  ['SET', 'x', 'v', 'PX', '1'],
  { poll: ['PTTL', 'x'], until: /^:-2\r\n$/ },
  ...setup(''),
  ['SET', 'a', '1'],
  ['DEL', 'a'],
  ...setup('KEA'),
  ['SET', 'a', '1'],
  ...setup('AKEnm'),
  ['SET', 'b', '1'],
  ['GET', 'nokey'],
  ...setup('gn$KE'),
  ['SET', 'c', '1'],
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEQ'],
  ['CONFIG', 'GET', 'notify-keyspace-events'],
  ['CONFIG', 'SET', 'notify-keyspace-events', ''],
  ['CONFIG', 'GET', 'notify-keyspace-events'],
];

const SCRIPTS: Record<string, NStep[]> = {
  strings,
  bits,
  generic,
  hashes,
  lists,
  sets,
  zsets,
  sorts,
  transactions,
  blocking,
  expiry,
  keymiss,
  classes,
};

describeInterop('keyspace notifications match Redis 7.0', () => {
  let redis: ServerProcess;
  let ours: ServerProcess;
  beforeAll(async () => {
    [redis, ours] = await Promise.all([
      startRealRedis(),
      startRctlServer({ args: ['--enable-debug-command', 'yes', '--save', '', '--bind', '127.0.0.1'] }),
    ]);
  });
  afterAll(cleanupAll);

  for (const resp of [2, 3] as const) {
    for (const [name, script] of Object.entries(SCRIPTS)) {
      it(`publishes identically: ${name} (RESP${resp}${resp === 3 ? ', self-subscribed' : ''})`, async () => {
        const reset: NStep[] = [['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', ''], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']];
        await runNotifyScript(redis.port, ours.port, reset, 2);
        const mismatches = await runNotifyScript(redis.port, ours.port, script, resp);
        await runNotifyScript(redis.port, ours.port, reset, 2);
        expect(mismatches.length, formatMismatches(mismatches)).toBe(0);
      });
    }
  }
});

// --- replicas ----------------------------------------------------------------------------------

/**
 * One step on a master/replica pair: an argv runs on the master; `sync` waits until the
 * replica has published the events of everything before it; `replica` runs on the replica
 * (its reply and the events it publishes are recorded); `poll` repeats a master command
 * until its reply matches.
 */
type RStep = string[] | { sync: true } | { replica: string[] } | { poll: string[]; until: RegExp };

/** Replicas publish what they apply: the events are those of the propagated form. */
const replicated: RStep[] = [
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
  ['SET', 'a', '1'],
  ['SET', 'a', '2', 'EX', '100'],
  ['INCR', 'n'],
  ['INCRBYFLOAT', 'f', '1.5'],
  ['APPEND', 'a', 'x'],
  ['SETRANGE', 'a', '5', 'y'],
  ['SETBIT', 'b', '3', '1'],
  ['GETEX', 'a', 'PERSIST'],
  ['GETDEL', 'a'],
  ['HSET', 'h', 'f', 'v'],
  ['HINCRBYFLOAT', 'h', 'g', '2.5'],
  ['HDEL', 'h', 'f', 'g'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['LPOP', 'l'],
  ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
  ['BLPOP', 'l', '1'],
  ['SADD', 's', 'x'],
  ['SPOP', 's'],
  ['ZADD', 'z', '1', 'a', '2', 'b'],
  ['ZPOPMIN', 'z'],
  ['ZINCRBY', 'z', '1', 'b'],
  ['ZUNIONSTORE', 'z2', '1', 'z'],
  ['RENAME', 'z2', 'z3'],
  ['EXPIRE', 'z3', '100'],
  ['PERSIST', 'z3'],
  ['COPY', 'z3', 'z4'],
  ['MOVE', 'z4', '2'],
  ['SELECT', '3'],
  ['SET', 'in3', 'v'],
  ['SELECT', '0'],
  ['RPUSH', 'sl', '2', '1'],
  ['SORT', 'sl', 'STORE', 'sorted'],
  ['DEL', 'sorted', 'nokey'],
  ['RESTORE', 'rs', '0', HELLO_DUMP],
  { sync: true },
  // Expired on the master but not yet deleted: the replica answers nil (a keymiss) without
  // an expired event; the master's lazy expiry then sends DEL, which the replica publishes.
  ['SET', 'x', 'v', 'PX', '1'],
  ['DEBUG', 'SLEEP', '0.01'],
  { sync: true },
  { replica: ['GET', 'x'] },
  { replica: ['EXISTS', 'x'] },
  ['GET', 'x'],
  { sync: true },
  // Active expiry on the master reaches the replica as DEL too.
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ['SET', 'y', 'v', 'PX', '10'],
  { poll: ['EXISTS', 'y'], until: /^:0\r\n$/ },
  { sync: true },
  ['FLUSHALL'],
  { sync: true },
];

async function runReplicaScenario(master: ServerProcess, replica: ServerProcess, steps: RStep[]): Promise<string[]> {
  const m = await RawClient.connect(master.port);
  const r = await RawClient.connect(replica.port);
  const sub = await RawClient.connect(replica.port);
  const seen: string[] = [];
  try {
    seen.push(await sub.command(['PSUBSCRIBE', PATTERN]));
    let marker = 0;
    for (const st of steps) {
      if (Array.isArray(st)) {
        await m.command(st);
      } else if ('sync' in st) {
        const name = `marker:${++marker}`;
        const tail = `__:set\r\n$${name.length}\r\n${name}\r\n`;
        await m.command(['SET', name, '1']);
        for (;;) {
          const f = await sub.read(1, 5000);
          seen.push(f);
          if (f === TIMED_OUT || f.endsWith(tail)) break;
        }
      } else if ('replica' in st) {
        seen.push(await r.command(st.replica));
        sub.writeRaw(PING);
        for (;;) {
          const f = await sub.read(1, 3000);
          if (f === PONG2) break;
          seen.push(f);
          if (f === TIMED_OUT) break;
        }
      } else {
        await waitFor(async () => st.until.test(await m.command(st.poll)), { timeoutMs: 5000, what: st.poll.join(' ') });
      }
    }
  } finally {
    m.close();
    r.close();
    sub.close();
  }
  return seen;
}

describeInterop('keyspace notifications on replicas match Redis 7.0', () => {
  afterAll(cleanupAll);

  it('publishes what the master stream applies, and DEL for keys the master expired', async () => {
    const replicaArgs = (port: number): string[] => ['--replicaof', `127.0.0.1 ${port}`, '--notify-keyspace-events', 'KEAnm'];
    const base = ['--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];
    const [realMaster, ourMaster] = await Promise.all([startRealRedis({ args: base }), startRctlServer({ args: ['--save', '', ...base] })]);
    const [realReplica, ourReplica] = await Promise.all([
      startRealRedis({ args: [...base, ...replicaArgs(realMaster.port)] }),
      startRctlServer({ args: ['--save', '', ...base, ...replicaArgs(ourMaster.port)] }),
    ]);
    for (const rep of [realReplica, ourReplica]) {
      const c = await rep.client();
      await waitFor(async () => /master_link_status:up/.test(String(await c.call('INFO', 'replication'))), {
        timeoutMs: 20_000,
        what: 'replica link up',
      });
    }
    const [expected, actual] = await Promise.all([
      runReplicaScenario(realMaster, realReplica, replicated),
      runReplicaScenario(ourMaster, ourReplica, replicated),
    ]);
    expect(expected.some((f) => f.includes('__keyevent@0__:del\r\n$1\r\ny\r\n'))).toBe(true);
    expect(actual).toEqual(expected);
  });
});
