import { describe, expect, it } from 'vitest';
import { ListObject } from '../../../../src/server/keyspace/values/list.js';
import { argvs, setupCommandTest, type TestServer } from '../../../helpers/harness.js';

/** The command-test fixture with any db by index and `put` to store values directly. */
function setup(config: Record<string, string> = {}) {
  const { t, c, ops } = setupCommandTest(config);
  const db = (i = 0) => t.state.dbs[i]!;
  /** Stores a value directly, with an optional TTL in ms from now. */
  const put = (key: string, value: string | ListObject, ttlMs?: number, dbIndex = 0): void => {
    db(dbIndex).set(key, value);
    if (ttlMs !== undefined) db(dbIndex).setExpire(key, t.clock.now() + ttlMs);
  };
  return { t, c, ops, db, put };
}

/** Runs SCAN from cursor 0 until it returns 0; returns every key seen. */
function scanAll(c: ReturnType<TestServer['client']>, ...opts: string[]): string[] {
  const seen: string[] = [];
  let cursor = '0';
  let rounds = 0;
  do {
    const reply = c.call('SCAN', cursor, ...opts) as [string, string[]];
    cursor = String(reply[0]);
    seen.push(...reply[1].map(String));
    if (++rounds > 10000) throw new Error('SCAN does not terminate');
  } while (cursor !== '0');
  return seen;
}

describe('DEL and UNLINK', () => {
  it('counts deleted keys, bumps dirty and propagates argv as sent', () => {
    const { t, c, ops, put } = setup();
    put('a', '1');
    put('b', '2');
    const dirty = t.state.dirty;
    expect(c.run('DEL', 'a', 'b', 'nokey', 'a')).toBe(':2\r\n');
    expect(t.state.dirty - dirty).toBe(2);
    expect(argvs(ops)).toEqual([['DEL', 'a', 'b', 'nokey', 'a']]);
    expect(c.run('UNLINK', 'a')).toBe(':0\r\n');
    expect(ops).toHaveLength(1);
  });

  it('does not count a logically expired key and propagates its expiry DEL', () => {
    const { t, c, ops, put } = setup();
    put('e', 'v', 100);
    t.clock.advance(101);
    expect(c.run('UNLINK', 'e')).toBe(':0\r\n');
    expect(argvs(ops)).toEqual([['DEL', 'e']]);
    expect(t.state.stats.expiredKeys).toBe(1);
  });

  it('rejects DEL without keys', () => {
    const { c } = setup();
    expect(c.run('DEL')).toBe("-ERR wrong number of arguments for 'del' command\r\n");
  });
});

describe('EXISTS, TYPE and TOUCH', () => {
  it('counts repeated keys every time', () => {
    const { c, put } = setup();
    put('a', '1');
    expect(c.run('EXISTS', 'a', 'a', 'b')).toBe(':2\r\n');
  });

  it('names types and answers none for missing or expired keys', () => {
    const { t, c, put } = setup();
    put('s', 'v');
    put('l', ListObject.from(['x']));
    put('e', 'v', 5);
    expect(c.run('TYPE', 's')).toBe('+string\r\n');
    expect(c.run('TYPE', 'l')).toBe('+list\r\n');
    t.clock.advance(6);
    expect(c.run('TYPE', 'e')).toBe('+none\r\n');
    expect(c.run('TYPE', 'nokey')).toBe('+none\r\n');
  });

  it('counts keyspace hits and misses for EXISTS', () => {
    const { t, c, put } = setup();
    put('a', '1');
    c.run('EXISTS', 'a', 'b');
    expect(t.state.stats.keyspaceHits).toBe(1);
    expect(t.state.stats.keyspaceMisses).toBe(1);
  });

  it('TOUCH refreshes the idle time, TYPE and EXISTS do not', () => {
    const { t, c, put } = setup();
    put('a', '1');
    t.clock.advance(5000);
    c.run('TYPE', 'a');
    c.run('EXISTS', 'a');
    expect(c.run('OBJECT', 'IDLETIME', 'a')).toBe(':5\r\n');
    expect(c.run('TOUCH', 'a', 'nokey')).toBe(':1\r\n');
    expect(c.run('OBJECT', 'IDLETIME', 'a')).toBe(':0\r\n');
  });
});

