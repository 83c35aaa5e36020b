// Real clients against rctl-server: redis-cli (its reply rendering compared with the same
// commands against real redis-server), ioredis 6 and node-redis 6, each in RESP2 and RESP3.
// Lua scripting is not implemented by rctl, so the clients' EVAL helpers are not used.

import { execFile } from 'node:child_process';
import { Redis as IORedis, ReplyError as IOReplyError, type RedisOptions } from 'ioredis';
import { createClient, ErrorReply, WatchError } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInterop } from '../../helpers/interop.js';
import { cleanupAll, startRctlServer, startRealRedis, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Runs redis-cli with `args`, feeding `input` on stdin; killed after `timeoutMs`. */
function cli(port: number, args: string[], input = '', timeoutMs = 10_000): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile('redis-cli', ['-p', String(port), ...args], { timeout: timeoutMs, encoding: 'latin1' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ out: stdout + stderr, code });
    });
    child.stdin!.end(input);
  });
}

/** Connection ids differ between servers; everything else redis-cli prints must not. */
const withoutIds = (s: string): string => s.replace(/("id" => \(integer\) |\nid\n?|^id )\d+/gm, '$1<id>');

describeInterop(
  'redis-cli against rctl-server',
  () => {
    let redis: ServerProcess;
    let ours: ServerProcess;
    beforeAll(async () => {
      [redis, ours] = await Promise.all([startRealRedis(), startRctlServer({ args: ['--enable-debug-command', 'yes', '--save', ''] })]);
    });
    afterAll(cleanupAll);

    it('runs one command per invocation in CLI mode', async () => {
      expect(await cli(ours.port, ['SET', 'k', 'hello world'])).toEqual({ out: 'OK\n', code: 0 });
      expect((await cli(ours.port, ['GET', 'k'])).out).toBe('hello world\n');
      expect((await cli(ours.port, ['--no-raw', 'GET', 'nokey'])).out).toBe('(nil)\n');
      expect((await cli(ours.port, ['--no-raw', 'INCR', 'n'])).out).toBe('(integer) 1\n');
      expect((await cli(ours.port, ['--no-raw', 'INCR', 'k'])).out).toBe('(error) ERR value is not an integer or out of range\n');
      expect((await cli(ours.port, ['-x', 'SET', 'fromstdin'], 'piped\n')).out).toBe('OK\n');
      expect((await cli(ours.port, ['--no-raw', 'GET', 'fromstdin'])).out).toBe('"piped\\n"\n');
      expect((await cli(ours.port, ['-n', '3', 'SET', 'indb3', '1'])).out).toBe('OK\n');
      expect((await cli(ours.port, ['-n', '3', 'DBSIZE'])).out).toBe('1\n');
      expect((await cli(ours.port, ['-r', '3', 'INCR', 'rep'])).out).toBe('1\n2\n3\n');
    });

    // Each mode renders every reply type (nil, integer, double, bulk, arrays, maps, sets,
    // errors, booleans, big numbers, verbatim strings, attributes, pushes); the commands go
    // through stdin, one per line, as a script would feed them.
    const script = [
      'FLUSHALL',
      'SET k v',
      'GET k',
      'GET nokey',
      'INCR n',
      'INCRBYFLOAT f 1.5',
      'RPUSH l a b c',
      'LRANGE l 0 -1',
      'LRANGE nokey 0 -1',
      'HSET h f1 v1 f2 v2',
      'HGETALL h',
      'HGET h nofield',
      'SADD s 3 1 2',
      'SMEMBERS s',
      'ZADD z 1.5 a 2 b',
      'ZSCORE z a',
      'ZRANGE z 0 -1 WITHSCORES',
      'ZRANDMEMBER z 0',
      'ZPOPMIN nokey',
      'BLPOP nokey 0.01',
      'LPUSH k x',
      'SET "quoted key" "a b"',
      'GET "quoted key"',
      'SET bin "\\x00\\xff\\n"',
      'GET bin',
      'SET lcs1 ohmytext',
      'SET lcs2 mynewtext',
      'LCS lcs1 lcs2 IDX MINMATCHLEN 2 WITHMATCHLEN',
      'MULTI',
      'INCR n',
      'GET n',
      'EXEC',
      'DEBUG PROTOCOL true',
      'DEBUG PROTOCOL false',
      'DEBUG PROTOCOL bignum',
      'DEBUG PROTOCOL verbatim',
      'DEBUG PROTOCOL double',
      'DEBUG PROTOCOL null',
      'DEBUG PROTOCOL map',
      'DEBUG PROTOCOL set',
      'DEBUG PROTOCOL attrib',
      'DEBUG PROTOCOL push',
      'NOSUCHCOMMAND x',
      'HELLO 3',
      'HGETALL h',
      'ZSCORE z a',
      'PING',
    ].join('\n');

    for (const mode of [['--no-raw'], ['--no-raw', '-3'], ['--raw'], ['--raw', '-3'], []]) {
      it(`renders every reply type as for real Redis (${mode.join(' ') || 'default'})`, async () => {
        const [a, b] = await Promise.all([cli(redis.port, mode, script), cli(ours.port, mode, script)]);
        expect(withoutIds(b.out)).toBe(withoutIds(a.out));
        expect(b.code).toBe(a.code);
      });
    }

    it('renders RESP3 types in --no-raw -3 mode', async () => {
      await cli(ours.port, ['FLUSHALL']);
      await cli(ours.port, ['HSET', 'h', 'f', 'v']);
      await cli(ours.port, ['ZADD', 'z', '1.5', 'a']);
      expect((await cli(ours.port, ['--no-raw', '-3', 'HGETALL', 'h'])).out).toBe('1# "f" => "v"\n');
      expect((await cli(ours.port, ['--no-raw', '-3', 'ZSCORE', 'z', 'a'])).out).toBe('(double) 1.5\n');
      expect((await cli(ours.port, ['--no-raw', '-3', 'SMEMBERS', 'nokey'])).out).toBe('(empty set)\n');
      expect((await cli(ours.port, ['--no-raw', '-3', 'GET', 'nokey'])).out).toBe('(nil)\n');
      expect((await cli(ours.port, ['--no-raw', '-3', 'DEBUG', 'PROTOCOL', 'true'])).out).toBe('(true)\n');
    });

    it('measures latency with --latency for a bounded interval', async () => {
      // With --raw, latency mode prints "min max avg samples" once after -i seconds and exits.
      const { out, code } = await cli(ours.port, ['--latency', '--raw', '-i', '0.2'], '', 10_000);
      expect(code).toBe(0);
      const m = /^(\d+) (\d+) ([\d.]+) (\d+)\n$/.exec(out);
      expect(m, out).not.toBeNull();
      expect(Number(m![4])).toBeGreaterThan(0);
    });

    it('lists keys with --scan and --pattern', async () => {
      await cli(ours.port, ['FLUSHALL']);
      await cli(ours.port, ['DEBUG', 'POPULATE', '300', 'user']);
      await cli(ours.port, ['SET', 'other', '1']);
      const all = (await cli(ours.port, ['--scan'])).out.trim().split('\n');
      expect(all).toHaveLength(301);
      expect(new Set(all).size).toBe(301);
      const users = (await cli(ours.port, ['--scan', '--pattern', 'user:1*'])).out.trim().split('\n');
      expect(users.sort()).toEqual(['user:1', ...Array.from({ length: 10 }, (_, i) => `user:1${i}`), ...Array.from({ length: 100 }, (_, i) => `user:1${String(i).padStart(2, '0')}`)].sort());
      expect((await cli(ours.port, ['--scan', '--pattern', 'nomatch*'])).out).toBe('');
    });

    it('prints INFO sections as Redis does', async () => {
      const { out } = await cli(ours.port, ['info']);
      expect(out).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
      expect(out).toContain('\r\n# Replication\r\nrole:master\r\n');
      expect(out).toContain('\r\n# Keyspace\r\n');
      const repl = (await cli(ours.port, ['info', 'replication'])).out;
      expect(repl.split('\r\n')[0]).toBe('# Replication');
    });

    it('prints error replies without the (error) prefix when not on a terminal', async () => {
      const { out, code } = await cli(ours.port, ['GET']);
      expect(code).toBe(0);
      // redis-cli ends an error with an empty line in this mode.
      expect(out).toBe("ERR wrong number of arguments for 'get' command\n\n");
    });
  },
  ['redis-cli'],
);

