// Helpers for replication tests: INFO parsing, waiting for links and offsets, a write
// workload touching every data type, and key-by-key comparison of two nodes' data.

import type { RespClient } from '../../src/shared/resp-client.js';
import { waitFor } from './wait-for.js';

/** INFO [section] as a field -> value map. */
export async function info(c: RespClient, section = 'everything'): Promise<Record<string, string>> {
  const text = String(await c.call('INFO', section));
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/**
 * The field names of one INFO section, in the order the server prints them, without
 * our own `rctl_` additions (appended after Redis's fields).
 */
export async function infoFields(c: RespClient, section: string): Promise<string[]> {
  const text = String(await c.call('INFO', section));
  return text
    .split('\r\n')
    .filter((l) => l.includes(':') && !l.startsWith('#') && !l.startsWith('rctl_'))
    .map((l) => l.slice(0, l.indexOf(':')));
}

/** Waits until the replica reports master_link_status:up. */
export async function waitLinkUp(replica: RespClient, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await info(replica, 'replication')).master_link_status === 'up', { timeoutMs, what: 'master_link_status:up' });
}

/** Waits until every replica has applied the master's whole stream. */
export async function waitInSync(master: RespClient, replicas: RespClient[], timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      const m = Number((await info(master, 'replication')).master_repl_offset);
      for (const r of replicas) {
        const ri = await info(r, 'replication');
        if (ri.master_link_status !== 'up' || Number(ri.slave_repl_offset) !== m) return false;
      }
      return true;
    },
    { timeoutMs, what: 'replicas caught up with the master offset' },
  );
}

/** Numeric INFO stats counters (sync_full, sync_partial_ok, sync_partial_err). */
export async function syncStats(c: RespClient): Promise<{ full: number; partialOk: number; partialErr: number }> {
  const s = await info(c, 'stats');
  return { full: Number(s.sync_full), partialOk: Number(s.sync_partial_ok), partialErr: Number(s.sync_partial_err) };
}

/**
 * Data that exercises every RDB encoding Redis 7.0 writes: small and large lists,
 * hashes, sets (intset and hashtable), sorted sets (listpack and skiplist), integer and
 * long strings, keys with TTLs, and a second database.
 */
export async function populateEveryType(c: RespClient, prefix = 'pre'): Promise<void> {
  const big = Array.from({ length: 300 }, (_, i) => String(i));
  await c.call('SET', `${prefix}:str`, 'hello');
  await c.call('SET', `${prefix}:int`, '123456789');
  await c.call('SET', `${prefix}:long`, 'x'.repeat(5000));
  await c.call('SET', `${prefix}:ttl`, 'v', 'EX', '100000');
  await c.call('RPUSH', `${prefix}:list`, 'a', 'b', 'c');
  await c.call('RPUSH', `${prefix}:biglist`, ...big);
  await c.call('HSET', `${prefix}:hash`, 'f1', 'v1', 'f2', '2');
  await c.call('HSET', `${prefix}:bighash`, ...big.flatMap((i) => [`f${i}`, `v${i}`]));
  await c.call('SADD', `${prefix}:intset`, '1', '2', '3');
  await c.call('SADD', `${prefix}:set`, 'a', 'b');
  await c.call('SADD', `${prefix}:bigset`, ...big.map((i) => `m${i}`));
  await c.call('ZADD', `${prefix}:zset`, '1', 'a', '2.5', 'b');
  await c.call('ZADD', `${prefix}:bigzset`, ...big.flatMap((i) => [i, `m${i}`]));
  await c.call('PEXPIRE', `${prefix}:bighash`, '100000000');
  await c.call('SELECT', '2');
  await c.call('SET', `${prefix}:db2`, 'in db 2');
  await c.call('SELECT', '0');
}

/**
 * One round of writes of every type through the commands whose propagation differs
 * from what the client sent (relative TTLs, INCRBYFLOAT, SPOP, blocking-free pops),
 * a MULTI/EXEC, writes in another db, and keys that expire on the master.
 */
