import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable, hashKey } from '../../../../src/server/keyspace/key-table.js';

/** An operation of the model test; iterator ops name one of three live iterators. */
type Op =
  | { op: 'set'; key: number; value: number }
  | { op: 'delete'; key: number }
  | { op: 'clear' }
  | { op: 'reserve'; n: number }
  | { op: 'open'; it: number }
  | { op: 'step'; it: number; n: number };

const opArb = (keys: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.nat(keys), value: fc.nat(1000) }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.nat(keys) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('reserve' as const), n: fc.nat(300) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('open' as const), it: fc.nat(2) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('step' as const), it: fc.nat(2), n: fc.integer({ min: 1, max: 40 }) }) },
  );

describe('KeyTable', () => {
  it('behaves as a Map: contents, order and iterators across growth, holes, shrinking and clear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 200 }), fc.array(opArb(400), { minLength: 50, maxLength: 600, size: 'max' }), (keys, ops) => {
        const model = new Map<string, number>();
        const table = new KeyTable<number>();
        const its: ([Iterator<[string, number]>, Iterator<[string, number]>] | null)[] = [null, null, null];
        for (const o of ops) {
          switch (o.op) {
            case 'set': {
              const k = `k${o.key % keys}`;
              const created = !model.has(k);
              model.set(k, o.value);
              expect(table.set(k, o.value, 0)).toBe(created);
              break;
            }
            case 'delete': {
              const k = `k${o.key % keys}`;
              expect(table.delete(k)).toBe(model.delete(k));
              break;
            }
            case 'clear':
              model.clear();
              table.clear();
              break;
            case 'reserve':
              table.reserve(o.n);
              break;
            case 'open':
              its[o.it] = [model.entries(), table.entries()];
              break;
            case 'step': {
              const pair = its[o.it];
              if (pair === null) break;
              for (let i = 0; i < o.n; i++) expect(pair[1].next()).toEqual(pair[0].next());
              break;
            }
          }
          expect(table.size).toBe(model.size);
        }
        expect([...table.entries()]).toEqual([...model.entries()]);
        for (const [k, v] of model) expect(table.get(k)).toBe(v);
        expect(table.get('absent')).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('keeps access times per entry, through growth and the holes deletes leave', () => {
    const t = new KeyTable<string>();
    for (let i = 0; i < 1000; i++) t.set(`k${i}`, `v${i}`, i);
    for (let i = 0; i < 1000; i += 2) t.delete(`k${i}`);
    for (let i = 1000; i < 1600; i++) t.set(`k${i}`, `v${i}`, i);
    for (let i = 1; i < 1600; i += 2) {
      const e = t.find(`k${i}`);
      expect(t.valueAt(e)).toBe(`v${i}`);
      expect(t.lruAt(e)).toBe(i);
    }
  });

  it('picks random keys among live ones only', () => {
    const t = new KeyTable<number>();
    expect(t.randomKey()).toBeUndefined();
    for (let i = 0; i < 500; i++) t.set(`k${i}`, i, 0);
    for (let i = 0; i < 497; i++) t.delete(`k${i}`);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(t.randomKey()!);
    expect(seen).toEqual(new Set(['k497', 'k498', 'k499']));
  });

  it('hashes to non-zero values that differ for near-identical keys', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const h = hashKey(`key:${String(i).padStart(12, '0')}`);
      expect(h).not.toBe(0);
      hashes.add(h);
    }
    expect(hashes.size).toBeGreaterThan(9_990);
    expect(hashKey('')).not.toBe(0);
    expect(hashKey('\u00ff\u0000')).not.toBe(hashKey('\u0000\u00ff'));
  });
});
