import { describe, expect, it } from 'vitest';
import { type LexRange, type ScoreRange, ZSet } from '../../../../../src/server/keyspace/values/zset.js';

type Pair = [string, number];

const order = (a: Pair, b: Pair): number =>
  a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** The naive model: a sorted array of pairs, kept with binary search and splice. */
class Model {
  items: Pair[] = [];
  private readonly byMember = new Map<string, number>();
  private indexOf(p: Pair): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(this.items[mid]!, p) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  get(m: string): number | undefined {
    return this.byMember.get(m);
  }
  set(m: string, s: number): void {
    this.del(m);
    this.byMember.set(m, s);
    this.items.splice(this.indexOf([m, s]), 0, [m, s]);
  }
  del(m: string): boolean {
    const s = this.byMember.get(m);
    if (s === undefined) return false;
    this.byMember.delete(m);
    this.items.splice(this.indexOf([m, s]), 1);
    return true;
  }
  /** Replaces the contents (after a filter); keeps the member index in step. */
  reset(items: Pair[]): void {
    this.items = items;
    this.byMember.clear();
    for (const [m, s] of items) this.byMember.set(m, s);
  }
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

/** Walks the tree: equal leaf depth, node sizes, subtree counts, minimum keys, leaf links. */
function checkTree(z: ZSet): void {
  interface N { leaf: boolean; members?: string[]; scores?: number[]; children?: N[]; counts?: number[]; minScores?: number[]; minMembers?: string[]; next?: N | null; prev?: N | null }
  const root = (z as unknown as { root: N }).root;
  const leaves: N[] = [];
  let leafDepth = -1;
  const walk = (n: N, depth: number, isRoot: boolean): { count: number; min: [number, string] | null } => {
    if (n.leaf) {
      if (leafDepth < 0) leafDepth = depth;
      expect(depth).toBe(leafDepth);
      if (!isRoot) expect(n.members!.length).toBeGreaterThanOrEqual(1);
      expect(n.members!.length).toBeLessThanOrEqual(64);
      leaves.push(n);
      return { count: n.members!.length, min: n.members!.length ? [n.scores![0]!, n.members![0]!] : null };
    }
    expect(n.children!.length).toBeGreaterThanOrEqual(isRoot ? 2 : 1);
    expect(n.children!.length).toBeLessThanOrEqual(64);
    let total = 0;
    let min: [number, string] | null = null;
    n.children!.forEach((c, i) => {
      const r = walk(c, depth + 1, false);
      expect(n.counts![i]).toBe(r.count);
      expect([n.minScores![i], n.minMembers![i]]).toEqual(r.min);
      if (i === 0) min = r.min;
      total += r.count;
    });
    return { count: total, min };
  };
  walk(root, 0, true);
  for (let i = 0; i < leaves.length; i++) {
    expect(leaves[i]!.next ?? null).toBe(leaves[i + 1] ?? null);
    expect(leaves[i]!.prev ?? null).toBe(leaves[i - 1] ?? null);
  }
}

function check(z: ZSet, m: Model | Pair[]): void {
  const items = Array.isArray(m) ? m : m.items;
  expect([...z.entries()]).toEqual(items);
  expect(z.size).toBe(items.length);
  expect(items.map(([mem]) => z.rank(mem))).toEqual(items.map((_, i) => i));
  expect(items.map(([mem]) => z.rank(mem, true))).toEqual(items.map((_, i) => items.length - 1 - i));
  expect(items.map((_, i) => { const c = z.at(i)!; return [c.member, c.score]; })).toEqual(items);
  expect(items.map(([mem]) => z.score(mem))).toEqual(items.map(([, sc]) => sc));
  expect(z.at(items.length)).toBeNull();
  // Walking backwards mirrors walking forwards.
  const back: Pair[] = [];
  const cur = z.last();
  if (cur) {
    do back.push([cur.member, cur.score]);
    while (cur.prev());
  }
  expect(back.reverse()).toEqual(items);
  checkTree(z);
}

const sortedPairs = (m: Map<string, number>): Pair[] => [...m].sort(order);

describe('ZSet order tree', () => {
  it('orders by score, then member bytes', () => {
    const z = new ZSet();
    z.insert('b', 1);
    z.insert('a', 1);
    z.insert('\xff', 0);
    z.insert('ab', 1);
    z.insert('c', -Infinity);
    expect([...z.entries()].map((p) => p[0])).toEqual(['c', '\xff', 'a', 'ab', 'b']);
  });

  it.each([
    [300, 3000, 100],
    [6000, 40000, 8000],
  ])('matches a sorted array through random operations (%i members, %i steps)', (members, steps, every) => {
    const rnd = lcg(12345 + members);
    const z = new ZSet();
    const m = new Model();
    for (let step = 0; step < steps; step++) {
      const member = 'm' + Math.floor(rnd() * members);
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
        m.reset(keep);
      } else if (op < 0.94 && m.items.length > 0) {
        const a = Math.floor(rnd() * m.items.length);
        const b = Math.min(m.items.length - 1, a + Math.floor(rnd() * (rnd() < 0.1 ? 400 : 4)));
        expect(z.deleteRangeByRank(a, b)).toBe(b - a + 1);
        m.reset(m.items.filter((_, i) => i < a || i > b));
      } else {
        const lo = Math.floor(rnd() * 40) - 20;
        const r: ScoreRange = { min: lo, max: lo + Math.floor(rnd() * 10), minex: rnd() < 0.5, maxex: rnd() < 0.5 };
        const inR = m.items.filter(([, s]) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max));
        expect(z.countInRange(r)).toBe(inR.length);
        expect(z.firstInRange(r)?.member ?? null).toBe(inR[0]?.[0] ?? null);
        expect(z.lastInRange(r)?.member ?? null).toBe(inR[inR.length - 1]?.[0] ?? null);
      }
      if (step % every === 0) check(z, m);
    }
    check(z, m);
    z.convertToSkiplist();
    check(z.clone(), m);
  });

