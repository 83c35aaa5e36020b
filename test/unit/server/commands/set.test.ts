// Expected replies were taken from redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import * as E from '../../../../src/server/errors.js';
import { argvs, setupCommandTest as setup } from '../../../helpers/harness.js';
import { bulk, bulks, err, WRONGTYPE } from '../../../helpers/resp.js';

const setReply = (...items: string[]) => `~${items.length}\r\n${items.map(bulk).join('')}`;
const INTSET = bulk('intset');
const HASHTABLE = bulk('hashtable');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

const sorted = (a: string[]) => [...a].sort();

describe('SADD, SREM, SCARD, SMEMBERS', () => {
  it('adds and removes members, replying with counts', () => {
    const { c } = setup();
    expect(c.run('SADD', 's', 'a', 'b', 'a')).toBe(':2\r\n');
    expect(c.run('SADD', 's', 'b', 'c')).toBe(':1\r\n');
    expect(c.run('SCARD', 's')).toBe(':3\r\n');
    expect(c.run('SREM', 's', 'zz', 'a', 'a')).toBe(':1\r\n');
    expect(c.run('SREM', 'nokey', 'a')).toBe(':0\r\n');
    expect(sorted(c.strings('SMEMBERS', 's'))).toEqual(['b', 'c']);
    expect(c.run('TYPE', 's')).toBe('+set\r\n');
  });

  it('deletes the key with its last member', () => {
    const { c } = setup();
    c.run('SADD', 's', '1', '2');
    expect(c.run('SREM', 's', '1', '2', '3')).toBe(':2\r\n');
    expect(c.run('EXISTS', 's')).toBe(':0\r\n');
    expect(c.run('SCARD', 's')).toBe(':0\r\n');
    expect(c.run('SMEMBERS', 's')).toBe('*0\r\n');
  });

  it('counts changes and propagates only writes that changed something', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 's', 'a', 'b');
    c.run('SADD', 's', 'a');
    c.run('SREM', 's', 'zz');
    c.run('SREM', 's', 'a', 'b');
    expect(t.state.dirty).toBe(4);
    expect(argvs(ops)).toEqual([
      ['SADD', 's', 'a', 'b'],
      ['SREM', 's', 'a', 'b'],
    ]);
  });

  it('answers WRONGTYPE on other types, and arity errors', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    for (const argv of [
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SMEMBERS', 'str'],
      ['SCARD', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SPOP', 'str'],
      ['SPOP', 'str', '3'],
      ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '3'],
      ['SSCAN', 'str', '0'],
    ]) {
      expect(c.run(...argv)).toBe(WRONGTYPE);
    }
    expect(c.run('SADD', 'str')).toBe(err(E.wrongArity('sadd')));
    expect(c.run('SISMEMBER', 's')).toBe(err(E.wrongArity('sismember')));
    expect(c.run('SMISMEMBER', 's')).toBe(err(E.wrongArity('smismember')));
  });

  it('returns a set type in RESP3', () => {
    const { c } = setup();
    c.run('SADD', 'i', '5', '3', '1', '-1', '9', '7', '2');
    c.run('HELLO', '3');
    expect(c.run('SMEMBERS', 'i')).toBe(setReply('-1', '1', '2', '3', '5', '7', '9'));
    expect(c.run('SMEMBERS', 'nokey')).toBe('~0\r\n');
    expect(c.run('SISMEMBER', 'i', '1')).toBe(':1\r\n');
    expect(c.run('SMISMEMBER', 'i', '1', 'x')).toBe('*2\r\n:1\r\n:0\r\n');
  });
});

