import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../../src/server/keyspace/clock.js';

describe('RealClock', () => {
  it('follows the wall clock, extended between resyncs by the monotonic clock', () => {
    const clock = new RealClock();
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    const p = performance.now();
    expect(clock.now(p + 250)).toBeGreaterThanOrEqual(now + 249);
  });

  it('never steps back across a resync', () => {
    const clock = new RealClock();
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    let last = clock.now();
    const end = performance.now() + 1100;
    while (performance.now() < end) {
      Atomics.wait(sleeper, 0, 0, 7);
      const v = clock.now();
      expect(v).toBeGreaterThanOrEqual(last);
      expect(Math.abs(v - Date.now())).toBeLessThan(50);
      last = v;
    }
  });
});
