// Expected replies were taken from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import * as E from '../../../../src/server/errors.js';
import { argvs, setupCommandTest as setup } from '../../../helpers/harness.js';
import { bulk, bulks, err, WRONGTYPE } from '../../../helpers/resp.js';

const LISTPACK = bulk('listpack');
const HASHTABLE = bulk('hashtable');

describe('HSET, HMSET, HSETNX', () => {
  it('replies with the number of new fields and keeps insertion order', () => {
    const { c } = setup();
    expect(c.run('HSET', 'h', 'a', '1', 'b', '2', 'a', '3')).toBe(':2\r\n');
    expect(c.run('HSET', 'h', 'c', '5', 'b', '9')).toBe(':1\r\n');
    expect(c.run('HGETALL', 'h')).toBe(bulks('a', '3', 'b', '9', 'c', '5'));
    expect(c.run('TYPE', 'h')).toBe('+hash\r\n');
  });

  it('HMSET replies OK', () => {
    const { c } = setup();
    expect(c.run('HMSET', 'h', 'a', '1', 'b', '2')).toBe('+OK\r\n');
    expect(c.run('HLEN', 'h')).toBe(':2\r\n');
  });

  it('checks the pair count before the key type', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    expect(c.run('HSET', 'str', 'a')).toBe(err(E.wrongArity('hset')));
    expect(c.run('HSET', 'h', 'a', '1', 'b')).toBe(err(E.wrongArity('hset')));
    expect(c.run('HMSET', 'h', 'a', '1', 'b')).toBe(err(E.wrongArity('hmset')));
    expect(c.run('HSET', 'h')).toBe(err(E.wrongArity('hset')));
    expect(c.run('HSET', 'str', 'a', '1')).toBe(WRONGTYPE);
    expect(c.run('EXISTS', 'h')).toBe(':0\r\n');
  });

  it('HSETNX sets only a missing field', () => {
    const { c } = setup();
    expect(c.run('HSETNX', 'h', 'f', 'v')).toBe(':1\r\n');
    expect(c.run('HSETNX', 'h', 'f', 'w')).toBe(':0\r\n');
    expect(c.run('HGET', 'h', 'f')).toBe(bulk('v'));
    c.run('SET', 'str', 'x');
    expect(c.run('HSETNX', 'str', 'f', 'v')).toBe(WRONGTYPE);
    expect(c.run('HSETNX', 'h', 'f')).toBe(err(E.wrongArity('hsetnx')));
  });

  it('counts one change per pair, changed or not, and propagates as sent', () => {
    const { t, c, ops } = setup();
    c.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(t.state.dirty).toBe(2);
    c.run('HSET', 'h', 'a', '1');
    expect(t.state.dirty).toBe(3);
    c.run('HSETNX', 'h', 'a', '1');
    expect(t.state.dirty).toBe(3);
    c.run('HSETNX', 'h', 'n', '1');
    expect(t.state.dirty).toBe(4);
    expect(argvs(ops)).toEqual([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '1'],
      ['HSETNX', 'h', 'n', '1'],
    ]);
  });
});