describe('set encodings', () => {
  it('keeps canonical int64 members in a sorted intset', () => {
    const { c } = setup();
    c.run('SADD', 'i', '5', '3', '1', '-1', '9223372036854775807', '-9223372036854775808');
    expect(c.encoding('i')).toBe(INTSET);
    expect(c.run('SMEMBERS', 'i')).toBe(bulks('-9223372036854775808', '-1', '1', '3', '5', '9223372036854775807'));
  });

  it('becomes a hashtable for a non-canonical member and never goes back', () => {
    for (const m of ['01', '+1', '-0', 'a', '9223372036854775808', ' 7']) {
      const { c } = setup();
      c.run('SADD', 's', '1', '2', m);
      expect(c.encoding('s')).toBe(HASHTABLE);
      c.run('SREM', 's', m);
      expect(c.encoding('s')).toBe(HASHTABLE);
      expect(c.run('SISMEMBER', 's', '1')).toBe(':1\r\n');
    }
  });

  it('becomes a hashtable past set-max-intset-entries (512)', () => {
    const { c } = setup();
    c.run('SADD', 's', ...range(1, 512));
    expect(c.encoding('s')).toBe(INTSET);
    c.run('SADD', 's', ...new Array<string>(600).fill('1'));
    expect(c.encoding('s')).toBe(INTSET);
    c.run('SADD', 's', '513');
    expect(c.encoding('s')).toBe(HASHTABLE);
    c.run('SREM', 's', '513', '1', '2');
    expect(c.encoding('s')).toBe(HASHTABLE);
  });

  it('follows CONFIG SET set-max-intset-entries', () => {
    const { c } = setup();
    c.run('CONFIG', 'SET', 'set-max-intset-entries', '2');
    c.run('SADD', 's', '1', '2');
    expect(c.encoding('s')).toBe(INTSET);
    c.run('SADD', 's', '3');
    expect(c.encoding('s')).toBe(HASHTABLE);
    c.run('CONFIG', 'SET', 'set-max-intset-entries', '0');
    c.run('SADD', 't', '1');
    expect(c.encoding('t')).toBe(HASHTABLE);
  });
});

describe('SISMEMBER, SMISMEMBER', () => {
  it('answers membership for both encodings and missing keys', () => {
    const { c } = setup();
    c.run('SADD', 'i', '1', '2', '3');
    c.run('SADD', 't', 'a', '1');
    expect(c.run('SISMEMBER', 'i', '1')).toBe(':1\r\n');
    expect(c.run('SISMEMBER', 'i', '01')).toBe(':0\r\n');
    expect(c.run('SISMEMBER', 't', 'a')).toBe(':1\r\n');
    expect(c.run('SISMEMBER', 't', 'b')).toBe(':0\r\n');
    expect(c.run('SISMEMBER', 'nokey', 'a')).toBe(':0\r\n');
    expect(c.run('SMISMEMBER', 'i', '1', 'a', '2')).toBe('*3\r\n:1\r\n:0\r\n:1\r\n');
    expect(c.run('SMISMEMBER', 'nokey', '1')).toBe('*1\r\n:0\r\n');
  });
});