  it('keeps a deep tree consistent through bulk changes', () => {
    const rnd = lcg(99);
    const z = new ZSet();
    const m = new Map<string, number>();
    for (let i = 0; i < 60000; i++) {
      const member = 'k' + Math.floor(rnd() * 1e9);
      if (m.has(member)) continue;
      const score = Math.floor(rnd() * 500);
      m.set(member, score);
      z.insert(member, score);
    }
    check(z, sortedPairs(m));
    const members = [...m.keys()];
    for (let i = 0; i < 20000; i++) {
      const member = members[Math.floor(rnd() * members.length)]!;
      if (!m.has(member)) continue;
      if (rnd() < 0.5) {
        z.remove(member);
        m.delete(member);
      } else {
        const score = Math.floor(rnd() * 500);
        z.updateScore(member, score);
        m.set(member, score);
      }
    }
    let items = sortedPairs(m);
    expect(z.deleteRangeByRank(1000, 10999)).toBe(10000);
    expect(z.deleteRangeByRank(0, 99)).toBe(100);
    expect(z.deleteRangeByScore({ min: 100, max: 120, minex: true, maxex: false })).toBe(
      items.filter(([, sc], i) => (i >= 11000 || (i >= 100 && i < 1000)) && sc > 100 && sc <= 120).length,
    );
    items = items.filter(([, sc], i) => (i >= 11000 || (i >= 100 && i < 1000)) && !(sc > 100 && sc <= 120));
    check(z, items);
    const last = items.length - 1;
    expect(z.deleteRangeByRank(last - 3000, last)).toBe(3001);
    items = items.slice(0, last - 3000);
    check(z, items);
    for (const [member] of [...items].sort(() => rnd() - 0.5)) z.remove(member);
    check(z, []);
    expect((z as unknown as { root: { leaf: boolean } }).root.leaf).toBe(true);
    z.insert('again', 1);
    check(z, [['again', 1]]);
  }, 30_000);

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
    expect(Object.is(z.at(1)!.score, 0)).toBe(true);
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