// The client suites run against real Redis too, which keeps their expectations honest.
const TARGETS = ['redis-server', 'rctl-server'] as const;
type Target = (typeof TARGETS)[number];

function startTargets(servers: Partial<Record<Target, ServerProcess>>): void {
  beforeAll(async () => {
    [servers['redis-server'], servers['rctl-server']] = await Promise.all([startRealRedis(), startRctlServer({ args: ['--save', ''] })]);
  });
}

describeInterop('ioredis 6 against rctl-server', () => {
  const servers: Partial<Record<Target, ServerProcess>> = {};
  const clients: IORedis[] = [];
  startTargets(servers);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await cleanupAll();
  });

  for (const [target, protocol] of TARGETS.flatMap((t) => ([3, 2] as const).map((p) => [t, p] as const))) {
    const connect = async (opts: RedisOptions = {}): Promise<IORedis> => {
      const c = new IORedis({ port: servers[target]!.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1, protocol, ...opts });
      clients.push(c);
      await c.connect();
      return c;
    };
    describe(`${target}, RESP${protocol}`, () => {
      it('connects with its default handshake (HELLO, CLIENT SETINFO) and round-trips values', async () => {
        const r = await connect({ connectionName: `io-${protocol}` });
        await r.flushall();
        expect(await r.client('GETNAME')).toBe(`io-${protocol}`);
        if (target === 'rctl-server') {
          // Redis 7.0.15 refuses CLIENT SETINFO (a 7.2 command) and ioredis ignores that; rctl accepts it.
          const stats = await r.info('commandstats');
          expect(stats).toMatch(/cmdstat_client\|setinfo:calls=[1-9]\d*,.*rejected_calls=0,failed_calls=0/);
          if (protocol === 3) expect(stats).toMatch(/cmdstat_hello:calls=[1-9]/);
        }
        expect(await r.set('k', 'v')).toBe('OK');
        expect(await r.get('k')).toBe('v');
        const bin = Buffer.from([0, 1, 2, 255, 13, 10]);
        await r.set('bin', bin);
        expect(await r.getBuffer('bin')).toEqual(bin);
        expect(await r.incrby('n', 5)).toBe(5);
        expect(await r.incrbyfloat('f', '1.5')).toBe('1.5');
        expect(await r.hset('h', { a: '1', b: '2' })).toBe(2);
        expect(await r.hgetall('h')).toEqual({ a: '1', b: '2' });
        expect(await r.zadd('z', 1.5, 'a', 2, 'b')).toBe(2);
        expect(await r.zrange('z', '0', '-1', 'WITHSCORES')).toEqual(['a', '1.5', 'b', '2']);
        expect(await r.zscore('z', 'a')).toBe('1.5');
        expect((await r.smembers('nokey')).length).toBe(0);
        expect(await r.exists('k', 'nokey', 'k')).toBe(2);
        expect(await r.ttl('k')).toBe(-1);
        expect(await r.expire('k', 100)).toBe(1);
        expect(await r.ttl('k')).toBe(100);
        expect(await r.type('h')).toBe('hash');
      });

      it('rejects with ReplyError carrying Redis text', async () => {
        const r = await connect();
        await r.set('str', 'x');
        const err = await r.lpush('str', 'a').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IOReplyError);
        expect((err as Error).message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
        const arity = await r.call('GET').catch((e: unknown) => e);
        expect((arity as Error).message).toBe("ERR wrong number of arguments for 'get' command");
        const unknown = await r.call('NOSUCH', 'a').catch((e: unknown) => e);
        expect((unknown as Error).message).toBe("ERR unknown command 'NOSUCH', with args beginning with: 'a' ");
      });

      it('runs pipelines and MULTI/EXEC', async () => {
        const r = await connect();
        await r.del('p', 'q');
        const res = await r.pipeline().set('p', '1').incr('p').get('p').lpush('p', 'x').exec();
        expect(res!.map(([e, v]) => (e ? (e as Error).message : v))).toEqual(['OK', 2, '2', 'WRONGTYPE Operation against a key holding the wrong kind of value']);
        expect(await r.multi().incr('q').incr('q').get('q').exec()).toEqual([
          [null, 1],
          [null, 2],
          [null, '2'],
        ]);
        const aborted = await r
          .multi()
          .set('q', '1')
          .call('NOSUCH')
          .exec()
          .catch((e: unknown) => e);
        expect((aborted as Error).message).toContain('EXECABORT Transaction discarded because of previous errors.');
        await r.watch('q');
        const other = await connect();
        await other.set('q', 'changed');
        expect(await r.multi().set('q', 'mine').exec()).toBeNull();
        expect(await r.get('q')).toBe('changed');
      });

      it('delivers pub/sub messages and pattern messages', async () => {
        const sub = await connect();
        const pub = await connect();
        const got: string[] = [];
        sub.on('message', (ch: string, msg: string) => got.push(`${ch}:${msg}`));
        sub.on('pmessage', (pat: string, ch: string, msg: string) => got.push(`${pat}|${ch}:${msg}`));
        expect(await sub.subscribe('news', 'sport')).toBe(2);
        expect(await sub.psubscribe('n*')).toBe(3);
        expect(await pub.publish('news', 'hello')).toBe(2);
        expect(await pub.publish('sport', 'goal')).toBe(1);
        await waitFor(() => got.length === 3, { what: 'three messages' });
        expect(got).toEqual(['news:hello', 'n*|news:hello', 'sport:goal']);
        expect(await pub.pubsub('NUMSUB', 'news')).toEqual(['news', 1]);
        await sub.unsubscribe('news', 'sport');
        await sub.punsubscribe();
        expect(await pub.publish('news', 'nobody')).toBe(0);
      });

      it('wakes blocking pops when another client pushes', async () => {
        const blocked = await connect();
        const pusher = await connect();
        await pusher.del('queue', 'zq');
        const pop = blocked.blpop('queue', 5);
        await waitFor(async () => (await pusher.info('clients')).includes('blocked_clients:1'), { what: 'client blocked' });
        await pusher.rpush('queue', 'job1', 'job2');
        expect(await pop).toEqual(['queue', 'job1']);
        expect(await blocked.blpop('nokey', 0.05)).toBeNull();
        const zpop = blocked.bzpopmin('zq', 5);
        await waitFor(async () => (await pusher.info('clients')).includes('blocked_clients:1'), { what: 'client blocked' });
        await pusher.zadd('zq', 3, 'c');
        expect(await zpop).toEqual(['zq', 'c', '3']);
      });

      it('iterates with scanStream', async () => {
        const r = await connect();
        await r.flushall();
        for (let i = 0; i < 120; i++) await r.set(`scan:${i}`, String(i));
        await r.set('other', '1');
        const seen = new Set<string>();
        await new Promise<void>((resolve, reject) => {
          const s = r.scanStream({ match: 'scan:*', count: 25 });
          s.on('data', (keys: string[]) => keys.forEach((k) => seen.add(k)));
          s.on('end', () => resolve());
          s.on('error', reject);
        });
        expect(seen.size).toBe(120);
      });

      it('selects a database from its options', async () => {
        const r = await connect({ db: 5 });
        await r.set('in5', '1');
        const zero = await connect();
        await zero.del('in5');
        expect(await zero.exists('in5')).toBe(0);
        expect(await zero.select(5)).toBe('OK');
        expect(await zero.get('in5')).toBe('1');
      });
    });
  }
});