describe('SPOP', () => {
  it('pops one member, replicated as SREM, deleting the emptied key', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 's', 'a');
    ops.length = 0;
    expect(c.run('SPOP', 's')).toBe(bulk('a'));
    expect(c.run('EXISTS', 's')).toBe(':0\r\n');
    expect(argvs(ops)).toEqual([['SREM', 's', 'a']]);
    expect(t.state.dirty).toBe(2);
    expect(c.run('SPOP', 's')).toBe('$-1\r\n');
    c.run('HELLO', '3');
    expect(c.run('SPOP', 's')).toBe('_\r\n');
    expect(argvs(ops)).toHaveLength(1);
  });

  it('checks the count before the key and refuses extra arguments', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    c.run('SADD', 's', '1');
    expect(c.run('SPOP', 'str', '-1')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('SPOP', 's', 'x')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('SPOP', 's', '1', '2')).toBe(err(E.SYNTAX));
  });

  it('answers empty for count 0 or a missing key, without a change', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 's', '1');
    ops.length = 0;
    expect(c.run('SPOP', 's', '0')).toBe('*0\r\n');
    expect(c.run('SPOP', 'nokey', '3')).toBe('*0\r\n');
    c.run('HELLO', '3');
    expect(c.run('SPOP', 's', '0')).toBe('~0\r\n');
    expect(c.run('SPOP', 'nokey', '3')).toBe('~0\r\n');
    expect(ops).toHaveLength(0);
    expect(t.state.dirty).toBe(1);
  });

  it('pops a few members as SREMs wrapped in MULTI/EXEC', () => {
    const { c, ops } = setup();
    c.run('SADD', 's', ...range(1, 10));
    ops.length = 0;
    const one = c.strings('SPOP', 's', '1');
    expect(argvs(ops)).toEqual([['SREM', 's', one[0]]]);
    ops.length = 0;
    const two = c.strings('SPOP', 's', '2');
    expect(argvs(ops)).toEqual([['MULTI'], ['SREM', 's', two[0]], ['SREM', 's', two[1]], ['EXEC']]);
    expect(c.run('SCARD', 's')).toBe(':7\r\n');
    for (const m of [...one, ...two]) expect(c.run('SISMEMBER', 's', m)).toBe(':0\r\n');
  });

  it('pops most of a set by keeping the rest, re-encoding what remains', () => {
    const { c, ops } = setup();
    c.run('SADD', 's', 'a', ...range(1, 9));
    expect(c.encoding('s')).toBe(HASHTABLE);
    ops.length = 0;
    const popped = c.strings('SPOP', 's', '9');
    expect(popped).toHaveLength(9);
    expect(argvs(ops)).toEqual([['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
    const left = c.strings('SMEMBERS', 's');
    expect(sorted([...popped, ...left])).toEqual(sorted(['a', ...range(1, 9)]));
    expect(c.encoding('s')).toBe(left[0] === 'a' ? HASHTABLE : INTSET);
  });

  it('returns popped intset members in ascending order when popping most', () => {
    const { c } = setup();
    c.run('SADD', 'i', ...range(1, 10));
    const popped = c.strings('SPOP', 'i', '9');
    expect(popped.map(Number)).toEqual([...popped.map(Number)].sort((a, b) => a - b));
  });

  it('pops a whole set as DEL, integers sorted like SUNION', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 'z', 'a', '30', '10', '20', '5', '1', '100', '7');
    c.run('SREM', 'z', 'a');
    c.run('PEXPIRE', 'z', '10000');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('SPOP', 'z', '100')).toBe(bulks('1', '5', '7', '10', '20', '30', '100'));
    expect(argvs(ops)).toEqual([['DEL', 'z']]);
    expect(t.state.dirty).toBe(before + 1);
    expect(c.run('EXISTS', 'z')).toBe(':0\r\n');
    c.run('SADD', 'w', 'b', 'a');
    c.run('HELLO', '3');
    expect(c.run('SPOP', 'w', '2')).toMatch(/^~2\r\n/);
  });

  it('keeps the TTL of a set it shrinks', () => {
    const { c } = setup();
    c.run('SADD', 's', ...range(1, 10));
    c.run('EXPIRE', 's', '100');
    c.run('SPOP', 's', '9');
    expect(c.run('TTL', 's')).toBe(':100\r\n');
    c.run('SADD', 's', ...range(20, 30));
    c.run('SPOP', 's');
    expect(c.run('TTL', 's')).toBe(':100\r\n');
  });
});

