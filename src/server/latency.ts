// Latency monitoring (latency.c): per-event time series of latency spikes for LATENCY
// LATEST/HISTORY/GRAPH/DOCTOR, and the per-command latency histograms behind INFO
// latencystats and LATENCY HISTOGRAM, which emulate the hdr_histogram Redis 7.0 links
// (1 ns .. 1 s, 2 significant figures) so percentiles land on the same bucket bounds.

/** LATENCY_TS_LEN: samples kept per event. */
export const LATENCY_TS_LEN = 160;

export interface LatencySample {
  /** Unix time in seconds; 0 marks an unused slot. */
  time: number;
  /** Milliseconds. */
  latency: number;
}

export interface LatencyTimeSeries {
  idx: number;
  max: number;
  samples: LatencySample[];
}

/** The monitored events of one server (server.latency_events). */
export class LatencyMonitor {
  readonly events = new Map<string, LatencyTimeSeries>();
  /** latency-monitor-threshold in ms; 0 disables monitoring. */
  threshold = 0;

  /** latencyAddSampleIfNeeded: records when monitoring is on and the spike is big enough. */
  addSampleIfNeeded(event: string, ms: number, nowSec: number): void {
    if (this.threshold > 0 && ms >= this.threshold) this.addSample(event, ms, nowSec);
  }

  /** latencyAddSample: one sample per second per event, keeping the worst of that second. */
  addSample(event: string, ms: number, nowSec: number): void {
    let ts = this.events.get(event);
    if (!ts) {
      ts = { idx: 0, max: 0, samples: [] };
      for (let i = 0; i < LATENCY_TS_LEN; i++) ts.samples.push({ time: 0, latency: 0 });
      this.events.set(event, ts);
    }
    if (ms > ts.max) ts.max = ms;
    const prev = ts.samples[(ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN]!;
    if (prev.time === nowSec) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    const slot = ts.samples[ts.idx]!;
    slot.time = nowSec;
    slot.latency = ms;
    ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
  }

  /** The latest sample of a series. */
  static latest(ts: LatencyTimeSeries): LatencySample {
    return ts.samples[(ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN]!;
  }

  /** Used samples, oldest first. */
  static history(ts: LatencyTimeSeries): LatencySample[] {
    const out: LatencySample[] = [];
    for (let j = 0; j < LATENCY_TS_LEN; j++) {
      const s = ts.samples[(ts.idx + j) % LATENCY_TS_LEN]!;
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  /** LATENCY RESET: all events, or the named ones; returns how many were reset. */
  reset(events: readonly string[] | null): number {
    if (events === null) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const e of events) if (this.events.delete(e)) n++;
    return n;
  }
}

// --- hdr_histogram emulation -------------------------------------------------------
//
// hdr_init(1, 1e9, 2): unit magnitude 0, sub-buckets of 256 (half 128), 23 buckets,
// 3072 counters. A value's counter is found from its highest set bit; every counter
// covers a power-of-two-wide range of equivalent values.

/** LATENCY_HISTOGRAM_MIN_VALUE / MAX_VALUE, in nanoseconds. */
export const HISTOGRAM_MIN_NS = 1;
export const HISTOGRAM_MAX_NS = 1_000_000_000;
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
const SUB_BUCKET_HALF_COUNT = 128;
const SUB_BUCKET_COUNT = 256;
const SUB_BUCKET_BITS = 8;
const BUCKET_COUNT = 23;
const COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

function bitLength(v: number): number {
  // Reporting levels of the log iterator pass 2^31, beyond what clz32 handles.
  return v < 0x80000000 ? 32 - Math.clz32(v) : Math.floor(Math.log2(v)) + 1;
}

/** get_bucket_index: bit length of (v | sub_bucket_mask) minus the sub-bucket bits. */
function bucketIndex(v: number): number {
  return Math.max(bitLength(v), SUB_BUCKET_BITS) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
}

function countsIndex(v: number): number {
  const b = bucketIndex(v);
  const sub = v >>> b;
  return ((b + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
}

/** hdr_value_at_index: the lowest value counted by a counter. */
function valueAtIndex(index: number): number {
  let b = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (b < 0) {
    sub -= SUB_BUCKET_HALF_COUNT;
    b = 0;
  }
  return sub * 2 ** b;
}

/** lowest_equivalent_value and the width of v's equivalence range. */
function equivalentRange(v: number): { lowest: number; size: number } {
  const b = bucketIndex(v);
  const sub = Math.floor(v / 2 ** b);
  const adjusted = sub >= SUB_BUCKET_COUNT ? b + 1 : b;
  return { lowest: sub * 2 ** b, size: 2 ** adjusted };
}

const highestEquivalent = (v: number): number => {
  const r = equivalentRange(v);
  return r.lowest + r.size - 1;
};

/** A command's latency distribution in nanoseconds. */
export class LatencyHistogram {
  readonly counts = new Float64Array(COUNTS_LEN);
  totalCount = 0;

  /** updateCommandLatencyHistogram: clamps into [1 ns, 1 s] and counts. */
  record(ns: number): void {
    const v = ns < HISTOGRAM_MIN_NS ? HISTOGRAM_MIN_NS : ns > HISTOGRAM_MAX_NS ? HISTOGRAM_MAX_NS : Math.floor(ns);
    this.counts[countsIndex(v)]!++;
    this.totalCount++;
  }

  /** hdr_value_at_percentile: the highest value equivalent to the percentile's counter. */
  valueAtPercentile(percentile: number): number {
    const p = percentile < 100 ? percentile : 100;
    let want = Math.floor((p / 100) * this.totalCount + 0.5);
    if (want < 1) want = 1;
    let seen = 0;
    let value = 0;
    for (let i = 0; i < COUNTS_LEN; i++) {
      seen += this.counts[i]!;
      if (seen >= want) {
        value = valueAtIndex(i);
        break;
      }
    }
    return percentile === 0 ? equivalentRange(value).lowest : highestEquivalent(value);
  }

  /**
   * The cumulative distribution LATENCY HISTOGRAM reports: hdr_iter_log_init(1024, 2)
   * walked as fillCommandCDF does, as [usec, cumulative count] pairs where the count grew.
   */
  cumulative(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let index = -1;
    let value = 0;
    let highest = 0;
    let cumulative = 0;
    let level = 1024;
    let levelLowest = equivalentRange(level).lowest;
    let previous = 0;
    const moveNext = (): boolean => {
      index++;
      if (index >= COUNTS_LEN) return false;
      cumulative += this.counts[index]!;
      value = valueAtIndex(index);
      highest = highestEquivalent(value);
      return true;
    };
    for (;;) {
      if (cumulative >= this.totalCount && valueAtIndex(index + 1) <= levelLowest) break;
      let reported = false;
      for (;;) {
        if (value >= levelLowest) {
          level *= 2;
          levelLowest = equivalentRange(level).lowest;
          reported = true;
          break;
        }
        if (!moveNext()) break;
      }
      if (!reported) break;
      if (cumulative > previous) out.push([Math.floor(highest / 1000), cumulative]);
      previous = cumulative;
    }
    return out;
  }
}