export async function writeEveryType(c: RespClient, round: number): Promise<void> {
  const k = (name: string): string => `r${round}:${name}`;
  await c.call('SET', k('s'), 'v', 'EX', '1000');
  await c.call('SET', k('p'), 'v', 'PX', '900000');
  await c.call('SETEX', k('sx'), '500', 'v');
  await c.call('APPEND', k('s'), '-more');
  await c.call('INCR', k('n'));
  await c.call('INCRBYFLOAT', k('f'), '1.5');
  await c.call('SETRANGE', k('s'), '2', 'ZZ');
  await c.call('GETEX', k('p'), 'PERSIST');
  await c.call('EXPIRE', k('n'), '3000');
  await c.call('RPUSH', k('l'), 'a', 'b', 'c', 'd');
  await c.call('LPUSH', k('l'), 'z');
  await c.call('LPOP', k('l'));
  await c.call('LMOVE', k('l'), k('l2'), 'LEFT', 'RIGHT');
  await c.call('LSET', k('l'), '0', 'set');
  await c.call('LINSERT', k('l'), 'BEFORE', 'set', 'ins');
  await c.call('HSET', k('h'), 'a', '1', 'b', '2', 'c', '3');
  await c.call('HINCRBY', k('h'), 'a', '10');
  await c.call('HINCRBYFLOAT', k('h'), 'b', '0.25');
  await c.call('HDEL', k('h'), 'c');
  await c.call('SADD', k('st'), 'a', 'b', 'c', 'd', 'e');
  await c.call('SREM', k('st'), 'e');
  await c.call('SPOP', k('st'));
  await c.call('SMOVE', k('st'), k('st2'), 'a');
  await c.call('SADD', k('si'), '1', '2', '3');
  await c.call('SINTERSTORE', k('sis'), k('si'), k('si'));
  await c.call('ZADD', k('z'), '1', 'a', '2', 'b', '3', 'c');
  await c.call('ZINCRBY', k('z'), '2.5', 'a');
  await c.call('ZPOPMIN', k('z'));
  await c.call('ZUNIONSTORE', k('zu'), '1', k('z'), 'WEIGHTS', '2');
  await c.call('MULTI');
  await c.call('SET', k('tx1'), '1');
  await c.call('INCRBY', k('tx2'), '5');
  await c.call('RPUSH', k('txl'), 'x');
  await c.call('EXEC');
  await c.call('SELECT', '5');
  await c.call('SET', k('db5'), 'five', 'PX', '800000');
  await c.call('HSET', k('db5h'), 'x', 'y');
  await c.call('SELECT', '0');
  await c.call('RENAME', k('sx'), k('sx-renamed'));
  await c.call('COPY', k('h'), k('h-copy'));
  await c.call('DEL', k('l2'));
  // Expiry on the master becomes a DEL in the stream; the replica never expires alone.
  await c.call('SET', k('gone'), 'v', 'PX', '20');
  await c.call('EXPIRE', k('st2'), '-1');
}

/** Waits until keys with short TTLs are gone on the master (active expiry sends DELs). */
export async function waitExpired(c: RespClient, keys: string[]): Promise<void> {
  await waitFor(
    async () => {
      for (const key of keys) if ((await c.call('EXISTS', key)) !== 0) return false;
      return true;
    },
    { what: `${keys.join(',')} expired on the master` },
  );
}

/** Every key of every non-empty db with its DEBUG DIGEST-VALUE and TTL, for diffs. */
async function dumpKeys(c: RespClient): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ks = String(await c.call('INFO', 'keyspace'));
  for (const m of ks.matchAll(/^db(\d+):/gm)) {
    const db = m[1]!;
    await c.call('SELECT', db);
    let cursor = '0';
    do {
      const [next, keys] = (await c.call('SCAN', cursor, 'COUNT', '1000')) as [string, string[]];
      cursor = String(next);
      for (const key of keys) {
        const [digest] = (await c.call('DEBUG', 'DIGEST-VALUE', key)) as string[];
        const ttl = Number(await c.call('PEXPIRETIME', key));
        out.set(`${db}/${key}`, `${String(digest)} expire=${ttl}`);
      }
    } while (cursor !== '0');
  }
  await c.call('SELECT', '0');
  return out;
}

