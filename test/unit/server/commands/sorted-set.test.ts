import { describe, expect, it } from 'vitest';
import { blockedClientsCount, handleBlockedClientsTimeout } from '../../../../src/server/blocking.js';
import * as E from '../../../../src/server/errors.js';
import { ZSet } from '../../../../src/server/keyspace/values/zset.js';
import { argvs, setupCommandTest as setup, type TestClient } from '../../../helpers/harness.js';
import { bulk as b, bulks, EMPTY, err, int, NIL, SYNTAX, WRONGTYPE } from '../../../helpers/resp.js';

/** A set of members with scores, through ZADD. */
function fill(c: TestClient, key: string, ...pairs: Array<[number | string, string]>): void {
  c.run('ZADD', key, ...pairs.flat());
}

describe('ZADD and ZINCRBY', () => {
  it('adds, updates and counts with CH', () => {
    const { t, c, ops } = setup();
    expect(c.run('ZADD', 'z', '1', 'a', '2', 'b')).toBe(int(2));
    expect(c.run('ZADD', 'z', '1', 'a', '3', 'b', '4', 'c')).toBe(int(1));
    expect(c.run('ZADD', 'z', 'CH', '1', 'a', '5', 'b', '6', 'd')).toBe(int(2));
    expect(c.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(bulks('a', '1', 'c', '4', 'b', '5', 'd', '6'));
    expect(t.state.dirty).toBe(2 + 2 + 2);
    expect(argvs(ops)[0]).toEqual(['ZADD', 'z', '1', 'a', '2', 'b']);
  });

  it('honours NX, XX, GT and LT', () => {
    const { c } = setup();
    fill(c, 'z', [10, 'a']);
    expect(c.run('ZADD', 'z', 'NX', '1', 'a', '1', 'b')).toBe(int(1));
    expect(c.run('ZADD', 'z', 'XX', 'CH', '1', 'a', '1', 'c')).toBe(int(1));
    expect(c.run('ZADD', 'z', 'GT', 'CH', '0', 'a', '5', 'b', '7', 'e')).toBe(int(2));
    expect(c.run('ZADD', 'z', 'LT', 'CH', '9', 'b', '0', 'a')).toBe(int(1));
    expect(c.run('ZADD', 'z', 'XX', 'GT', 'CH', '100', 'e', '1', 'new')).toBe(int(1));
    expect(c.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(bulks('a', '0', 'b', '5', 'e', '100'));
  });

  it('rejects incompatible options and bad arguments before changing anything', () => {
    const { c } = setup();
    expect(c.run('ZADD', 'z', 'NX', 'XX', '1', 'a')).toBe(err(E.ZADD_XX_NX));
    expect(c.run('ZADD', 'z', 'GT', 'LT', '1', 'a')).toBe(err(E.ZADD_GT_LT_NX));
    expect(c.run('ZADD', 'z', 'NX', 'GT', '1', 'a')).toBe(err(E.ZADD_GT_LT_NX));
    expect(c.run('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toBe(err(E.ZADD_INCR_SINGLE_PAIR));
    expect(c.run('ZADD', 'z', '1', 'a', '2')).toBe(SYNTAX);
    expect(c.run('ZADD', 'z', 'NX')).toBe(err(E.wrongArity('zadd')));
    expect(c.run('ZADD', 'z', '1', 'a', 'x', 'b')).toBe(err(E.NOT_FLOAT));
    expect(c.run('ZADD', 'z', 'nan', 'a')).toBe(err(E.NOT_FLOAT));
    // strtod's ERANGE: overflow and underflow to zero are refused, denormals are fine.
    expect(c.run('ZADD', 'z', '1e400', 'a')).toBe(err(E.NOT_FLOAT));
    expect(c.run('ZADD', 'z', '1e-400', 'a')).toBe(err(E.NOT_FLOAT));
    expect(c.run('ZADD', 'z', ' 1', 'a')).toBe(err(E.NOT_FLOAT));
    expect(c.run('EXISTS', 'z')).toBe(int(0));
    expect(c.run('ZADD', 'z', '1.5e-310', 'a', '0x10', 'b', '-INF', 'c', '+inf', 'd')).toBe(int(4));
    expect(c.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(
      bulks('c', '-inf', 'a', '1.5000000000000201e-310', 'b', '16', 'd', 'inf'),
    );
    c.run('SET', 's', 'v');
    expect(c.run('ZADD', 's', '1', 'a')).toBe(WRONGTYPE);
  });

  it('formats scores with %.17g', () => {
    const { c } = setup();
    fill(c, 'z', [1.1, 'a'], ['1e20', 'b'], ['1e-20', 'c'], ['3.14159', 'd'], ['123456789.123', 'e']);
    expect(c.run('ZSCORE', 'z', 'a')).toBe(b('1.1000000000000001'));
    expect(c.run('ZSCORE', 'z', 'b')).toBe(b('1e+20'));
    expect(c.run('ZSCORE', 'z', 'c')).toBe(b('9.9999999999999995e-21'));
    expect(c.run('ZSCORE', 'z', 'd')).toBe(b('3.1415899999999999'));
    expect(c.run('ZSCORE', 'z', 'e')).toBe(b('123456789.123'));
    // printf rounds an exact tie at the 17th digit to even.
    fill(c, 'tie', ['1.00000762939453125', 'a'], ['1173788272066160.25', 'b'], ['-72773071668382.3125', 'c']);
    expect(c.run('ZRANGE', 'tie', '0', '-1', 'WITHSCORES')).toBe(
      bulks('c', '-72773071668382.312', 'a', '1.0000076293945312', 'b', '1173788272066160.2'),
    );
    c.run('HELLO', '3');
    expect(c.run('ZSCORE', 'z', 'a')).toBe(',1.1000000000000001\r\n');
    expect(c.run('ZSCORE', 'z', 'nope')).toBe('_\r\n');
  });

  it('increments with INCR and ZINCRBY, replying the new score or nil', () => {
    const { c } = setup();
    expect(c.run('ZINCRBY', 'z', '1.5', 'a')).toBe(b('1.5'));
    expect(c.run('ZADD', 'z', 'INCR', '2', 'a')).toBe(b('3.5'));
    expect(c.run('ZADD', 'z', 'XX', 'INCR', '2', 'nope')).toBe(NIL);
    expect(c.run('ZADD', 'z', 'NX', 'INCR', '2', 'a')).toBe(NIL);
    expect(c.run('ZADD', 'z', 'GT', 'INCR', '-1', 'a')).toBe(NIL);
    expect(c.run('ZADD', 'nokey', 'XX', 'INCR', '1', 'a')).toBe(NIL);
    expect(c.run('ZADD', 'nokey', 'XX', '1', 'a')).toBe(int(0));
    expect(c.run('EXISTS', 'nokey')).toBe(int(0));
    expect(c.run('ZINCRBY', 'z', 'inf', 'i')).toBe(b('inf'));
    expect(c.run('ZINCRBY', 'z', '-inf', 'i')).toBe(err(E.ZSET_NAN_SCORE));
    expect(c.run('ZSCORE', 'z', 'i')).toBe(b('inf'));
    expect(c.run('ZINCRBY', 'z', 'abc', 'a')).toBe(err(E.NOT_FLOAT));
    // ZINCRBY parses its increment position like ZADD options.
    expect(c.run('ZINCRBY', 'z', 'nx', 'a')).toBe(SYNTAX);
  });

  it('keeps -0 in a skiplist but stores 0 in a listpack', () => {
    const { c } = setup({ 'zset-max-listpack-entries': '1' });
    expect(c.run('ZADD', 'z', '-0', 'a')).toBe(int(1));
    expect(c.run('ZSCORE', 'z', 'a')).toBe(b('0'));
    expect(c.run('ZINCRBY', 'z', '-0', 'b')).toBe(b('-0'));
    expect(c.encoding('z')).toBe(b('skiplist'));
    expect(c.run('ZSCORE', 'z', 'b')).toBe(b('-0'));
  });
});

describe('encodings', () => {
  it('converts a listpack to a skiplist past the limits and never back', () => {
    const { c } = setup();
    c.run('ZADD', 'e', '1', 'x'.repeat(64));
    expect(c.encoding('e')).toBe(b('listpack'));
    c.run('ZADD', 'e', '2', 'y'.repeat(65));
    expect(c.encoding('e')).toBe(b('skiplist'));
    c.run('ZADD', 'f', '1', 'y'.repeat(65));
    expect(c.encoding('f')).toBe(b('skiplist'));
    const pairs: string[] = [];
    for (let i = 0; i < 128; i++) pairs.push(String(i), `m${i}`);
    c.run('ZADD', 'g', ...pairs);
    expect(c.encoding('g')).toBe(b('listpack'));
    c.run('ZADD', 'g', 'XX', '5', 'new');
    expect(c.encoding('g')).toBe(b('listpack'));
    c.run('ZADD', 'g', '500', 'extra');
    expect(c.encoding('g')).toBe(b('skiplist'));
    c.run('ZPOPMIN', 'g', '100');
    expect(c.encoding('g')).toBe(b('skiplist'));
  });

  it('follows zset-max-listpack-entries 0', () => {
    const { c } = setup({ 'zset-max-listpack-entries': '0' });
    c.run('ZADD', 'z', '1', 'a');
    expect(c.encoding('z')).toBe(b('skiplist'));
  });

  it('sizes store results: listpack when small, skiplist otherwise', () => {
    const { c } = setup();
    const pairs: string[] = [];
    for (let i = 0; i < 130; i++) pairs.push(String(i), `m${i}`);
    c.run('ZADD', 'big', ...pairs);
    expect(c.encoding('big')).toBe(b('skiplist'));
    c.run('ZADD', 'small', '1', 'm1', '2', 'm2');
    c.run('ZINTERSTORE', 'd1', '2', 'big', 'small');
    expect(c.encoding('d1')).toBe(b('listpack'));
    c.run('ZUNIONSTORE', 'd2', '1', 'big');
    expect(c.encoding('d2')).toBe(b('skiplist'));
    c.run('ZRANGESTORE', 'd3', 'big', '0', '127');
    expect(c.encoding('d3')).toBe(b('listpack'));
    c.run('ZRANGESTORE', 'd4', 'big', '0', '128');
    expect(c.encoding('d4')).toBe(b('skiplist'));
  });

  it('stores -0 from a computed union as 0 in a listpack, but replies -0 from ZUNION', () => {
    const { c } = setup();
    c.run('ZADD', 'z', '0', 'a');
    expect(c.run('ZUNION', '1', 'z', 'WEIGHTS', '-1', 'WITHSCORES')).toBe(bulks('a', '-0'));
    c.run('ZUNIONSTORE', 'd', '1', 'z', 'WEIGHTS', '-1');
    expect(c.run('ZSCORE', 'd', 'a')).toBe(b('0'));
  });
});

describe('reads', () => {
  it('ZSCORE, ZMSCORE, ZCARD, ZRANK and ZREVRANK', () => {
    const { c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    expect(c.run('ZCARD', 'z')).toBe(int(3));
    expect(c.run('ZCARD', 'nokey')).toBe(int(0));
    expect(c.run('ZMSCORE', 'z', 'a', 'nope', 'c')).toBe(`*3\r\n${b('1')}${NIL}${b('3')}`);
    expect(c.run('ZMSCORE', 'nokey', 'a', 'b')).toBe(`*2\r\n${NIL}${NIL}`);
    expect(c.run('ZSCORE', 'nokey', 'a')).toBe(NIL);
    expect(c.run('ZRANK', 'z', 'c')).toBe(int(2));
    expect(c.run('ZREVRANK', 'z', 'c')).toBe(int(0));
    expect(c.run('ZRANK', 'z', 'nope')).toBe(NIL);
    expect(c.run('ZRANK', 'nokey', 'a')).toBe(NIL);
    c.run('SET', 's', 'v');
    for (const cmd of ['ZCARD', 'ZSCORE', 'ZMSCORE', 'ZRANK', 'ZREVRANK']) {
      expect(c.run(cmd, 's', ...(cmd === 'ZCARD' ? [] : ['a']))).toBe(WRONGTYPE);
    }
    c.run('HELLO', '3');
    expect(c.run('ZMSCORE', 'z', 'a', 'nope')).toBe('*2\r\n,1\r\n_\r\n');
  });

  it('ZCOUNT parses score bounds like strtod', () => {
    const { c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c'], ['inf', 'd']);
    expect(c.run('ZCOUNT', 'z', '-inf', '+inf')).toBe(int(4));
    expect(c.run('ZCOUNT', 'z', '(1', '3')).toBe(int(2));
    expect(c.run('ZCOUNT', 'z', '1', '(3')).toBe(int(2));
    expect(c.run('ZCOUNT', 'z', ' 1', '3')).toBe(int(3));
    expect(c.run('ZCOUNT', 'z', '', '1')).toBe(int(1));
    expect(c.run('ZCOUNT', 'z', '(', '+inf')).toBe(int(4));
    expect(c.run('ZCOUNT', 'z', '1e400', 'inf')).toBe(int(1));
    expect(c.run('ZCOUNT', 'z', '3', '1')).toBe(int(0));
    expect(c.run('ZCOUNT', 'z', '1 ', '3')).toBe(err(E.ZSET_MIN_MAX_NOT_FLOAT));
    expect(c.run('ZCOUNT', 'z', 'nan', '3')).toBe(err(E.ZSET_MIN_MAX_NOT_FLOAT));
    expect(c.run('ZCOUNT', 'nokey', 'x', '3')).toBe(err(E.ZSET_MIN_MAX_NOT_FLOAT));
    expect(c.run('ZCOUNT', 'nokey', '0', '3')).toBe(int(0));
  });

  it('ZLEXCOUNT and lex bounds', () => {
    const { c } = setup();
    fill(c, 'l', [0, 'a'], [0, 'b'], [0, 'c'], [0, 'd']);
    expect(c.run('ZLEXCOUNT', 'l', '-', '+')).toBe(int(4));
    expect(c.run('ZLEXCOUNT', 'l', '[b', '(d')).toBe(int(2));
    expect(c.run('ZLEXCOUNT', 'l', '(b', '(b')).toBe(int(0));
    expect(c.run('ZLEXCOUNT', 'l', '[b', '[b')).toBe(int(1));
    expect(c.run('ZLEXCOUNT', 'l', '+', '-')).toBe(int(0));
    expect(c.run('ZLEXCOUNT', 'l', 'a', 'b')).toBe(err(E.ZSET_MIN_MAX_NOT_LEX));
    expect(c.run('ZLEXCOUNT', 'l', '-x', '+')).toBe(err(E.ZSET_MIN_MAX_NOT_LEX));
    expect(c.run('ZLEXCOUNT', 'l', '', '+')).toBe(err(E.ZSET_MIN_MAX_NOT_LEX));
  });
});

describe('ZRANGE family', () => {
  const setupRange = () => {
    const s = setup();
    fill(s.c, 'z', [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']);
    fill(s.c, 'l', [0, 'a'], [0, 'b'], [0, 'c'], [0, 'd'], [0, 'e']);
    return s;
  };

  it('ranges by rank, forwards and reversed, with clamped indexes', () => {
    const { c } = setupRange();
    expect(c.run('ZRANGE', 'z', '0', '1', 'WITHSCORES')).toBe(bulks('a', '1', 'b', '2'));
    expect(c.run('ZRANGE', 'z', '-2', '-1')).toBe(bulks('d', 'e'));
    expect(c.run('ZRANGE', 'z', '0', '-1', 'REV')).toBe(bulks('e', 'd', 'c', 'b', 'a'));
    expect(c.run('ZREVRANGE', 'z', '1', '2', 'WITHSCORES')).toBe(bulks('d', '4', 'c', '3'));
    expect(c.run('ZRANGE', 'z', '-100', '100')).toBe(bulks('a', 'b', 'c', 'd', 'e'));
    expect(c.run('ZRANGE', 'z', '3', '1')).toBe(EMPTY);
    expect(c.run('ZRANGE', 'z', '100', '200')).toBe(EMPTY);
    expect(c.run('ZRANGE', 'nokey', '0', '-1')).toBe(EMPTY);
    expect(c.run('ZRANGE', 'z', 'a', '1')).toBe(err(E.NOT_INTEGER));
  });

  it('ranges by score with LIMIT', () => {
    const { c } = setupRange();
    expect(c.run('ZRANGEBYSCORE', 'z', '(1', '3', 'WITHSCORES')).toBe(bulks('b', '2', 'c', '3'));
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '1', '2')).toBe(bulks('b', 'c'));
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '3', '-1')).toBe(bulks('d', 'e'));
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '-1', '3')).toBe(EMPTY);
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '5', '3')).toBe(EMPTY);
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '0', '0')).toBe(EMPTY);
    expect(c.run('ZREVRANGEBYSCORE', 'z', '4', '(2', 'WITHSCORES')).toBe(bulks('d', '4', 'c', '3'));
    expect(c.run('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '1', '1')).toBe(bulks('d'));
    expect(c.run('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '2')).toBe(bulks('e', 'd'));
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '0')).toBe(SYNTAX);
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'REV')).toBe(SYNTAX);
    expect(c.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', 'x', '1')).toBe(err(E.NOT_INTEGER));
  });

  it('ranges by lex', () => {
    const { c } = setupRange();
    expect(c.run('ZRANGEBYLEX', 'l', '[b', '(e')).toBe(bulks('b', 'c', 'd'));
    expect(c.run('ZRANGEBYLEX', 'l', '(b', '[e', 'LIMIT', '1', '2')).toBe(bulks('d', 'e'));
    expect(c.run('ZREVRANGEBYLEX', 'l', '+', '-', 'LIMIT', '0', '2')).toBe(bulks('e', 'd'));
    expect(c.run('ZRANGE', 'l', '[d', '[b', 'BYLEX', 'REV')).toBe(bulks('d', 'c', 'b'));
    expect(c.run('ZRANGEBYLEX', 'l', '-', '-')).toBe(EMPTY);
    expect(c.run('ZRANGEBYLEX', 'l', 'a', 'b')).toBe(err(E.ZSET_MIN_MAX_NOT_LEX));
  });

  it('answers lex ranges over mixed scores the way a listpack scan does', () => {
    const { c } = setup();
    fill(c, 'm', [1, 'c'], [2, 'a'], [3, 'b']);
    expect(c.run('ZRANGEBYLEX', 'm', '[b', '+')).toBe(bulks('c', 'a', 'b'));
    expect(c.run('ZLEXCOUNT', 'm', '-', '[b')).toBe(int(0));
    // The range check looks at the first and last members only: 'c' > '[b'.
    expect(c.run('ZREVRANGEBYLEX', 'm', '[b', '-')).toBe(EMPTY);
    expect(c.run('ZREVRANGEBYLEX', 'm', '+', '[b')).toBe(bulks('b'));
    expect(c.run('ZRANGEBYLEX', 'm', '-', '[a')).toBe(EMPTY);
    expect(c.run('ZREMRANGEBYLEX', 'm', '[b', '[c')).toBe(int(3));
  });

  it('rejects conflicting options', () => {
    const { c } = setupRange();
    expect(c.run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toBe(err(E.ZRANGE_LIMIT_NEEDS_BY));
    expect(c.run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1')).toBe(bulks('a', 'b'));
    expect(c.run('ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toBe(err(E.ZRANGE_LIMIT_NEEDS_BY));
    expect(c.run('ZRANGE', 'z', 'a', 'b', 'BYLEX', 'WITHSCORES')).toBe(err(E.ZRANGE_WITHSCORES_BYLEX));
    expect(c.run('ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX')).toBe(SYNTAX);
    expect(c.run('ZRANGE', 'z', '0', '1', 'REV', 'REV')).toBe(SYNTAX);
    expect(c.run('ZREVRANGE', 'z', '0', '1', 'BYSCORE')).toBe(SYNTAX);
    expect(c.run('ZRANGESTORE', 'd', 'z', '0', '1', 'WITHSCORES')).toBe(SYNTAX);
  });

  it('nests [member, score] pairs in RESP3', () => {
    const { c } = setupRange();
    c.run('HELLO', '3');
    expect(c.run('ZRANGE', 'z', '0', '1', 'WITHSCORES')).toBe(`*2\r\n*2\r\n${b('a')},1\r\n*2\r\n${b('b')},2\r\n`);
    expect(c.run('ZRANGE', 'z', '0', '1')).toBe(bulks('a', 'b'));
    expect(c.run('ZUNION', '1', 'z', 'WITHSCORES')).toMatch(/^\*5\r\n\*2\r\n\$1\r\na\r\n,1\r\n/);
  });

  it('ZRANGESTORE stores, replaces and deletes its destination', () => {
    const { t, c, ops } = setupRange();
    const dirty = t.state.dirty;
    expect(c.run('ZRANGESTORE', 'd', 'z', '(1', '3', 'BYSCORE')).toBe(int(2));
    expect(c.run('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toBe(bulks('b', '2', 'c', '3'));
    expect(c.run('ZRANGESTORE', 'd', 'z', '10', '3', 'BYSCORE', 'REV', 'LIMIT', '1', '1')).toBe(int(1));
    expect(c.run('ZRANGE', 'd', '0', '-1')).toBe(bulks('d'));
    expect(c.run('ZRANGESTORE', 'd', 'l', '[b', '[c', 'BYLEX')).toBe(int(2));
    expect(c.run('ZRANGESTORE', 'd', 'nokey', '0', '-1')).toBe(int(0));
    expect(c.run('EXISTS', 'd')).toBe(int(0));
    expect(c.run('ZRANGESTORE', 'd', 'nokey', '0', '-1')).toBe(int(0));
    expect(t.state.dirty - dirty).toBe(4);
    c.run('SET', 's', 'v');
    expect(c.run('ZRANGESTORE', 'd', 's', '0', '-1')).toBe(WRONGTYPE);
    expect(c.run('ZRANGESTORE', 's', 'z', '0', '0')).toBe(int(1));
    expect(c.run('TYPE', 's')).toBe('+zset\r\n');
    expect(argvs(ops).at(-1)).toEqual(['ZRANGESTORE', 's', 'z', '0', '0']);
  });
});

describe('removals', () => {
  it('ZREM removes members and the emptied key', () => {
    const { t, c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    const dirty = t.state.dirty;
    expect(c.run('ZREM', 'z', 'a', 'nope', 'b', 'a')).toBe(int(2));
    expect(c.run('ZREM', 'z', 'c')).toBe(int(1));
    expect(c.run('EXISTS', 'z')).toBe(int(0));
    expect(c.run('ZREM', 'z', 'c')).toBe(int(0));
    expect(t.state.dirty - dirty).toBe(3);
    c.run('SET', 's', 'v');
    expect(c.run('ZREM', 's', 'a')).toBe(WRONGTYPE);
  });

  it('ZREMRANGEBYRANK, BYSCORE and BYLEX', () => {
    const { c } = setup();
    fill(c, 'l', [0, 'a'], [0, 'b'], [0, 'c'], [0, 'd'], [0, 'e'], [0, 'f']);
    expect(c.run('ZREMRANGEBYLEX', 'l', '[b', '(d')).toBe(int(2));
    expect(c.run('ZREMRANGEBYRANK', 'l', '-2', '-1')).toBe(int(2));
    expect(c.run('ZREMRANGEBYRANK', 'l', '5', '10')).toBe(int(0));
    expect(c.run('ZREMRANGEBYRANK', 'l', '1', '0')).toBe(int(0));
    expect(c.run('ZRANGE', 'l', '0', '-1')).toBe(bulks('a', 'd'));
    expect(c.run('ZREMRANGEBYRANK', 'l', '0', '-1')).toBe(int(2));
    expect(c.run('EXISTS', 'l')).toBe(int(0));
    fill(c, 's', [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']);
    expect(c.run('ZREMRANGEBYSCORE', 's', '(1', '3')).toBe(int(2));
    expect(c.run('ZREMRANGEBYSCORE', 's', '10', '20')).toBe(int(0));
    expect(c.run('ZRANGE', 's', '0', '-1')).toBe(bulks('a', 'd'));
    // The range is checked before the key.
    expect(c.run('ZREMRANGEBYSCORE', 'nokey', 'x', '1')).toBe(err(E.ZSET_MIN_MAX_NOT_FLOAT));
    expect(c.run('ZREMRANGEBYLEX', 'nokey', 'x', '+')).toBe(err(E.ZSET_MIN_MAX_NOT_LEX));
    expect(c.run('ZREMRANGEBYRANK', 'nokey', 'a', '1')).toBe(err(E.NOT_INTEGER));
    expect(c.run('ZREMRANGEBYRANK', 'nokey', '0', '1')).toBe(int(0));
  });
});

describe('pops', () => {
  it('ZPOPMIN and ZPOPMAX with and without COUNT', () => {
    const { t, c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']);
    const dirty = t.state.dirty;
    expect(c.run('ZPOPMIN', 'z')).toBe(bulks('a', '1'));
    expect(c.run('ZPOPMAX', 'z', '2')).toBe(bulks('d', '4', 'c', '3'));
    expect(c.run('ZPOPMIN', 'z', '0')).toBe(EMPTY);
    expect(c.run('ZPOPMIN', 'z', '10')).toBe(bulks('b', '2'));
    expect(c.run('EXISTS', 'z')).toBe(int(0));
    expect(c.run('ZPOPMIN', 'z')).toBe(EMPTY);
    expect(t.state.dirty - dirty).toBe(4);
    expect(c.run('ZPOPMIN', 'z', '-1')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('ZPOPMIN', 'z', 'x')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('ZPOPMIN', 'z', '1', '2')).toBe(SYNTAX);
  });

  it('nests pairs in RESP3 only with COUNT', () => {
    const { c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    c.run('HELLO', '3');
    expect(c.run('ZPOPMIN', 'z')).toBe(`*2\r\n${b('a')},1\r\n`);
    expect(c.run('ZPOPMIN', 'z', '1')).toBe(`*1\r\n*2\r\n${b('b')},2\r\n`);
  });

  it('ZMPOP pops from the first non-empty key and propagates ZPOPMIN/ZPOPMAX', () => {
    const { c, ops } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    ops.length = 0;
    expect(c.run('ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '10')).toBe(
      `*2\r\n${b('z')}*3\r\n*2\r\n${b('c')}${b('3')}*2\r\n${b('b')}${b('2')}*2\r\n${b('a')}${b('1')}`,
    );
    expect(c.run('ZMPOP', '1', 'z', 'MIN')).toBe('*-1\r\n');
    expect(argvs(ops)).toEqual([['ZPOPMAX', 'z', '3']]);
    expect(c.run('ZMPOP', '0', 'z', 'MIN')).toBe(err(E.NUMKEYS_NOT_POSITIVE));
    expect(c.run('ZMPOP', '1', 'z', 'MIDDLE')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '2', 'z', 'MIN')).toBe(SYNTAX);
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0')).toBe(err(E.COUNT_NOT_POSITIVE));
    expect(c.run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1')).toBe(SYNTAX);
    c.run('SET', 's', 'v');
    expect(c.run('ZMPOP', '2', 'nokey', 's', 'MIN')).toBe(WRONGTYPE);
    c.run('HELLO', '3');
    expect(c.run('ZMPOP', '1', 'z', 'MIN')).toBe('_\r\n');
  });
});

describe('blocking pops', () => {
  it('serve at once when a key has members, propagated as ZPOPMIN/ZPOPMAX', () => {
    const { c, ops } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    ops.length = 0;
    expect(c.run('BZPOPMIN', 'nokey', 'z', '0')).toBe(bulks('z', 'a', '1'));
    expect(c.run('BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '5')).toBe(
      `*2\r\n${b('z')}*2\r\n*2\r\n${b('c')}${b('3')}*2\r\n${b('b')}${b('2')}`,
    );
    expect(argvs(ops)).toEqual([
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '2'],
    ]);
  });

  it('check the timeout first and the type of each key', () => {
    const { c } = setup();
    expect(c.run('BZPOPMIN', 'k', '-1')).toBe(err(E.TIMEOUT_NEGATIVE));
    expect(c.run('BZPOPMIN', 'k', 'x')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    expect(c.run('BZMPOP', 'x', '1', 'k', 'MIN', 'COUNT', '0')).toBe(err(E.COUNT_NOT_POSITIVE));
    expect(c.run('BZMPOP', 'x', '1', 'k', 'MIN')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    c.run('SET', 's', 'v');
    expect(c.run('BZPOPMAX', 'nokey', 's', '0')).toBe(WRONGTYPE);
  });

  it('answer a null array inside MULTI', () => {
    const { t, c } = setup();
    c.run('MULTI');
    c.run('BZPOPMIN', 'nokey', '0');
    c.run('BZMPOP', '0', '1', 'nokey', 'MIN');
    expect(c.run('EXEC')).toBe('*2\r\n*-1\r\n*-1\r\n');
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('wake on ZADD in blocking order, from the key that became ready', () => {
    const { t, c, ops } = setup();
    const b1 = t.client();
    const b2 = t.client();
    const b3 = t.client();
    expect(b1.run('BZPOPMIN', 'k1', 'k2', '0')).toBe('');
    expect(b2.run('BZMPOP', '0', '2', 'k1', 'k2', 'MAX', 'COUNT', '5')).toBe('');
    b3.run('HELLO', '3');
    expect(b3.run('BZPOPMAX', 'k2', '0')).toBe('');
    expect(blockedClientsCount(t.state)).toBe(3);
    ops.length = 0;
    const dirty = t.state.dirty;
    expect(c.run('ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c', '4', 'd')).toBe(int(4));
    expect(b1.take()).toBe(bulks('k2', 'a', '1'));
    expect(b2.take()).toBe(
      `*2\r\n${b('k2')}*3\r\n*2\r\n${b('d')}${b('4')}*2\r\n${b('c')}${b('3')}*2\r\n${b('b')}${b('2')}`,
    );
    expect(b3.take()).toBe('');
    expect(c.run('EXISTS', 'k2')).toBe(int(0));
    c.run('ZADD', 'k2', '9', 'z');
    expect(b3.take()).toBe(`*3\r\n${b('k2')}${b('z')},9\r\n`);
    expect(argvs(ops)).toEqual([
      ['ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMIN', 'k2'],
      ['ZPOPMAX', 'k2', '3'],
      ['ZADD', 'k2', '9', 'z'],
      ['ZPOPMAX', 'k2'],
    ]);
    expect(t.state.dirty - dirty).toBe(4 + 1 + 3 + 1 + 1);
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('wake on a stored sorted set and ignore a list on the key', () => {
    const { t, c } = setup();
    const w = t.client();
    w.run('BZPOPMIN', 'k', '0');
    c.run('RPUSH', 'k', 'x');
    expect(w.take()).toBe('');
    c.run('DEL', 'k');
    c.run('ZADD', 'src', '5', 'm');
    c.run('ZUNIONSTORE', 'k', '1', 'src');
    expect(w.take()).toBe(bulks('k', 'm', '5'));
  });

  it('time out with a null array', () => {
    const { t } = setup();
    const w = t.client();
    w.run('BZPOPMIN', 'k', '0.5');
    t.clock.advance(501);
    handleBlockedClientsTimeout(t.state);
    expect(w.take()).toBe('*-1\r\n');
    w.run('HELLO', '3');
    w.run('BZMPOP', '0.1', '1', 'k', 'MIN');
    t.clock.advance(101);
    handleBlockedClientsTimeout(t.state);
    expect(w.take()).toBe('_\r\n');
    expect(blockedClientsCount(t.state)).toBe(0);
  });
});

describe('ZRANDMEMBER', () => {
  it('checks its count and WITHSCORES before the key', () => {
    const { c } = setup();
    expect(c.run('ZRANDMEMBER', 'nokey')).toBe(NIL);
    expect(c.run('ZRANDMEMBER', 'nokey', '3')).toBe(EMPTY);
    expect(c.run('ZRANDMEMBER', 'nokey', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('ZRANDMEMBER', 'nokey', '-9223372036854775808')).toBe(err(E.ZRANDMEMBER_COUNT_RANGE));
    expect(c.run('ZRANDMEMBER', 'nokey', '5', 'foo')).toBe(SYNTAX);
    expect(c.run('ZRANDMEMBER', 'nokey', '-4611686018427387904', 'WITHSCORES')).toBe(err(E.VALUE_OUT_OF_RANGE));
    expect(c.run('ZRANDMEMBER', 'nokey', '4611686018427387903', 'WITHSCORES')).toBe(EMPTY);
  });

  it('returns distinct members for a positive count, the whole set from the top when larger', () => {
    const { c } = setup();
    fill(c, 'z', [1, 'a'], [2, 'b'], [3, 'c']);
    expect(c.run('ZRANDMEMBER', 'z', '10', 'WITHSCORES')).toBe(bulks('c', '3', 'b', '2', 'a', '1'));
    expect(c.run('ZRANDMEMBER', 'z', '0')).toBe(EMPTY);
    for (let i = 0; i < 20; i++) {
      const got = c.call('ZRANDMEMBER', 'z', '2') as string[];
      expect(new Set(got.map(String)).size).toBe(2);
      const rep = c.call('ZRANDMEMBER', 'z', '-5') as string[];
      expect(rep).toHaveLength(5);
      for (const m of rep) expect(['a', 'b', 'c']).toContain(String(m));
    }
    expect(['$1\r\na\r\n', '$1\r\nb\r\n', '$1\r\nc\r\n']).toContain(c.run('ZRANDMEMBER', 'z'));
    c.run('HELLO', '3');
    expect(c.run('ZRANDMEMBER', 'z', '-1', 'WITHSCORES')).toMatch(/^\*1\r\n\*2\r\n\$1\r\n[abc]\r\n,[123]\r\n$/);
  });

  it('samples a skiplist set without repeats', () => {
    const { c } = setup();
    const pairs: string[] = [];
    for (let i = 0; i < 300; i++) pairs.push(String(i), `m${i}`);
    c.run('ZADD', 'z', ...pairs);
    for (const n of [5, 150]) {
      const got = (c.call('ZRANDMEMBER', 'z', n) as string[]).map(String);
      expect(new Set(got).size).toBe(n);
    }
  });
});

describe('set operations', () => {
  it('ZUNION, ZINTER and ZDIFF with weights and aggregates, sets counting as score 1', () => {
    const { c } = setup();
    fill(c, 'z1', [1, 'a'], [2, 'b'], [3, 'c']);
    fill(c, 'z2', [10, 'b'], [20, 'c'], [30, 'd']);
    c.run('SADD', 's', 'c', 'd', 'e');
    expect(c.run('ZUNION', '2', 'z1', 'z2', 'WITHSCORES')).toBe(
      bulks('a', '1', 'b', '12', 'c', '23', 'd', '30'),
    );
    expect(c.run('ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '2', '0.5', 'AGGREGATE', 'MAX', 'WITHSCORES')).toBe(
      bulks('a', '2', 'b', '5', 'c', '10', 'd', '15'),
    );
    expect(c.run('ZINTER', '3', 'z1', 'z2', 's', 'WITHSCORES')).toBe(bulks('c', '24'));
    expect(c.run('ZINTER', '2', 'z1', 'z2', 'AGGREGATE', 'MIN')).toBe(bulks('b', 'c'));
    expect(c.run('ZDIFF', '2', 'z2', 's', 'WITHSCORES')).toBe(bulks('b', '10'));
    expect(c.run('ZDIFF', '2', 'z1', 'z1')).toBe(EMPTY);
    expect(c.run('ZINTERCARD', '2', 'z1', 'z2')).toBe(int(2));
    expect(c.run('ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1')).toBe(int(1));
    expect(c.run('ZUNION', '2', 'z1', 'nokey')).toBe(bulks('a', 'b', 'c'));
  });

  it('follows Redis for inf and NaN scores', () => {
    const { c } = setup();
    fill(c, 'zi', ['inf', 'a']);
    fill(c, 'zn', ['-inf', 'a']);
    expect(c.run('ZUNION', '2', 'zi', 'zn', 'WITHSCORES')).toBe(bulks('a', '0'));
    expect(c.run('ZUNION', '1', 'zi', 'WEIGHTS', '0', 'WITHSCORES')).toBe(bulks('a', '0'));
    expect(c.run('ZINTER', '2', 'zi', 'zn', 'AGGREGATE', 'MIN', 'WITHSCORES')).toBe(bulks('a', '-inf'));
  });

  it('rejects bad arguments', () => {
    const { c } = setup();
    expect(c.run('ZUNION', '0', 'a')).toBe(err(E.zsetNeedsInputKey('zunion')));
    expect(c.run('ZUNIONSTORE', 'd', '0', 'a')).toBe(err(E.zsetNeedsInputKey('zunionstore')));
    expect(c.run('ZINTERCARD', '0', 'a')).toBe(err(E.zsetNeedsInputKey('zintercard')));
    expect(c.run('ZUNION', 'x', 'a')).toBe(err(E.NOT_INTEGER));
    expect(c.run('ZUNION', '2', 'a')).toBe(SYNTAX);
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS', 'x')).toBe(err(E.ZSET_WEIGHT_NOT_FLOAT));
    expect(c.run('ZUNION', '1', 'a', 'WEIGHTS')).toBe(SYNTAX);
    expect(c.run('ZUNION', '1', 'a', 'AGGREGATE', 'avg')).toBe(SYNTAX);
    expect(c.run('ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES')).toBe(SYNTAX);
    expect(c.run('ZDIFF', '1', 'a', 'WEIGHTS', '1')).toBe(SYNTAX);
    expect(c.run('ZINTERCARD', '1', 'a', 'LIMIT', '-1')).toBe(err(E.ZINTERCARD_LIMIT_NEGATIVE));
    expect(c.run('ZINTERCARD', '1', 'a', 'WITHSCORES')).toBe(SYNTAX);
    c.run('RPUSH', 'l', 'x');
    expect(c.run('ZUNION', '1', 'l')).toBe(WRONGTYPE);
  });

  it('*STORE replaces or deletes the destination and counts one change', () => {
    const { t, c } = setup();
    fill(c, 'z1', [1, 'a'], [2, 'b']);
    c.run('SET', 'd', 'str');
    const dirty = t.state.dirty;
    expect(c.run('ZUNIONSTORE', 'd', '1', 'z1')).toBe(int(2));
    expect(c.run('ZINTERSTORE', 'd', '2', 'z1', 'nokey')).toBe(int(0));
    expect(c.run('EXISTS', 'd')).toBe(int(0));
    expect(c.run('ZDIFFSTORE', 'd', '1', 'nokey')).toBe(int(0));
    expect(t.state.dirty - dirty).toBe(2);
  });
});

describe('ZSCAN', () => {
  it('returns a listpack set whole with cursor 0', () => {
    const { c } = setup();
    fill(c, 'z', [2, 'b'], [1.1, 'a']);
    expect(c.run('ZSCAN', 'z', '0', 'COUNT', '1')).toBe(`*2\r\n${b('0')}${bulks('a', '1.1000000000000001', 'b', '2')}`);
    expect(c.run('ZSCAN', 'z', '0', 'MATCH', 'b*')).toBe(`*2\r\n${b('0')}${bulks('b', '2')}`);
    expect(c.run('ZSCAN', 'nokey', '0', 'COUNT', '0')).toBe(`*2\r\n${b('0')}*0\r\n`);
    expect(c.run('ZSCAN', 'z', '0', 'COUNT', '0')).toBe(SYNTAX);
    expect(c.run('ZSCAN', 'z', '0', 'TYPE', 'zset')).toBe(SYNTAX);
    expect(c.run('ZSCAN', 'z', 'x')).toBe(err(E.INVALID_CURSOR));
    c.run('HELLO', '3');
    expect(c.run('ZSCAN', 'z', '0', 'MATCH', 'b')).toBe(`*2\r\n${b('0')}${bulks('b', '2')}`);
  });

  it('walks a skiplist set with a cursor, every member at least once', () => {
    const { c } = setup();
    const pairs: string[] = [];
    for (let i = 0; i < 300; i++) pairs.push(String(i), `m${i}`);
    c.run('ZADD', 'z', ...pairs);
    const seen = new Map<string, string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, items] = c.call('ZSCAN', 'z', cursor, 'COUNT', '20') as [string, string[]];
      cursor = String(next);
      for (let i = 0; i < items.length; i += 2) seen.set(String(items[i]), String(items[i + 1]));
      expect(++rounds).toBeLessThan(1000);
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(seen.get('m7')).toBe('7');
  });
});

describe('command table', () => {
  it('reports movable keys for numkeys commands', () => {
    const { c } = setup();
    expect(c.run('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2')).toBe(bulks('d', 'a', 'b'));
    expect(c.run('COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'b', 'MIN')).toBe(bulks('a', 'b'));
    expect(c.run('COMMAND', 'GETKEYS', 'BZMPOP', '0', '1', 'a', 'MIN')).toBe(bulks('a'));
  });

  it('keeps values of the ZSet class in the keyspace', () => {
    const { c, db } = setup();
    fill(c, 'z', [1, 'a']);
    expect(db.peek('z')).toBeInstanceOf(ZSet);
  });
});