describe('SRANDMEMBER', () => {
  it('returns one member or null', () => {
    const { c } = setup();
    c.run('SADD', 's', 'a', 'b');
    expect([bulk('a'), bulk('b')]).toContain(c.run('SRANDMEMBER', 's'));
    expect(c.run('SRANDMEMBER', 'nokey')).toBe('$-1\r\n');
    c.run('HELLO', '3');
    expect(c.run('SRANDMEMBER', 'nokey')).toBe('_\r\n');
  });

  it('returns the whole set in its order for a covering count, as an array also in RESP3', () => {
    const { c } = setup();
    c.run('SADD', 'i', '5', '3', '1', '-1', '9', '7', '2');
    const all = bulks('-1', '1', '2', '3', '5', '7', '9');
    expect(c.run('SRANDMEMBER', 'i', '100')).toBe(all);
    expect(c.run('SRANDMEMBER', 'i', '7')).toBe(all);
    expect(c.run('SRANDMEMBER', 'i', '9223372036854775807')).toBe(all);
    c.run('HELLO', '3');
    expect(c.run('SRANDMEMBER', 'i', '100')).toBe(all);
    expect(c.run('SRANDMEMBER', 'i', '-2')).toMatch(/^\*2\r\n/);
    expect(c.run('SRANDMEMBER', 'i', '2')).toMatch(/^\*2\r\n/);
  });

  it('returns distinct members for a positive count and repeats for a negative one', () => {
    const { c } = setup();
    c.run('SADD', 's', ...range(10, 40));
    c.run('SADD', 't', 'a', 'b', 'c', 'd', 'e', 'f');
    for (const [key, n] of [
      ['s', 5],
      ['s', 20],
      ['t', 1],
      ['t', 3],
      ['t', 5],
    ] as const) {
      const got = c.strings('SRANDMEMBER', key, String(n));
      expect(got).toHaveLength(n);
      expect(new Set(got).size).toBe(n);
      for (const m of got) expect(c.run('SISMEMBER', key, m)).toBe(':1\r\n');
    }
    const many = c.strings('SRANDMEMBER', 't', '-50');
    expect(many).toHaveLength(50);
    expect(new Set(many).size).toBeLessThanOrEqual(6);
  });

  it('answers empty arrays for count 0 and missing keys, checking the count first', () => {
    const { c } = setup();
    c.run('SADD', 's', '1');
    expect(c.run('SRANDMEMBER', 's', '0')).toBe('*0\r\n');
    expect(c.run('SRANDMEMBER', 'nokey', '5')).toBe('*0\r\n');
    expect(c.run('SRANDMEMBER', 'nokey', '-5')).toBe('*0\r\n');
    expect(c.run('SRANDMEMBER', 's', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('SRANDMEMBER', 's', '1', '2')).toBe(err(E.SYNTAX));
    expect(c.run('SRANDMEMBER', 's', '-9223372036854775808')).toBe(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    c.run('SET', 'str', 'x');
    expect(c.run('SRANDMEMBER', 'str', 'x')).toBe(err(E.NOT_INTEGER));
  });
});

describe('SMOVE', () => {
  it('moves a member, creating and deleting keys as needed', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 'a', '1', '2');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('SMOVE', 'a', 'b', '1')).toBe(':1\r\n');
    expect(c.encoding('b')).toBe(INTSET);
    expect(c.run('SMOVE', 'a', 'b', '99')).toBe(':0\r\n');
    expect(c.run('SMOVE', 'a', 'b', '2')).toBe(':1\r\n');
    expect(c.run('EXISTS', 'a')).toBe(':0\r\n');
    expect(c.run('SMEMBERS', 'b')).toBe(bulks('1', '2'));
    expect(t.state.dirty).toBe(before + 4);
    expect(argvs(ops)).toEqual([
      ['SMOVE', 'a', 'b', '1'],
      ['SMOVE', 'a', 'b', '2'],
    ]);
  });

  it('counts one change when the destination already has the member', () => {
    const { t, c } = setup();
    c.run('SADD', 'a', 'x', 'y');
    c.run('SADD', 'b', 'x');
    const before = t.state.dirty;
    expect(c.run('SMOVE', 'a', 'b', 'x')).toBe(':1\r\n');
    expect(t.state.dirty).toBe(before + 1);
    expect(c.run('SISMEMBER', 'a', 'x')).toBe(':0\r\n');
  });

  it('converts the destination when needed', () => {
    const { c } = setup();
    c.run('SADD', 'ii', '1', '2');
    c.run('SADD', 't', 'a', 'b');
    expect(c.run('SMOVE', 't', 'ii', 'a')).toBe(':1\r\n');
    expect(c.encoding('ii')).toBe(HASHTABLE);
  });

  it('is a no-op within one set', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 's', '1', '2');
    ops.length = 0;
    expect(c.run('SMOVE', 's', 's', '1')).toBe(':1\r\n');
    expect(c.run('SMOVE', 's', 's', '9')).toBe(':0\r\n');
    expect(ops).toHaveLength(0);
    expect(t.state.dirty).toBe(2);
  });

  it('replies 0 for a missing source before checking types', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    c.run('SADD', 's', '1');
    expect(c.run('SMOVE', 'nokey', 'str', 'a')).toBe(':0\r\n');
    expect(c.run('SMOVE', 's', 'str', '1')).toBe(WRONGTYPE);
    expect(c.run('SMOVE', 'str', 's', '1')).toBe(WRONGTYPE);
    expect(c.run('SMOVE', 'str', 'nokey', '1')).toBe(WRONGTYPE);
    expect(c.run('SMEMBERS', 's')).toBe(bulks('1'));
  });
});

