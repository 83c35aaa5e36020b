import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  activeExpireCycle,
  infoExpireStats,
  infoKeyspace,
  isActiveExpireEnabled,
  setActiveExpireEnabled,
  startActiveExpire,
} from '../../../../src/server/keyspace/expire.js';
import { capturePropagation, makeServer } from '../../../helpers/harness.js';

function setup(config: Record<string, string> = {}) {
  const t = makeServer(config);
  const ops = capturePropagation(t);
  const db = (i = 0) => t.state.dbs[i]!;
  const put = (key: string, ttlMs: number | null, dbIndex = 0): void => {
    db(dbIndex).set(key, 'v');
    if (ttlMs !== null) db(dbIndex).setExpire(key, t.clock.now() + ttlMs);
  };
  return { t, s: t.state, ops, db, put };
}

describe('activeExpireCycle', () => {
  it('deletes expired keys, counts them and propagates DEL like lazy expiry', () => {
    const { t, s, ops, db, put } = setup();
    put('a', 10);
    put('b', 10);
    put('keep', 100_000);
    put('plain', null);
    t.clock.advance(11);
    activeExpireCycle(s);
    expect([...db().dict.keys()].sort()).toEqual(['keep', 'plain']);
    expect(s.stats.expiredKeys).toBe(2);
    expect(ops.map((o) => o.argv).sort()).toEqual([
      ['DEL', 'a'],
      ['DEL', 'b'],
    ]);
  });

  it('propagates UNLINK with lazyfree-lazy-expire, in the key db', () => {
    const { t, s, ops, put } = setup({ 'lazyfree-lazy-expire': 'yes' });
    put('a', 10, 5);
    t.clock.advance(11);
    activeExpireCycle(s);
    expect(ops).toEqual([{ db: 5, argv: ['UNLINK', 'a'] }]);
  });

  it('keeps sampling a db while more than 10% of samples were expired', () => {
    const { t, s, db, put } = setup();
    for (let i = 0; i < 1000; i++) put(`k${i}`, 10);
    t.clock.advance(11);
    activeExpireCycle(s);
    expect(db().size).toBe(0);
    expect(s.stats.expiredKeys).toBe(1000);
  });

  it('stops after one loop when few samples were expired, resuming there next cycle', () => {
    const { t, s, db, put } = setup();
    for (let i = 0; i < 20; i++) put(`long${i}`, 1_000_000);
    for (let i = 0; i < 20; i++) put(`short${i}`, 10);
    t.clock.advance(11);
    // First loop samples the 20 long-lived keys: 0% expired, so the db is left.
    activeExpireCycle(s);
    expect(db().size).toBe(40);
    // The next cycle continues with the short-lived ones.
    activeExpireCycle(s);
    expect(db().size).toBe(20);
    expect([...db().dict.keys()].every((k) => k.startsWith('long'))).toBe(true);
  });

  it('estimates avg_ttl of the sampled volatile keys for INFO keyspace', () => {
    const { s, put } = setup();
    put('a', 10_000);
    put('b', 30_000);
    put('plain', null);
    activeExpireCycle(s);
    expect(s.dbs[0]!.avgTtl).toBe(Math.floor(20_000 / 50) * 49 + Math.floor(20_000 / 50));
    expect(infoKeyspace(s)).toBe(`db0:keys=3,expires=2,avg_ttl=${s.dbs[0]!.avgTtl}\r\n`);
  });

  it('lists only non-empty dbs in INFO keyspace and resets avg_ttl without volatile keys', () => {
    const { s, db, put } = setup();
    expect(infoKeyspace(s)).toBe('');
    put('a', null, 3);
    db(3).avgTtl = 77;
    activeExpireCycle(s);
    expect(infoKeyspace(s)).toBe('db3:keys=1,expires=0,avg_ttl=0\r\n');
  });

  it('updates the stale-keys estimate and formats the INFO stats lines', () => {
    const { t, s, put } = setup();
    for (let i = 0; i < 10; i++) put(`k${i}`, 10);
    t.clock.advance(11);
    activeExpireCycle(s);
    // All 10 samples were expired: 5% weight of 100%.
    expect(s.stats.expiredStalePerc).toBeCloseTo(0.05);
    expect(infoExpireStats(s)).toMatch(
      /^expired_keys:10\r\nexpired_stale_perc:5\.00\r\nexpired_time_cap_reached_count:0\r\nexpire_cycle_cpu_milliseconds:\d+\r\n$/,
    );
  });

  it('stops at its time budget and counts it', () => {
    const { t, s, db, put } = setup();
    for (let i = 0; i < 5000; i++) put(`k${i}`, 10);
    t.clock.advance(11);
    // Each reading of the clock moves it 30 ms: the 25 ms budget (hz 10) is gone at the
    // first check, made every 16 loops.
    let us = 0;
    activeExpireCycle(s, { ustime: () => (us += 30_000) });
    expect(s.stats.expiredTimeCapReachedCount).toBe(1);
    expect(db().size).toBe(5000 - 16 * 20);
    // A fast cycle may follow a cycle that ran out of time.
    activeExpireCycle(s, { fast: true, ustime: () => (us += 100) });
    expect(db().size).toBeLessThan(5000 - 16 * 20);
  });

  it('runs a fast cycle only after a slow one hit its time limit', () => {
    const { t, s, db, put } = setup();
    put('a', 10);
    t.clock.advance(11);
    activeExpireCycle(s, { fast: true });
    expect(db().size).toBe(1);
  });

  it('does nothing while writes are paused or while loading', () => {
    const { t, s, db, put } = setup();
    put('a', 10);
    t.clock.advance(11);
    s.pauseType = 'write';
    activeExpireCycle(s);
    expect(db().size).toBe(1);
    s.pauseType = 'none';
    s.loading = true;
    activeExpireCycle(s);
    expect(db().size).toBe(1);
    s.loading = false;
    activeExpireCycle(s);
    expect(db().size).toBe(0);
  });

  it('visits 16 dbs per cycle, continuing with the next ones', () => {
    const { t, s, put } = setup({ databases: '20' });
    for (let i = 0; i < 20; i++) put('k', 10, i);
    t.clock.advance(11);
    activeExpireCycle(s);
    expect(s.dbs.filter((d) => d.size > 0).map((d) => d.id)).toEqual([16, 17, 18, 19]);
    activeExpireCycle(s);
    expect(s.dbs.every((d) => d.size === 0)).toBe(true);
  });
});

