import { describe, expect, it } from 'vitest';
import { isInt64String, SetObject } from '../../../../../src/server/keyspace/values/set.js';

const MAX = 512;

function setOf(...members: string[]): SetObject {
  const s = new SetObject();
  for (const m of members) s.add(m, MAX);
  return s;
}

describe('isInt64String', () => {
  it.each([
    ['0', true],
    ['1', true],
    ['-1', true],
    ['9223372036854775807', true],
    ['-9223372036854775808', true],
    ['1234567890123456789', true],
    ['9223372036854775808', false],
    ['-9223372036854775809', false],
    ['10000000000000000000', false],
    ['-0', false],
    ['007', false],
    ['+1', false],
    [' 1', false],
    ['1 ', false],
    ['1.0', false],
    ['', false],
    ['-', false],
    ['abc', false],
  ])('%j -> %s', (s, want) => {
    expect(isInt64String(s)).toBe(want);
  });
});

describe('SetObject', () => {
  it('keeps integers in an intset, iterated in ascending numeric order', () => {
    const s = setOf('10', '-5', '3', '9223372036854775807', '-9223372036854775808', '0', '-40', '2');
    expect(s.encoding()).toBe('intset');
    expect([...s.members()]).toEqual(['-9223372036854775808', '-40', '-5', '0', '2', '3', '10', '9223372036854775807']);
    expect(s.type).toBe('set');
  });

  it('reports adds and removes, and membership only for canonical integers', () => {
    const s = setOf('1', '2');
    expect(s.add('1', MAX)).toBe(false);
    expect(s.add('3', MAX)).toBe(true);
    expect(s.has('01')).toBe(false);
    expect(s.has('+1')).toBe(false);
    expect(s.has('1')).toBe(true);
    expect(s.delete('01')).toBe(false);
    expect(s.delete('x')).toBe(false);
    expect(s.delete('2')).toBe(true);
    expect(s.toArray()).toEqual(['1', '3']);
    expect(s.encoding()).toBe('intset');
  });

  it('becomes a hashtable for a non-integer member and stays one', () => {
    const s = setOf('1', '2', 'a');
    expect(s.encoding()).toBe('hashtable');
    expect(s.delete('a')).toBe(true);
    expect(s.encoding()).toBe('hashtable');
    expect(s.has('1')).toBe(true);
    expect(s.has('a')).toBe(false);
    expect(s.allIntegers()).toBe(true);
    s.add('01', MAX);
    expect(s.allIntegers()).toBe(false);
  });

  it('becomes a hashtable past set-max-intset-entries', () => {
    const s = new SetObject();
    for (let i = 0; i < 3; i++) s.add(String(i), 3);
    expect(s.encoding()).toBe('intset');
    s.add('3', 3);
    expect(s.encoding()).toBe('hashtable');
    expect(s.size).toBe(4);
    expect(new Set(s.members())).toEqual(new Set(['0', '1', '2', '3']));
  });

  it('removes from a hashtable by moving the last slot', () => {
    const s = setOf('a', 'b', 'c', 'd');
    expect(s.delete('b')).toBe(true);
    expect(s.size).toBe(3);
    expect(s.has('d')).toBe(true);
    expect(s.delete('d')).toBe(true);
    expect(s.delete('d')).toBe(false);
    expect(s.toArray().sort()).toEqual(['a', 'c']);
    for (const m of ['a', 'c']) expect(s.delete(m)).toBe(true);
    expect(s.size).toBe(0);
  });

  it('picks random members among its own, for both encodings', () => {
    for (const s of [setOf('1', '2', '3'), setOf('a', 'b', 'c')]) {
      const seen = new Set<string>();
      for (let i = 0; i < 300; i++) seen.add(s.random());
      expect([...seen].sort()).toEqual(s.toArray().sort());
    }
  });

  it('builds like adding one by one, or forced to a hashtable', () => {
    expect(SetObject.from(['3', '1', '2'], MAX).toArray()).toEqual(['1', '2', '3']);
    expect(SetObject.from(['3', '1', '2'], 2).encoding()).toBe('hashtable');
    const forced = SetObject.from(['3', '1'], MAX, true);
    expect(forced.encoding()).toBe('hashtable');
    expect(forced.toArray()).toEqual(['3', '1']);
    expect(SetObject.from([], MAX).encoding()).toBe('intset');
  });

  it('clones deeply for both encodings', () => {
    const ints = setOf('1', '2');
    const ic = ints.clone();
    ic.add('3', MAX);
    expect(ints.size).toBe(2);
    expect(ic.encoding()).toBe('intset');
    const strs = setOf('a', 'b');
    const sc = strs.clone();
    sc.delete('a');
    sc.add('z', MAX);
    expect(strs.toArray()).toEqual(['a', 'b']);
    expect(sc.has('z')).toBe(true);
    expect(sc.has('a')).toBe(false);
    expect(sc.encoding()).toBe('hashtable');
  });

  it('offers a scan iterator that survives removals and additions', () => {
    const s = setOf(...Array.from({ length: 20 }, (_, i) => `m${i}`));
    const it = s.scanSource();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) seen.push(it.next().value as string);
    s.delete('m0');
    s.delete('m19');
    s.add('new', MAX);
    for (let r = it.next(); !r.done; r = it.next()) seen.push(r.value);
    for (let i = 1; i < 19; i++) expect(seen).toContain(`m${i}`);
  });
});
