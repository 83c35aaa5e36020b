import { describe, expect, it } from 'vitest';
import { type LexRange, type ScoreRange, ZSet } from '../../../../../src/server/keyspace/values/zset.js';

type Pair = [string, number];

const order = (a: Pair, b: Pair): number =>
  a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** The naive model: a sorted array of pairs. */
class Model {
  items: Pair[] = [];
  get(m: string): number | undefined {
    return this.items.find((p) => p[0] === m)?.[1];
  }
  set(m: string, s: number): void {
    this.items = this.items.filter((p) => p[0] !== m);
    this.items.push([m, s]);
    this.items.sort(order);
  }
  del(m: string): boolean {
    const n = this.items.length;
    this.items = this.items.filter((p) => p[0] !== m);
    return n !== this.items.length;
  }
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function check(z: ZSet, m: Model): void {
  expect([...z.entries()]).toEqual(m.items);
  expect(z.size).toBe(m.items.length);
  for (let i = 0; i < m.items.length; i++) {
    const [mem, sc] = m.items[i]!;
    expect(z.rank(mem)).toBe(i);
    expect(z.rank(mem, true)).toBe(m.items.length - 1 - i);
    const n = z.byRank(i)!;
    expect([n.member, n.score]).toEqual([mem, sc]);
    expect(z.score(mem)).toBe(sc);
  }
  expect(z.byRank(m.items.length)).toBeNull();
  // Walking backwards mirrors walking forwards.
  const back: Pair[] = [];
  for (let x = z.last(); x; x = x.backward) back.push([x.member, x.score]);
  expect(back.reverse()).toEqual(m.items);
}

describe('ZSet skiplist', () => {
  it('orders by score, then member bytes', () => {
    const z = new ZSet();
    z.insert('b', 1);
    z.insert('a', 1);
    z.insert('\xff', 0);
    z.insert('ab', 1);
    z.insert('c', -Infinity);
    expect([...z.entries()].map((p) => p[0])).toEqual(['c', '\xff', 'a', 'ab', 'b']);
  });

  it('matches a sorted array through random inserts, updates, deletes and range deletes', () => {
    const rnd = lcg(12345);
    const z = new ZSet();
    const m = new Model();
    for (let step = 0; step < 3000; step++) {
      const member = 'm' + Math.floor(rnd() * 300);
      const score = Math.floor(rnd() * 40) - 20;
      const op = rnd();
      if (op < 0.5) {
        if (z.has(member)) z.updateScore(member, score);
        else z.insert(member, score);
        m.set(member, score);
      } else if (op < 0.8) {
        expect(z.remove(member)).toBe(m.del(member));
      } else if (op < 0.87) {
        const r: ScoreRange = { min: score, max: score + Math.floor(rnd() * 5), minex: rnd() < 0.5, maxex: rnd() < 0.5 };
        const keep = m.items.filter(([, s]) => !((r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max)));
        expect(z.deleteRangeByScore(r)).toBe(m.items.length - keep.length);
        m.items = keep;
      } else if (op < 0.94 && m.items.length > 0) {
        const a = Math.floor(rnd() * m.items.length);
        const b = Math.min(m.items.length - 1, a + Math.floor(rnd() * 4));
        expect(z.deleteRangeByRank(a, b)).toBe(b - a + 1);
        m.items.splice(a, b - a + 1);
      } else {
        const lo = Math.floor(rnd() * 40) - 20;
        const r: ScoreRange = { min: lo, max: lo + Math.floor(rnd() * 10), minex: rnd() < 0.5, maxex: rnd() < 0.5 };
        const inR = m.items.filter(([, s]) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max));
        expect(z.countInRange(r)).toBe(inR.length);
        expect(z.firstInRange(r)?.member ?? null).toBe(inR[0]?.[0] ?? null);
        expect(z.lastInRange(r)?.member ?? null).toBe(inR[inR.length - 1]?.[0] ?? null);
      }
      if (step % 100 === 0) check(z, m);
    }
    check(z, m);
    z.convertToSkiplist();
    check(z.clone(), m);
  });

  it('answers lex ranges over equal scores in both encodings', () => {
    const rnd = lcg(7);
    for (const skiplist of [false, true]) {
      const z = new ZSet();
      if (skiplist) z.convertToSkiplist();
      const members: string[] = [];
      for (let i = 0; i < 200; i++) {
        const s = String.fromCharCode(97 + Math.floor(rnd() * 5), 97 + Math.floor(rnd() * 5));
        if (!z.has(s)) {
          z.insert(s, 0);
          members.push(s);
        }
      }
      members.sort();
      for (let t = 0; t < 200; t++) {
        const a = String.fromCharCode(97 + Math.floor(rnd() * 6));
        const b = String.fromCharCode(97 + Math.floor(rnd() * 6), 97 + Math.floor(rnd() * 6));
        const r: LexRange = {
          min: rnd() < 0.1 ? { kind: -1, value: '', ex: true } : { kind: 0, value: a, ex: rnd() < 0.5 },
          max: rnd() < 0.1 ? { kind: 1, value: '', ex: true } : { kind: 0, value: b, ex: rnd() < 0.5 },
        };
        const inR = members.filter(
          (m) =>
            (r.min.kind === -1 || (r.min.ex ? m > r.min.value : m >= r.min.value)) &&
            (r.max.kind === 1 || (r.max.ex ? m < r.max.value : m <= r.max.value)),
        );
        expect(z.countInLexRange(r)).toBe(inR.length);
        expect(z.firstInLexRange(r)?.member ?? null).toBe(inR[0] ?? null);
        expect(z.lastInLexRange(r)?.member ?? null).toBe(inR[inR.length - 1] ?? null);
      }
      const r: LexRange = { min: { kind: 0, value: 'b', ex: false }, max: { kind: 0, value: 'c', ex: true } };
      const removed = members.filter((m) => m >= 'b' && m < 'c');
      expect(z.deleteRangeByLex(r)).toBe(removed.length);
      expect([...z.entries()].map((p) => p[0])).toEqual(members.filter((m) => !removed.includes(m)));
    }
  });

  it('keeps -0 in a skiplist and stores it as 0 in a listpack', () => {
    const z = new ZSet();
    z.insert('a', -0);
    expect(Object.is(z.score('a'), 0)).toBe(true);
    z.convertToSkiplist();
    z.insert('b', -0);
    expect(Object.is(z.score('b'), -0)).toBe(true);
    z.convertToListpack();
    expect(Object.is(z.score('b'), 0)).toBe(true);
    expect(Object.is(z.first()!.score, 0)).toBe(true);
  });

  it('clones with the same encoding and content', () => {
    const z = ZSet.fromEntries([['a', 1], ['b', 2]]);
    expect(z.encoding()).toBe('listpack');
    const big = ZSet.fromEntries([['x'.repeat(65), 1]]);
    expect(big.encoding()).toBe('skiplist');
    const c = big.clone();
    expect(c.encoding()).toBe('skiplist');
    expect([...c.entries()]).toEqual([['x'.repeat(65), 1]]);
    c.insert('y', 0);
    expect(big.size).toBe(1);
  });

  it('updates a score in place or moves the member', () => {
    const z = ZSet.fromEntries([['a', 1], ['b', 2], ['c', 3]]);
    z.updateScore('b', 2.5);
    z.updateScore('a', 10);
    expect([...z.entries()]).toEqual([['b', 2.5], ['c', 3], ['a', 10]]);
    expect(z.rank('a')).toBe(2);
  });
});