describeInterop('node-redis 6 against rctl-server', () => {
  const servers: Partial<Record<Target, ServerProcess>> = {};
  const clients: Array<{ destroy(): void }> = [];
  startTargets(servers);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cleanupAll();
  });

  for (const [target, RESP] of TARGETS.flatMap((t) => [3, 2].map((p) => [t, p as 2 | 3] as const))) {
    const connect = async (name?: string) => {
      const c = createClient({ socket: { port: servers[target]!.port, host: '127.0.0.1', reconnectStrategy: false }, RESP, name });
      c.on('error', () => {});
      clients.push(c);
      await c.connect();
      return c;
    };

    describe(`${target}, RESP${RESP}`, () => {
      it('connects (HELLO, CLIENT SETINFO) and round-trips values', async () => {
        const c = await connect(`nr-${RESP}`);
        await c.flushAll();
        expect(await c.clientGetName()).toBe(`nr-${RESP}`);
        if (target === 'rctl-server') {
          const stats = await c.info('commandstats');
          expect(stats).toMatch(/cmdstat_client\|setinfo:calls=[1-9]\d*,.*rejected_calls=0,failed_calls=0/);
          if (RESP === 3) expect(stats).toMatch(/cmdstat_hello:calls=[1-9]/);
        }
        expect(await c.set('k', 'v', { expiration: { type: 'EX', value: 100 } })).toBe('OK');
        expect(await c.get('k')).toBe('v');
        expect(await c.ttl('k')).toBe(100);
        expect(await c.get('nokey')).toBeNull();
        expect(await c.incrBy('n', 7)).toBe(7);
        expect(await c.hSet('h', { a: '1', b: '2' })).toBe(2);
        expect(await c.hGetAll('h')).toEqual({ a: '1', b: '2' });
        expect(await c.sAdd('s', ['3', '1', '2'])).toBe(3);
        expect((await c.sMembers('s')).sort()).toEqual(['1', '2', '3']);
        expect(await c.zAdd('z', [{ score: 1.5, value: 'a' }, { score: 2, value: 'b' }])).toBe(2);
        expect(await c.zRangeWithScores('z', 0, -1)).toEqual([
          { value: 'a', score: 1.5 },
          { value: 'b', score: 2 },
        ]);
        expect(await c.zScore('z', 'a')).toBe(1.5);
        expect(await c.lPush('l', ['a', 'b'])).toBe(2);
        expect(await c.lRange('l', 0, -1)).toEqual(['b', 'a']);
      });

      it('rejects with ErrorReply carrying Redis text', async () => {
        const c = await connect();
        await c.set('str', 'x');
        const err = await c.lPush('str', 'a').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ErrorReply);
        expect((err as Error).message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
        const syntax = await c.sendCommand(['SET', 'k', 'v', 'BOGUS']).catch((e: unknown) => e);
        expect((syntax as Error).message).toBe('ERR syntax error');
      });

      it('runs transactions and reports WATCH aborts', async () => {
        const c = await connect();
        await c.del('t');
        expect(await c.multi().set('t', '1').incr('t').get('t').exec()).toEqual(['OK', 2, '2']);
        await c.watch('t');
        const other = await connect();
        await other.set('t', 'changed');
        const res = await c
          .multi()
          .set('t', 'mine')
          .exec()
          .catch((e: unknown) => e);
        expect(res).toBeInstanceOf(WatchError);
        expect(await c.get('t')).toBe('changed');
      });

      it('delivers pub/sub messages', async () => {
        const sub = await connect();
        const pub = await connect();
        const got: string[] = [];
        await sub.subscribe('chan', (msg, ch) => got.push(`${ch}:${msg}`));
        await sub.pSubscribe('ch*', (msg, ch) => got.push(`p ${ch}:${msg}`));
        expect(await pub.publish('chan', 'hi')).toBe(2);
        await waitFor(() => got.length === 2, { what: 'two messages' });
        expect(got.sort()).toEqual(['chan:hi', 'p chan:hi']);
        expect(await pub.pubSubNumSub('chan')).toEqual({ chan: 1 });
        await sub.unsubscribe('chan');
        await sub.pUnsubscribe('ch*');
        expect(await pub.publish('chan', 'gone')).toBe(0);
      });

      it('iterates keys, set members and hash fields with scan iterators', async () => {
        const c = await connect();
        await c.flushAll();
        for (let i = 0; i < 150; i++) await c.set(`it:${i}`, String(i));
        const keys: string[] = [];
        for await (const batch of c.scanIterator({ MATCH: 'it:*', COUNT: 20 })) keys.push(...batch);
        expect(new Set(keys).size).toBe(150);
        await c.sAdd('bigset', Array.from({ length: 600 }, (_, i) => `m${i}`));
        const members = new Set<string>();
        for await (const batch of c.sScanIterator('bigset', { COUNT: 50 })) batch.forEach((m) => members.add(m));
        expect(members.size).toBe(600);
        await c.hSet('bighash', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, String(i)])));
        const fields = new Map<string, string>();
        for await (const batch of c.hScanIterator('bighash', { COUNT: 30 })) batch.forEach(({ field, value }) => fields.set(field, value));
        expect(fields.size).toBe(200);
        expect(fields.get('f7')).toBe('7');
      });

      it('wakes a blocking pop', async () => {
        const blocked = await connect();
        const pusher = await connect();
        await pusher.del('bq');
        const pop = blocked.blPop('bq', 5);
        await waitFor(async () => (await pusher.info('clients')).includes('blocked_clients:1'), { what: 'client blocked' });
        await pusher.rPush('bq', 'job');
        expect(await pop).toEqual({ key: 'bq', element: 'job' });
        expect(await blocked.blPop('nokey', 0.05)).toBeNull();
      });
    });
  }
});