/**
 * Compares two nodes' data: DEBUG DIGEST first (the whole dataset, TTLs included); on a
 * mismatch, returns the keys that differ so the failure says which.
 */
export async function diffData(a: RespClient, b: RespClient): Promise<string[]> {
  const [da, db] = await Promise.all([a.call('DEBUG', 'DIGEST'), b.call('DEBUG', 'DIGEST')]);
  if (String(da) === String(db)) return [];
  const [ka, kb] = await Promise.all([dumpKeys(a), dumpKeys(b)]);
  const diffs: string[] = [];
  for (const [k, v] of ka) if (kb.get(k) !== v) diffs.push(`${k}: ${v} vs ${kb.get(k) ?? 'missing'}`);
  for (const [k, v] of kb) if (!ka.has(k)) diffs.push(`${k}: missing vs ${v}`);
  if (diffs.length === 0) diffs.push(`DEBUG DIGEST ${String(da)} vs ${String(db)} but every key matches`);
  return diffs;
}

/**
 * A hand-driven replica: performs the handshake without `capa eof` (so the master sends
 * a `$<len>` snapshot), skips the snapshot, then records the raw command stream.
 */
export class RawReplica {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  /** The replication offset the stream starts at (+FULLRESYNC <replid> <offset>). */
  startOffset = 0;
  replid = '';

  private constructor(private readonly sock: import('node:net').Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      const w = this.wake;
      this.wake = null;
      w?.();
    });
  }

  static async connect(port: number): Promise<RawReplica> {
    const net = await import('node:net');
    const sock = net.createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((res, rej) => {
      sock.once('connect', res);
      sock.once('error', rej);
    });
    const r = new RawReplica(sock);
    sock.write('*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$1\r\n1\r\n');
    await r.line();
    sock.write('*3\r\n$8\r\nREPLCONF\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n');
    await r.line();
    sock.write('*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n');
    let reply = await r.line();
    while (reply === '') reply = await r.line();
    const [, replid, off] = reply.split(' ');
    r.replid = replid!;
    r.startOffset = Number(off);
    let header = await r.line();
    while (header === '') header = await r.line();
    const len = Number(header.slice(1));
    await r.waitBytes(len);
    r.buf = r.buf.subarray(len);
    return r;
  }

  private async waitBytes(n: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (this.buf.length < n) {
      if (Date.now() > deadline) throw new Error(`raw replica: waited for ${n} bytes, have ${this.buf.length}`);
      await new Promise<void>((res) => {
        this.wake = res;
        setTimeout(res, 100);
      });
    }
  }

  private async line(): Promise<string> {
    for (;;) {
      const i = this.buf.indexOf(0x0a);
      if (i >= 0) {
        const l = this.buf.toString('latin1', 0, i).replace(/\r$/, '');
        this.buf = this.buf.subarray(i + 1);
        return l;
      }
      await this.waitBytes(this.buf.length + 1);
    }
  }

  /** Waits for the stream up to master offset `offset` and returns it (consumed). */
  async streamUpTo(offset: number, consumedFrom: number): Promise<string> {
    const n = offset - consumedFrom;
    await this.waitBytes(n);
    const out = this.buf.toString('latin1', 0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Acknowledges an offset, as a replica does every second. */
  ack(offset: number): void {
    const o = String(offset);
    this.sock.write(`*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$${o.length}\r\n${o}\r\n`);
  }

  close(): void {
    this.sock.destroy();
  }
}

/** A RESP stream as readable commands, one per line: `SET k v`. */
export function decodeStream(raw: string): string[] {
  const out: string[] = [];
  let i = 0;
  const readLine = (): string => {
    const j = raw.indexOf('\r\n', i);
    const l = raw.slice(i, j);
    i = j + 2;
    return l;
  };
  while (i < raw.length) {
    const head = readLine();
    const n = Number(head.slice(1));
    const args: string[] = [];
    for (let k = 0; k < n; k++) {
      const len = Number(readLine().slice(1));
      args.push(raw.slice(i, i + len));
      i += len + 2;
    }
    out.push(args.join(' '));
  }
  return out;
}
