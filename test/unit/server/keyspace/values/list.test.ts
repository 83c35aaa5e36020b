import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListObject } from '../../../../../src/server/keyspace/values/list.js';

describe('ListObject', () => {
  it('reports the list type and the quicklist encoding of Redis 7.0', () => {
    const l = new ListObject();
    expect(l.type).toBe('list');
    expect(l.encoding()).toBe('quicklist');
    expect(l.length).toBe(0);
  });

  it('pushes and pops at both ends across ring wrap-around and growth', () => {
    const l = new ListObject();
    for (let i = 0; i < 10; i++) l.pushHead(`h${i}`);
    for (let i = 0; i < 10; i++) l.pushTail(`t${i}`);
    expect(l.length).toBe(20);
    expect(l.get(0)).toBe('h9');
    expect(l.get(19)).toBe('t9');
    expect(l.popHead()).toBe('h9');
    expect(l.popTail()).toBe('t9');
    expect([...l.values()].slice(8, 11)).toEqual(['h0', 't0', 't1']);
  });

  it('returns undefined when popping an empty list', () => {
    const l = new ListObject();
    expect(l.popHead()).toBeUndefined();
    expect(l.popTail()).toBeUndefined();
  });

  it('inserts and removes in the middle, shifting the shorter side', () => {
    const l = ListObject.from(['a', 'b', 'c', 'd', 'e']);
    l.insert(1, 'x');
    l.insert(5, 'y');
    l.insert(0, 'first');
    l.insert(l.length, 'last');
    expect(l.toArray()).toEqual(['first', 'a', 'x', 'b', 'c', 'd', 'y', 'e', 'last']);
    l.removeAt(2);
    l.removeAt(5);
    expect(l.toArray()).toEqual(['first', 'a', 'b', 'c', 'd', 'e', 'last']);
  });

  it('removes equal elements from the head or the tail with a limit', () => {
    const l = ListObject.from(['a', 'b', 'a', 'c', 'a']);
    expect(l.removeEqual('a', 2, true)).toBe(2);
    expect(l.toArray()).toEqual(['a', 'b', 'c']);
    const m = ListObject.from(['a', 'b', 'a', 'c', 'a']);
    expect(m.removeEqual('a', 0, false)).toBe(3);
    expect(m.toArray()).toEqual(['b', 'c']);
    expect(m.removeEqual('zz', 0, false)).toBe(0);
  });

  it('trims both ends and clones independently', () => {
    const l = ListObject.from(['a', 'b', 'c', 'd', 'e']);
    const copy = l.clone();
    l.trimHead(2);
    l.trimTail(1);
    expect(l.toArray()).toEqual(['c', 'd']);
    expect(copy.toArray()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('shrinks after mass pops and keeps its contents', () => {
    const l = new ListObject();
    for (let i = 0; i < 5000; i++) l.pushTail(String(i));
    for (let i = 0; i < 4990; i++) l.popHead();
    expect(l.toArray()).toEqual(['4990', '4991', '4992', '4993', '4994', '4995', '4996', '4997', '4998', '4999']);
  });

  it('behaves like an array under random operations', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('pushHead' as const), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('pushTail' as const), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('popHead' as const) }),
      fc.record({ k: fc.constant('popTail' as const) }),
      fc.record({ k: fc.constant('insert' as const), at: fc.nat(), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('removeAt' as const), at: fc.nat() }),
      fc.record({ k: fc.constant('set' as const), at: fc.nat(), v: fc.string({ maxLength: 2 }) }),
      fc.record({ k: fc.constant('trimHead' as const), n: fc.nat() }),
      fc.record({ k: fc.constant('trimTail' as const), n: fc.nat() }),
      fc.record({ k: fc.constant('removeEqual' as const), v: fc.string({ maxLength: 1 }), limit: fc.nat(3), tail: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const l = new ListObject();
        const ref: string[] = [];
        for (const o of ops) {
          switch (o.k) {
            case 'pushHead':
              l.pushHead(o.v);
              ref.unshift(o.v);
              break;
            case 'pushTail':
              l.pushTail(o.v);
              ref.push(o.v);
              break;
            case 'popHead':
              expect(l.popHead()).toBe(ref.shift());
              break;
            case 'popTail':
              expect(l.popTail()).toBe(ref.pop());
              break;
            case 'insert': {
              const at = o.at % (ref.length + 1);
              l.insert(at, o.v);
              ref.splice(at, 0, o.v);
              break;
            }
            case 'removeAt':
              if (ref.length > 0) {
                const at = o.at % ref.length;
                l.removeAt(at);
                ref.splice(at, 1);
              }
              break;
            case 'set':
              if (ref.length > 0) {
                const at = o.at % ref.length;
                l.set(at, o.v);
                ref[at] = o.v;
              }
              break;
            case 'trimHead': {
              const n = o.n % (ref.length + 1);
              l.trimHead(n);
              ref.splice(0, n);
              break;
            }
            case 'trimTail': {
              const n = o.n % (ref.length + 1);
              l.trimTail(n);
              ref.splice(ref.length - n, n);
              break;
            }
            case 'removeEqual': {
              let removed = 0;
              const idx = ref.map((_, i) => i);
              if (o.tail) idx.reverse();
              const drop = new Set<number>();
              for (const i of idx) {
                if (ref[i] === o.v && (o.limit === 0 || removed < o.limit)) {
                  drop.add(i);
                  removed++;
                }
              }
              expect(l.removeEqual(o.v, o.limit, o.tail)).toBe(removed);
              const kept = ref.filter((_, i) => !drop.has(i));
              ref.length = 0;
              ref.push(...kept);
              break;
            }
          }
          expect(l.length).toBe(ref.length);
        }
        expect(l.toArray()).toEqual(ref);
        expect([...l.values()]).toEqual(ref);
        for (let i = 0; i < ref.length; i++) expect(l.get(i)).toBe(ref[i]);
      }),
      { numRuns: 300 },
    );
  });
});