describe('startActiveExpire', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the cycle at hz on a master', () => {
    vi.useFakeTimers();
    const { t, s, db, put } = setup();
    put('a', 10);
    t.clock.advance(11);
    const stop = startActiveExpire(s);
    vi.advanceTimersByTime(99);
    expect(db().size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(db().size).toBe(0);
    stop();
  });

  it('follows hz changes', () => {
    vi.useFakeTimers();
    const { t, s, db, put } = setup({ hz: '100' });
    put('a', 10);
    t.clock.advance(11);
    const stop = startActiveExpire(s);
    vi.advanceTimersByTime(10);
    expect(db().size).toBe(0);
    stop();
  });

  it('leaves keys alone on a replica, when disabled, and after stop', () => {
    vi.useFakeTimers();
    const { t, s, db, put } = setup();
    put('a', 10);
    t.clock.advance(11);
    const stop = startActiveExpire(s);
    s.masterHost = '127.0.0.1';
    vi.advanceTimersByTime(500);
    expect(db().size).toBe(1);
    s.masterHost = null;
    setActiveExpireEnabled(s, false);
    expect(isActiveExpireEnabled(s)).toBe(false);
    vi.advanceTimersByTime(500);
    expect(db().size).toBe(1);
    stop();
    setActiveExpireEnabled(s, true);
    vi.advanceTimersByTime(500);
    expect(db().size).toBe(1);
  });
});
