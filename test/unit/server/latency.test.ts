import { describe, expect, it } from 'vitest';
import { LATENCY_TS_LEN, LatencyHistogram, LatencyMonitor } from '../../../src/server/latency.js';

describe('LatencyHistogram (hdr_histogram 1ns..1s, 2 significant figures)', () => {
  it('reports the highest value equivalent to the percentile bucket', () => {
    // Two SETs of 5 and 7 us gave p50=5.023,p99=7.007 on redis-server 7.0.15.
    const h = new LatencyHistogram();
    h.record(5000);
    h.record(7000);
    expect(h.valueAtPercentile(50)).toBe(5023);
    expect(h.valueAtPercentile(99)).toBe(7007);
    expect(h.valueAtPercentile(99.9)).toBe(7007);
    expect(h.valueAtPercentile(0)).toBe(4992);
  });

  it('is exact below 256 ns and clamps to [1 ns, 1 s]', () => {
    const h = new LatencyHistogram();
    h.record(0);
    expect(h.valueAtPercentile(50)).toBe(1);
    const big = new LatencyHistogram();
    big.record(5e9);
    expect(big.valueAtPercentile(100)).toBeGreaterThanOrEqual(1e9);
    expect(big.valueAtPercentile(100)).toBeLessThan(1e9 * 1.01);
  });

  it('reports the cumulative distribution at power-of-two microsecond steps', () => {
    // A single 3 us GET shows as {4: 1} in LATENCY HISTOGRAM on redis-server 7.0.15.
    const one = new LatencyHistogram();
    one.record(3000);
    expect(one.cumulative()).toEqual([[4, 1]]);
    const h = new LatencyHistogram();
    for (const us of [1, 1, 3, 5, 40, 40, 1000]) h.record(us * 1000);
    expect(h.cumulative()).toEqual([
      [1, 2],
      [4, 3],
      [8, 4],
      [66, 6],
      [1056, 7],
    ]);
    expect(h.totalCount).toBe(7);
  });
});

describe('LatencyMonitor', () => {
  it('keeps one sample per second, the worst of that second', () => {
    const m = new LatencyMonitor();
    m.threshold = 10;
    m.addSampleIfNeeded('command', 5, 100);
    expect(m.events.size).toBe(0);
    m.addSampleIfNeeded('command', 20, 100);
    m.addSampleIfNeeded('command', 50, 100);
    m.addSampleIfNeeded('command', 30, 100);
    m.addSampleIfNeeded('command', 15, 101);
    const ts = m.events.get('command')!;
    expect(LatencyMonitor.history(ts)).toEqual([
      { time: 100, latency: 50 },
      { time: 101, latency: 15 },
    ]);
    expect(LatencyMonitor.latest(ts)).toEqual({ time: 101, latency: 15 });
    expect(ts.max).toBe(50);
  });

  it('keeps the newest samples in a ring', () => {
    const m = new LatencyMonitor();
    for (let t = 1; t <= LATENCY_TS_LEN + 5; t++) m.addSample('fork', t, t);
    const history = LatencyMonitor.history(m.events.get('fork')!);
    expect(history).toHaveLength(LATENCY_TS_LEN);
    expect(history[0]).toEqual({ time: 6, latency: 6 });
    expect(history[history.length - 1]).toEqual({ time: LATENCY_TS_LEN + 5, latency: LATENCY_TS_LEN + 5 });
  });

  it('resets all events or the named ones', () => {
    const m = new LatencyMonitor();
    m.addSample('a', 1, 1);
    m.addSample('b', 1, 1);
    m.addSample('c', 1, 1);
    expect(m.reset(['a', 'x'])).toBe(1);
    expect(m.reset(null)).toBe(2);
    expect(m.events.size).toBe(0);
  });
});
