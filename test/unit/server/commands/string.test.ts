import { describe, expect, it } from 'vitest';
import { ListObject } from '../../../../src/server/keyspace/values/list.js';
import { storedStringEncoding } from '../../../../src/server/keyspace/values/string.js';
import { setupCommandTest } from '../../../helpers/harness.js';
import { bulk, SYNTAX, WRONGTYPE } from '../../../helpers/resp.js';

// Expected replies were checked against redis-server 7.0.15.

const NOT_INTEGER = '-ERR value is not an integer or out of range\r\n';
const NOW = 1_700_000_000_000;

/** The command-test fixture with a list under `list`, and the stored encoding of a string key. */
function setup(config: Record<string, string> = {}) {
  const s = setupCommandTest(config);
  const db = s.db;
  db.set('list', ListObject.from(['a']));
  const encoding = (key: string): string => storedStringEncoding(db, key, db.peek(key) as string);
  return { ...s, encoding };
}

describe('SET', () => {
  it('stores and replaces values, dropping the TTL', () => {
    const { c, db } = setup();
    expect(c.run('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(c.run('GET', 'k')).toBe(bulk('v'));
    db.setExpire('k', NOW + 1000);
    expect(c.run('SET', 'k', 'w')).toBe('+OK\r\n');
    expect(db.getExpire('k')).toBe(-1);
  });

  it('honours NX and XX, replying null when skipped', () => {
    const { c } = setup();
    expect(c.run('SET', 'k', 'v', 'XX')).toBe('$-1\r\n');
    expect(c.run('SET', 'k', 'v', 'nx')).toBe('+OK\r\n');
    expect(c.run('SET', 'k', 'w', 'NX')).toBe('$-1\r\n');
    expect(c.run('SET', 'k', 'w', 'XX')).toBe('+OK\r\n');
    expect(c.run('GET', 'k')).toBe(bulk('w'));
  });

  it('returns the old value with GET, even when NX/XX skip the write', () => {
    const { c } = setup();
    expect(c.run('SET', 'k', 'v1', 'GET')).toBe('$-1\r\n');
    expect(c.run('SET', 'k', 'v2', 'GET', 'GET')).toBe(bulk('v1'));
    expect(c.run('SET', 'k', 'v3', 'NX', 'GET')).toBe(bulk('v2'));
    expect(c.run('GET', 'k')).toBe(bulk('v2'));
    expect(c.run('SET', 'nk', 'v', 'XX', 'GET')).toBe('$-1\r\n');
    expect(c.run('EXISTS', 'nk')).toBe(':0\r\n');
  });

  it('refuses GET on a non-string without writing', () => {
    const { c, db } = setup();
    expect(c.run('SET', 'list', 'v', 'GET')).toBe(WRONGTYPE);
    expect(typeof db.peek('list')).toBe('object');
    expect(c.run('SET', 'list', 'v')).toBe('+OK\r\n');
  });

  it('sets relative and absolute expiries', () => {
    const { c, db } = setup();
    c.run('SET', 'a', 'v', 'EX', '10');
    expect(db.getExpire('a')).toBe(NOW + 10_000);
    c.run('SET', 'a', 'v', 'PX', '1500');
    expect(db.getExpire('a')).toBe(NOW + 1500);
    c.run('SET', 'a', 'v', 'EXAT', '1800000000');
    expect(db.getExpire('a')).toBe(1_800_000_000_000);
    c.run('SET', 'a', 'v', 'PXAT', '1800000000123');
    expect(db.getExpire('a')).toBe(1_800_000_000_123);
    c.run('SET', 'a', 'w', 'KEEPTTL');
    expect(db.getExpire('a')).toBe(1_800_000_000_123);
  });

  it('lets a repeated expire option win and refuses conflicting ones', () => {
    const { c, db } = setup();
    expect(c.run('SET', 'k', 'v', 'EX', '10', 'EX', '20')).toBe('+OK\r\n');
    expect(db.getExpire('k')).toBe(NOW + 20_000);
    for (const opts of [
      ['EX', '10', 'PX', '20'],
      ['KEEPTTL', 'EX', '1'],
      ['EX', '1', 'KEEPTTL'],
      ['NX', 'XX'],
      ['XX', 'NX'],
      ['EX'],
      ['PERSIST'],
      ['foo'],
      ['EXAT', '1', 'PXAT', '1'],
    ]) {
      expect(c.run('SET', 'k', 'v', ...opts)).toBe(SYNTAX);
    }
  });

  it.each([
    ['EX', '0'],
    ['EX', '-5'],
    ['PX', '0'],
    ['EX', '9223372036854776'],
    ['EXAT', '9223372036854776'],
    ['PX', '9223372036854775807'],
  ])('rejects %s %s as an invalid expire time', (opt, n) => {
    const { c } = setup();
    expect(c.run('SET', 'k', 'v', opt, n)).toBe("-ERR invalid expire time in 'set' command\r\n");
  });

  it('rejects a non-integer expire before looking at the key', () => {
    const { c } = setup();
    expect(c.run('SET', 'list', 'v', 'GET', 'EX', 'abc')).toBe(NOT_INTEGER);
  });

  it('accepts the largest int64 absolute time exactly', () => {
    const { c, propagated } = setup();
    expect(c.run('SET', 'k', 'v', 'PXAT', '9223372036854775807')).toBe('+OK\r\n');
    expect(propagated()).toEqual([['SET', 'k', 'v', 'PXAT', '9223372036854775807']]);
    expect(c.run('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('+OK\r\n');
    expect(propagated()).toEqual([['SET', 'k', 'v', 'PXAT', '9223372036854775000']]);
    // now + 9223372036854775000 wraps in int64.
    expect(c.run('SET', 'k', 'v', 'EX', '9223372036854775')).toBe("-ERR invalid expire time in 'set' command\r\n");
  });

  it('stores a key whose absolute time is past, which then reads as missing', () => {
    const { c, propagated } = setup();
    expect(c.run('SET', 'k', 'v', 'EXAT', '1')).toBe('+OK\r\n');
    expect(c.run('GET', 'k')).toBe('$-1\r\n');
    expect(propagated()).toEqual([['SET', 'k', 'v', 'PXAT', '1000'], ['DEL', 'k']]);
  });

  it('propagates expiries as SET key value PXAT <ms> without other options', () => {
    const { c, propagated } = setup();
    c.run('SET', 'k', 'v', 'EX', '100', 'NX', 'GET');
    c.run('set', 'k', 'v', 'px', '5', 'xx');
    expect(propagated()).toEqual([
      ['SET', 'k', 'v', 'PXAT', String(NOW + 100_000)],
      ['SET', 'k', 'v', 'PXAT', String(NOW + 5)],
    ]);
  });

  it('propagates SET ... GET without its GET arguments', () => {
    const { c, propagated } = setup();
    c.run('set', 'k', 'v', 'get', 'KEEPTTL', 'GET');
    c.run('SET', 'k', 'w', 'XX');
    expect(propagated()).toEqual([
      ['set', 'k', 'v', 'KEEPTTL'],
      ['SET', 'k', 'w', 'XX'],
    ]);
  });

  it('does not propagate or dirty a skipped write', () => {
    const { t, c, propagated } = setup();
    c.run('SET', 'k', 'v');
    propagated();
    const dirty = t.state.dirty;
    c.run('SET', 'k', 'v', 'NX', 'EX', '10');
    expect(t.state.dirty).toBe(dirty);
    expect(propagated()).toEqual([]);
  });

  it('counts arity from the command table', () => {
    const { c } = setup();
    expect(c.run('SET', 'k')).toBe("-ERR wrong number of arguments for 'set' command\r\n");
  });

  it('invalidates WATCH on write', () => {
    const { t, c } = setup();
    const other = t.client();
    c.run('SET', 'k', 'v');
    t.state.watchedKeys.set(t.state.dbs[0]!, new Map([['k', new Set([other.c])]]));
    c.run('SET', 'k', 'w');
    expect(other.c.dirtyCas).toBe(true);
  });
});

describe('SETNX, SETEX, PSETEX', () => {
  it('SETNX answers 1 or 0 and propagates only a write', () => {
    const { c, propagated } = setup();
    expect(c.run('SETNX', 'k', '1')).toBe(':1\r\n');
    expect(c.run('SETNX', 'k', '2')).toBe(':0\r\n');
    expect(c.run('GET', 'k')).toBe(bulk('1'));
    expect(propagated()).toEqual([['SETNX', 'k', '1']]);
  });

  it('SETEX and PSETEX set a TTL and propagate as SET PXAT', () => {
    const { c, db, propagated } = setup();
    expect(c.run('SETEX', 'k', '100', 'v')).toBe('+OK\r\n');
    expect(db.getExpire('k')).toBe(NOW + 100_000);
    expect(c.run('PSETEX', 'k', '1500', 'w')).toBe('+OK\r\n');
    expect(db.getExpire('k')).toBe(NOW + 1500);
    expect(propagated()).toEqual([
      ['SET', 'k', 'v', 'PXAT', String(NOW + 100_000)],
      ['SET', 'k', 'w', 'PXAT', String(NOW + 1500)],
    ]);
  });

  it('names the command in the expire error', () => {
    const { c } = setup();
    expect(c.run('SETEX', 'k', '0', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(c.run('PSETEX', 'k', '-1', 'v')).toBe("-ERR invalid expire time in 'psetex' command\r\n");
    expect(c.run('SETEX', 'k', '9223372036854775807', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(c.run('PSETEX', 'k', '9223372036854775807', 'v')).toBe("-ERR invalid expire time in 'psetex' command\r\n");
    expect(c.run('SETEX', 'k', 'x', 'v')).toBe(NOT_INTEGER);
  });
});

describe('GET, GETSET, GETDEL', () => {
  it('GET replies null for missing keys and WRONGTYPE for aggregates', () => {
    const { c } = setup();
    expect(c.run('GET', 'nokey')).toBe('$-1\r\n');
    expect(c.run('GET', 'list')).toBe(WRONGTYPE);
  });

  it('GET answers the RESP3 null', () => {
    const { c } = setup();
    c.c.resp = 3;
    expect(c.run('GET', 'nokey')).toBe('_\r\n');
  });

  it('treats expired keys as missing', () => {
    const { t, c, db } = setup();
    c.run('SET', 'k', 'v', 'PX', '100');
    t.clock.advance(100);
    expect(c.run('GET', 'k')).toBe(bulk('v'));
    t.clock.advance(1);
    expect(c.run('GET', 'k')).toBe('$-1\r\n');
    expect(db.peek('k')).toBeUndefined();
  });

  it('GETSET returns the old value, clears the TTL and propagates as SET', () => {
    const { c, db, propagated } = setup();
    expect(c.run('GETSET', 'k', '1')).toBe('$-1\r\n');
    db.setExpire('k', NOW + 1000);
    expect(c.run('GETSET', 'k', '2')).toBe(bulk('1'));
    expect(db.getExpire('k')).toBe(-1);
    expect(c.run('GETSET', 'list', 'x')).toBe(WRONGTYPE);
    expect(propagated()).toEqual([
      ['SET', 'k', '1'],
      ['SET', 'k', '2'],
    ]);
  });

  it('GETDEL deletes and propagates DEL (UNLINK with lazyfree-lazy-user-del)', () => {
    const { c, propagated } = setup();
    c.run('SET', 'k', 'v');
    propagated();
    expect(c.run('GETDEL', 'k')).toBe(bulk('v'));
    expect(c.run('GETDEL', 'k')).toBe('$-1\r\n');
    expect(c.run('GETDEL', 'list')).toBe(WRONGTYPE);
    expect(propagated()).toEqual([['DEL', 'k']]);
    const lazy = setup({ 'lazyfree-lazy-user-del': 'yes' });
    lazy.c.run('SET', 'k', 'v');
    lazy.propagated();
    lazy.c.run('GETDEL', 'k');
    expect(lazy.propagated()).toEqual([['UNLINK', 'k']]);
  });
});

describe('GETEX', () => {
  it('without options behaves as GET and propagates nothing', () => {
    const { c, propagated } = setup();
    c.run('SET', 'k', 'v');
    propagated();
    expect(c.run('GETEX', 'k')).toBe(bulk('v'));
    expect(propagated()).toEqual([]);
  });

  it('sets a TTL and propagates PEXPIREAT', () => {
    const { c, db, propagated } = setup();
    c.run('SET', 'k', 'v');
    propagated();
    expect(c.run('GETEX', 'k', 'EX', '50')).toBe(bulk('v'));
    expect(db.getExpire('k')).toBe(NOW + 50_000);
    expect(c.run('GETEX', 'k', 'PXAT', '1800000000000')).toBe(bulk('v'));
    expect(propagated()).toEqual([
      ['PEXPIREAT', 'k', String(NOW + 50_000)],
      ['PEXPIREAT', 'k', '1800000000000'],
    ]);
  });

  it('PERSIST removes a TTL once and propagates PERSIST only then', () => {
    const { t, c, db, propagated } = setup();
    c.run('SET', 'k', 'v', 'EX', '100');
    propagated();
    const dirty = t.state.dirty;
    expect(c.run('GETEX', 'k', 'PERSIST')).toBe(bulk('v'));
    expect(db.getExpire('k')).toBe(-1);
    expect(c.run('GETEX', 'k', 'PERSIST')).toBe(bulk('v'));
    expect(t.state.dirty).toBe(dirty + 1);
    expect(propagated()).toEqual([['PERSIST', 'k']]);
  });

  it('deletes the key when EXAT/PXAT is already past and propagates DEL', () => {
    const { c, db, propagated } = setup();
    c.run('SET', 'k', 'v');
    propagated();
    expect(c.run('GETEX', 'k', 'EXAT', '1')).toBe(bulk('v'));
    expect(db.peek('k')).toBeUndefined();
    expect(propagated()).toEqual([['DEL', 'k']]);
    const lazy = setup({ 'lazyfree-lazy-expire': 'yes' });
    lazy.c.run('SET', 'k', 'v');
    lazy.propagated();
    lazy.c.run('GETEX', 'k', 'PXAT', String(NOW));
    expect(lazy.propagated()).toEqual([['UNLINK', 'k']]);
  });

  it('refuses SET-only options and conflicting ones', () => {
    const { c } = setup();
    c.run('SET', 'k', 'v');
    for (const opts of [['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['PERSIST', 'EX', '1'], ['EX', '1', 'PERSIST'], ['EX'], ['FOO']]) {
      expect(c.run('GETEX', 'k', ...opts)).toBe(SYNTAX);
    }
  });

  it('checks the expire value only for an existing string key', () => {
    const { c } = setup();
    c.run('SET', 'k', 'v');
    expect(c.run('GETEX', 'nokey', 'EX', 'bad')).toBe('$-1\r\n');
    expect(c.run('GETEX', 'list', 'EX', 'bad')).toBe(WRONGTYPE);
    expect(c.run('GETEX', 'k', 'EX', 'bad')).toBe(NOT_INTEGER);
    expect(c.run('GETEX', 'k', 'EX', '0')).toBe("-ERR invalid expire time in 'getex' command\r\n");
    expect(c.run('GETEX', 'nokey', 'FOO')).toBe(SYNTAX);
  });
});

describe('GETRANGE and SUBSTR', () => {
  it.each([
    ['0', '-1', 'Hello World'],
    ['0', '3', 'Hell'],
    ['-3', '-1', 'rld'],
    ['5', '2', ''],
    ['-1', '-5', ''],
    ['-100', '-200', ''],
    ['-100', '100', 'Hello World'],
    ['100', '200', ''],
    ['0', '0', 'H'],
    ['-1', '-1', 'd'],
    ['9223372036854775807', '9223372036854775807', ''],
    ['-9223372036854775808', '9223372036854775807', 'Hello World'],
    ['0', '-9223372036854775808', 'H'],
  ])('GETRANGE %s %s', (start, end, out) => {
    const { c } = setup();
    c.run('SET', 'r', 'Hello World');
    expect(c.run('GETRANGE', 'r', start, end)).toBe(bulk(out));
    expect(c.run('SUBSTR', 'r', start, end)).toBe(bulk(out));
  });

  it('answers an empty bulk for missing keys and empty strings', () => {
    const { c } = setup();
    expect(c.run('GETRANGE', 'nokey', '0', '-1')).toBe('$0\r\n\r\n');
    c.run('SET', 'e', '');
    expect(c.run('GETRANGE', 'e', '0', '-1')).toBe('$0\r\n\r\n');
    expect(c.run('GETRANGE', 'e', '-1', '0')).toBe('$0\r\n\r\n');
  });

  it('parses the range before the key type', () => {
    const { c } = setup();
    expect(c.run('GETRANGE', 'list', 'a', '1')).toBe(NOT_INTEGER);
    expect(c.run('GETRANGE', 'list', '0', '1')).toBe(WRONGTYPE);
  });
});

describe('SETRANGE', () => {
  it('overwrites, pads with zero bytes and answers the new length', () => {
    const { c } = setup();
    c.run('SET', 'r', 'Hello World');
    expect(c.run('SETRANGE', 'r', '6', 'Redis')).toBe(':11\r\n');
    expect(c.run('GET', 'r')).toBe(bulk('Hello Redis'));
    expect(c.run('SETRANGE', 'r', '13', 'X')).toBe(':14\r\n');
    expect(c.run('GET', 'r')).toBe(bulk('Hello Redis\0\0X'));
    expect(c.run('SETRANGE', 'n', '3', 'abc')).toBe(':6\r\n');
    expect(c.run('GET', 'n')).toBe(bulk('\0\0\0abc'));
  });

  it('with an empty value changes nothing and creates nothing', () => {
    const { t, c } = setup();
    c.run('SET', 'r', '1234');
    const dirty = t.state.dirty;
    expect(c.run('SETRANGE', 'r', '100', '')).toBe(':4\r\n');
    expect(c.run('SETRANGE', 'nk', '1', '')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'nk')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(dirty);
  });

  it('rejects bad offsets, oversized results and aggregates', () => {
    const { c } = setup({ 'proto-max-bulk-len': '1mb' });
    c.run('SET', 'r', 'x');
    expect(c.run('SETRANGE', 'r', '-1', 'x')).toBe('-ERR offset is out of range\r\n');
    expect(c.run('SETRANGE', 'r', 'a', 'x')).toBe(NOT_INTEGER);
    expect(c.run('SETRANGE', 'r', '1048575', 'ab')).toBe(
      '-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n',
    );
    expect(c.run('SETRANGE', 'r', '9223372036854775807', 'x')).toBe(
      '-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n',
    );
    expect(c.run('SETRANGE', 'r', '1048574', 'ab')).toBe(':1048576\r\n');
    expect(c.run('SETRANGE', 'list', '0', 'x')).toBe(WRONGTYPE);
    expect(c.run('SETRANGE', 'list', '0', '')).toBe(WRONGTYPE);
  });

  it('keeps the TTL', () => {
    const { c, db } = setup();
    c.run('SET', 'r', 'abc', 'EX', '10');
    c.run('SETRANGE', 'r', '1', 'X');
    expect(db.getExpire('r')).toBe(NOW + 10_000);
  });
});

describe('APPEND and STRLEN', () => {
  it('appends, creating the key, and answers the length', () => {
    const { c } = setup();
    expect(c.run('APPEND', 'a', 'abc')).toBe(':3\r\n');
    expect(c.run('APPEND', 'a', 'def')).toBe(':6\r\n');
    expect(c.run('APPEND', 'a', '')).toBe(':6\r\n');
    expect(c.run('GET', 'a')).toBe(bulk('abcdef'));
    expect(c.run('STRLEN', 'a')).toBe(':6\r\n');
    expect(c.run('STRLEN', 'nokey')).toBe(':0\r\n');
    expect(c.run('APPEND', 'list', 'x')).toBe(WRONGTYPE);
    expect(c.run('STRLEN', 'list')).toBe(WRONGTYPE);
  });

  it('counts bytes, not characters', () => {
    const { c } = setup();
    c.run('SET', 'k', '\xc3\xa9\x00\xff');
    expect(c.run('STRLEN', 'k')).toBe(':4\r\n');
  });

  it('refuses results beyond proto-max-bulk-len', () => {
    const { c } = setup({ 'proto-max-bulk-len': '1mb' });
    c.run('SET', 'a', 'x'.repeat(1024 * 1024));
    expect(c.run('APPEND', 'a', 'y')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
  });

  it('lets the master link exceed proto-max-bulk-len', () => {
    const { c } = setup({ 'proto-max-bulk-len': '1mb' });
    c.run('SET', 'a', 'x'.repeat(1024 * 1024));
    c.c.isMaster = true;
    c.run('APPEND', 'a', 'y');
    c.c.isMaster = false;
    expect(c.run('STRLEN', 'a')).toBe(`:${1024 * 1024 + 1}\r\n`);
  });
});

describe('INCR family', () => {
  it('counts from a missing key and keeps the TTL', () => {
    const { c, db } = setup();
    expect(c.run('INCR', 'c')).toBe(':1\r\n');
    db.setExpire('c', NOW + 5000);
    expect(c.run('INCRBY', 'c', '10')).toBe(':11\r\n');
    expect(c.run('DECR', 'c')).toBe(':10\r\n');
    expect(c.run('DECRBY', 'c', '-5')).toBe(':15\r\n');
    expect(c.run('INCRBY', 'c', '-100')).toBe(':-85\r\n');
    expect(db.getExpire('c')).toBe(NOW + 5000);
  });

  it('does exact int64 arithmetic beyond 2^53', () => {
    const { c } = setup();
    c.run('SET', 'c', '9007199254740991');
    expect(c.run('INCR', 'c')).toBe(':9007199254740992\r\n');
    expect(c.run('INCR', 'c')).toBe(':9007199254740993\r\n');
    c.run('SET', 'c', '123456789012345678');
    expect(c.run('INCRBY', 'c', '-987654321987654321')).toBe(':-864197532975308643\r\n');
    expect(c.run('INCRBY', 'n', '-9223372036854775808')).toBe(':-9223372036854775808\r\n');
  });

  it('reports overflow at both ends without writing', () => {
    const { c } = setup();
    c.run('SET', 'c', '9223372036854775806');
    expect(c.run('INCR', 'c')).toBe(':9223372036854775807\r\n');
    expect(c.run('INCR', 'c')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(c.run('GET', 'c')).toBe(bulk('9223372036854775807'));
    c.run('SET', 'c', '-9223372036854775807');
    expect(c.run('DECR', 'c')).toBe(':-9223372036854775808\r\n');
    expect(c.run('DECR', 'c')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(c.run('DECRBY', 'c', '1')).toBe('-ERR increment or decrement would overflow\r\n');
  });

  it('refuses DECRBY of the smallest int64 before the key lookup', () => {
    const { c } = setup();
    expect(c.run('DECRBY', 'list', '-9223372036854775808')).toBe('-ERR decrement would overflow\r\n');
  });

  it.each([' 1', '01', '-0', '1.0', 'abc', '', '9223372036854775808', '1 '])('refuses to increment %j', (v) => {
    const { c } = setup();
    c.run('SET', 'c', v);
    expect(c.run('INCR', 'c')).toBe(NOT_INTEGER);
  });

  it('refuses non-integer increments and aggregates', () => {
    const { c } = setup();
    expect(c.run('INCRBY', 'c', 'x')).toBe(NOT_INTEGER);
    expect(c.run('INCRBY', 'c', '1.5')).toBe(NOT_INTEGER);
    expect(c.run('INCRBY', 'c', '9223372036854775808')).toBe(NOT_INTEGER);
    expect(c.run('INCR', 'list')).toBe(WRONGTYPE);
    expect(c.run('DECRBY', 'list', '1')).toBe(WRONGTYPE);
  });

  it('propagates the command as sent', () => {
    const { c, propagated } = setup();
    c.run('incrby', 'c', '5');
    expect(propagated()).toEqual([['incrby', 'c', '5']]);
  });
});

describe('INCRBYFLOAT', () => {
  it('uses long double arithmetic and human formatting', () => {
    const { c } = setup();
    expect(c.run('INCRBYFLOAT', 'f', '0.1')).toBe(bulk('0.1'));
    expect(c.run('INCRBYFLOAT', 'f', '0.2')).toBe(bulk('0.3'));
    expect(c.run('INCRBYFLOAT', 'f', '-0.3')).toBe(bulk('0'));
    expect(c.run('INCRBYFLOAT', 'f', '1e20')).toBe(bulk('100000000000000000000'));
    c.run('SET', 'g', '10.5');
    expect(c.run('INCRBYFLOAT', 'g', '0.1')).toBe(bulk('10.6'));
    expect(c.run('INCRBYFLOAT', 'g', '-5.0e3')).toBe(bulk('-4989.39999999999999991'));
  });

  it('refuses invalid numbers, infinities and aggregates', () => {
    const { c } = setup();
    c.run('SET', 'f', '1');
    expect(c.run('INCRBYFLOAT', 'f', 'abc')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('INCRBYFLOAT', 'f', 'nan')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('INCRBYFLOAT', 'f', '')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('INCRBYFLOAT', 'f', 'inf')).toBe('-ERR increment would produce NaN or Infinity\r\n');
    c.run('SET', 'f', 'abc');
    expect(c.run('INCRBYFLOAT', 'f', '1')).toBe('-ERR value is not a valid float\r\n');
    expect(c.run('INCRBYFLOAT', 'list', '1')).toBe(WRONGTYPE);
  });

  it('propagates SET key <result> KEEPTTL and keeps the TTL', () => {
    const { c, db, propagated } = setup();
    c.run('SET', 'f', '1.5', 'EX', '100');
    propagated();
    expect(c.run('INCRBYFLOAT', 'f', '1')).toBe(bulk('2.5'));
    expect(db.getExpire('f')).toBe(NOW + 100_000);
    expect(propagated()).toEqual([['SET', 'f', '2.5', 'KEEPTTL']]);
  });

  it('stores an integer-looking result as embstr, as Redis does', () => {
    const { c, encoding } = setup();
    c.run('SET', 'f', '5.5');
    c.run('INCRBYFLOAT', 'f', '4.5');
    expect(encoding('f')).toBe('embstr');
    c.run('INCR', 'f');
    expect(encoding('f')).toBe('int');
  });
});

describe('MGET, MSET, MSETNX', () => {
  it('MGET answers null for missing and non-string keys', () => {
    const { c } = setup();
    c.run('MSET', 'a', '1', 'b', '2');
    expect(c.run('MGET', 'a', 'b', 'nokey', 'list')).toBe('*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n');
    c.c.resp = 3;
    expect(c.run('MGET', 'a', 'nokey')).toBe('*2\r\n$1\r\n1\r\n_\r\n');
  });

  it('MSET overwrites any type, clears TTLs and counts one change per pair', () => {
    const { t, c, db } = setup();
    db.set('a', 'x');
    db.setExpire('a', NOW + 1000);
    const dirty = t.state.dirty;
    expect(c.run('MSET', 'a', '1', 'list', '2')).toBe('+OK\r\n');
    expect(db.getExpire('a')).toBe(-1);
    expect(db.peek('list')).toBe('2');
    expect(t.state.dirty).toBe(dirty + 2);
  });

  it('MSET and MSETNX need key/value pairs', () => {
    const { c } = setup();
    expect(c.run('MSET', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'mset' command\r\n");
    expect(c.run('MSETNX', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'msetnx' command\r\n");
  });

  it('MSETNX writes all or nothing', () => {
    const { c, propagated } = setup();
    c.run('SET', 'a', '1');
    propagated();
    expect(c.run('MSETNX', 'a', '1', 'z', '2')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'z')).toBe(':0\r\n');
    expect(c.run('MSETNX', 'y', '1', 'z', '2')).toBe(':1\r\n');
    expect(c.run('MSETNX', 'q', '1', 'q', '2')).toBe(':1\r\n');
    expect(c.run('GET', 'q')).toBe(bulk('2'));
    expect(propagated()).toEqual([
      ['MSETNX', 'y', '1', 'z', '2'],
      ['MSETNX', 'q', '1', 'q', '2'],
    ]);
  });
});

describe('LCS', () => {
  const idxReply = (resp3: boolean) =>
    (resp3 ? '%2\r\n' : '*4\r\n') +
    '$7\r\nmatches\r\n*2\r\n' +
    '*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n' +
    '*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n' +
    '$3\r\nlen\r\n:6\r\n';

  function lcsSetup() {
    const s = setup();
    s.c.run('SET', 'a', 'ohmytext');
    s.c.run('SET', 'b', 'mynewtext');
    return s;
  }

  it('answers the subsequence, its length, or its ranges', () => {
    const { c } = lcsSetup();
    expect(c.run('LCS', 'a', 'b')).toBe(bulk('mytext'));
    expect(c.run('LCS', 'a', 'b', 'LEN')).toBe(':6\r\n');
    expect(c.run('LCS', 'a', 'b', 'IDX')).toBe(idxReply(false));
    c.c.resp = 3;
    expect(c.run('LCS', 'a', 'b', 'idx')).toBe(idxReply(true));
  });

  it('filters ranges with MINMATCHLEN and adds lengths with WITHMATCHLEN', () => {
    const { c } = lcsSetup();
    expect(c.run('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toBe(
      '*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n',
    );
    expect(c.run('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-4')).toBe(idxReply(false));
  });

  it('walks the table back with Redis tie-breaking', () => {
    const { c } = setup();
    c.run('SET', 'x', 'ABCBDAB');
    c.run('SET', 'y', 'BDCABA');
    expect(c.run('LCS', 'x', 'y')).toBe(bulk('BDAB'));
    expect(c.run('LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN')).toBe(
      '*4\r\n$7\r\nmatches\r\n*2\r\n' +
        '*3\r\n*2\r\n:5\r\n:6\r\n*2\r\n:3\r\n:4\r\n:2\r\n' +
        '*3\r\n*2\r\n:3\r\n:4\r\n*2\r\n:0\r\n:1\r\n:2\r\n' +
        '$3\r\nlen\r\n:4\r\n',
    );
  });

  it('treats missing keys as empty strings', () => {
    const { c } = lcsSetup();
    expect(c.run('LCS', 'a', 'nokey')).toBe('$0\r\n\r\n');
    expect(c.run('LCS', 'nokey', 'nokey2', 'IDX', 'WITHMATCHLEN')).toBe(
      '*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n',
    );
  });

  it('reports errors in Redis order', () => {
    const { c } = lcsSetup();
    expect(c.run('LCS', 'list', 'a', 'BOGUS')).toBe('-ERR The specified keys must contain string values\r\n');
    expect(c.run('LCS', 'a', 'b', 'BOGUS')).toBe(SYNTAX);
    expect(c.run('LCS', 'a', 'b', 'MINMATCHLEN')).toBe(SYNTAX);
    expect(c.run('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toBe(NOT_INTEGER);
    expect(c.run('LCS', 'a', 'b', 'LEN', 'IDX')).toBe(
      '-ERR If you want both the length and indexes, please just use IDX.\r\n',
    );
  });

  it('refuses tables larger than proto-max-bulk-len', () => {
    const { c } = setup({ 'proto-max-bulk-len': '1mb' });
    c.run('SET', 'big', 'a'.repeat(600));
    expect(c.run('LCS', 'big', 'big', 'LEN')).toBe(
      '-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n',
    );
  });
});

describe('OBJECT ENCODING of string values', () => {
  it('follows tryObjectEncoding for stored values', () => {
    const { c, encoding } = setup();
    c.run('SET', 'i', '123');
    c.run('SET', 'e', 'hello');
    c.run('SET', 'r', 'x'.repeat(45));
    c.run('MSET', 'm', '-5');
    expect([encoding('i'), encoding('e'), encoding('r'), encoding('m')]).toEqual(['int', 'embstr', 'raw', 'int']);
  });

  it('turns a value raw after APPEND and SETRANGE', () => {
    const { c, encoding } = setup();
    c.run('SET', 'k', '1');
    c.run('APPEND', 'k', '2');
    expect(encoding('k')).toBe('raw');
    c.run('SET', 'k', '1234');
    c.run('SETRANGE', 'k', '0', '2');
    expect(encoding('k')).toBe('raw');
    c.run('SET', 'k', '1234');
    c.run('SETRANGE', 'k', '0', '');
    expect(encoding('k')).toBe('int');
    c.run('APPEND', 'new', '12');
    expect(encoding('new')).toBe('int');
  });
});