describe('hash encodings', () => {
  it('turns into a hashtable past hash-max-listpack-entries (compiled default 512)', () => {
    const { c } = setup();
    const args: string[] = [];
    for (let i = 0; i < 512; i++) args.push(`f${i}`, 'v');
    c.run('HSET', 'h', ...args);
    expect(c.encoding('h')).toBe(LISTPACK);
    c.run('HSET', 'h', 'f0', 'again');
    expect(c.encoding('h')).toBe(LISTPACK);
    c.run('HSET', 'h', 'one-more', 'v');
    expect(c.encoding('h')).toBe(HASHTABLE);
    c.run('HDEL', 'h', 'one-more', 'f1', 'f2');
    expect(c.encoding('h')).toBe(HASHTABLE);
  });

  it('turns into a hashtable for a field or value over hash-max-listpack-value', () => {
    const { c } = setup();
    const x64 = 'x'.repeat(64);
    const x65 = 'x'.repeat(65);
    c.run('HSET', 'h1', x64, x64);
    expect(c.encoding('h1')).toBe(LISTPACK);
    c.run('HSET', 'h2', 'k', x65);
    expect(c.encoding('h2')).toBe(HASHTABLE);
    c.run('HSET', 'h3', x65, 'v');
    expect(c.encoding('h3')).toBe(HASHTABLE);
    c.run('HINCRBY', 'h4', x65, '1');
    expect(c.encoding('h4')).toBe(HASHTABLE);
    c.run('HINCRBYFLOAT', 'h5', x65, '1');
    expect(c.encoding('h5')).toBe(HASHTABLE);
    c.run('HSETNX', 'h6', x65, '1');
    expect(c.encoding('h6')).toBe(HASHTABLE);
  });

  it('does not convert when HSETNX finds the field', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'f', 'v');
    c.run('HSETNX', 'h', 'f', 'x'.repeat(65));
    expect(c.encoding('h')).toBe(LISTPACK);
    c.run('HSETNX', 'h', 'g', 'x'.repeat(65));
    expect(c.encoding('h')).toBe(HASHTABLE);
  });

  it('does not convert for repeated fields within one HSET', () => {
    const { c } = setup({ 'hash-max-listpack-entries': '2' });
    expect(c.run('HSET', 'h', 'a', '1', 'a', '2', 'a', '3', 'b', '1')).toBe(':2\r\n');
    expect(c.encoding('h')).toBe(LISTPACK);
    c.run('HSET', 'h', 'c', '1');
    expect(c.encoding('h')).toBe(HASHTABLE);
  });

  it('follows CONFIG SET of the thresholds', () => {
    const { c } = setup();
    expect(c.run('CONFIG', 'SET', 'hash-max-listpack-value', '3')).toBe('+OK\r\n');
    c.run('HSET', 'a', 'abc', '123');
    expect(c.encoding('a')).toBe(LISTPACK);
    c.run('HSET', 'b', 'abcd', '1');
    expect(c.encoding('b')).toBe(HASHTABLE);
    c.run('CONFIG', 'SET', 'hash-max-listpack-entries', '0');
    c.run('HSET', 'c', 'a', '1');
    expect(c.encoding('c')).toBe(HASHTABLE);
  });

  it('a hashtable HINCRBYFLOAT result longer than the limit converts too', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'f', '1');
    c.run('HINCRBYFLOAT', 'h', 'f', '1e100');
    expect(c.encoding('h')).toBe(HASHTABLE);
  });
});

describe('HGET, HMGET, HEXISTS, HLEN, HSTRLEN', () => {
  it('reads fields and answers for missing keys and fields', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'a', '3', 'b', 'hello');
    expect(c.run('HGET', 'h', 'a')).toBe(bulk('3'));
    expect(c.run('HGET', 'h', 'zz')).toBe('$-1\r\n');
    expect(c.run('HGET', 'nokey', 'a')).toBe('$-1\r\n');
    expect(c.run('HMGET', 'h', 'a', 'zz', 'b')).toBe('*3\r\n$1\r\n3\r\n$-1\r\n$5\r\nhello\r\n');
    expect(c.run('HMGET', 'nokey', 'a', 'b')).toBe('*2\r\n$-1\r\n$-1\r\n');
    expect(c.run('HEXISTS', 'h', 'b')).toBe(':1\r\n');
    expect(c.run('HEXISTS', 'h', 'zz')).toBe(':0\r\n');
    expect(c.run('HEXISTS', 'nokey', 'a')).toBe(':0\r\n');
    expect(c.run('HLEN', 'h')).toBe(':2\r\n');
    expect(c.run('HLEN', 'nokey')).toBe(':0\r\n');
    expect(c.run('HSTRLEN', 'h', 'b')).toBe(':5\r\n');
    expect(c.run('HSTRLEN', 'h', 'zz')).toBe(':0\r\n');
    expect(c.run('HSTRLEN', 'nokey', 'zz')).toBe(':0\r\n');
  });

  it('is binary safe', () => {
    const { c } = setup();
    const f = 'f\x00\xff\r\n';
    const v = '\x00\x01\x80\xfe';
    expect(c.run('HSET', 'h', f, v)).toBe(':1\r\n');
    expect(c.run('HGET', 'h', f)).toBe(bulk(v));
    expect(c.run('HSTRLEN', 'h', f)).toBe(':4\r\n');
  });

  it('answers WRONGTYPE for every read on a non-hash', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    for (const argv of [
      ['HGET', 'str', 'a'],
      ['HMGET', 'str', 'a'],
      ['HEXISTS', 'str', 'a'],
      ['HLEN', 'str'],
      ['HSTRLEN', 'str', 'a'],
      ['HGETALL', 'str'],
      ['HKEYS', 'str'],
      ['HVALS', 'str'],
      ['HRANDFIELD', 'str'],
      ['HRANDFIELD', 'str', '3'],
      ['HSCAN', 'str', '0'],
      ['HDEL', 'str', 'a'],
      ['HINCRBY', 'str', 'f', '1'],
      ['HINCRBYFLOAT', 'str', 'f', '1'],
    ]) {
      expect(c.run(...argv)).toBe(WRONGTYPE);
    }
  });

  it('counts keyspace hits and misses for reads only', () => {
    const { t, c } = setup();
    c.run('HSET', 'h', 'a', '1');
    c.run('HGET', 'h', 'a');
    c.run('HGET', 'nokey', 'a');
    c.run('HMGET', 'h', 'a');
    c.run('HSET', 'h2', 'a', '1');
    c.run('HDEL', 'nokey', 'a');
    expect(t.state.stats.keyspaceHits).toBe(2);
    expect(t.state.stats.keyspaceMisses).toBe(1);
  });

  it('treats an expired hash as missing', () => {
    const { t, c } = setup();
    c.run('HSET', 'h', 'a', '1');
    c.run('PEXPIRE', 'h', '100');
    t.clock.advance(101);
    expect(c.run('HGET', 'h', 'a')).toBe('$-1\r\n');
    expect(c.run('HSET', 'h', 'b', '2')).toBe(':1\r\n');
    expect(c.run('HGETALL', 'h')).toBe(bulks('b', '2'));
    expect(c.run('TTL', 'h')).toBe(':-1\r\n');
  });
});

