import { describe, expect, it } from 'vitest';
import { makeServer } from '../../../helpers/harness.js';

const setup = () => {
  const t = makeServer();
  return { t, db: t.state.dbs[0]! };
};

describe('Db', () => {
  it('expires lazily on lookup only strictly after the time', () => {
    const { t, db } = setup();
    db.set('k', 'v');
    db.setExpire('k', t.clock.now() + 10);
    // Expiry decisions use the command time, which dispatch refreshes per command.
    t.state.cmdTime = t.clock.now() + 10;
    expect(db.lookupRead('k')).toBe('v');
    t.state.cmdTime++;
    expect(db.lookupRead('k')).toBeUndefined();
    expect(db.dict.has('k')).toBe(false);
    expect(t.state.stats.expiredKeys).toBe(1);
  });

  it('loads keys with the load time as access time, refusing duplicates; times travel with SWAPDB', () => {
    const { t, db } = setup();
    t.state.cmdTime = 10_000;
    expect(db.loadKey('a', 'va')).toBe(true);
    expect(db.loadKey('b', 'vb')).toBe(true);
    expect(db.loadKey('a', 'again')).toBe(false);
    expect(db.peek('a')).toBe('va');
    expect(db.lru.get('a')).toBe(10_000);
    t.state.cmdTime = 15_500;
    expect(db.lookupRead('a')).toBe('va');
    expect(db.lru.get('a')).toBe(15_000);
    expect(db.lru.get('b')).toBe(10_000);
    db.lru.set('b', 12_000);
    expect(db.lru.get('b')).toBe(12_000);
    expect([...db.dict.entries()]).toEqual([
      ['a', 'va'],
      ['b', 'vb'],
    ]);
    const other = t.state.dbs[1]!;
    other.loadKey('c', 'vc');
    other.swapWith(db);
    expect(db.lru.get('c')).toBe(15_000);
    db.overwrite('c', 'new');
    expect(db.peek('c')).toBe('new');
    expect(db.lru.get('c')).toBe(15_000);
    expect(other.peek('a')).toBe('va');
  });

  it('lookupReadNoTouch counts stats but keeps the access time', () => {
    const { t, db } = setup();
    db.set('k', 'v');
    const at = db.lru.get('k');
    t.clock.advance(5000);
    expect(db.lookupReadNoTouch('k')).toBe('v');
    expect(db.lookupReadNoTouch('nokey')).toBeUndefined();
    expect(db.lru.get('k')).toBe(at);
    expect(t.state.stats.keyspaceHits).toBe(1);
    expect(t.state.stats.keyspaceMisses).toBe(1);
  });

  it('keeps expiry times beyond 2^53 exact until they change', () => {
    const { db } = setup();
    db.set('k', 'v');
    db.setExpire('k', Number(9223372036854775807n), 9223372036854775807n);
    expect(db.getExpireExact('k')).toBe(9223372036854775807n);
    db.setExpire('k', 5000);
    expect(db.getExpireExact('k')).toBe(5000);
    db.setExpire('k', Number(9223372036854775807n), 9223372036854775807n);
    db.set('k', 'w');
    expect(db.getExpireExact('k')).toBe(-1);
    db.setExpire('k', 1e19, 10000000000000000000n);
    expect(db.removeExpire('k')).toBe(true);
    expect(db.getExpireExact('k')).toBe(-1);
    expect(db.removeExpire('k')).toBe(false);
  });

  it('picks random keys among live ones only, across adds, deletes and flushes', () => {
    const { db } = setup();
    expect(db.randomKey()).toBeNull();
    for (let i = 0; i < 100; i++) db.set(`k${i}`, 'v');
    expect(db.randomKey()).toMatch(/^k\d+$/);
    for (let i = 0; i < 99; i++) db.delete(`k${i}`);
    db.add('new', 'v');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(db.randomKey()!);
    expect(seen).toEqual(new Set(['k99', 'new']));
    db.flush();
    expect(db.randomKey()).toBeNull();
    db.set('x', 'v');
    expect(db.randomKey()).toBe('x');
  });

  it('notices keys stored in the dict directly', () => {
    const { db } = setup();
    db.set('a', 'v');
    expect(db.randomKey()).toBe('a');
    db.dict.set('b', 'v');
    db.dict.delete('a');
    expect(db.randomKey()).toBe('b');
  });

  it('stays roughly uniform under delete and re-add churn', () => {
    const { db } = setup();
    for (let i = 0; i < 10; i++) db.set(`k${i}`, 'v');
    db.randomKey();
    for (let r = 0; r < 1000; r++) {
      db.delete('k0');
      db.set('k0', 'v');
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const k = db.randomKey()!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    // Stale copies of k0 may double its weight at most.
    for (const n of counts.values()) expect(n).toBeGreaterThan(1000);
    expect(counts.get('k0')!).toBeLessThan(4500);
  });
});

describe('Db key entries', () => {
  it('touches the access time on lookups and writes, on the whole-second LRU clock', () => {
    const { t, db } = setup();
    t.state.cmdTime = 1_700_000_000_999;
    db.set('k', 'v');
    expect(db.lru.get('k')).toBe(1_700_000_000_000);
    t.state.cmdTime += 5000;
    expect(db.lookupRead('k')).toBe('v');
    expect(db.lru.get('k')).toBe(1_700_000_005_000);
    db.lru.set('k', 1_600_000_000_000);
    expect(db.lru.get('k')).toBe(1_600_000_000_000);
    expect(db.lru.get('nokey')).toBeUndefined();
  });

  it('shows values through dict, which reads and writes the same entries', () => {
    const { db } = setup();
    db.set('a', 'x');
    db.dict.set('b', 'y');
    expect(db.lookupRead('b')).toBe('y');
    expect([...db.dict]).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    expect([...db.dict.keys()]).toEqual(['a', 'b']);
    expect([...db.dict.values()]).toEqual(['x', 'y']);
    db.set('a', 'z');
    expect(db.dict.get('a')).toBe('z');
    expect(db.delete('a')).toBe(true);
    expect(db.dict.has('a')).toBe(false);
    expect(db.size).toBe(1);
  });

  it('keeps entries with their db across SWAPDB and FLUSHDB', () => {
    const t = makeServer();
    const [a, b] = [t.state.dbs[0]!, t.state.dbs[1]!];
    a.set('k', 'in-a');
    b.set('k', 'in-b');
    a.swapWith(b);
    expect(a.lookupRead('k')).toBe('in-b');
    expect(b.dict.get('k')).toBe('in-a');
    a.flush();
    expect(a.size).toBe(0);
    expect(b.size).toBe(1);
  });
});
