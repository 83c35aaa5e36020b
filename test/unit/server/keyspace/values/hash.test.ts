import { describe, expect, it } from 'vitest';
import { HashObject } from '../../../../../src/server/keyspace/values/hash.js';

const LIMITS = [128, 64] as const;

function hashOf(...pairs: string[]): HashObject {
  const h = new HashObject();
  for (let i = 0; i < pairs.length; i += 2) h.set(pairs[i]!, pairs[i + 1]!, ...LIMITS);
  return h;
}

describe('HashObject', () => {
  it('keeps insertion order, also when a field is updated', () => {
    const h = hashOf('a', '1', 'b', '2', 'c', '3');
    expect(h.set('a', 'x', ...LIMITS)).toBe(false);
    expect([...h.entries()]).toEqual([
      ['a', 'x'],
      ['b', '2'],
      ['c', '3'],
    ]);
    expect([...h.fields()]).toEqual(['a', 'b', 'c']);
    expect([...h.values()]).toEqual(['x', '2', '3']);
    expect(h.size).toBe(3);
    expect(h.type).toBe('hash');
  });

  it('reports new fields and deletions', () => {
    const h = new HashObject();
    expect(h.set('f', 'v', ...LIMITS)).toBe(true);
    expect(h.set('f', 'w', ...LIMITS)).toBe(false);
    expect(h.get('f')).toBe('w');
    expect(h.has('f')).toBe(true);
    expect(h.delete('nope')).toBe(false);
    expect(h.delete('f')).toBe(true);
    expect(h.size).toBe(0);
    expect(h.get('f')).toBeUndefined();
  });

  it('is a listpack up to the entry limit and a hashtable past it', () => {
    const h = new HashObject();
    for (let i = 0; i < 3; i++) h.set(`f${i}`, 'v', 3, 64);
    expect(h.encoding()).toBe('listpack');
    expect(h.isListpack()).toBe(true);
    h.set('f3', 'v', 3, 64);
    expect(h.encoding()).toBe('hashtable');
    h.delete('f3');
    h.delete('f2');
    expect(h.encoding()).toBe('hashtable');
  });

  it('converts on a field or value longer than the value limit, not on an equal one', () => {
    const at = new HashObject();
    at.set('x'.repeat(64), 'y'.repeat(64), ...LIMITS);
    expect(at.encoding()).toBe('listpack');
    const longField = new HashObject();
    longField.set('x'.repeat(65), 'v', ...LIMITS);
    expect(longField.encoding()).toBe('hashtable');
    const longValue = hashOf('f', 'v');
    longValue.set('f', 'y'.repeat(65), ...LIMITS);
    expect(longValue.encoding()).toBe('hashtable');
  });

  it('does not convert on repeated sets of one field', () => {
    const h = new HashObject();
    for (let i = 0; i < 10; i++) h.set('a', String(i), 2, 64);
    expect(h.encoding()).toBe('listpack');
    expect(h.size).toBe(1);
  });

  it('converts at once with an entry limit of 0', () => {
    expect(HashObject.from([['a', '1']], 0, 64).encoding()).toBe('hashtable');
  });

  it('builds from pairs with the encoding their contents call for', () => {
    const small = HashObject.from(
      [
        ['a', '1'],
        ['b', '2'],
      ],
      ...LIMITS,
    );
    expect(small.encoding()).toBe('listpack');
    expect([...small.entries()]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    const big = HashObject.from(
      Array.from({ length: 200 }, (_, i): [string, string] => [`f${i}`, 'v']),
      ...LIMITS,
    );
    expect(big.encoding()).toBe('hashtable');
    expect(big.size).toBe(200);
  });

  it('clones deeply, keeping the encoding', () => {
    const h = hashOf('a', '1');
    h.set('big', 'x'.repeat(100), ...LIMITS);
    const copy = h.clone();
    copy.set('a', '2', ...LIMITS);
    copy.delete('big');
    expect(h.get('a')).toBe('1');
    expect(h.has('big')).toBe(true);
    expect(copy.encoding()).toBe('hashtable');
    expect(hashOf('a', '1').clone().encoding()).toBe('listpack');
  });

  it('picks random fields that exist, tracking inserts and deletes', () => {
    const h = hashOf('a', '1', 'b', '2');
    for (let i = 0; i < 20; i++) expect(['a', 'b']).toContain(h.randomField());
    h.set('c', '3', ...LIMITS);
    expect(h.fieldArray()).toEqual(['a', 'b', 'c']);
    h.delete('a');
    expect(h.fieldArray()).toEqual(['b', 'c']);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(h.randomField());
    expect([...seen].sort()).toEqual(['b', 'c']);
  });
});