describe('HGETALL, HKEYS, HVALS', () => {
  it('returns a map in RESP3 and a flat array in RESP2', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(c.run('HGETALL', 'h')).toBe('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
    expect(c.run('HGETALL', 'nokey')).toBe('*0\r\n');
    c.run('HELLO', '3');
    expect(c.run('HGETALL', 'h')).toBe('%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
    expect(c.run('HGETALL', 'nokey')).toBe('%0\r\n');
    expect(c.run('HKEYS', 'h')).toBe(bulks('a', 'b'));
    expect(c.run('HVALS', 'h')).toBe(bulks('1', '2'));
    expect(c.run('HKEYS', 'nokey')).toBe('*0\r\n');
    expect(c.run('HVALS', 'nokey')).toBe('*0\r\n');
    expect(c.run('HMGET', 'h', 'a', 'zz')).toBe('*2\r\n$1\r\n1\r\n_\r\n');
    expect(c.run('HGET', 'h', 'zz')).toBe('_\r\n');
  });
});

describe('HDEL', () => {
  it('deletes fields, and the key with its last field', () => {
    const { t, c, ops } = setup();
    c.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('HDEL', 'h', 'zz', 'a')).toBe(':1\r\n');
    expect(c.run('HDEL', 'h', 'zz')).toBe(':0\r\n');
    expect(c.run('HDEL', 'nokey', 'zz')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(before + 1);
    expect(c.run('HDEL', 'h', 'b', 'c', 'b')).toBe(':2\r\n');
    expect(c.run('EXISTS', 'h')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(before + 3);
    expect(argvs(ops)).toEqual([
      ['HDEL', 'h', 'zz', 'a'],
      ['HDEL', 'h', 'b', 'c', 'b'],
    ]);
    expect(c.run('HDEL', 'h')).toBe(err(E.wrongArity('hdel')));
  });
});

describe('HINCRBY', () => {
  it('adds to missing and existing fields', () => {
    const { c } = setup();
    expect(c.run('HINCRBY', 'h', 'n', '-5')).toBe(':-5\r\n');
    expect(c.run('HINCRBY', 'h', 'n', '15')).toBe(':10\r\n');
    expect(c.run('HGET', 'h', 'n')).toBe(bulk('10'));
  });

  it('refuses bad increments, non-integer values and overflow', () => {
    const { c } = setup();
    c.run('HSET', 'h', 's', 'abc', 'neg', '-0', 'lead', '007', 'plus', '+5', 'fl', '1.0');
    expect(c.run('HINCRBY', 'h', 'n', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HINCRBY', 'h', 'n', '9223372036854775808')).toBe(err(E.NOT_INTEGER));
    for (const f of ['s', 'neg', 'lead', 'plus', 'fl']) {
      expect(c.run('HINCRBY', 'h', f, '1')).toBe(err('ERR hash value is not an integer'));
    }
    expect(c.run('HINCRBY', 'h', 'q', '9223372036854775807')).toBe(':9223372036854775807\r\n');
    expect(c.run('HINCRBY', 'h', 'q', '1')).toBe(err('ERR increment or decrement would overflow'));
    expect(c.run('HINCRBY', 'h', 'q', '-9223372036854775808')).toBe(':-1\r\n');
    expect(c.run('HINCRBY', 'h', 'q2', '-9223372036854775808')).toBe(':-9223372036854775808\r\n');
    expect(c.run('HINCRBY', 'h', 'q2', '-1')).toBe(err('ERR increment or decrement would overflow'));
    expect(c.run('HGET', 'h', 'q2')).toBe(bulk('-9223372036854775808'));
    c.run('HSET', 'h', 'big', '9223372036854775800');
    expect(c.run('HINCRBY', 'h', 'big', '100')).toBe(err('ERR increment or decrement would overflow'));
    expect(c.run('HINCRBY', 'h', 'big', '7')).toBe(':9223372036854775807\r\n');
  });

  it('parses the increment before looking at the key', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    expect(c.run('HINCRBY', 'str', 'f', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HINCRBYFLOAT', 'str', 'f', 'x')).toBe(err(E.NOT_FLOAT));
  });

  it('is propagated as sent', () => {
    const { c, ops } = setup();
    c.run('HINCRBY', 'h', 'i', '3');
    expect(argvs(ops)).toEqual([['HINCRBY', 'h', 'i', '3']]);
  });
});

describe('HINCRBYFLOAT', () => {
  it('does long double arithmetic and formats like Redis', () => {
    const { c } = setup();
    expect(c.run('HINCRBYFLOAT', 'h', 'g', '0.1')).toBe(bulk('0.1'));
    expect(c.run('HINCRBYFLOAT', 'h', 'g', '0.2')).toBe(bulk('0.3'));
    expect(c.run('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe(bulk('10.5'));
    expect(c.run('HINCRBYFLOAT', 'h', 'f', '3.0e3')).toBe(bulk('3010.5'));
    expect(c.run('HINCRBYFLOAT', 'h', 'x', '0x10')).toBe(bulk('16'));
    expect(c.run('HINCRBYFLOAT', 'h', 'e', '5e-1')).toBe(bulk('0.5'));
    expect(c.run('HINCRBYFLOAT', 'h', 'e2', '+.5')).toBe(bulk('0.5'));
    expect(c.run('HINCRBYFLOAT', 'h', 'e3', '-0')).toBe(bulk('0'));
    c.run('HSET', 'h', 'big', '9223372036854775800');
    expect(c.run('HINCRBYFLOAT', 'h', 'big', '1')).toBe(bulk('9223372036854775801'));
    c.run('HSET', 'h', 'n', '2');
    expect(c.run('HINCRBYFLOAT', 'h', 'n', '-2')).toBe(bulk('0'));
    expect(c.run('HINCRBYFLOAT', 'h', 'n', '1e-20')).toBe(bulk('0'));
  });

  it('reaches values only a long double holds', () => {
    const { c } = setup();
    const r = c.run('HINCRBYFLOAT', 'h', 'b', '1e400');
    expect(r.startsWith('$401\r\n10000000000000000000281880683947586514586453433629')).toBe(true);
    expect(c.run('HINCRBYFLOAT', 'h', 'c', '1e5000')).toBe(err(E.NOT_FLOAT));
  });

  it('refuses bad increments and values with Redis texts', () => {
    const { c } = setup();
    c.run('HSET', 'h', 's', 'abc', 'f', '1', 'inf', 'inf');
    expect(c.run('HINCRBYFLOAT', 'h', 'f', 'abc')).toBe(err(E.NOT_FLOAT));
    expect(c.run('HINCRBYFLOAT', 'h', 'f', 'nan')).toBe(err(E.NOT_FLOAT));
    expect(c.run('HINCRBYFLOAT', 'h', 'f', 'inf')).toBe(err('ERR value is NaN or Infinity'));
    expect(c.run('HINCRBYFLOAT', 'h', 'f', '-inf')).toBe(err('ERR value is NaN or Infinity'));
    expect(c.run('HINCRBYFLOAT', 'h', 's', '1')).toBe(err('ERR hash value is not a float'));
    expect(c.run('HINCRBYFLOAT', 'h', 'inf', '1')).toBe(err('ERR increment would produce NaN or Infinity'));
    expect(c.run('HINCRBYFLOAT', 'nokey', 'f', 'inf')).toBe(err('ERR value is NaN or Infinity'));
    expect(c.run('EXISTS', 'nokey')).toBe(':0\r\n');
  });

  it('is propagated as HSET with the result', () => {
    const { t, c, ops } = setup();
    c.run('HSET', 'h', 'f', '1.5');
    ops.length = 0;
    c.run('HINCRBYFLOAT', 'h', 'f', '1');
    c.run('HINCRBYFLOAT', 'h', 'g', '2.5e2');
    expect(argvs(ops)).toEqual([
      ['HSET', 'h', 'f', '2.5'],
      ['HSET', 'h', 'g', '250'],
    ]);
    expect(t.state.dirty).toBe(3);
  });
});

describe('HRANDFIELD', () => {
  function filled() {
    const s = setup();
    s.c.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5');
    return s;
  }
  const ALL = ['a', 'b', 'c', 'd', 'e'];
  const VALUE: Record<string, string> = { a: '1', b: '2', c: '3', d: '4', e: '5' };

  it('returns one field, or null for a missing key', () => {
    const { c } = filled();
    expect(ALL.map(bulk)).toContain(c.run('HRANDFIELD', 'h'));
    expect(c.run('HRANDFIELD', 'nokey')).toBe('$-1\r\n');
    c.run('HELLO', '3');
    expect(c.run('HRANDFIELD', 'nokey')).toBe('_\r\n');
  });

  it('returns the whole hash in order for a count covering it', () => {
    const { c } = filled();
    expect(c.run('HRANDFIELD', 'h', '10')).toBe(bulks(...ALL));
    expect(c.run('HRANDFIELD', 'h', '5', 'withvalues')).toBe(bulks('a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'));
    expect(c.run('HRANDFIELD', 'h', '9223372036854775807')).toBe(bulks(...ALL));
  });

  it('returns distinct fields for a positive count', () => {
    const { c } = filled();
    for (const n of [1, 2, 4]) {
      for (let i = 0; i < 20; i++) {
        const got = c.strings('HRANDFIELD', 'h', String(n));
        expect(got).toHaveLength(n);
        expect(new Set(got).size).toBe(n);
        for (const f of got) expect(ALL).toContain(f);
      }
    }
    const pairs = c.strings('HRANDFIELD', 'h', '3', 'WITHVALUES');
    expect(pairs).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect(pairs[i + 1]).toBe(VALUE[pairs[i]!]);
  });

  it('keeps listpack order when sampling few fields of a bigger hash', () => {
    const { c } = setup();
    const args: string[] = [];
    for (let i = 10; i <= 40; i++) args.push(`f${i}`, String(i));
    c.run('HSET', 'h', ...args);
    for (let i = 0; i < 20; i++) {
      const got = c.strings('HRANDFIELD', 'h', '5');
      expect(new Set(got).size).toBe(5);
      expect([...got].sort()).toEqual(got);
    }
  });

  it('samples hashtable-encoded hashes too', () => {
    const { c } = setup({ 'hash-max-listpack-entries': '4' });
    const args: string[] = [];
    for (let i = 0; i < 50; i++) args.push(`f${i}`, `v${i}`);
    c.run('HSET', 'h', ...args);
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe(HASHTABLE);
    for (const n of ['3', '40', '50', '-80']) {
      const got = c.strings('HRANDFIELD', 'h', n, 'WITHVALUES');
      expect(got).toHaveLength(Math.abs(Number(n)) * 2);
      for (let i = 0; i < got.length; i += 2) expect(got[i + 1]).toBe(`v${got[i]!.slice(1)}`);
      if (Number(n) > 0) expect(new Set(got.filter((_, i) => i % 2 === 0)).size).toBe(Number(n));
    }
  });

  it('repeats fields for a negative count', () => {
    const { c } = filled();
    const got = c.strings('HRANDFIELD', 'h', '-20');
    expect(got).toHaveLength(20);
    for (const f of got) expect(ALL).toContain(f);
    const pairs = c.strings('HRANDFIELD', 'h', '-7', 'withvalues');
    expect(pairs).toHaveLength(14);
    for (let i = 0; i < 14; i += 2) expect(pairs[i + 1]).toBe(VALUE[pairs[i]!]);
  });

  it('nests pairs in RESP3', () => {
    const { c } = filled();
    c.run('HELLO', '3');
    expect(c.run('HRANDFIELD', 'h', '10', 'WITHVALUES')).toBe(
      '*5\r\n' + ALL.map((f) => `*2\r\n${bulk(f)}${bulk(VALUE[f]!)}`).join(''),
    );
    const one = c.run('HRANDFIELD', 'h', '-1', 'WITHVALUES');
    expect(one).toMatch(/^\*1\r\n\*2\r\n\$1\r\n[a-e]\r\n\$1\r\n[1-5]\r\n$/);
    expect(c.run('HRANDFIELD', 'h', '-2')).toMatch(/^\*2\r\n(\$1\r\n[a-e]\r\n){2}$/);
    expect(c.run('HRANDFIELD', 'nokey', '3', 'WITHVALUES')).toBe('*0\r\n');
  });

  it('answers empty arrays for count 0 and missing keys', () => {
    const { c } = filled();
    expect(c.run('HRANDFIELD', 'h', '0')).toBe('*0\r\n');
    expect(c.run('HRANDFIELD', 'h', '0', 'withvalues')).toBe('*0\r\n');
    expect(c.run('HRANDFIELD', 'nokey', '5')).toBe('*0\r\n');
    expect(c.run('HRANDFIELD', 'nokey', '-5', 'withvalues')).toBe('*0\r\n');
  });

  it('validates count and options before the key', () => {
    const { c } = filled();
    c.run('SET', 'str', 'x');
    expect(c.run('HRANDFIELD', 'nokey', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HRANDFIELD', 'h', '9223372036854775808')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HRANDFIELD', 'h', '-9223372036854775808')).toBe(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(c.run('HRANDFIELD', 'nokey', '5', 'withvalue')).toBe(err(E.SYNTAX));
    expect(c.run('HRANDFIELD', 'h', '3', 'withvalues', 'extra')).toBe(err(E.SYNTAX));
    expect(c.run('HRANDFIELD', 'str', '3', 'foo')).toBe(err(E.SYNTAX));
    expect(c.run('HRANDFIELD', 'str', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HRANDFIELD', 'h', '-9223372036854775807', 'withvalues')).toBe(err('ERR value is out of range'));
    expect(c.run('HRANDFIELD', 'h', '-4611686018427387904', 'withvalues')).toBe(err('ERR value is out of range'));
    expect(c.run('HRANDFIELD', 'h', '4611686018427387904', 'withvalues')).toBe(err('ERR value is out of range'));
    expect(c.run('HRANDFIELD', 'h', '4611686018427387903', 'withvalues')).toBe(
      bulks('a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'),
    );
  });

  it('refuses a negative count whose reply cannot be built', () => {
    const { c } = filled();
    expect(c.run('HRANDFIELD', 'h', '-9223372036854775807')).toBe(err('ERR value is out of range'));
  });
});

describe('HSCAN', () => {
  it('returns a listpack whole with cursor 0, whatever the cursor and COUNT', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'ab', '4');
    const all = '*2\r\n$1\r\n0\r\n' + bulks('a', '1', 'b', '2', 'c', '3', 'ab', '4');
    expect(c.run('HSCAN', 'h', '0')).toBe(all);
    expect(c.run('HSCAN', 'h', '0', 'COUNT', '1')).toBe(all);
    expect(c.run('HSCAN', 'h', '5')).toBe(all);
    expect(c.run('HSCAN', 'h', '-1')).toBe(all);
    expect(c.run('HSCAN', 'h', '0', 'match', 'a*')).toBe('*2\r\n$1\r\n0\r\n' + bulks('a', '1', 'ab', '4'));
    expect(c.run('HSCAN', 'h', '0', 'match', '*', 'match', 'a*')).toBe('*2\r\n$1\r\n0\r\n' + bulks('a', '1', 'ab', '4'));
    expect(c.run('HSCAN', 'h', '0', 'MATCH', 'b', 'COUNT', '100')).toBe('*2\r\n$1\r\n0\r\n' + bulks('b', '2'));
  });

  it('checks the cursor, then the key, then the options', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'a', '1');
    c.run('SET', 'str', 'x');
    expect(c.run('HSCAN', 'h', 'x')).toBe(err(E.INVALID_CURSOR));
    expect(c.run('HSCAN', 'nokey', 'x')).toBe(err(E.INVALID_CURSOR));
    expect(c.run('HSCAN', 'str', 'x')).toBe(err(E.INVALID_CURSOR));
    expect(c.run('HSCAN', 'nokey', '0', 'count', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(c.run('HSCAN', 'str', '0', 'count', '0')).toBe(WRONGTYPE);
    expect(c.run('HSCAN', 'h', '0', 'count', '0')).toBe(err(E.SYNTAX));
    expect(c.run('HSCAN', 'h', '0', 'count', '-1')).toBe(err(E.SYNTAX));
    expect(c.run('HSCAN', 'h', '0', 'count', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('HSCAN', 'h', '0', 'match')).toBe(err(E.SYNTAX));
    expect(c.run('HSCAN', 'h', '0', 'type', 'string')).toBe(err(E.SYNTAX));
    expect(c.run('HSCAN', 'h', '0', 'novalues')).toBe(err(E.SYNTAX));
  });

  it('iterates a hashtable with cursors, returning every field once', () => {
    const { c } = setup();
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`f${i}`, `v${i}`);
    c.run('HSET', 'h', ...args);
    expect(c.run('OBJECT', 'ENCODING', 'h')).toBe(HASHTABLE);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const r = c.call('HSCAN', 'h', cursor, 'COUNT', '50') as [string, string[]];
      cursor = String(r[0]);
      for (let i = 0; i < r[1].length; i += 2) {
        expect(seen.has(String(r[1][i]))).toBe(false);
        seen.set(String(r[1][i]), String(r[1][i + 1]));
      }
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(10);
    expect(seen.size).toBe(1000);
    expect(seen.get('f999')).toBe('v999');
  });

  it('filters a hashtable scan with MATCH', () => {
    const { c } = setup({ 'hash-max-listpack-entries': '1' });
    c.run('HSET', 'h', 'key:1', 'a', 'other', 'b', 'key:2', 'c');
    const r = c.call('HSCAN', 'h', '0', 'MATCH', 'key:*', 'COUNT', '100') as [string, string[]];
    expect(String(r[0])).toBe('0');
    expect(r[1].map(String)).toEqual(['key:1', 'a', 'key:2', 'c']);
  });

  it('answers arrays also in RESP3', () => {
    const { c } = setup();
    c.run('HSET', 'h', 'a', '1');
    c.run('HELLO', '3');
    expect(c.run('HSCAN', 'h', '0')).toBe('*2\r\n$1\r\n0\r\n' + bulks('a', '1'));
  });
});

describe('hashes and WATCH', () => {
  function watched(t: ReturnType<typeof setup>['t']) {
    const w = t.client();
    expect(w.run('WATCH', 'h')).toBe('+OK\r\n');
    w.run('MULTI');
    w.run('PING');
    return w;
  }

  it('a write that changes the hash aborts the transaction', () => {
    for (const argv of [
      ['HSET', 'h', 'a', '1'],
      ['HSET', 'h', 'x', 'y'],
      ['HMSET', 'h', 'a', '1'],
      ['HSETNX', 'h', 'new', '1'],
      ['HDEL', 'h', 'a'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBYFLOAT', 'h', 'n', '1'],
    ]) {
      const { t, c } = setup();
      c.run('HSET', 'h', 'a', '1');
      const w = watched(t);
      c.run(...argv);
      expect(w.run('EXEC')).toBe('*-1\r\n');
    }
  });

  it('a write that changes nothing does not', () => {
    for (const argv of [
      ['HSETNX', 'h', 'a', '2'],
      ['HDEL', 'h', 'zz'],
      ['HGET', 'h', 'a'],
      ['HINCRBY', 'h', 'a', 'x'],
    ]) {
      const { t, c } = setup();
      c.run('HSET', 'h', 'a', '1');
      const w = watched(t);
      c.run(...argv);
      expect(w.run('EXEC')).toBe('*1\r\n+PONG\r\n');
    }
  });

  it('creating the watched hash aborts too', () => {
    const { t, c } = setup();
    const w = watched(t);
    c.run('HINCRBY', 'h', 'n', '1');
    expect(w.run('EXEC')).toBe('*-1\r\n');
  });
});