describe('KEYS', () => {
  it('lists matching keys and skips expired ones without deleting them', () => {
    const { t, c, db, put } = setup();
    put('hello', '1');
    put('hallo', '1');
    put('other', '1');
    put('hxllo', '1', 10);
    t.clock.advance(11);
    const got = (c.call('KEYS', 'h?llo') as string[]).map(String).sort();
    expect(got).toEqual(['hallo', 'hello']);
    expect(db().dict.has('hxllo')).toBe(true);
    expect((c.call('KEYS', '*') as string[]).length).toBe(3);
  });

  it('returns the empty key for a bare star, as Redis shortcuts "*"', () => {
    const { c, put } = setup();
    put('', 'v');
    expect(c.run('KEYS', '*')).toBe('*1\r\n$0\r\n\r\n');
    expect(c.run('KEYS', '**')).toBe('*0\r\n');
  });

  it('answers an empty array on an empty db', () => {
    const { c } = setup();
    expect(c.run('KEYS', '*')).toBe('*0\r\n');
  });
});

describe('SCAN', () => {
  it('replies with a cursor bulk and an array of keys', () => {
    const { c, put } = setup();
    put('a', '1');
    expect(c.run('SCAN', '0')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n');
    c.c.resp = 3;
    expect(c.run('SCAN', '0')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n');
  });

  it('visits every key across cursors with COUNT', () => {
    const { c, put } = setup();
    const keys: string[] = [];
    for (let i = 0; i < 95; i++) {
      keys.push(`k${i}`);
      put(`k${i}`, 'v');
    }
    const first = c.call('SCAN', '0', 'COUNT', '10') as [string, string[]];
    expect(first[0]).not.toBe('0');
    expect(first[1]).toHaveLength(10);
    expect(new Set(scanAll(c, 'COUNT', '7'))).toEqual(new Set(keys));
  });

  it('filters by MATCH and TYPE (case-insensitive; unknown types match nothing)', () => {
    const { c, put } = setup();
    put('s1', 'v');
    put('s2', 'v');
    put('l1', ListObject.from(['x']));
    expect(scanAll(c, 'MATCH', 's*').sort()).toEqual(['s1', 's2']);
    expect(scanAll(c, 'TYPE', 'LIST')).toEqual(['l1']);
    expect(scanAll(c, 'TYPE', 'string', 'MATCH', '*2')).toEqual(['s2']);
    expect(scanAll(c, 'TYPE', 'nosuchtype')).toEqual([]);
  });

  it('drops and deletes expired keys it meets', () => {
    const { t, c, db, ops, put } = setup();
    put('live', 'v');
    put('dead', 'v', 10);
    t.clock.advance(11);
    expect(scanAll(c)).toEqual(['live']);
    expect(db().dict.has('dead')).toBe(false);
    expect(argvs(ops)).toEqual([['DEL', 'dead']]);
  });

  it('returns an expired key it just deleted for TYPE none, as Redis 7.0 does', () => {
    const { t, c, db, put } = setup();
    put('live', 'v');
    put('dead', 'v', 10);
    t.clock.advance(11);
    expect(scanAll(c, 'TYPE', 'none')).toEqual(['dead']);
    expect(db().dict.has('dead')).toBe(false);
  });

  it('parses cursors like strtoul and rejects the rest', () => {
    const { c, put } = setup();
    put('a', '1');
    const all = '*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n';
    expect(c.run('SCAN', '')).toBe(all);
    expect(c.run('SCAN', '+0')).toBe(all);
    expect(c.run('SCAN', '000')).toBe(all);
    for (const bad of ['abc', ' 0', '0 ', '1x', '-', '+', '18446744073709551616']) {
      expect(c.run('SCAN', bad)).toBe('-ERR invalid cursor\r\n');
    }
  });

  it('rejects bad options with Redis errors', () => {
    const { c } = setup();
    expect(c.run('SCAN', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n');
    expect(c.run('SCAN', '0', 'COUNT', '-1')).toBe('-ERR syntax error\r\n');
    expect(c.run('SCAN', '0', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('SCAN', '0', 'COUNT')).toBe('-ERR syntax error\r\n');
    expect(c.run('SCAN', '0', 'MATCH')).toBe('-ERR syntax error\r\n');
    expect(c.run('SCAN', '0', 'TYPE')).toBe('-ERR syntax error\r\n');
    expect(c.run('SCAN', '0', 'foo', 'bar')).toBe('-ERR syntax error\r\n');
  });
});

describe('RANDOMKEY', () => {
  it('answers null on an empty db (RESP2 and RESP3)', () => {
    const { c } = setup();
    expect(c.run('RANDOMKEY')).toBe('$-1\r\n');
    c.c.resp = 3;
    expect(c.run('RANDOMKEY')).toBe('_\r\n');
  });

  it('returns every key eventually', () => {
    const { c, put } = setup();
    for (const k of ['a', 'b', 'c']) put(k, 'v');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(String(c.call('RANDOMKEY')));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it('deletes expired candidates and returns a live key', () => {
    const { t, c, db, put } = setup();
    for (let i = 0; i < 20; i++) put(`e${i}`, 'v', 10);
    put('live', 'v');
    t.clock.advance(11);
    expect(c.run('RANDOMKEY')).toBe('$4\r\nlive\r\n');
    expect(db().size).toBeLessThanOrEqual(21);
    c.run('KEYS', '*');
    for (let i = 0; i < 50; i++) expect(c.run('RANDOMKEY')).toBe('$4\r\nlive\r\n');
  });

  it('does not loop forever on a replica whose keys all expired', () => {
    const { t, c, put } = setup();
    put('e', 'v', 10);
    t.clock.advance(11);
    t.state.masterHost = '127.0.0.1';
    expect(c.run('RANDOMKEY')).toBe('$1\r\ne\r\n');
  });

  it('follows keys added and deleted after the first call', () => {
    const { c, db, put } = setup();
    put('a', 'v');
    expect(c.run('RANDOMKEY')).toBe('$1\r\na\r\n');
    put('b', 'v');
    db().delete('a');
    for (let i = 0; i < 20; i++) expect(c.run('RANDOMKEY')).toBe('$1\r\nb\r\n');
  });
});

describe('RENAME and RENAMENX', () => {
  it('moves the value and its TTL, and invalidates WATCH on both names', () => {
    const { t, c, db, ops, put } = setup();
    put('a', 'v', 5000);
    const when = db().getExpire('a');
    expect(c.run('RENAME', 'a', 'b')).toBe('+OK\r\n');
    expect(db().peek('a')).toBeUndefined();
    expect(db().peek('b')).toBe('v');
    expect(db().getExpire('b')).toBe(when);
    expect(argvs(ops)).toEqual([['RENAME', 'a', 'b']]);
    expect(t.state.dirty).toBeGreaterThan(0);
  });

  it('overwrites the destination and drops its TTL', () => {
    const { c, db, put } = setup();
    put('a', '1');
    put('b', '2', 1000);
    expect(c.run('RENAME', 'a', 'b')).toBe('+OK\r\n');
    expect(db().peek('b')).toBe('1');
    expect(db().getExpire('b')).toBe(-1);
  });

  it('answers errors and no-ops like Redis', () => {
    const { t, c, ops, put } = setup();
    expect(c.run('RENAME', 'nokey', 'x')).toBe('-ERR no such key\r\n');
    expect(c.run('RENAMENX', 'nokey', 'x')).toBe('-ERR no such key\r\n');
    expect(c.run('RENAME', 'nokey', 'nokey')).toBe('-ERR no such key\r\n');
    put('a', '1');
    put('b', '2');
    const dirty = t.state.dirty;
    expect(c.run('RENAME', 'a', 'a')).toBe('+OK\r\n');
    expect(c.run('RENAMENX', 'a', 'a')).toBe(':0\r\n');
    expect(c.run('RENAMENX', 'a', 'b')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(dirty);
    expect(ops).toEqual([]);
    expect(c.run('RENAMENX', 'a', 'c')).toBe(':1\r\n');
  });

  it('serves a client blocked on the new name of a list', () => {
    const { t, c } = setup();
    const blocked = t.client();
    expect(blocked.run('BLPOP', 'dst', '0')).toBe('');
    c.run('RPUSH', 'src', 'x');
    expect(c.run('RENAME', 'src', 'dst')).toBe('+OK\r\n');
    expect(blocked.take()).toBe('*2\r\n$3\r\ndst\r\n$1\r\nx\r\n');
  });

  it('treats an expired source as missing', () => {
    const { t, c, put } = setup();
    put('a', '1', 10);
    t.clock.advance(11);
    expect(c.run('RENAME', 'a', 'b')).toBe('-ERR no such key\r\n');
  });
});

describe('MOVE', () => {
  it('moves a key with its TTL to another db', () => {
    const { c, db, ops, put } = setup();
    put('k', 'v', 5000);
    const when = db().getExpire('k');
    expect(c.run('MOVE', 'k', '3')).toBe(':1\r\n');
    expect(db(0).peek('k')).toBeUndefined();
    expect(db(3).peek('k')).toBe('v');
    expect(db(3).getExpire('k')).toBe(when);
    expect(ops).toEqual([{ db: 0, argv: ['MOVE', 'k', '3'] }]);
  });

  it('answers 0 for a missing key or an existing target', () => {
    const { c, put } = setup();
    expect(c.run('MOVE', 'nokey', '1')).toBe(':0\r\n');
    put('k', 'v');
    put('k', 'other', undefined, 1);
    expect(c.run('MOVE', 'k', '1')).toBe(':0\r\n');
  });

  it('rejects bad db indexes and the same db', () => {
    const { c, put } = setup();
    put('k', 'v');
    expect(c.run('MOVE', 'k', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('MOVE', 'nokey', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('MOVE', 'k', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('MOVE', 'k', '-1')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('MOVE', 'k', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('MOVE', 'k', '2147483648')).toBe(
      '-ERR value is out of range, value must between -2147483648 and 2147483647\r\n',
    );
  });
});

describe('COPY', () => {
  it('copies within a db, keeping the TTL', () => {
    const { c, db, put } = setup();
    put('a', 'v', 5000);
    expect(c.run('COPY', 'a', 'b')).toBe(':1\r\n');
    expect(db().peek('b')).toBe('v');
    expect(db().getExpire('b')).toBe(db().getExpire('a'));
  });

  it('refuses an existing destination unless REPLACE', () => {
    const { c, db, put } = setup();
    put('a', '1');
    put('b', '2', 1000);
    expect(c.run('COPY', 'a', 'b')).toBe(':0\r\n');
    expect(c.run('COPY', 'a', 'b', 'REPLACE')).toBe(':1\r\n');
    expect(db().peek('b')).toBe('1');
    expect(db().getExpire('b')).toBe(-1);
  });

  it('copies across dbs, the same name included, as an independent value', () => {
    const { c, db, put } = setup();
    const list = ListObject.from(['x', 'y']);
    put('l', list);
    expect(c.run('COPY', 'l', 'l', 'DB', '2')).toBe(':1\r\n');
    const copy = db(2).peek('l') as ListObject;
    expect(copy).not.toBe(list);
    expect(copy.toArray()).toEqual(['x', 'y']);
    list.pushTail('z');
    expect(copy.toArray()).toEqual(['x', 'y']);
  });

  it('answers errors like Redis', () => {
    const { c, put } = setup();
    put('b', 'v');
    expect(c.run('COPY', 'b', 'b')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('COPY', 'b', 'b', 'DB', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(c.run('COPY', 'b', 'x', 'DB', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('COPY', 'b', 'x', 'DB', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('COPY', 'b', 'x', 'DB')).toBe('-ERR syntax error\r\n');
    expect(c.run('COPY', 'b', 'x', 'foo')).toBe('-ERR syntax error\r\n');
    expect(c.run('COPY', 'nokey', 'x')).toBe(':0\r\n');
    expect(c.run('COPY', 'b')).toBe("-ERR wrong number of arguments for 'copy' command\r\n");
  });
});

describe('EXPIRE family', () => {
  it('sets relative expiries and propagates them as PEXPIREAT with the flags', () => {
    const { t, c, db, ops, put } = setup();
    put('k', 'v');
    const now = t.clock.now();
    expect(c.run('EXPIRE', 'k', '100', 'NX')).toBe(':1\r\n');
    expect(db().getExpire('k')).toBe(now + 100_000);
    expect(c.run('PEXPIRE', 'k', '5000')).toBe(':1\r\n');
    expect(c.run('EXPIREAT', 'k', '4000000000')).toBe(':1\r\n');
    expect(c.run('PEXPIREAT', 'k', '4000000000001')).toBe(':1\r\n');
    expect(argvs(ops)).toEqual([
      ['PEXPIREAT', 'k', String(now + 100_000), 'NX'],
      ['PEXPIREAT', 'k', String(now + 5000)],
      ['PEXPIREAT', 'k', '4000000000000'],
      ['PEXPIREAT', 'k', '4000000000001'],
    ]);
  });

  it('deletes the key for a time in the past and propagates DEL, or UNLINK with lazyfree-lazy-expire', () => {
    const { t, c, db, ops, put } = setup();
    put('k', 'v');
    expect(c.run('EXPIRE', 'k', '-1')).toBe(':1\r\n');
    expect(db().dict.has('k')).toBe(false);
    put('k', 'v');
    expect(c.run('PEXPIRE', 'k', '0')).toBe(':1\r\n');
    t.state.config.set('lazyfree-lazy-expire', ['yes']);
    put('k', 'v');
    expect(c.run('EXPIREAT', 'k', '1')).toBe(':1\r\n');
    expect(argvs(ops)).toEqual([
      ['DEL', 'k'],
      ['DEL', 'k'],
      ['UNLINK', 'k'],
    ]);
    // Redis 7.0 does not count these as expired keys.
    expect(t.state.stats.expiredKeys).toBe(0);
  });

  it('keeps a key with a past expiry on a replica (the master will send DEL)', () => {
    const { t, c, db, put } = setup();
    put('k', 'v');
    t.state.masterHost = '127.0.0.1';
    c.c.isMaster = true;
    expect(c.run('EXPIRE', 'k', '-1')).toBe('');
    expect(db().dict.has('k')).toBe(true);
    expect(db().getExpire('k')).toBe(t.clock.now() - 1000);
  });

  it('applies NX, XX, GT and LT as Redis does', () => {
    const { c, put } = setup();
    put('k', 'v');
    expect(c.run('EXPIRE', 'k', '100', 'XX')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '100', 'GT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '100', 'LT')).toBe(':1\r\n');
    expect(c.run('EXPIRE', 'k', '50', 'NX')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '50', 'GT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '100', 'GT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '200', 'gt')).toBe(':1\r\n');
    expect(c.run('EXPIRE', 'k', '300', 'LT')).toBe(':0\r\n');
    expect(c.run('EXPIRE', 'k', '150', 'XX', 'LT')).toBe(':1\r\n');
    expect(c.run('TTL', 'k')).toBe(':150\r\n');
    expect(c.run('EXPIRE', 'nokey', '100')).toBe(':0\r\n');
  });

  it('rejects bad flags and times with Redis errors, flags first', () => {
    const { c, put } = setup();
    put('k', 'v');
    const nx = '-ERR NX and XX, GT or LT options at the same time are not compatible\r\n';
    expect(c.run('EXPIRE', 'k', '100', 'NX', 'XX')).toBe(nx);
    expect(c.run('EXPIRE', 'k', '100', 'NX', 'GT')).toBe(nx);
    expect(c.run('EXPIRE', 'k', '100', 'LT', 'NX')).toBe(nx);
    expect(c.run('EXPIRE', 'k', '100', 'GT', 'LT')).toBe('-ERR GT and LT options at the same time are not compatible\r\n');
    expect(c.run('EXPIRE', 'k', 'abc', 'foo')).toBe('-ERR Unsupported option foo\r\n');
    expect(c.run('EXPIRE', 'k', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('EXPIRE', 'nokey', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('EXPIRE', 'k')).toBe("-ERR wrong number of arguments for 'expire' command\r\n");
  });

  it('detects int64 overflow in unit conversion and base time addition', () => {
    const { c } = setup();
    const err = (cmd: string) => `-ERR invalid expire time in '${cmd}' command\r\n`;
    expect(c.run('EXPIRE', 'k', '9223372036854775')).toBe(err('expire'));
    expect(c.run('EXPIRE', 'k', '9223372036854776')).toBe(err('expire'));
    expect(c.run('EXPIRE', 'k', '-9223372036854776')).toBe(err('expire'));
    expect(c.run('EXPIRE', 'k', '9223370399119966')).toBe(err('expire'));
    expect(c.run('PEXPIRE', 'k', '9223372036854770000')).toBe(err('pexpire'));
    expect(c.run('EXPIREAT', 'k', '9223372036854776')).toBe(err('expireat'));
    // No overflow: these reach the key lookup.
    expect(c.run('EXPIREAT', 'k', '9223372036854775')).toBe(':0\r\n');
    expect(c.run('PEXPIRE', 'k', '-9223372036854775808')).toBe(':0\r\n');
  });

  it('keeps int64 expiry times exact beyond 2^53', () => {
    const { c, ops, put } = setup();
    put('k', 'v');
    expect(c.run('PEXPIREAT', 'k', '9223372036854775807')).toBe(':1\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(':9223372036854775807\r\n');
    expect(c.run('EXPIRETIME', 'k')).toBe(':9223372036854776\r\n');
    expect(c.run('RENAME', 'k', 'k2')).toBe('+OK\r\n');
    expect(c.run('PEXPIRETIME', 'k2')).toBe(':9223372036854775807\r\n');
    expect(c.run('EXPIREAT', 'k2', '9223372036854775')).toBe(':1\r\n');
    expect(c.run('PEXPIRETIME', 'k2')).toBe(':9223372036854775000\r\n');
    expect(argvs(ops).at(-1)).toEqual(['PEXPIREAT', 'k2', '9223372036854775000']);
    expect(c.run('PEXPIREAT', 'k2', '-9223372036854775808')).toBe(':1\r\n');
    expect(c.run('EXISTS', 'k2')).toBe(':0\r\n');
  });

  it('expires lazily once the clock passes the time (strictly after it)', () => {
    const { t, c, put } = setup();
    put('k', 'v');
    c.run('PEXPIRE', 'k', '100');
    t.clock.advance(100);
    expect(c.run('EXISTS', 'k')).toBe(':1\r\n');
    t.clock.advance(1);
    expect(c.run('EXISTS', 'k')).toBe(':0\r\n');
    expect(t.state.stats.expiredKeys).toBe(1);
  });
});

describe('TTL family and PERSIST', () => {
  it('answers -2 for missing keys and -1 without expiry', () => {
    const { c, put } = setup();
    put('k', 'v');
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) {
      expect(c.run(cmd, 'nokey')).toBe(':-2\r\n');
      expect(c.run(cmd, 'k')).toBe(':-1\r\n');
    }
  });

  it('rounds TTL to the nearest second and reports absolute times', () => {
    const { t, c, put } = setup();
    t.clock.set(1_700_000_000_000);
    put('k', 'v', 1499);
    expect(c.run('TTL', 'k')).toBe(':1\r\n');
    expect(c.run('PTTL', 'k')).toBe(':1499\r\n');
    put('k', 'v', 1500);
    expect(c.run('TTL', 'k')).toBe(':2\r\n');
    expect(c.run('PEXPIRETIME', 'k')).toBe(':1700000001500\r\n');
    expect(c.run('EXPIRETIME', 'k')).toBe(':1700000002\r\n');
  });

  it('removes an expiry once', () => {
    const { t, c, ops, put } = setup();
    put('k', 'v', 1000);
    expect(c.run('PERSIST', 'k')).toBe(':1\r\n');
    expect(c.run('PERSIST', 'k')).toBe(':0\r\n');
    expect(c.run('PERSIST', 'nokey')).toBe(':0\r\n');
    expect(c.run('TTL', 'k')).toBe(':-1\r\n');
    expect(argvs(ops)).toEqual([['PERSIST', 'k']]);
    t.clock.advance(2000);
    expect(c.run('EXISTS', 'k')).toBe(':1\r\n');
  });
});

describe('OBJECT', () => {
  it('reports string encodings and other types through their values', () => {
    const { c, put } = setup();
    put('i', '123');
    put('s', 'abc');
    put('big', '12345678901234567890');
    put('raw', 'a'.repeat(45));
    put('emb', 'a'.repeat(44));
    put('l', ListObject.from(['x']));
    expect(c.run('OBJECT', 'ENCODING', 'i')).toBe('$3\r\nint\r\n');
    expect(c.run('OBJECT', 'ENCODING', 's')).toBe('$6\r\nembstr\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'big')).toBe('$6\r\nembstr\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'raw')).toBe('$3\r\nraw\r\n');
    expect(c.run('OBJECT', 'ENCODING', 'emb')).toBe('$6\r\nembstr\r\n');
    expect(c.run('object', 'encoding', 'l')).toBe('$9\r\nquicklist\r\n');
  });

  it('answers null for missing keys (RESP2 and RESP3)', () => {
    const { c } = setup();
    for (const sub of ['ENCODING', 'REFCOUNT', 'IDLETIME', 'FREQ']) {
      expect(c.run('OBJECT', sub, 'nokey')).toBe('$-1\r\n');
    }
    c.c.resp = 3;
    expect(c.run('OBJECT', 'ENCODING', 'nokey')).toBe('_\r\n');
  });

  it('reports shared integers with the shared refcount', () => {
    const { t, c, put } = setup();
    put('i', '5');
    put('big', '10000');
    put('s', 'abc');
    expect(c.run('OBJECT', 'REFCOUNT', 'i')).toBe(':2147483647\r\n');
    expect(c.run('OBJECT', 'REFCOUNT', 'big')).toBe(':1\r\n');
    expect(c.run('OBJECT', 'REFCOUNT', 's')).toBe(':1\r\n');
    t.state.config.set('maxmemory', ['100mb']);
    expect(c.run('OBJECT', 'REFCOUNT', 'i')).toBe(':2147483647\r\n');
  });

  it('keeps a string encoding through RENAME, COPY and MOVE', () => {
    const { c } = setup();
    c.run('SET', 'a', 'foo');
    c.run('APPEND', 'a', 'bar');
    expect(c.run('OBJECT', 'ENCODING', 'a')).toBe('$3\r\nraw\r\n');
    c.run('RENAME', 'a', 'b');
    expect(c.run('OBJECT', 'ENCODING', 'b')).toBe('$3\r\nraw\r\n');
    c.run('COPY', 'b', 'c');
    expect(c.run('OBJECT', 'ENCODING', 'c')).toBe('$3\r\nraw\r\n');
    c.run('MOVE', 'c', '5');
    c.run('SELECT', '5');
    expect(c.run('OBJECT', 'ENCODING', 'c')).toBe('$3\r\nraw\r\n');
  });

  it('reports a copied small integer as unshared', () => {
    const { c, put } = setup();
    put('d', '7');
    c.run('COPY', 'd', 'e');
    expect(c.run('OBJECT', 'REFCOUNT', 'd')).toBe(':2147483647\r\n');
    expect(c.run('OBJECT', 'REFCOUNT', 'e')).toBe(':1\r\n');
    c.run('RENAME', 'e', 'f');
    expect(c.run('OBJECT', 'REFCOUNT', 'f')).toBe(':1\r\n');
  });

  it('reports idle seconds on the LRU clock', () => {
    const { t, c, put } = setup();
    t.clock.set(1_700_000_000_900);
    put('k', 'v');
    t.clock.advance(200);
    expect(c.run('OBJECT', 'IDLETIME', 'k')).toBe(':1\r\n');
    t.clock.advance(2000);
    expect(c.run('OBJECT', 'IDLETIME', 'k')).toBe(':3\r\n');
  });

  it('refuses FREQ without an LFU policy', () => {
    const { c, put } = setup();
    put('k', 'v');
    expect(c.run('OBJECT', 'FREQ', 'k')).toBe(
      '-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
  });

  it('refuses IDLETIME under an LFU policy, after the key lookup', () => {
    const { c, put } = setup({ 'maxmemory-policy': 'allkeys-lfu' });
    put('k', 'v');
    expect(c.run('OBJECT', 'IDLETIME', 'nokey')).toBe('$-1\r\n');
    expect(c.run('OBJECT', 'IDLETIME', 'k')).toBe(
      '-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    expect(c.run('OBJECT', 'FREQ', 'k')).toBe(':0\r\n');
  });

  it('does not share integers under maxmemory with an LRU policy', () => {
    const { c, put } = setup({ maxmemory: '100mb', 'maxmemory-policy': 'allkeys-lru' });
    put('i', '5');
    expect(c.run('OBJECT', 'REFCOUNT', 'i')).toBe(':1\r\n');
  });

  it('prints HELP and rejects unknown subcommands and bad arity', () => {
    const { c } = setup();
    const help = c.run('OBJECT', 'help');
    expect(help.startsWith('*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n')).toBe(true);
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true);
    expect(c.run('OBJECT', 'foo')).toBe("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
    expect(c.run('OBJECT')).toBe("-ERR wrong number of arguments for 'object' command\r\n");
    expect(c.run('OBJECT', 'ENCODING')).toBe("-ERR wrong number of arguments for 'object|encoding' command\r\n");
    expect(c.run('OBJECT', 'help', 'x')).toBe("-ERR wrong number of arguments for 'object|help' command\r\n");
  });
});

describe('WATCH interaction', () => {
  it('marks watchers dirty on RENAME, MOVE, COPY, EXPIRE and PERSIST', () => {
    const { t, c, db, put } = setup();
    const watcher = t.client();
    const watch = (key: string, dbIndex = 0) => {
      watcher.c.dirtyCas = false;
      const keys = new Map([[key, new Set([watcher.c])]]);
      t.state.watchedKeys.clear();
      t.state.watchedKeys.set(db(dbIndex), keys);
    };
    put('a', 'v');
    watch('b');
    c.run('RENAME', 'a', 'b');
    expect(watcher.c.dirtyCas).toBe(true);
    watch('b', 1);
    c.run('MOVE', 'b', '1');
    expect(watcher.c.dirtyCas).toBe(true);
    put('x', 'v');
    watch('y');
    c.run('COPY', 'x', 'y');
    expect(watcher.c.dirtyCas).toBe(true);
    watch('x');
    c.run('EXPIRE', 'x', '100');
    expect(watcher.c.dirtyCas).toBe(true);
    watch('x');
    c.run('PERSIST', 'x');
    expect(watcher.c.dirtyCas).toBe(true);
  });
});
