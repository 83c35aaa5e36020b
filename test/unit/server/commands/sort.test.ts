import { describe, expect, it } from 'vitest';
import * as E from '../../../../src/server/errors.js';
import { setupCommandTest as setup } from '../../../helpers/harness.js';
import { bulk as b, bulks, err, int, NIL } from '../../../helpers/resp.js';

describe('SORT', () => {
  it('sorts numbers with strtod rules, ties by bytes', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', '3', '1', '2', '10', '-1', '1.5', '0x10', ' 4', '');
    expect(c.run('SORT', 'l')).toBe(bulks('-1', '', '1', '1.5', '2', '3', ' 4', '10', '0x10'));
    expect(c.run('SORT', 'l', 'DESC', 'LIMIT', '0', '2')).toBe(bulks('0x10', '10'));
    c.run('RPUSH', 'dup', '2', '1', '2', '01');
    expect(c.run('SORT', 'dup')).toBe(bulks('01', '1', '2', '2'));
  });

  it('refuses values that are not doubles', () => {
    const { c } = setup();
    for (const bad of ['x', 'nan', '1e400', '1e-310', '1 ']) {
      c.run('DEL', 'l');
      c.run('RPUSH', 'l', bad, '1');
      expect(c.run('SORT', 'l')).toBe(err(E.SORT_NOT_DOUBLE));
    }
    expect(c.run('SORT', 'l', 'ALPHA')).toBe(bulks('1', '1 '));
  });

  it('applies LIMIT like Redis', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', '5', '4', '3', '2', '1');
    expect(c.run('SORT', 'l', 'LIMIT', '1', '2')).toBe(bulks('2', '3'));
    expect(c.run('SORT', 'l', 'LIMIT', '-5', '2')).toBe(bulks('1', '2'));
    expect(c.run('SORT', 'l', 'LIMIT', '3', '-1')).toBe(bulks('4', '5'));
    expect(c.run('SORT', 'l', 'LIMIT', '100', '2')).toBe('*0\r\n');
    expect(c.run('SORT', 'l', 'LIMIT', '0', '0')).toBe('*0\r\n');
    expect(c.run('SORT', 'l', 'LIMIT', '1')).toBe(err(E.SYNTAX));
    expect(c.run('SORT', 'l', 'LIMIT', 'a', '1')).toBe(err(E.NOT_INTEGER));
  });

  it('keeps list order with BY nosort, reversed with DESC', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'c', 'a', 'b', 'd');
    expect(c.run('SORT', 'l', 'BY', 'nosort')).toBe(bulks('c', 'a', 'b', 'd'));
    expect(c.run('SORT', 'l', 'BY', 'nosort', 'DESC')).toBe(bulks('d', 'b', 'a', 'c'));
    expect(c.run('SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2')).toBe(bulks('a', 'b'));
    expect(c.run('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toBe(bulks('b', 'a'));
    // A later BY with a pattern does not undo "nosort".
    expect(c.run('SORT', 'l', 'BY', 'nosort', 'BY', 'w_*')).toBe(bulks('c', 'a', 'b', 'd'));
  });

  it('sorts by external keys and hash fields, and GETs patterns', () => {
    const { c } = setup();
    c.run('RPUSH', 'names', 'c', 'a', 'b');
    c.run('MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2', 'o_a', 'A', 'o_b', 'B');
    c.run('HSET', 'h_a', 'f', '30');
    c.run('HSET', 'h_b', 'f', '10');
    c.run('HSET', 'h_c', 'f', '20');
    expect(c.run('SORT', 'names', 'BY', 'w_*')).toBe(bulks('b', 'c', 'a'));
    expect(c.run('SORT', 'names', 'BY', 'w_*', 'DESC')).toBe(bulks('a', 'c', 'b'));
    expect(c.run('SORT', 'names', 'BY', 'w_*', 'GET', 'o_*', 'GET', '#')).toBe(
      `*6\r\n${b('B')}${b('b')}${NIL}${b('c')}${b('A')}${b('a')}`,
    );
    expect(c.run('SORT', 'names', 'BY', 'h_*->f', 'GET', 'h_*->f')).toBe(bulks('10', '20', '30'));
    expect(c.run('SORT', 'names', 'ALPHA', 'GET', 'h_*->nofield')).toBe(`*3\r\n${NIL}${NIL}${NIL}`);
    expect(c.run('SORT', 'names', 'ALPHA', 'GET', 'nostar')).toBe(`*3\r\n${NIL}${NIL}${NIL}`);
    // Missing weights count as 0 (numeric) or sort first (ALPHA).
    expect(c.run('SORT', 'names', 'BY', 'missing_*')).toBe(bulks('a', 'b', 'c'));
    c.run('HELLO', '3');
    expect(c.run('SORT', 'names', 'ALPHA', 'GET', 'nope_*', 'LIMIT', '0', '1')).toBe('*1\r\n_\r\n');
  });

  it("orders ties of a limited BY sort as Redis's partial quicksort does", () => {
    const { c } = setup();
    c.run('RPUSH', 'pq', ...'abcdefghijkl'.split(''));
    expect(c.run('SORT', 'pq', 'BY', 'nosuch_*', 'ALPHA', 'LIMIT', '0', '3')).toBe(bulks('l', 'b', 'c'));
    expect(c.run('SORT', 'pq', 'BY', 'nosuch_*', 'ALPHA', 'LIMIT', '9', '5')).toBe(bulks('j', 'k', 'a'));
    // Without a LIMIT the sort is stable; numeric ties fall back to comparing elements.
    expect(c.run('SORT', 'pq', 'BY', 'nosuch_*', 'ALPHA', 'LIMIT', '0', '2')).toBe(bulks('l', 'b'));
    expect(c.run('SORT', 'pq', 'BY', 'nosuch_*', 'ALPHA')).toBe(bulks(...'abcdefghijkl'.split('')));
    expect(c.run('SORT', 'pq', 'BY', 'nosuch_*', 'LIMIT', '0', '3')).toBe(bulks('a', 'b', 'c'));
  });

  it('STORE writes a list, deletes on an empty result and counts the elements', () => {
    const { t, c, ops } = setup();
    c.run('RPUSH', 'l', '3', '1', '2');
    c.run('MSET', 'o_1', 'one', 'o_3', 'three');
    const dirty = t.state.dirty;
    ops.length = 0;
    expect(c.run('SORT', 'l', 'GET', 'o_*', 'STORE', 'dst')).toBe(int(3));
    expect(c.run('LRANGE', 'dst', '0', '-1')).toBe(bulks('one', '', 'three'));
    expect(c.run('TYPE', 'dst')).toBe('+list\r\n');
    expect(c.run('SORT', 'l', 'LIMIT', '5', '5', 'STORE', 'dst')).toBe(int(0));
    expect(c.run('EXISTS', 'dst')).toBe(int(0));
    expect(c.run('SORT', 'nokey', 'STORE', 'dst')).toBe(int(0));
    expect(t.state.dirty - dirty).toBe(3 + 1);
    expect(ops.map((o) => o.argv)).toEqual([
      ['SORT', 'l', 'GET', 'o_*', 'STORE', 'dst'],
      ['SORT', 'l', 'LIMIT', '5', '5', 'STORE', 'dst'],
    ]);
  });

  it('sorts sets, forcing ALPHA for a stored BY nosort', () => {
    const { c } = setup();
    c.run('SADD', 's', '5', '3', '9', '1');
    expect(c.run('SORT', 's')).toBe(bulks('1', '3', '5', '9'));
    expect(c.run('SORT', 's', 'DESC')).toBe(bulks('9', '5', '3', '1'));
    c.run('SADD', 'sa', 'b', '10', 'a', '9');
    expect(c.run('SORT', 'sa', 'BY', 'nosort', 'STORE', 'd')).toBe(int(4));
    expect(c.run('LRANGE', 'd', '0', '-1')).toBe(bulks('10', '9', 'a', 'b'));
    expect(c.run('SORT', 'sa', 'ALPHA')).toBe(bulks('10', '9', 'a', 'b'));
  });

  it('sorts sorted sets, turning a listpack into a skiplist', () => {
    const { c } = setup();
    c.run('ZADD', 'z', '3', 'a', '1', 'b', '2', 'c', '0', 'd');
    expect(c.run('OBJECT', 'ENCODING', 'z')).toBe(b('listpack'));
    expect(c.run('SORT', 'z', 'BY', 'nosort')).toBe(bulks('d', 'b', 'c', 'a'));
    expect(c.run('OBJECT', 'ENCODING', 'z')).toBe(b('skiplist'));
    expect(c.run('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toBe(bulks('c', 'b'));
    expect(c.run('SORT', 'z', 'ALPHA', 'DESC')).toBe(bulks('d', 'c', 'b', 'a'));
    expect(c.run('SORT', 'z')).toBe(err(E.SORT_NOT_DOUBLE));
    c.run('ZADD', 'n', '1', '10', '2', '9', '3', '8');
    expect(c.run('SORT', 'n')).toBe(bulks('8', '9', '10'));
  });

  it('checks syntax first, then the key type', () => {
    const { c } = setup();
    c.run('SET', 'str', 'x');
    expect(c.run('SORT', 'str')).toBe(err(E.WRONGTYPE));
    expect(c.run('SORT', 'str', 'foo')).toBe(err(E.SYNTAX));
    expect(c.run('SORT', 'nokey')).toBe('*0\r\n');
    expect(c.run('SORT', 'nokey', 'STORE')).toBe(err(E.SYNTAX));
  });
});

describe('SORT_RO', () => {
  it('sorts like SORT and refuses STORE', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', '2', '1');
    expect(c.run('SORT_RO', 'l')).toBe(bulks('1', '2'));
    expect(c.run('SORT_RO', 'l', 'STORE', 'd')).toBe(err(E.SYNTAX));
  });

  it('reports its keys', () => {
    const { c } = setup();
    expect(c.run('COMMAND', 'GETKEYS', 'SORT', 'l', 'LIMIT', '0', '1', 'GET', 'store', 'STORE', 'd')).toBe(bulks('l', 'd'));
    expect(c.run('COMMAND', 'GETKEYS', 'SORT_RO', 'l', 'BY', 'x')).toBe(bulks('l'));
  });
});