describe('SINTER, SINTERCARD, SINTERSTORE', () => {
  function data() {
    const s = setup();
    s.c.run('SADD', 'i1', '1', '2', '3', '4', '5');
    s.c.run('SADD', 'i2', '5', '4', '3', '9');
    s.c.run('SADD', 't1', 'a', 'b', 'c', '3');
    s.c.run('SADD', 't2', 'c', 'b', 'x', '3');
    return s;
  }

  it('intersects, walking the smallest set', () => {
    const { c } = data();
    expect(c.run('SINTER', 'i1', 'i2')).toBe(bulks('3', '4', '5'));
    expect(c.run('SINTER', 'i1')).toBe(bulks('1', '2', '3', '4', '5'));
    expect(c.run('SINTER', 'i1', 'i1')).toBe(bulks('1', '2', '3', '4', '5'));
    expect(sorted(c.strings('SINTER', 't1', 't2'))).toEqual(['3', 'b', 'c']);
    expect(c.run('SINTER', 't1', 'i1', 'i2')).toBe(bulks('3'));
    expect(c.run('SINTER', 'i1', 'nokey')).toBe('*0\r\n');
    c.run('HELLO', '3');
    expect(c.run('SINTER', 'i1', 'i2')).toBe(setReply('3', '4', '5'));
    expect(c.run('SINTER', 'nokey', 'i1')).toBe('~0\r\n');
  });

  it('checks every key type, even after a missing key', () => {
    const { c } = data();
    c.run('SET', 'str', 'x');
    expect(c.run('SINTER', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(c.run('SINTER', 'i1', 'str')).toBe(WRONGTYPE);
    expect(c.run('SINTERSTORE', 'dst', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(c.run('SINTERCARD', '2', 'nokey', 'str')).toBe(WRONGTYPE);
    expect(c.run('EXISTS', 'dst')).toBe(':0\r\n');
  });

  it('stores the intersection, replacing the destination and its TTL', () => {
    const { t, c, ops } = data();
    c.run('SET', 'dst', 'old');
    c.run('EXPIRE', 'dst', '100');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('SINTERSTORE', 'dst', 'i1', 'i2')).toBe(':3\r\n');
    expect(c.run('SMEMBERS', 'dst')).toBe(bulks('3', '4', '5'));
    expect(c.encoding('dst')).toBe(INTSET);
    expect(c.run('TTL', 'dst')).toBe(':-1\r\n');
    expect(t.state.dirty).toBe(before + 1);
    expect(c.run('SINTERSTORE', 't1', 't1', 't2')).toBe(':3\r\n');
    expect(c.encoding('t1')).toBe(HASHTABLE);
    expect(argvs(ops)).toEqual([
      ['SINTERSTORE', 'dst', 'i1', 'i2'],
      ['SINTERSTORE', 't1', 't1', 't2'],
    ]);
  });

  it('deletes the destination for an empty result, a change only if it existed', () => {
    const { t, c, ops } = data();
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('SINTERSTORE', 'e', 'i1', 'nokey')).toBe(':0\r\n');
    expect(ops).toHaveLength(0);
    c.run('SADD', 'd', 'x');
    expect(c.run('SINTERSTORE', 'd', 'i1', 'nokey')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
    expect(c.run('SINTERSTORE', 'd', 'i1', 't2', 'i2')).toBe(':1\r\n');
    expect(c.run('SINTERSTORE', 'd', 'i1', 't1', 'nokey')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(before + 4);
  });

  it('counts with SINTERCARD and stops at LIMIT', () => {
    const { c } = data();
    expect(c.run('SINTERCARD', '2', 'i1', 'i2')).toBe(':3\r\n');
    expect(c.run('SINTERCARD', '1', 'i1', 'LIMIT', '0')).toBe(':5\r\n');
    expect(c.run('SINTERCARD', '1', 'i1', 'limit', '2')).toBe(':2\r\n');
    expect(c.run('SINTERCARD', '2', 'i1', 'i2', 'LIMIT', '1', 'LIMIT', '10')).toBe(':3\r\n');
    expect(c.run('SINTERCARD', '2', 'i1', 'nokey')).toBe(':0\r\n');
    expect(c.run('SINTERCARD', '1', 'nokey')).toBe(':0\r\n');
  });

  it('validates SINTERCARD arguments with Redis texts', () => {
    const { c } = data();
    expect(c.run('SINTERCARD', '0', 'i1')).toBe(err('ERR numkeys should be greater than 0'));
    expect(c.run('SINTERCARD', '-1', 'i1')).toBe(err('ERR numkeys should be greater than 0'));
    expect(c.run('SINTERCARD', 'x', 'i1')).toBe(err('ERR numkeys should be greater than 0'));
    expect(c.run('SINTERCARD', '2', 'i1')).toBe(err("ERR Number of keys can't be greater than number of args"));
    expect(c.run('SINTERCARD', '9223372036854775807', 'i1')).toBe(
      err("ERR Number of keys can't be greater than number of args"),
    );
    expect(c.run('SINTERCARD', '1', 'i1', 'limit')).toBe(err(E.SYNTAX));
    expect(c.run('SINTERCARD', '1', 'i1', 'limit', '-1')).toBe(err("ERR LIMIT can't be negative"));
    expect(c.run('SINTERCARD', '1', 'i1', 'limit', 'x')).toBe(err("ERR LIMIT can't be negative"));
    expect(c.run('SINTERCARD', '1', 'i1', 'foo', '2')).toBe(err(E.SYNTAX));
    expect(c.run('SINTERCARD', '1', 'i1', 'limit', '1', 'extra')).toBe(err(E.SYNTAX));
  });
});

describe('SUNION, SDIFF and their STORE forms', () => {
  it('returns an all-integer result sorted, whatever the sources encodings', () => {
    const { c } = setup();
    c.run('SADD', 'z', 'a', '30', '10', '20', '5', '1', '100', '7');
    c.run('SREM', 'z', 'a');
    const ints = ['1', '5', '7', '10', '20', '30', '100'];
    expect(c.run('SUNION', 'z')).toBe(bulks(...ints));
    expect(c.run('SDIFF', 'z')).toBe(bulks(...ints));
    expect(c.run('SUNION', 'z', 'nokey')).toBe(bulks(...ints));
    c.run('HELLO', '3');
    expect(c.run('SUNION', 'z', 'nokey')).toBe(setReply(...ints));
    expect(c.run('SDIFF', 'nokey', 'z')).toBe('~0\r\n');
  });

  it('unions and diffs', () => {
    const { c } = setup();
    c.run('SADD', 'a', '1', '2', '3');
    c.run('SADD', 'b', '2', '3', '4');
    c.run('SADD', 'c', 'x', '1');
    expect(c.run('SUNION', 'a', 'b')).toBe(bulks('1', '2', '3', '4'));
    expect(sorted(c.strings('SUNION', 'a', 'c'))).toEqual(['1', '2', '3', 'x']);
    expect(c.run('SDIFF', 'a', 'b')).toBe(bulks('1'));
    expect(c.run('SDIFF', 'a', 'c', 'b')).toBe('*0\r\n');
    expect(c.run('SDIFF', 'a', 'a')).toBe('*0\r\n');
    expect(c.run('SDIFF', 'a', 'b', 'a')).toBe('*0\r\n');
    expect(c.run('SDIFF', 'nokey', 'a')).toBe('*0\r\n');
    expect(c.run('SDIFF', 'a', 'nokey')).toBe(bulks('1', '2', '3'));
    expect(c.run('SUNION', 'nokey')).toBe('*0\r\n');
  });

  it('checks every key type', () => {
    const { c } = setup();
    c.run('SADD', 's', '1');
    c.run('SET', 'str', 'x');
    for (const argv of [
      ['SUNION', 'nokey', 'str'],
      ['SDIFF', 'nokey', 'str'],
      ['SDIFF', 'str', 'nokey'],
      ['SUNIONSTORE', 'dst', 's', 'str'],
      ['SDIFFSTORE', 'dst', 'nokey', 'str'],
    ]) {
      expect(c.run(...argv)).toBe(WRONGTYPE);
    }
  });

  it('stores results, deleting the destination for an empty one', () => {
    const { t, c, ops } = setup();
    c.run('SADD', 'a', '1', '2', '3');
    c.run('SADD', 'b', '2', '3', '4');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('SUNIONSTORE', 'u', 'a', 'b')).toBe(':4\r\n');
    expect(c.encoding('u')).toBe(INTSET);
    expect(c.run('SDIFFSTORE', 'd', 'a', 'b')).toBe(':1\r\n');
    expect(c.run('SUNIONSTORE', 'none', 'nokey', 'nokey2')).toBe(':0\r\n');
    expect(c.run('SDIFFSTORE', 'd', 'a', 'a')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'd')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(before + 3);
    expect(argvs(ops)).toEqual([
      ['SUNIONSTORE', 'u', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
    ]);
  });

  it('gives SDIFFSTORE the encoding of the algorithm Redis picks', () => {
    const { c } = setup();
    c.run('SADD', 'a', ...range(1, 600));
    c.run('SADD', 'b', ...range(1, 100));
    c.run('SADD', 'c', ...range(101, 200));
    c.run('SADD', 'big', ...range(3, 600));
    // Few sets: members of the first are tested one by one; a small result is an intset.
    expect(c.run('SDIFFSTORE', 'd1', 'a', 'big')).toBe(':2\r\n');
    expect(c.encoding('d1')).toBe(INTSET);
    // Many sets: the first (a hashtable past 512) is copied, then others removed.
    expect(c.run('SDIFFSTORE', 'd2', 'a', 'b', 'c')).toBe(':400\r\n');
    expect(c.encoding('d2')).toBe(HASHTABLE);
    c.run('SADD', 's0', 'a', '1', '2', '3');
    for (const k of ['s1', 's2', 's3']) c.run('SADD', k, 'a');
    expect(c.run('SDIFFSTORE', 'e2', 's0', 's1', 's2')).toBe(':3\r\n');
    expect(c.encoding('e2')).toBe(INTSET);
    expect(c.run('SDIFF', 's0', 's1', 's2')).toBe(bulks('1', '2', '3'));
    expect(c.run('SDIFFSTORE', 'e', 's0', 's1', 's2', 's3')).toBe(':3\r\n');
    expect(c.encoding('e')).toBe(HASHTABLE);
    expect(c.run('SDIFFSTORE', 'e3', 's0', 'nokey', 's1', 'nokey', 's2', 's3')).toBe(':3\r\n');
    expect(c.encoding('e3')).toBe(HASHTABLE);
  });

  it('counts source lookups as keyspace hits and misses, also when storing', () => {
    const { t, c } = setup();
    c.run('SADD', 's', '1');
    for (const cmd of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) c.run(cmd, 'd', 's', 'nokey');
    expect(t.state.stats.keyspaceHits).toBe(3);
    expect(t.state.stats.keyspaceMisses).toBe(3);
  });
});

describe('SSCAN', () => {
  it('returns an intset whole with cursor 0', () => {
    const { c } = setup();
    c.run('SADD', 's', '3', '1', '2', '12');
    const all = '*2\r\n$1\r\n0\r\n' + bulks('1', '2', '3', '12');
    expect(c.run('SSCAN', 's', '0')).toBe(all);
    expect(c.run('SSCAN', 's', '7', 'COUNT', '1')).toBe(all);
    expect(c.run('SSCAN', 's', '0', 'MATCH', '1*')).toBe('*2\r\n$1\r\n0\r\n' + bulks('1', '12'));
    expect(c.run('SSCAN', 'nokey', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
  });

  it('validates like HSCAN', () => {
    const { c } = setup();
    c.run('SADD', 's', '1');
    expect(c.run('SSCAN', 's', 'x')).toBe(err(E.INVALID_CURSOR));
    expect(c.run('SSCAN', 's', '0', 'novalues')).toBe(err(E.SYNTAX));
    expect(c.run('SSCAN', 's', '0', 'count', '0')).toBe(err(E.SYNTAX));
    expect(c.run('SSCAN', 'nokey', '0', 'count', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
  });

  it('iterates a hashtable with cursors, also across removals', () => {
    const { c } = setup();
    const members = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    c.run('SADD', 's', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const r = c.call('SSCAN', 's', cursor, 'COUNT', '30') as [string, string[]];
      cursor = String(r[0]);
      for (const m of r[1]) seen.add(String(m));
      if (calls === 3) c.run('SREM', 's', 'm999', 'm998');
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(10);
    for (let i = 0; i < 998; i++) expect(seen.has(`m${i}`)).toBe(true);
  });

  it('filters a hashtable scan with MATCH', () => {
    const { c } = setup();
    c.run('SADD', 't', 'a', 'b', 'ab');
    const r = c.call('SSCAN', 't', '0', 'MATCH', 'a*', 'COUNT', '100') as [string, string[]];
    expect(String(r[0])).toBe('0');
    expect(sorted(r[1].map(String))).toEqual(['a', 'ab']);
  });
});

describe('sets and WATCH', () => {
  function watched(t: ReturnType<typeof setup>['t']) {
    const w = t.client();
    w.run('WATCH', 's');
    w.run('MULTI');
    w.run('PING');
    return w;
  }

  it('writes that change the set abort the transaction', () => {
    for (const argv of [
      ['SADD', 's', 'new'],
      ['SREM', 's', 'a'],
      ['SPOP', 's'],
      ['SPOP', 's', '1'],
      ['SPOP', 's', '10'],
      ['SMOVE', 's', 'other', 'a'],
      ['SMOVE', 'other', 's', 'o'],
      ['SINTERSTORE', 's', 'other'],
      ['SUNIONSTORE', 's', 'other'],
      ['SDIFFSTORE', 's', 'nokey'],
    ]) {
      const { t, c } = setup();
      c.run('SADD', 's', 'a', 'b');
      c.run('SADD', 'other', 'o');
      const w = watched(t);
      c.run(...argv);
      expect(w.run('EXEC')).toBe('*-1\r\n');
    }
  });

  it('writes that change nothing do not', () => {
    for (const argv of [
      ['SADD', 's', 'a'],
      ['SREM', 's', 'zz'],
      ['SPOP', 's', '0'],
      ['SMOVE', 's', 's', 'a'],
      ['SMOVE', 's', 'other', 'zz'],
      ['SINTERSTORE', 'nokey2', 'nokey'],
    ]) {
      const { t, c } = setup();
      c.run('SADD', 's', 'a', 'b');
      c.run('SADD', 'other', 'o');
      const w = watched(t);
      c.run(...argv);
      expect(w.run('EXEC')).toBe('*1\r\n+PONG\r\n');
    }
  });
});
